"""Builders for the upload corpus: every allowed type, and hostile files."""

from __future__ import annotations

import io
import struct
import zipfile

from PIL import Image

from forms_library import samples
from forms_library.validation import KINDS

FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _dir_entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB", len(encoded), kind, 1 if name else 0)
        + struct.pack("<III", NOSTREAM, NOSTREAM, child)
        + b"\0" * 16
        + struct.pack("<I", 0)
        + b"\0" * 16
        + struct.pack("<IQ", start, size)
    )


def ole_bytes(stream_name: str, extra_stream: str | None = None) -> bytes:
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
    entries = _dir_entry("Root Entry", 5, 1, END, 0) + _dir_entry(
        stream_name, 2, NOSTREAM, 2, 4096
    )
    entries += _dir_entry(extra_stream, 2, NOSTREAM, END, 0) if extra_stream else b""
    directory = entries.ljust(512, b"\0")
    stream = (b"Mau so 01 " * 500)[:4096]
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
    ("Văn bản.odt", ODT, "odt"),
    ("Bảng tính.ods", ODS, "ods"),
    (
        "Đơn.rtf",
        b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Arial;}} \\f0 Don de nghi}",
        "rtf",
    ),
    ("Ảnh chân dung.jpg", jpeg_bytes(), "jpeg"),
    ("Ảnh CCCD.png", png_bytes(), "png"),
]


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
