"""The one upload validator for every file that enters the portal.

Editors' form templates (Wagtail documents) and citizens' dossier attachments go
through :func:`validate_upload`. It decides the type from the file's *content*
(magic bytes and container structure), never from its name; the name is checked
only for signs of an attack and then replaced by a random storage name, so an
uploaded name never becomes a path. Then, when a virus scanner is configured,
the bytes are scanned.

One module per family of formats:

- :mod:`.pdf` parses PDFs (pypdf) and refuses scripts, launch actions,
  attachments and rich media, ``#xx``-escaped names and object streams included;
- :mod:`.packages` unpacks DOCX/XLSX/ODT/ODS under a byte budget counted on the
  bytes actually inflated and judges parts by content type and relationship;
- :mod:`.ole` reads DOC/XLS compound files (olefile);
- :mod:`.images` checks JPG/PNG for hidden markup;
- :mod:`.scanners` is the virus-scanner interface and its clamd backend.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from typing import Any, NoReturn

from django.utils.translation import gettext_lazy as _

from forms_library.validation import messages
from forms_library.validation.base import (
    ACTIVE_MARKUP,
    BIDI_AND_INVISIBLE,
    DOCUMENT_KINDS,
    HEAD_SCAN_BYTES,
    IMAGE_KINDS,
    KINDS,
    OLE_MAGIC,
    PACKAGE_KINDS,
    PNG_MAGIC,
    ZIP_MAGIC,
    FileKind,
    UploadRejected,
    ValidatedUpload,
    allowed_labels,
    has_strong_markup,
    human_size,
    kind_for_name,
    max_upload_bytes,
    reject,
)
from forms_library.validation.images import check_image
from forms_library.validation.names import check_name, printable_name
from forms_library.validation.names import random_storage_name as random_storage_name
from forms_library.validation.ole import check_ole
from forms_library.validation.packages import (
    ZIP_MAX_ENTRIES,
    ZIP_MAX_RATIO,
    ZIP_MAX_UNCOMPRESSED_BYTES,
    check_package,
)
from forms_library.validation.pdf import check_pdf
from forms_library.validation.scanners import (
    ScannerUnavailable,
    ScanStatus,
    get_scanner,
)

__all__ = [
    "BIDI_AND_INVISIBLE",
    "DOCUMENT_KINDS",
    "IMAGE_KINDS",
    "KINDS",
    "ZIP_MAX_ENTRIES",
    "ZIP_MAX_RATIO",
    "ZIP_MAX_UNCOMPRESSED_BYTES",
    "FileKind",
    "UploadRejected",
    "ValidatedUpload",
    "allowed_labels",
    "check_name",
    "detect_kind",
    "kind_for_name",
    "max_upload_bytes",
    "printable_name",
    "scan_bytes",
    "validate_upload",
]

logger = logging.getLogger(__name__)
# The end-of-central-directory record sits in the last 64 KiB + 22 bytes.
ZIP_END_SEARCH = 65_535 + 22


def _complete(error: UploadRejected, allow_images: bool) -> UploadRejected:
    """Add the list of allowed types the messages end with."""
    for item in error.error_list:
        if isinstance(item.params, dict):
            item.params.setdefault("allowed", allowed_labels(allow_images))
    return error


def _read_at_most(file: Any, limit: int) -> bytes:
    """Read up to ``limit + 1`` bytes (enough to know it is too large), rewind."""
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(limit + 1)
    if hasattr(file, "seek"):
        file.seek(0)
    return bytes(data)


def _file_size(file: Any) -> int | None:
    size = getattr(file, "size", None)
    return int(size) if size is not None else None


def _is_also_a_zip(data: bytes) -> bool:
    """True when zip tools would open this file as an archive (a polyglot)."""
    if b"PK\x05\x06" not in data[-ZIP_END_SEARCH:]:
        return False
    try:
        return bool(zipfile.ZipFile(io.BytesIO(data)).infolist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, RuntimeError):
        return False


def _detect(data: bytes, allow_images: bool) -> FileKind:
    head = data[:HEAD_SCAN_BYTES]
    kind: FileKind | None = None
    if data.startswith(b"%PDF-"):
        kind = KINDS["pdf"]
    elif data.startswith(OLE_MAGIC):
        kind = check_ole(data)
    elif data.startswith(ZIP_MAGIC):
        kind = check_package(data)
    elif data.startswith(b"{\\rtf"):
        kind = KINDS["rtf"]
    elif data.startswith(PNG_MAGIC):
        kind = KINDS["png"]
    elif data.startswith(b"\xff\xd8\xff"):
        kind = KINDS["jpeg"]

    if kind is None:
        _reject_unknown(data)
    if kind.is_image and not allow_images:
        reject(
            _("Images are not accepted here. Allowed types: %(allowed)s."),
            "image_not_allowed",
        )
    if kind.code not in PACKAGE_KINDS:
        # A sniffing browser looks at the head; markup further in is refused
        # too (long markers only, so compressed data gives no false alarm).
        if ACTIVE_MARKUP.search(head) or (
            not kind.is_image and has_strong_markup(data)
        ):
            reject(messages.POLYGLOT_MARKUP, "polyglot", type=kind.label)
        if _is_also_a_zip(data):
            reject(messages.POLYGLOT_ARCHIVE, "polyglot", type=kind.label)
    if kind.is_image:
        check_image(kind, data)
    elif kind.code == "pdf":
        check_pdf(data)
    elif kind.code == "rtf" and re.search(rb"\\object|\\objdata", data):
        reject(
            _(
                "The RTF file contains embedded objects, which are not allowed. "
                "Allowed types: %(allowed)s."
            ),
            "rtf_object",
        )
    return kind


def detect_kind(data: bytes, *, allow_images: bool = False) -> FileKind:
    """Decide the file type from its bytes, or raise :class:`UploadRejected`."""
    try:
        return _detect(data, allow_images)
    except UploadRejected as error:
        raise _complete(error, allow_images) from None


def _reject_unknown(data: bytes) -> NoReturn:
    head = data[:HEAD_SCAN_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe")):
        reject(
            _(
                "Programs (executable files) are not allowed. Allowed types: "
                "%(allowed)s."
            ),
            "executable",
        )
    if head.startswith(b"#!") or head.lower().startswith((b"@echo", b"<?php")):
        reject(
            _("Scripts are not allowed. Allowed types: %(allowed)s."),
            "script",
        )
    if head.startswith(b"<") or ACTIVE_MARKUP.search(head):
        reject(
            _(
                "Web pages, SVG drawings and other markup files are not allowed. "
                "Allowed types: %(allowed)s."
            ),
            "markup",
        )
    if head.startswith((b"PK", b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b")):
        reject(messages.ARCHIVE, "archive")
    reject(
        _("This file type is not allowed. Allowed types: %(allowed)s."),
        "unsupported_type",
    )


def scan_bytes(data: bytes) -> ScanStatus:
    """Scan with the configured scanner: ``clean``, or ``pending`` without one.

    An infected file is refused (:class:`UploadRejected`, code ``virus``); a
    scanner that does not answer leaves the file ``pending``, never "clean".
    """
    scanner = get_scanner()
    if scanner is None:
        return ScanStatus.PENDING
    try:
        result = scanner.scan_bytes(data)
    except ScannerUnavailable as error:
        logger.warning("Virus scan postponed: %s", error)
        return ScanStatus.PENDING
    if result.infected:
        logger.warning(
            "Upload refused: %s found by %s", result.signature, scanner.describe()
        )
        reject(messages.VIRUS, "virus", signature=result.signature)
    return ScanStatus.CLEAN


def validate_upload(
    file: Any,
    *,
    name: str | None = None,
    allow_images: bool = False,
    max_bytes: int | None = None,
    scan: bool = True,
) -> ValidatedUpload:
    """Check one uploaded file; return what it is or raise :class:`UploadRejected`.

    ``file`` is a Django ``UploadedFile``/``File`` or any binary file object;
    ``name`` defaults to its ``name``. The file is read once (it is at most
    ``max_bytes``, default ``settings.UPLOAD_MAX_BYTES``) and rewound. With
    ``scan`` (the default) and a scanner configured, the bytes are also scanned
    for viruses; the result says ``clean`` or ``pending``.
    """
    try:
        return _validate(file, name, allow_images, max_bytes, scan)
    except UploadRejected as error:
        raise _complete(error, allow_images) from None


def _validate(
    file: Any,
    name: str | None,
    allow_images: bool,
    max_bytes: int | None,
    scan: bool,
) -> ValidatedUpload:
    limit = max_bytes if max_bytes is not None else max_upload_bytes()
    raw_name = name if name is not None else getattr(file, "name", "") or ""
    raw_name = raw_name.rsplit("/", 1)[-1] if name is None else raw_name
    display_name = check_name(raw_name)
    size = _file_size(file)
    too_large = _(
        "The file is %(size)s, larger than the %(limit)s allowed. "
        "Allowed types: %(allowed)s."
    )
    if size is not None and size > limit:
        reject(too_large, "too_large", size=human_size(size), limit=human_size(limit))
    data = _read_at_most(file, limit)
    if len(data) > limit:
        reject(
            too_large, "too_large", size=human_size(len(data)), limit=human_size(limit)
        )
    if not data.strip(b"\x00 \t\r\n"):
        reject(_("The file is empty. Allowed types: %(allowed)s."), "empty")
    kind = _detect(data, allow_images)
    status = scan_bytes(data) if scan else ScanStatus.PENDING
    return ValidatedUpload(
        kind=kind,
        size=len(data),
        display_name=display_name,
        storage_name=random_storage_name(kind),
        scan_status=status,
    )
