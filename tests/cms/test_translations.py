"""The committed Vietnamese catalogue is complete and compiled."""

import re
from pathlib import Path

from django.utils import translation

PO_FILE = (
    Path(__file__).resolve().parents[2] / "locale" / "vi" / "LC_MESSAGES" / "django.po"
)
ENTRY = re.compile(
    r'^msgid "(.+)"\n(?:msgid_plural "[^"]*"\n)?msgstr(?:\[0\])? "(.*)"$', re.M
)


def catalogue() -> list[tuple[str, str]]:
    return ENTRY.findall(PO_FILE.read_text(encoding="utf-8"))


def test_every_message_has_a_vietnamese_translation():
    untranslated = [msgid for msgid, msgstr in catalogue() if not msgstr]
    assert catalogue(), "the catalogue is empty"
    assert untranslated == []


def test_compiled_catalogue_matches_the_po_file():
    """Fails when someone edits django.po and forgets `make messages`."""
    with translation.override("vi"):
        for msgid, msgstr in catalogue():
            if "%(" in msgid:
                continue
            assert translation.gettext(msgid) == msgstr
