"""Generate real, valid form files (DOCX and PDF) without any download.

The demo seeds the priority procedures' forms with these, and the tests use them
as the "good" side of the upload corpus.
"""

from __future__ import annotations

import io
import logging
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from cms.core.text import ascii_fold

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
)

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats'
    '.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)


def _paragraph(text: str, *, bold: bool = False, centre: bool = False) -> str:
    props = '<w:pPr><w:jc w:val="center"/></w:pPr>' if centre else ""
    run_props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return (
        f"<w:p>{props}<w:r>{run_props}"
        f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'
    )


def form_header(form_number: str, title: str) -> list[str]:
    """The lines every Vietnamese administrative form starts with."""
    return [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "",
        form_number,
        title.upper(),
        "",
        "Kính gửi: ....................................................",
    ]


def docx_bytes(form_number: str, title: str, lines: list[str]) -> bytes:
    """A minimal valid Word document (opens in Word and LibreOffice)."""
    header = form_header(form_number, title)
    body = "".join(
        _paragraph(text, bold=index in {0, 4}, centre=index < 5)
        for index, text in enumerate(header)
    )
    body += "".join(_paragraph(text) for text in lines)
    body += _paragraph("")
    body += _paragraph("Người làm đơn (ký, ghi rõ họ tên)")
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
        f'2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


def _font_path() -> str | None:
    return next((path for path in FONT_CANDIDATES if Path(path).exists()), None)


def pdf_bytes(form_number: str, title: str, lines: list[str]) -> bytes:
    """A one-page A4 PDF of the form whose text can be selected, searched and
    read aloud (a screen reader or the search index extracts it).

    fpdf2 embeds a subset of DejaVu Sans (Debian's fonts-dejavu-core) with its
    Unicode map, so the Vietnamese diacritics survive extraction; without the
    font, a text PDF with the accents stripped.
    """
    font_path = _font_path()
    text = [*form_header(form_number, title), *lines, "", "Người làm đơn"]
    if font_path is None:
        return text_pdf_bytes(text)
    from fpdf import FPDF

    # fontTools reports every subsetting step at INFO: noise in the demo's log.
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_lang("vi")
    pdf.set_creator("Cổng dịch vụ công")
    pdf.set_margins(20, 20, 20)
    pdf.add_font("DejaVu", "", font_path)
    pdf.add_page()
    for index, line in enumerate(text):
        header = index < len(form_header(form_number, title))
        pdf.set_font("DejaVu", size=13 if index in {0, 4} else 11)
        pdf.multi_cell(
            0,
            7,
            line,
            align="C" if header and index < 5 else "L",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    return bytes(pdf.output())


def text_pdf_bytes(lines: list[str]) -> bytes:
    """A hand-written PDF 1.4 with Helvetica text (ASCII only)."""

    def ascii_line(line: str) -> str:
        plain = ascii_fold(line)
        return plain.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    stream_lines = ["BT", "/F1 12 Tf", "72 770 Td", "16 TL"]
    stream_lines += [f"({ascii_line(line)}) '" for line in lines]
    stream_lines.append("ET")
    stream = "\n".join(stream_lines).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, xref)
    )
    return out.getvalue()


def opendocument_bytes(mime_type: str, content_xml: str) -> bytes:
    """A minimal OpenDocument package (``mimetype`` first and stored)."""
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:'
        'xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        f'manifest:media-type="{mime_type}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" '
        'manifest:media-type="text/xml"/></manifest:manifest>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mime_type, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content_xml, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr(
            "META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED
        )
    return buffer.getvalue()
