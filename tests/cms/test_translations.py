"""The committed Vietnamese catalogue is complete and compiled."""

import re
from pathlib import Path

from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
# The project catalogue (locale/) and each app's own (<app>/locale/).
PO_FILES = sorted(
    path
    for path in ROOT.glob("**/locale/vi/LC_MESSAGES/django.po")
    if ".venv" not in path.parts and "var" not in path.parts
)
ENTRY = re.compile(
    r'^msgid "(.+)"\n(?:msgid_plural "[^"]*"\n)?msgstr(?:\[0\])? "(.*)"$', re.M
)


def catalogue() -> list[tuple[str, str]]:
    entries = []
    for po_file in PO_FILES:
        entries += ENTRY.findall(po_file.read_text(encoding="utf-8"))
    return entries


def test_every_message_has_a_vietnamese_translation():
    untranslated = [msgid for msgid, msgstr in catalogue() if not msgstr]
    assert catalogue(), "the catalogue is empty"
    assert untranslated == []


def test_compiled_catalogue_matches_the_po_file():
    """Fails when someone edits a django.po and forgets `make messages`."""
    with translation.override("vi"):
        for msgid, msgstr in catalogue():
            if "%(" in msgid:
                continue
            assert translation.gettext(msgid) == msgstr
