"""Uploaded file names: checked for attacks, then never used as a path."""

from __future__ import annotations

import secrets
import unicodedata

from django.utils.translation import gettext_lazy as _

from forms_library.validation.base import (
    BIDI_AND_INVISIBLE,
    FORBIDDEN_NAME_CHARS,
    NAME_MAX_LENGTH,
    FileKind,
    reject,
)


def check_name(name: str) -> str:
    """Refuse names that carry an attack; return the cleaned display name.

    Path parts, quotes, control characters (CR/LF) and bidi overrides have no
    business in a form's name: they are the tools of header injection, path
    traversal and "gpj.exe"-style disguises, so such names are refused rather
    than silently repaired.
    """
    name = unicodedata.normalize("NFC", name or "").strip()
    if not name:
        reject(_("The file has no name."), "name_empty")
    if name in {".", ".."} or FORBIDDEN_NAME_CHARS.search(name):
        reject(
            _(
                'The file name "%(name)s" contains characters that are not '
                'allowed (/ \\ : * ? " < > |, line breaks or control '
                "characters). Rename the file and upload it again."
            ),
            "name_unsafe",
            name=printable_name(name),
        )
    if BIDI_AND_INVISIBLE.search(name):
        reject(
            _(
                'The file name "%(name)s" contains hidden direction-changing '
                "characters. Rename the file and upload it again."
            ),
            "name_bidi",
            name=printable_name(name),
        )
    if len(name) > NAME_MAX_LENGTH:
        reject(
            _("The file name is longer than %(limit)d characters."),
            "name_too_long",
            limit=NAME_MAX_LENGTH,
        )
    return name


def printable_name(name: str) -> str:
    """A name safe to show in an error message (control and bidi chars escaped)."""
    out = []
    for char in name[:NAME_MAX_LENGTH]:
        if char in "\r\n\t" or unicodedata.category(char) in {"Cc", "Cf"}:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return "".join(out)


def random_storage_name(kind: FileKind) -> str:
    """A storage name that owes nothing to the uploaded name."""
    return f"{secrets.token_hex(16)}.{kind.extension}"
