"""UI text goes through gettext: the catalogues are complete and compiled, and
switching the language to English shows English."""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

from procedure_pages.models import OnlineKind
from tests.procedure_pages.factories import (
    ProcedurePageFactory,
    SectorFactory,
    site_with_catalogue,
)

ROOT = Path(__file__).resolve().parents[2]
HOST = "portal.localhost"


def po_files(language: str) -> list[Path]:
    """The project catalogue (locale/) and each app's own (<app>/locale/)."""
    return sorted(
        path
        for path in ROOT.glob(f"**/locale/{language}/LC_MESSAGES/django.po")
        if ".venv" not in path.parts and "var" not in path.parts
    )


@dataclass
class Entry:
    msgid: str = ""
    context: str | None = None
    plural: str | None = None
    msgstrs: list[str] = field(default_factory=list)


def parse_po(path: Path) -> list[Entry]:
    """Every live entry of a .po file (multi-line strings, contexts, plurals);
    the header and obsolete (``#~``) entries are left out."""
    entries: list[Entry] = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        parts: dict[str, str] = {}
        keyword = ""
        for line in block.splitlines():
            if line.startswith("#"):
                continue
            if line.startswith('"'):
                parts[keyword] += ast.literal_eval(line)
            elif line:
                keyword, _sep, value = line.partition(" ")
                parts[keyword] = ast.literal_eval(value)
        if parts.get("msgid"):
            entries.append(
                Entry(
                    msgid=parts["msgid"],
                    context=parts.get("msgctxt"),
                    plural=parts.get("msgid_plural"),
                    msgstrs=[v for k, v in parts.items() if k.startswith("msgstr")],
                )
            )
    return entries


def catalogue(language: str) -> dict[Path, list[Entry]]:
    return {path: parse_po(path) for path in po_files(language)}


def test_every_message_has_a_vietnamese_translation():
    vietnamese = catalogue("vi")
    assert any(vietnamese.values()), "the catalogue is empty"
    untranslated = [
        f"{path.relative_to(ROOT)}: {entry.msgid}"
        for path, entries in vietnamese.items()
        for entry in entries
        if not all(entry.msgstrs)
    ]
    assert untranslated == []


@pytest.mark.parametrize("language", ["vi", "en"])
def test_nothing_is_fuzzy(language):
    """A fuzzy entry (or header) is left out of the compiled catalogue."""
    fuzzy = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in po_files(language)
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if line.startswith("#,") and "fuzzy" in line
    ]
    assert fuzzy == []


def test_the_english_catalogues_hold_the_same_messages():
    """English msgids need no English msgstr, but each app's en catalogue must be
    built from the same sources as its vi one (``make messages``)."""
    for vi_path in po_files("vi"):
        en_path = Path(str(vi_path).replace("/vi/", "/en/"))
        assert en_path.exists(), en_path
        keys = [
            {(entry.context, entry.msgid) for entry in parse_po(path)}
            for path in (vi_path, en_path)
        ]
        assert keys[0] == keys[1], vi_path.relative_to(ROOT)


def test_a_message_has_one_translation_across_catalogues():
    """Django merges every catalogue into one: the same msgid translated two ways
    in two apps would silently show one app's wording in the other."""
    translations: dict[tuple[str | None, str], set[tuple[str, ...]]] = {}
    for entries in catalogue("vi").values():
        for entry in entries:
            key = (entry.context, entry.msgid)
            translations.setdefault(key, set()).add(tuple(entry.msgstrs))
    conflicts = {key: found for key, found in translations.items() if len(found) > 1}
    assert conflicts == {}


def test_compiled_catalogue_matches_the_po_file():
    """Fails when someone edits a django.po and forgets `make messages`."""
    with translation.override("vi"):
        for entries in catalogue("vi").values():
            for entry in entries:
                if entry.plural is not None:
                    got = (
                        translation.npgettext(
                            entry.context, entry.msgid, entry.plural, 1
                        )
                        if entry.context
                        else translation.ngettext(entry.msgid, entry.plural, 1)
                    )
                elif entry.context is not None:
                    got = translation.pgettext(entry.context, entry.msgid)
                else:
                    got = translation.gettext(entry.msgid)
                assert got == entry.msgstrs[0], entry.msgid


# --- The language switch -------------------------------------------------------


@pytest.fixture
def english(client):
    """A visitor who chose English with the language switch."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    yield client
    # The middleware activates the language for the thread; later tests must
    # not inherit English.
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def procedure(db):
    _site, index = site_with_catalogue(hostname=HOST, name="Cổng tỉnh", is_default=True)
    return ProcedurePageFactory(
        parent=index,
        code="1.004227",
        title="Đăng ký khai sinh",
        sector=SectorFactory(name="Hộ tịch"),
        online_kind=OnlineKind.PARTIAL,
        level=3,
        channel_in_person=True,
        channel_post=True,
    )


CATALOGUE_EN = [
    "Filter procedures",
    "Sector",
    "Agency",
    "Tier",
    "Online service kind",
    "Service level",
    "User type",
    "Sort by",
    "Recently updated",
    "Apply filters",
    "1 procedure",
    "By online service kind",
    "Search procedures",
    "Skip to main content",
]
CATALOGUE_VI = [
    "Lọc thủ tục",
    "Lĩnh vực",
    "Cấp thực hiện",
    "Loại dịch vụ công trực tuyến",
    "Sắp xếp theo",
    "1 thủ tục",
    "Tìm kiếm thủ tục",
]


def test_the_catalogue_is_vietnamese_by_default(client, procedure):
    response = client.get(procedure.get_parent().url, HTTP_HOST=HOST)

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Language"] == "vi"
    for text in CATALOGUE_VI:
        assert text in html, text


def test_the_catalogue_in_english(english, procedure):
    response = english.get(procedure.get_parent().url, HTTP_HOST=HOST)

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in html
    for text in CATALOGUE_EN:
        assert text in html, text
    for text in CATALOGUE_VI:
        assert text not in html, text
    # Content stays as written.
    assert "Đăng ký khai sinh" in html and "Hộ tịch" in html


def test_a_procedure_page_in_english(english, procedure):
    response = english.get(procedure.url, HTTP_HOST=HOST)

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    for text in [
        "Procedure code",
        "Apply online",  # the online badge
        "In person, By post",  # the channels
        "Dossier components",
        "Print the document checklist",
    ]:
        assert text in html, text
    for text in ["Mã thủ tục", "Nộp hồ sơ trực tuyến", "Trực tiếp", "Bưu chính"]:
        assert text not in html, text


def test_a_procedure_page_in_vietnamese(client, procedure):
    html = client.get(procedure.url, HTTP_HOST=HOST).content.decode()

    assert "Nộp hồ sơ trực tuyến" in html
    assert "Trực tiếp, Bưu chính" in html


def test_the_api_error_follows_the_language(english, procedure):
    url = reverse("wagtailapi:procedures:listing")
    params = {"site": "nowhere.localhost"}

    in_english = english.get(url, params, HTTP_HOST=HOST)
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    in_vietnamese = english.get(url, params, HTTP_HOST=HOST)

    assert in_english.status_code == HTTPStatus.BAD_REQUEST
    assert in_english.json()["message"] == (
        "No site has the host name nowhere.localhost."
    )
    assert in_vietnamese.json()["message"] == (
        "Không có trang nào có tên miền nowhere.localhost."
    )


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("vi", ["Danh mục TTHC", "Nhập từ tệp", "Sửa 1.004227", "Xem 1.004227"]),
        (
            "en",
            [
                "Procedure catalogue",
                "Import from a file",
                "Edit 1.004227",
                "View 1.004227 on the portal",
            ],
        ),
    ],
)
def test_the_admin_catalogue_follows_the_editor_language(
    client, procedure, language, texts
):
    user = get_user_model().objects.create_superuser("boss", "b@example.com", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client.force_login(user)
    try:
        response = client.get(
            reverse("procedure_pages_procedurepage_modeladmin_index"), HTTP_HOST=HOST
        )
    finally:
        translation.activate(settings.LANGUAGE_CODE)

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    for text in texts:
        # The sidebar menu is JSON, with non-ASCII letters escaped.
        assert text in html or json.dumps(text)[1:-1] in html, text
