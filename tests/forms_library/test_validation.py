"""The upload validator against a corpus of hostile files written to disk."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from django.core.files import File
from django.utils import translation

from forms_library import samples
from forms_library.validation import UploadRejected, validate_upload
from tests.forms_library import corpus

GOOD_PDF = samples.text_pdf_bytes(["Mau so 01"])
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

# (file name, content, allow_images, expected rejection code)
HOSTILE = [
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
        corpus.png_bytes(b"<html><script>alert(1)</script></html>"),
        True,
        "polyglot",
    ),
    ("anh.png", corpus.png_bytes(text=b"<script>alert(1)</script>"), True, "polyglot"),
    ("anh.jpg", corpus.jpeg_bytes(b"<script>alert(1)</script>"), True, "polyglot"),
    ("anh.png", corpus.png_with_html_pixels(), True, "polyglot"),
    (
        "don.pdf",
        b"%PDF-1.4\n<html><script>alert(1)</script></html>\n",
        False,
        "polyglot",
    ),
    (
        "don.pdf",
        GOOD_PDF.replace(
            b"/Type /Catalog",
            b"/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>",
        ),
        False,
        "pdf_active_content",
    ),
    (
        "bom.docx",
        corpus.docx_with({"word/media/a.bin": b"\0" * (20 * 1024 * 1024)}),
        False,
        "zip_bomb",
    ),
    (
        "duong-dan.docx",
        corpus.docx_with({"../../../etc/cron.d/x": b"* * * * * sh"}),
        False,
        "zip_unsafe_path",
    ),
    (
        "tuyet-doi.docx",
        corpus.docx_with({"/etc/passwd": b"root"}),
        False,
        "zip_unsafe_path",
    ),
    (
        "nhieu.docx",
        corpus.docx_with({f"word/p{i}.xml": b"<a/>" for i in range(1001)}),
        False,
        "zip_too_many_entries",
    ),
    ("nen.zip", corpus.zip_bytes({"don.pdf": GOOD_PDF}), False, "archive"),
    ("nen.pdf", b"\x1f\x8b\x08\x00" + b"\x00" * 30, False, "archive"),
    (
        "macro.docx",
        corpus.docx_with({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"}),
        False,
        "macros",
    ),
    (
        "macro.doc",
        corpus.ole_bytes("WordDocument", extra_stream="Macros"),
        False,
        "macros",
    ),
    ("rong.pdf", b"", False, "empty"),
    ("trang.pdf", b"\x00\x00  \r\n", False, "empty"),
    ("anh.jpg", corpus.jpeg_bytes(), False, "image_not_allowed"),
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


def write(tmp_path: Path, content: bytes) -> Path:
    path = tmp_path / "upload.bin"
    path.write_bytes(content)
    return path


def rejection(tmp_path: Path, content: bytes, name: str, wrap=File, **options):
    """Validate ``content`` from a file on disk; return the UploadRejected."""
    with write(tmp_path, content).open("rb") as handle:
        try:
            validate_upload(wrap(handle), name=name, **options)
        except UploadRejected as error:
            return error
    pytest.fail(f"{name} was accepted")


@pytest.mark.parametrize(
    ("name", "content", "allow_images", "code"),
    HOSTILE,
    ids=[f"{i:02d}-{row[3]}" for i, row in enumerate(HOSTILE)],
)
def test_hostile_file_is_rejected_with_its_reason(
    tmp_path, name, content, allow_images, code
):
    assert len(HOSTILE) >= 20
    path = write(tmp_path, content)
    with path.open("rb") as handle, pytest.raises(UploadRejected) as caught:
        validate_upload(File(handle), name=name, allow_images=allow_images)
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("name", "content", "kind"), corpus.ALLOWED, ids=[r[2] for r in corpus.ALLOWED]
)
def test_every_allowed_type_is_accepted_by_content(tmp_path, name, content, kind):
    path = write(tmp_path, content)
    with path.open("rb") as handle:
        checked = validate_upload(File(handle), name=name, allow_images=True)
    assert checked.kind.code == kind
    assert checked.size == len(content)
    assert checked.display_name == name
    # The storage name is random and carries the extension of the real type.
    assert checked.storage_name.endswith("." + checked.kind.extension)
    assert name.rsplit(".", 1)[0] not in checked.storage_name


def test_type_comes_from_content_not_from_the_name(tmp_path):
    docx = samples.docx_bytes("Mẫu 01", "Đơn", ["x"])
    with write(tmp_path, docx).open("rb") as handle:
        checked = validate_upload(File(handle), name="ten-sai.pdf")
    assert checked.kind.code == "docx"
    assert checked.storage_name.endswith(".docx")


def test_oversized_files_are_rejected_by_the_settings_limit(tmp_path, settings):
    settings.UPLOAD_MAX_BYTES = 2048
    error = rejection(tmp_path, GOOD_PDF + b"%" * 2048, "lon.pdf")
    assert error.code == "too_large"
    # Objects without a size are read only up to the limit.
    error = rejection(tmp_path, GOOD_PDF + b"%" * 4096, "lon.pdf", wrap=lambda h: h)
    assert error.code == "too_large"


def test_default_limit_is_ten_megabytes(tmp_path):
    content = GOOD_PDF + b"%" * (10 * 1024 * 1024)
    error = rejection(tmp_path, content, "lon.pdf")
    assert error.code == "too_large"


def test_overlapping_entries_zip_bomb_is_rejected(tmp_path):
    """Two central-directory entries pointing at the same data (Fifield's bomb)."""
    docx = corpus.docx_with({"word/a.xml": b"<a/>" * 10})
    archive = zipfile.ZipFile(write(tmp_path, docx))
    target = archive.getinfo("word/document.xml").header_offset
    victim = archive.getinfo("word/a.xml").header_offset
    archive.close()
    # Point a's central record at document.xml's local header.
    name_at = docx.find(b"word/a.xml", docx.find(b"PK\x01\x02"))
    offset_field = name_at - 46 + 42
    record = bytearray(docx)
    assert int.from_bytes(record[offset_field : offset_field + 4], "little") == victim
    record[offset_field : offset_field + 4] = target.to_bytes(4, "little")
    error = rejection(tmp_path, bytes(record), "chong.docx")
    assert error.code == "zip_bomb"


def test_messages_are_vietnamese_and_say_what_is_allowed(tmp_path):
    with write(tmp_path, EXE).open("rb") as handle, translation.override("vi"):
        with pytest.raises(UploadRejected) as caught:
            validate_upload(File(handle), name="to-khai.pdf")
        message = caught.value.messages[0]
    assert "tệp thực thi" in message
    assert "Các loại tệp được phép" in message
    assert "PDF, DOC, DOCX, XLS, XLSX, ODT, ODS, RTF" in message
    assert "JPG" not in message


def test_image_fields_mention_images_in_the_message(tmp_path):
    with write(tmp_path, HTML).open("rb") as handle, translation.override("vi"):
        with pytest.raises(UploadRejected) as caught:
            validate_upload(File(handle), name="a.png", allow_images=True)
        assert "JPG, PNG" in caught.value.messages[0]


def test_file_is_rewound_for_whoever_stores_it(tmp_path):
    with write(tmp_path, GOOD_PDF).open("rb") as handle:
        validate_upload(File(handle), name="don.pdf")
        assert handle.read() == GOOD_PDF
