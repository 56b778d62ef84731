"""What every part of the validator shares: the allowed kinds, the error, limits.

Each checker raises :class:`UploadRejected` through :func:`reject` with a message
that ends in "Allowed types: %(allowed)s."; :func:`~forms_library.validation.
validate_upload` fills in ``allowed`` (it depends on whether images are allowed
for the field), so the checkers need not know where the file came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, NoReturn

from django.conf import settings
from django.core.exceptions import ValidationError

HEAD_SCAN_BYTES = 4096
NAME_MAX_LENGTH = 200

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
ZIP_MAGIC = b"PK\x03\x04"
# Containers that have no business inside a document (checked on decoded bytes).
ARCHIVE_MAGICS = (
    ZIP_MAGIC,
    b"PK\x05\x06",
    b"PK\x07\x08",
    b"\x1f\x8b",
    b"7z\xbc\xaf\x27\x1c",
    b"Rar!\x1a\x07",
    b"BZh",
    b"\xfd7zXZ\x00",
)


@dataclass(frozen=True)
class FileKind:
    """An allowed file type."""

    code: str
    extension: str
    mime_type: str
    label: str
    is_image: bool = False


KINDS: dict[str, FileKind] = {
    kind.code: kind
    for kind in (
        FileKind("pdf", "pdf", "application/pdf", "PDF"),
        FileKind("doc", "doc", "application/msword", "DOC"),
        FileKind(
            "docx",
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "DOCX",
        ),
        FileKind("xls", "xls", "application/vnd.ms-excel", "XLS"),
        FileKind(
            "xlsx",
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "XLSX",
        ),
        FileKind("odt", "odt", "application/vnd.oasis.opendocument.text", "ODT"),
        FileKind("ods", "ods", "application/vnd.oasis.opendocument.spreadsheet", "ODS"),
        FileKind("rtf", "rtf", "application/rtf", "RTF"),
        FileKind("jpeg", "jpg", "image/jpeg", "JPG", is_image=True),
        FileKind("png", "png", "image/png", "PNG", is_image=True),
    )
}
DOCUMENT_KINDS = tuple(k for k in KINDS.values() if not k.is_image)
IMAGE_KINDS = tuple(k for k in KINDS.values() if k.is_image)
PACKAGE_KINDS = frozenset({"docx", "xlsx", "odt", "ods"})

# Markup a browser would render or run if it ever sniffed the file.
ACTIVE_MARKUP = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|svg|iframe|object|embed|meta|"
    rb"\?php|\?xml-stylesheet)|javascript:",
    re.IGNORECASE,
)
# Long markers only: safe to search in a whole file, compressed data included,
# without false alarms (bytes.lower() and ``in`` are far faster than a regex).
STRONG_MARKUP = (
    b"<script",
    b"<html",
    b"<!doctype",
    b"<iframe",
    b"<?php",
    b"javascript:",
)


def has_strong_markup(data: bytes) -> bool:
    lowered = data.lower()
    return any(marker in lowered for marker in STRONG_MARKUP)


# Characters that make a name lie about itself: bidi controls and zero-width marks.
BIDI_AND_INVISIBLE = re.compile(
    "[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
FORBIDDEN_NAME_CHARS = re.compile(r'[/\\:*?"<>|\x00-\x1f\x7f]')


class UploadRejected(ValidationError):
    """A file refused by :func:`validate_upload`; ``code`` says why."""


@dataclass(frozen=True)
class ValidatedUpload:
    """What the validator learned about an accepted file.

    ``scan_status`` is a :class:`~forms_library.validation.scanners.ScanStatus`
    value: ``clean`` when a virus scanner passed the bytes, ``pending`` when no
    scanner is configured or it did not answer (whoever stores the file keeps
    that status and must not hand the file out before it is clean).
    """

    kind: FileKind
    size: int
    display_name: str
    storage_name: str
    scan_status: str = "pending"


def reject(message: Any, code: str, **params: Any) -> NoReturn:
    """Refuse the file; ``allowed`` is added to ``params`` by the entry point."""
    raise UploadRejected(message, code=code, params=params)


def kind_for_name(name: str) -> FileKind | None:
    """The kind of a file *stored by us* (its extension was set from content)."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    extension = "jpg" if extension == "jpeg" else extension
    return next((k for k in KINDS.values() if k.extension == extension), None)


def max_upload_bytes() -> int:
    return int(getattr(settings, "UPLOAD_MAX_BYTES", 10 * 1024 * 1024))


def allowed_labels(allow_images: bool = False) -> str:
    kinds = DOCUMENT_KINDS + (IMAGE_KINDS if allow_images else ())
    return ", ".join(kind.label for kind in kinds)


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.0f} MB"
    return f"{max(size // 1024, 1)} KB"
