"""The admin screens an editor meets are in Vietnamese: no text Django or Wagtail
looks up comes back untranslated, and our own column labels stay in our views."""

from __future__ import annotations

from http import HTTPStatus

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

from procedure_pages.models import ProcedureIndexPage
from tests.sites import conftest as sites_fixtures
from tests.sites.conftest import XAY_DUNG, member_of

province = sites_fixtures.province
xay_dung = sites_fixtures.xay_dung

pytestmark = pytest.mark.django_db

# Texts that read the same in Vietnamese (units, names, symbols).
SAME_IN_VIETNAMESE = {"%s MB", "Wagtail", "Email", "ID", "URL", "API"}


class Untranslated:
    """Records every msgid looked up in Vietnamese that has no translation."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.found: dict[str, str] = {}
        self.where = ""
        from django.utils.translation import trans_real

        real = translation._trans  # type: ignore[attr-defined]
        original = {
            name: getattr(trans_real, name)
            for name in ("gettext", "ngettext", "pgettext", "npgettext")
        }

        def note(message: str, result: str) -> None:
            if (
                translation.get_language() == "vi"
                and result == message
                and any(c.isalpha() for c in message)
                and message not in SAME_IN_VIETNAMESE
            ):
                self.found.setdefault(message, self.where)

        def gettext(message):  # type: ignore[no-untyped-def]
            result = original["gettext"](message)
            note(message, result)
            return result

        def ngettext(singular, plural, number):  # type: ignore[no-untyped-def]
            result = original["ngettext"](singular, plural, number)
            note(singular, result if result != plural else singular)
            return result

        def pgettext(context, message):  # type: ignore[no-untyped-def]
            result = original["pgettext"](context, message)
            note(message, result)
            return result

        def npgettext(context, singular, plural, number):  # type: ignore[no-untyped-def]
            result = original["npgettext"](context, singular, plural, number)
            note(singular, result if result != plural else singular)
            return result

        for name, function in (
            ("gettext", gettext),
            ("ngettext", ngettext),
            ("pgettext", pgettext),
            ("npgettext", npgettext),
        ):
            monkeypatch.setattr(real, name, function, raising=False)


@pytest.fixture
def untranslated(monkeypatch):  # type: ignore[no-untyped-def]
    yield Untranslated(monkeypatch)
    translation.activate("vi")


def editor_of(site):  # type: ignore[no-untyped-def]
    user = member_of(site.profile.editors_group, "bien_tap")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "vi"
    profile.save()
    return user


def test_an_editors_admin_screens_are_all_vietnamese(client, xay_dung, untranslated):
    home = xay_dung.root_page
    catalogue = ProcedureIndexPage.objects.child_of(home).get()
    urls = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore_root"),
        reverse("wagtailadmin_explore", args=[home.pk]),
        reverse("wagtailadmin_explore", args=[catalogue.pk]),
        reverse("wagtailadmin_pages:edit", args=[home.pk]),
        reverse("wagtailadmin_pages:add_subpage", args=[home.pk]),
        reverse(
            "wagtailadmin_pages:add",
            args=("procedure_pages", "procedurepage", catalogue.pk),
        ),
        reverse("wagtailadmin_pages:history", args=[home.pk]),
        reverse("wagtailimages:index"),
        reverse("wagtaildocs:index"),
        reverse("wagtaildocs:add_multiple"),
        reverse("wagtailsnippets_forms_library_formtemplate:list"),
        reverse("wagtailsnippets_forms_library_formtemplate:add"),
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_account"),
        reverse("wagtailadmin_choose_page"),
        reverse("wagtaildocs_chooser:choose"),
        reverse("site_contacts:edit", args=[xay_dung.profile.pk]),
    ]
    client.logout()
    untranslated.where = "login"
    assert (
        client.get(reverse("wagtailadmin_login"), HTTP_HOST=XAY_DUNG).status_code == 200
    )
    client.force_login(editor_of(xay_dung))
    for url in urls:
        untranslated.where = url
        response = client.get(url, HTTP_HOST=XAY_DUNG, follow=True)
        assert response.status_code == HTTPStatus.OK, url

    assert untranslated.found == {}


def test_our_column_labels_stay_in_our_views(client, xay_dung):
    boss = get_user_model().objects.create_superuser("boss", "b@x.vn", "pw")
    profile = UserProfile.get_for_user(boss)
    profile.preferred_language = "vi"
    profile.save()
    client.force_login(boss)
    home = xay_dung.root_page

    pages = client.get(
        reverse("wagtailadmin_explore", args=[home.pk]), HTTP_HOST=XAY_DUNG
    )
    users = client.get(reverse("wagtailusers_users:index"), HTTP_HOST=XAY_DUNG)
    snippets = client.get(
        reverse("wagtailsnippets_forms_library_formtemplate:list"), HTTP_HOST=XAY_DUNG
    )
    translation.activate("vi")

    for response in (pages, users, snippets):
        html = response.content.decode()
        assert "Tên thủ tục" not in html
        assert "Tên biểu mẫu" not in html
