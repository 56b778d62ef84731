"""The one upload validator for every file that enters the portal.

Editors' form templates (Wagtail documents) and citizens' dossier attachments go
through :func:`validate_upload`. It decides the type from the file's *content*
(magic bytes and container structure), never from its name; the name is checked
only for signs of an attack and then replaced by a random storage name, so an
uploaded name never becomes a path.

Zip containers (DOCX, XLSX, ODT, ODS) are inspected through their central
directory only: entry count, declared sizes, compression ratio, overlapping
entries and unsafe paths are checked before a single byte is decompressed.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import Any, NoReturn

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Zip containers: limits checked on the central directory, before unpacking.
ZIP_MAX_ENTRIES = 1000
ZIP_MAX_RATIO = 100
ZIP_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
# How much of a non-image file is searched for markup that a browser would run.
HEAD_SCAN_BYTES = 4096
NAME_MAX_LENGTH = 200


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

# Markup a browser would render or run if it ever sniffed the file.
ACTIVE_MARKUP = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|svg|iframe|object|embed|meta|"
    rb"\?php|\?xml-stylesheet)|javascript:",
    re.IGNORECASE,
)
# Long markers only: safe to search in compressed image data without false alarms
# (searched with bytes.lower() and ``in``, which is far faster than a regex).
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

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class UploadRejected(ValidationError):
    """A file refused by :func:`validate_upload`; ``code`` says why."""


@dataclass(frozen=True)
class ValidatedUpload:
    """What the validator learned about an accepted file."""

    kind: FileKind
    size: int
    display_name: str
    storage_name: str


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


def _reject(message: Any, code: str, allow_images: bool, **params: Any) -> NoReturn:
    params.setdefault("allowed", allowed_labels(allow_images))
    raise UploadRejected(message, code=code, params=params)


def _human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.0f} MB"
    return f"{max(size // 1024, 1)} KB"


# --- names --------------------------------------------------------------------


def check_name(name: str, *, allow_images: bool = False) -> str:
    """Refuse names that carry an attack; return the cleaned display name.

    Path parts, quotes, control characters (CR/LF) and bidi overrides have no
    business in a form's name: they are the tools of header injection, path
    traversal and "gpj.exe"-style disguises, so such names are refused rather
    than silently repaired.
    """
    name = unicodedata.normalize("NFC", name or "").strip()
    if not name:
        _reject(_("The file has no name."), "name_empty", allow_images)
    if name in {".", ".."} or FORBIDDEN_NAME_CHARS.search(name):
        _reject(
            _(
                'The file name "%(name)s" contains characters that are not '
                'allowed (/ \\ : * ? " < > |, line breaks or control '
                "characters). Rename the file and upload it again."
            ),
            "name_unsafe",
            allow_images,
            name=printable_name(name),
        )
    if BIDI_AND_INVISIBLE.search(name):
        _reject(
            _(
                'The file name "%(name)s" contains hidden direction-changing '
                "characters. Rename the file and upload it again."
            ),
            "name_bidi",
            allow_images,
            name=printable_name(name),
        )
    if len(name) > NAME_MAX_LENGTH:
        _reject(
            _("The file name is longer than %(limit)d characters."),
            "name_too_long",
            allow_images,
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


# --- content --------------------------------------------------------------------


def _read_at_most(file: Any, limit: int) -> bytes:
    """Read up to ``limit + 1`` bytes (enough to know it is too large), rewind."""
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(limit + 1)
    if hasattr(file, "seek"):
        file.seek(0)
    return data


def _file_size(file: Any) -> int | None:
    size = getattr(file, "size", None)
    return int(size) if size is not None else None


def _detect_ole(data: bytes, allow_images: bool) -> FileKind:
    # Stream names in the compound-file directory are UTF-16LE.
    def has(stream: str) -> bool:
        return stream.encode("utf-16-le") in data

    if has("_VBA_PROJECT") or has("Macros"):
        _reject(
            _(
                "The file contains macros, which are not allowed. Save it "
                "without macros. Allowed types: %(allowed)s."
            ),
            "macros",
            allow_images,
        )
    if has("WordDocument"):
        return KINDS["doc"]
    if has("Workbook") or has("Book"):
        return KINDS["xls"]
    _reject(
        _(
            "This Office file is neither a Word document nor an Excel "
            "workbook. Allowed types: %(allowed)s."
        ),
        "unsupported_type",
        allow_images,
    )


def _inspect_zip(data: bytes, allow_images: bool) -> FileKind:
    import io

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        _reject(
            _("The file is damaged and cannot be opened. Allowed types: %(allowed)s."),
            "corrupt",
            allow_images,
        )
    if len(infos) > ZIP_MAX_ENTRIES:
        _reject(
            _(
                "The document contains too many parts (%(count)d, at most "
                "%(limit)d are allowed). Allowed types: %(allowed)s."
            ),
            "zip_too_many_entries",
            allow_images,
            count=len(infos),
            limit=ZIP_MAX_ENTRIES,
        )
    compressed = 0
    uncompressed = 0
    for info in infos:
        name = info.filename
        parts = name.replace("\\", "/").split("/")
        if (
            name.startswith(("/", "\\"))
            or "\\" in name
            or ".." in parts
            or re.match(r"^[A-Za-z]:", name)
            or "\x00" in name
        ):
            _reject(
                _(
                    "The document contains an unsafe internal path. Allowed "
                    "types: %(allowed)s."
                ),
                "zip_unsafe_path",
                allow_images,
            )
        if info.flag_bits & 0x1:
            _reject(
                _(
                    "Encrypted documents are not allowed. Remove the password "
                    "and upload the file again. Allowed types: %(allowed)s."
                ),
                "zip_encrypted",
                allow_images,
            )
        compressed += info.compress_size
        uncompressed += info.file_size
    if uncompressed > ZIP_MAX_UNCOMPRESSED_BYTES or uncompressed > ZIP_MAX_RATIO * max(
        compressed, 1
    ):
        _reject(
            _(
                "The document expands to an abnormal size when opened (a "
                "possible zip bomb) and was refused. Allowed types: %(allowed)s."
            ),
            "zip_bomb",
            allow_images,
        )
    # Entries sharing or overlapping their data are the trick of the
    # non-recursive zip bombs; a normal document never does it.
    ordered = sorted(infos, key=lambda i: i.header_offset)
    for current, following in zip(ordered, ordered[1:], strict=False):
        header = 30 + len(current.filename.encode()) + len(current.extra)
        if current.header_offset + header + current.compress_size > (
            following.header_offset
        ):
            _reject(
                _(
                    "The document expands to an abnormal size when opened (a "
                    "possible zip bomb) and was refused. Allowed types: %(allowed)s."
                ),
                "zip_bomb",
                allow_images,
            )
    names = {info.filename for info in infos}
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        _reject(
            _(
                "The file contains macros, which are not allowed. Save it "
                "without macros. Allowed types: %(allowed)s."
            ),
            "macros",
            allow_images,
        )
    kind: FileKind | None = None
    if "[Content_Types].xml" in names:
        if "word/document.xml" in names:
            kind = KINDS["docx"]
        elif "xl/workbook.xml" in names:
            kind = KINDS["xlsx"]
    elif "mimetype" in names:
        mimetype_info = archive.getinfo("mimetype")
        if mimetype_info.file_size <= 100:
            mimetype = archive.read("mimetype").strip()
            if mimetype == KINDS["odt"].mime_type.encode():
                kind = KINDS["odt"]
            elif mimetype == KINDS["ods"].mime_type.encode():
                kind = KINDS["ods"]
    if kind is None:
        _reject(
            _(
                "Compressed archives are not allowed, only documents. Allowed "
                "types: %(allowed)s."
            ),
            "archive",
            allow_images,
        )
    return kind


def _png_parts(data: bytes) -> tuple[list[bytes], bytes, bytes] | None:
    """Split a PNG into (metadata chunks, image data, bytes after IEND)."""
    pos = len(PNG_MAGIC)
    metadata: list[bytes] = []
    pixels: list[bytes] = []
    while pos + 12 <= len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        chunk_type = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if len(body) != length:
            return None
        (pixels if chunk_type == b"IDAT" else metadata).append(chunk_type + body)
        pos += 12 + length
        if chunk_type == b"IEND":
            return metadata, b"".join(pixels), data[pos:]
    return None


def _jpeg_parts(data: bytes) -> tuple[list[bytes], bytes, bytes] | None:
    """Split a JPEG into (header segments, entropy data, bytes after EOI)."""
    pos = 2
    segments: list[bytes] = []
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        segments.append(data[pos + 4 : pos + 2 + length])
        pos += 2 + length
        if marker == 0xDA:  # start of scan: compressed data until the last EOI
            end = data.rfind(b"\xff\xd9")
            if end < pos:
                return None
            return segments, data[pos:end], data[end + 2 :]
    return None


def _check_image(kind: FileKind, data: bytes, allow_images: bool) -> None:
    """Look for markup in metadata, compressed data and after the end marker."""
    parts = _png_parts(data) if kind.code == "png" else _jpeg_parts(data)
    if parts is None:
        _reject(
            _("The file is damaged and cannot be opened. Allowed types: %(allowed)s."),
            "corrupt",
            allow_images,
        )
    metadata, pixels, trailing = parts
    if (
        trailing.strip(b"\x00\r\n ")
        or any(ACTIVE_MARKUP.search(chunk) for chunk in metadata)
        or has_strong_markup(pixels)
    ):
        _reject(
            _(
                "The file hides web page or script code inside a %(type)s and was "
                "refused. Allowed types: %(allowed)s."
            ),
            "polyglot",
            allow_images,
            type=kind.label,
        )


def detect_kind(data: bytes, *, allow_images: bool = False) -> FileKind:
    """Decide the file type from its bytes, or raise :class:`UploadRejected`."""
    head = data[:HEAD_SCAN_BYTES]
    kind: FileKind | None = None
    if data.startswith(b"%PDF-"):
        kind = KINDS["pdf"]
    elif data.startswith(OLE_MAGIC):
        kind = _detect_ole(data, allow_images)
    elif data.startswith(b"PK\x03\x04"):
        kind = _inspect_zip(data, allow_images)
    elif data.startswith(b"{\\rtf"):
        kind = KINDS["rtf"]
    elif data.startswith(PNG_MAGIC):
        kind = KINDS["png"]
    elif data.startswith(b"\xff\xd8\xff"):
        kind = KINDS["jpeg"]

    if kind is None:
        _reject_unknown(data, allow_images)
    if kind.is_image and not allow_images:
        _reject(
            _("Images are not accepted here. Allowed types: %(allowed)s."),
            "image_not_allowed",
            allow_images,
        )
    # A sniffing browser looks at the head; images are searched part by part.
    if kind.code not in {"docx", "xlsx", "odt", "ods"} and ACTIVE_MARKUP.search(head):
        _reject(
            _(
                "The file hides web page or script code inside a %(type)s and was "
                "refused. Allowed types: %(allowed)s."
            ),
            "polyglot",
            allow_images,
            type=kind.label,
        )
    if kind.is_image:
        _check_image(kind, data, allow_images)
    if kind.code == "pdf" and re.search(rb"/(?:JavaScript|JS|Launch)\b", data):
        _reject(
            _(
                "The PDF contains scripts or launch actions, which are not "
                "allowed. Allowed types: %(allowed)s."
            ),
            "pdf_active_content",
            allow_images,
        )
    if kind.code == "rtf" and re.search(rb"\\object|\\objdata", data):
        _reject(
            _(
                "The RTF file contains embedded objects, which are not allowed. "
                "Allowed types: %(allowed)s."
            ),
            "rtf_object",
            allow_images,
        )
    return kind


def _reject_unknown(data: bytes, allow_images: bool) -> NoReturn:
    head = data[:HEAD_SCAN_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe")):
        _reject(
            _(
                "Programs (executable files) are not allowed. Allowed types: "
                "%(allowed)s."
            ),
            "executable",
            allow_images,
        )
    if head.startswith(b"#!") or head.lower().startswith((b"@echo", b"<?php")):
        _reject(
            _("Scripts are not allowed. Allowed types: %(allowed)s."),
            "script",
            allow_images,
        )
    if head.startswith(b"<") or ACTIVE_MARKUP.search(head):
        _reject(
            _(
                "Web pages, SVG drawings and other markup files are not allowed. "
                "Allowed types: %(allowed)s."
            ),
            "markup",
            allow_images,
        )
    if head.startswith((b"PK", b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b")):
        _reject(
            _(
                "Compressed archives are not allowed, only documents. Allowed "
                "types: %(allowed)s."
            ),
            "archive",
            allow_images,
        )
    _reject(
        _("This file type is not allowed. Allowed types: %(allowed)s."),
        "unsupported_type",
        allow_images,
    )


def validate_upload(
    file: Any,
    *,
    name: str | None = None,
    allow_images: bool = False,
    max_bytes: int | None = None,
) -> ValidatedUpload:
    """Check one uploaded file; return what it is or raise :class:`UploadRejected`.

    ``file`` is a Django ``UploadedFile``/``File`` or any binary file object;
    ``name`` defaults to its ``name``. The file is read once (it is at most
    ``max_bytes``, default ``settings.UPLOAD_MAX_BYTES``) and rewound.
    """
    limit = max_bytes if max_bytes is not None else max_upload_bytes()
    raw_name = name if name is not None else getattr(file, "name", "") or ""
    raw_name = raw_name.rsplit("/", 1)[-1] if name is None else raw_name
    display_name = check_name(raw_name, allow_images=allow_images)
    size = _file_size(file)
    if size is not None and size > limit:
        _reject(
            _(
                "The file is %(size)s, larger than the %(limit)s allowed. "
                "Allowed types: %(allowed)s."
            ),
            "too_large",
            allow_images,
            size=_human_size(size),
            limit=_human_size(limit),
        )
    data = _read_at_most(file, limit)
    if len(data) > limit:
        _reject(
            _(
                "The file is %(size)s, larger than the %(limit)s allowed. "
                "Allowed types: %(allowed)s."
            ),
            "too_large",
            allow_images,
            size=_human_size(len(data)),
            limit=_human_size(limit),
        )
    if not data.strip(b"\x00 \t\r\n"):
        _reject(
            _("The file is empty. Allowed types: %(allowed)s."),
            "empty",
            allow_images,
        )
    kind = detect_kind(data, allow_images=allow_images)
    return ValidatedUpload(
        kind=kind,
        size=len(data),
        display_name=display_name,
        storage_name=random_storage_name(kind),
    )
