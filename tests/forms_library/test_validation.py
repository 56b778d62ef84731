"""The upload validator against a corpus of hostile files written to disk.

The whole hostile corpus (with what the 2026 review got through) is in
``tests/security/test_hostile_files.py``; here: the validator's own rules.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files import File
from django.utils import translation

from forms_library import samples
from forms_library.validation import UploadRejected, validate_upload
from tests.forms_library import corpus

GOOD_PDF = corpus.GOOD_PDF
# Re-exported: other tests send these through the admin and the importer.
HTML, SVG, EXE = corpus.HTML, corpus.SVG, corpus.EXE

# (file name, content, allow_images, expected rejection code): the corpus refused
# before the 2026 review; tests/security/test_hostile_files.py runs all of it.
HOSTILE = corpus.legacy_hostile()


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


def test_a_pdf_locked_with_a_user_password_is_refused():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(GOOD_PDF)))
    writer.encrypt(user_password="mat-khau", owner_password="chu", algorithm="RC4-128")
    locked = io.BytesIO()
    writer.write(locked)
    with pytest.raises(UploadRejected) as caught:
        validate_upload(io.BytesIO(locked.getvalue()), name="khoa.pdf")
    assert caught.value.code == "pdf_encrypted"


def test_a_pdf_with_only_print_restrictions_is_accepted():
    """An owner password alone opens with an empty user password, as in viewers."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(GOOD_PDF)))
    writer.encrypt(user_password="", owner_password="chu", algorithm="RC4-128")
    restricted = io.BytesIO()
    writer.write(restricted)
    checked = validate_upload(io.BytesIO(restricted.getvalue()), name="in.pdf")
    assert checked.kind.code == "pdf"


def test_a_pdf_that_no_parser_can_read_is_refused_as_damaged():
    garbage = b"%PDF-1.7\n" + bytes(range(256)) * 40
    with pytest.raises(UploadRejected) as caught:
        validate_upload(io.BytesIO(garbage), name="hong.pdf")
    assert caught.value.code == "corrupt"


def test_object_streams_are_inflated_under_one_budget(monkeypatch):
    from forms_library.validation import pdf

    monkeypatch.setattr(pdf, "PDF_MAX_OBJECT_STREAM_BYTES", 10)
    with pytest.raises(UploadRejected) as caught:
        validate_upload(
            io.BytesIO(corpus.pdf_document(compressed={1, 2})), name="nen.pdf"
        )
    assert caught.value.code == "pdf_bomb"


def test_a_package_is_inflated_under_a_budget_of_real_bytes():
    """The directory claims 1,000 bytes; the inflater stops at the budget."""
    from forms_library.validation import packages

    bomb = corpus.falsify_sizes(
        corpus.docx_package(parts={"word/media/a.bin": b"\0" * (8 * 1024 * 1024)}),
        "word/media/a.bin",
        1000,
    )
    # What the directory says fits the budget many times over.
    declared = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(bomb)).infolist())
    assert declared < 1024 * 1024
    with pytest.raises(UploadRejected) as caught:
        packages.unpack(bomb, packages.Budget(remaining=1024 * 1024))
    assert caught.value.code == "zip_bomb"


def test_a_chart_workbook_inside_a_docx_is_inspected_not_refused():
    chart = corpus.docx_package(
        parts={"word/embeddings/Microsoft_Excel_Sheet1.xlsx": corpus.xlsx_bytes()}
    )
    checked = validate_upload(io.BytesIO(chart), name="bieu-do.docx")
    assert checked.kind.code == "docx"
    macro_chart = corpus.docx_package(
        parts={
            "word/embeddings/Microsoft_Excel_Sheet1.xlsx": corpus.docx_with(
                {"word/vbaProject.bin": corpus.ole_bytes("VBA")}
            )
        }
    )
    with pytest.raises(UploadRejected) as caught:
        validate_upload(io.BytesIO(macro_chart), name="bieu-do.docx")
    assert caught.value.code == "macros"
