"""DOCX, XLSX, ODT, ODS: zip packages, unpacked under a byte budget and inspected.

Unpacking is our own, not :mod:`zipfile`'s reader: the central directory only
gives names and offsets; each entry is inflated from its local header with a
budget counted on the bytes actually produced, so a bomb whose directory claims
small sizes is stopped after the budget, not after gigabytes. Sizes, CRC and the
local name must then agree with the directory, as any honest writer makes them.

A package is judged by what its parts *are*, not by what they are called:
content types (``[Content_Types].xml``) and relationship types find macros and
OLE/ActiveX objects under any name; relationship targets outside the file
(a remote template, a linked image) are refused except plain web or e-mail
hyperlinks; DDE fields, StarBasic macros and their event bindings are refused.
An archive inside the package is refused, except a chart's embedded workbook,
which is inspected by the same rules, one level deep, within the same budget.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from forms_library.validation import messages
from forms_library.validation.base import (
    ARCHIVE_MAGICS,
    KINDS,
    OLE_MAGIC,
    FileKind,
    reject,
)

ZIP_MAX_ENTRIES = 1000
ZIP_MAX_RATIO = 100
ZIP_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
# Structural parts (content types, relationships, manifest) are parsed whole.
STRUCTURE_PART_MAX_BYTES = 16 * 1024 * 1024
EMBEDDED_PACKAGE_MAX_DEPTH = 1
CHUNK = 64 * 1024
LOCAL_HEADER = b"PK\x03\x04"

# Macro parts under their usual names, even when nothing declares them.
MACRO_PART_NAMES = ("vbaproject.bin", "vbadata.xml")
MACRO_CONTENT_TYPES = ("macroenabled", "vbaproject", "vbadata", "macrosheet")
OBJECT_CONTENT_TYPES = ("oleobject", "activex")
MACRO_RELATIONSHIPS = ("vbaproject", "vbadata", "macrosheet", "keymapcustomizations")
OBJECT_RELATIONSHIPS = ("/oleobject", "/activexcontrol", "/activexcontrolbinary")
SAFE_LINK_SCHEMES = ("http://", "https://", "mailto:", "tel:")
LOCAL_DRIVE_PATH = re.compile(r"^(?:file:///)?[A-Za-z]:[\\/](?![\\/])", re.IGNORECASE)
OOXML_PACKAGE_EXTENSIONS = (".docx", ".xlsx", ".pptx")

INSTR_PATTERN = re.compile(
    rb'<w:fldChar\b[^>]*w:fldCharType="begin"'
    rb"|<w:instrText\b[^>]*>([^<]*)<"
    rb'|\bw:instr="([^"]*)"',
)
ODF_MACRO = re.compile(
    rb"vnd\.sun\.star\.script:|macro:///|<script:event-listener\b|<office:script\b"
)
ODF_DDE = re.compile(
    rb"<office:dde-source\b|<text:dde-connection-decl\b|<table:dde-link"
)
ODF_LINKED = re.compile(
    rb"<(draw:(?:image|object|object-ole|plugin|applet|floating-frame)"
    rb"|text:section-source)\b([^>]*)>"
)
HREF = re.compile(rb'xlink:href="([^"]*)"')


@dataclass
class Budget:
    """Bytes that unpacking may still produce (shared with embedded packages)."""

    remaining: int


@dataclass
class Part:
    name: str
    size: int
    head: bytes
    data: bytes | None = None


@dataclass
class StreamScan:
    """Run a regex over a part's bytes as they are inflated, across chunk edges."""

    pattern: re.Pattern[bytes]
    on_match: Callable[[re.Match[bytes]], None]
    overlap: int = 8192
    _carry: bytes = b""

    def feed(self, chunk: bytes, final: bool = False) -> None:
        buffer = self._carry + chunk
        safe_end = len(buffer) if final else max(len(buffer) - self.overlap, 0)
        position = 0
        for match in self.pattern.finditer(buffer):
            if match.end() > safe_end and not final:
                break
            self.on_match(match)
            position = match.end()
        self._carry = buffer[max(position, safe_end) :]


@dataclass
class Package:
    parts: dict[str, Part] = field(default_factory=dict)
    field_codes: list[list[bytes]] = field(default_factory=list)
    odf_findings: list[tuple[Any, str, str]] = field(default_factory=list)
    ole_parts: list[str] = field(default_factory=list)


def _central_name_bytes(info: zipfile.ZipInfo) -> bytes:
    encoding = "utf-8" if info.flag_bits & 0x800 else "cp437"
    return info.orig_filename.encode(encoding, errors="replace")


def _check_entry(info: zipfile.ZipInfo, seen: set[str]) -> None:
    name = info.filename
    parts = name.replace("\\", "/").split("/")
    if (
        name.startswith(("/", "\\"))
        or "\\" in name
        or ".." in parts
        or re.match(r"^[A-Za-z]:", name)
        or "\x00" in name
    ):
        from django.utils.translation import gettext_lazy as _

        reject(
            _(
                "The document contains an unsafe internal path. Allowed "
                "types: %(allowed)s."
            ),
            "zip_unsafe_path",
        )
    if info.flag_bits & 0x1:
        reject(messages.ENCRYPTED, "zip_encrypted")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        reject(messages.CORRUPT, "zip_method")
    if name.lower() in seen:
        # Two entries with one name: each program picks another one.
        reject(messages.CORRUPT, "zip_duplicate")
    seen.add(name.lower())


def _sink_for(name: str, package: Package) -> Callable[..., None] | None:
    """What to do with a part's bytes besides counting them."""
    lowered = name.lower()
    if lowered.startswith("word/") and lowered.endswith(".xml"):
        codes: list[bytes] = []
        package.field_codes.append(codes)

        def on_instr(match: re.Match[bytes]) -> None:
            if match.group(1) is None and match.group(2) is None:
                codes.append(b"")  # a field begins
            elif codes:
                codes[-1] += match.group(1) or match.group(2) or b""
            else:
                codes.append(match.group(1) or match.group(2) or b"")

        return StreamScan(INSTR_PATTERN, on_instr).feed
    return None


def _odf_sink(name: str, package: Package) -> Callable[..., None]:
    def on_macro(match: re.Match[bytes]) -> None:
        package.odf_findings.append((messages.MACROS, "macros", name))

    def on_dde(match: re.Match[bytes]) -> None:
        package.odf_findings.append((messages.DDE, "dde", name))

    def on_linked(match: re.Match[bytes]) -> None:
        element = match.group(1)
        if element in {b"draw:object-ole", b"draw:plugin", b"draw:applet"}:
            package.odf_findings.append((messages.OLE_OBJECT, "ole_object", name))
            return
        href = HREF.search(match.group(2))
        target = href.group(1).decode("utf-8", "replace") if href else ""
        if _is_outside(target):
            package.odf_findings.append(
                (messages.EXTERNAL_LINK, "external_link", target)
            )

    scans = [
        StreamScan(ODF_MACRO, on_macro),
        StreamScan(ODF_DDE, on_dde),
        StreamScan(ODF_LINKED, on_linked),
    ]

    def feed(chunk: bytes, final: bool = False) -> None:
        for scan in scans:
            scan.feed(chunk, final)

    return feed


def _is_outside(target: str) -> bool:
    """A reference that leaves the package (a scheme, a UNC or absolute path)."""
    target = target.strip()
    return bool(
        re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", target)
        or target.startswith(("//", "\\\\", "/"))
    )


def _inflate(
    data: bytes,
    info: zipfile.ZipInfo,
    start: int,
    end: int,
    budget: Budget,
    sink: Callable[..., None] | None,
    keep: int,
) -> Part:
    """Unpack one entry from ``data[start:end]`` counting the bytes produced."""
    produced = 0
    crc = 0
    head = b""
    kept: list[bytes] = []

    def emit(chunk: bytes) -> None:
        nonlocal produced, crc, head
        produced += len(chunk)
        if produced > budget.remaining:
            reject(messages.ZIP_BOMB, "zip_bomb")
        crc = zlib.crc32(chunk, crc)
        if len(head) < 16:
            head += chunk[: 16 - len(head)]
        if keep:
            if produced > keep:
                reject(messages.ZIP_BOMB, "zip_bomb")
            kept.append(chunk)
        if sink is not None:
            sink(chunk)

    if info.compress_type == zipfile.ZIP_STORED:
        stored = data[start : start + info.compress_size]
        for offset in range(0, len(stored), CHUNK):
            emit(stored[offset : offset + CHUNK])
        finished = len(stored) == info.compress_size
    else:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        try:
            for offset in range(start, end, CHUNK):
                pending = data[offset : min(offset + CHUNK, end)]
                while pending and not inflater.eof:
                    emit(inflater.decompress(pending, CHUNK))
                    pending = inflater.unconsumed_tail
                if inflater.eof:
                    break
            finished = inflater.eof
        except zlib.error:
            reject(messages.CORRUPT, "corrupt")
    if sink is not None:
        sink(b"", True)
    if not finished:
        reject(messages.CORRUPT, "corrupt")
    if produced != info.file_size:
        # The directory lied about the size: the trick that makes a bomb look
        # small to any tool that believes it.
        reject(messages.ZIP_BOMB, "zip_bomb")
    if crc != info.CRC:
        reject(messages.CORRUPT, "corrupt")
    budget.remaining -= produced
    return Part(info.filename, produced, head, b"".join(kept) if keep else None)


def unpack(data: bytes, budget: Budget, depth: int = 0) -> Package:
    """Unpack a zip package entry by entry within ``budget``; check every entry."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
        directory_offset = archive.start_dir
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, struct.error):
        reject(messages.CORRUPT, "corrupt")
    if len(infos) > ZIP_MAX_ENTRIES:
        from django.utils.translation import gettext_lazy as _

        reject(
            _(
                "The document contains too many parts (%(count)d, at most "
                "%(limit)d are allowed). Allowed types: %(allowed)s."
            ),
            "zip_too_many_entries",
            count=len(infos),
            limit=ZIP_MAX_ENTRIES,
        )
    seen: set[str] = set()
    for info in infos:
        _check_entry(info, seen)
    # What the directory declares is checked first: cheap, and most bombs are
    # honest about it. The unpacking below catches the dishonest ones.
    declared = sum(info.file_size for info in infos)
    if declared > budget.remaining:
        reject(messages.ZIP_BOMB, "zip_bomb")

    package = Package()
    ordered = sorted(infos, key=lambda i: i.header_offset)
    is_odf = any(info.filename == "mimetype" for info in infos)
    for index, info in enumerate(ordered):
        offset = info.header_offset
        end = (
            ordered[index + 1].header_offset
            if index + 1 < len(ordered)
            else directory_offset
        )
        header = data[offset : offset + 30]
        if len(header) < 30 or not header.startswith(LOCAL_HEADER):
            reject(messages.CORRUPT, "corrupt")
        name_length, extra_length = struct.unpack("<HH", header[26:30])
        local_name = data[offset + 30 : offset + 30 + name_length]
        if local_name != _central_name_bytes(info):
            reject(messages.CORRUPT, "corrupt")
        start = offset + 30 + name_length + extra_length
        if start + info.compress_size > end:
            # Entries sharing or overlapping their data are the trick of the
            # non-recursive zip bombs; a normal document never does it.
            reject(messages.ZIP_BOMB, "zip_bomb")
        name = info.filename
        lowered = name.lower()
        if name.endswith("/"):
            continue
        structural = lowered.endswith((".rels", "[content_types].xml")) or lowered in {
            "mimetype",
            "meta-inf/manifest.xml",
        }
        embedded_package = "/embeddings/" in lowered and lowered.endswith(
            OOXML_PACKAGE_EXTENSIONS
        )
        keep = 0
        if structural:
            keep = STRUCTURE_PART_MAX_BYTES
        elif embedded_package and depth < EMBEDDED_PACKAGE_MAX_DEPTH:
            keep = budget.remaining
        sink = (
            _odf_sink(name, package)
            if is_odf and lowered.endswith(".xml")
            else _sink_for(name, package)
        )
        part = _inflate(data, info, start, end, budget, sink, keep)
        package.parts[name] = part
        _check_part_content(
            part, keep > 0 and embedded_package, budget, depth, package.ole_parts
        )
    return package


def _check_part_content(
    part: Part, inspect: bool, budget: Budget, depth: int, ole_parts: list[str]
) -> None:
    if part.name.lower().endswith(MACRO_PART_NAMES):
        reject(messages.MACROS, "macros")
    if part.head.startswith(OLE_MAGIC):
        # Judged after content types and relationships, which say whether it
        # is a VBA project (macros) under another name or an OLE object.
        ole_parts.append(part.name)
    if part.head.startswith(ARCHIVE_MAGICS):
        if not inspect or part.data is None:
            reject(messages.NESTED_ARCHIVE, "zip_nested")
        inner = unpack(part.data, budget, depth + 1)
        if "[Content_Types].xml" not in inner.parts:
            reject(messages.NESTED_ARCHIVE, "zip_nested")
        _check_ooxml(inner)


# --- OOXML ----------------------------------------------------------------------------


def _parse_xml(part: Part | None) -> Any:
    from defusedxml import ElementTree

    if part is None or part.data is None:
        return None
    try:
        return ElementTree.fromstring(part.data)
    except Exception:  # noqa: BLE001 - malformed XML, DTDs and entity bombs alike
        reject(messages.CORRUPT, "corrupt")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _check_content_types(package: Package) -> None:
    root = _parse_xml(package.parts.get("[Content_Types].xml"))
    if root is None:
        reject(messages.CORRUPT, "corrupt")
    for element in root:
        content_type = (element.get("ContentType") or "").lower()
        if any(marker in content_type for marker in MACRO_CONTENT_TYPES):
            reject(messages.MACROS, "macros")
        if any(marker in content_type for marker in OBJECT_CONTENT_TYPES):
            reject(messages.OLE_OBJECT, "ole_object")
        if "externallink" in content_type:
            target = element.get("PartName") or ""
            reject(messages.EXTERNAL_LINK, "external_link", target=target[:100])


def _check_relationships(package: Package) -> None:
    for name, part in package.parts.items():
        if not name.lower().endswith(".rels"):
            continue
        root = _parse_xml(part)
        for relation in root.iter():
            if _local(relation.tag) != "Relationship":
                continue
            kind = (relation.get("Type") or "").lower()
            target = relation.get("Target") or ""
            if any(marker in kind for marker in MACRO_RELATIONSHIPS):
                reject(messages.MACROS, "macros")
            if kind.endswith(OBJECT_RELATIONSHIPS):
                reject(messages.OLE_OBJECT, "ole_object")
            if (relation.get("TargetMode") or "").lower() != "external":
                continue
            is_link = kind.endswith("/hyperlink")
            if is_link and target.strip().lower().startswith(SAFE_LINK_SCHEMES):
                continue
            if not is_link and LOCAL_DRIVE_PATH.match(target.strip()):
                # Word records the local template a document was made from
                # (file:///C:/…/Normal.dotm); it names no other machine.
                continue
            reject(messages.EXTERNAL_LINK, "external_link", target=target[:100])


def _check_fields(package: Package) -> None:
    for codes in package.field_codes:
        for code in codes:
            words = code.decode("utf-8", "replace").split()
            if words and words[0].upper().lstrip("\\{") in {"DDE", "DDEAUTO"}:
                reject(messages.DDE, "dde")


def _check_ole_parts(package: Package) -> None:
    for name in package.ole_parts:
        if "vba" in name.lower():
            reject(messages.MACROS, "macros")
    if package.ole_parts:
        reject(messages.OLE_OBJECT, "ole_object")


def _check_ooxml(package: Package) -> FileKind | None:
    _check_content_types(package)
    _check_relationships(package)
    _check_fields(package)
    _check_ole_parts(package)
    names = set(package.parts)
    if "word/document.xml" in names:
        return KINDS["docx"]
    if "xl/workbook.xml" in names:
        return KINDS["xlsx"]
    return None


# --- OpenDocument ---------------------------------------------------------------------


def _check_odf(package: Package) -> FileKind | None:
    for name in package.parts:
        segments = name.split("/")
        # StarBasic and script libraries, at the top or in an embedded object.
        if segments[0] in {"Basic", "Scripts"} or (
            len(segments) > 2 and segments[1] in {"Basic", "Scripts"}
        ):
            reject(messages.MACROS, "macros")
    for message, code, target in package.odf_findings:
        reject(message, code, target=target[:100])
    _check_ole_parts(package)
    manifest = package.parts.get("META-INF/manifest.xml")
    if manifest is not None and manifest.data and b"encryption-data" in manifest.data:
        reject(messages.ENCRYPTED, "zip_encrypted")
    mimetype_part = package.parts.get("mimetype")
    mimetype = (mimetype_part.data or b"").strip() if mimetype_part else b""
    for code in ("odt", "ods"):
        if mimetype == KINDS[code].mime_type.encode():
            return KINDS[code]
    return None


def check_package(data: bytes) -> FileKind:
    """The kind of a DOCX/XLSX/ODT/ODS, or a refusal."""
    budget = Budget(min(ZIP_MAX_UNCOMPRESSED_BYTES, ZIP_MAX_RATIO * max(len(data), 1)))
    package = unpack(data, budget)
    kind: FileKind | None = None
    if "[Content_Types].xml" in package.parts:
        kind = _check_ooxml(package)
    elif "mimetype" in package.parts:
        kind = _check_odf(package)
    if kind is None:
        reject(messages.ARCHIVE, "archive")
    return kind
