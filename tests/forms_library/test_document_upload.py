"""Editors' uploads through Wagtail's document admin go through the validator."""

from __future__ import annotations

from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model

from forms_library import samples
from tests.forms_library.corpus import docx_with
from tests.forms_library.test_validation import EXE, HTML, SVG

pytestmark = pytest.mark.django_db

Document = get_document_model()


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "documents"
    return sorted(root.glob("*")) if root.exists() else []


@pytest.fixture(autouse=True)
def clean_media():
    before = set(stored_files())
    yield
    for path in set(stored_files()) - before:
        path.unlink()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("don.pdf", HTML),
        ("to-khai.pdf", EXE),
        ("bieu-mau.docx", SVG),
        ("bom.docx", docx_with({"word/media/a.bin": b"\0" * (5 * 1024 * 1024)})),
    ],
    ids=["html", "exe", "svg", "zip-bomb"],
)
def test_hostile_upload_is_refused_and_nothing_is_stored(admin_client, name, content):
    before = stored_files()
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {"title": "Tờ khai", "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == HTTPStatus.OK  # the form again, with the error
    page = response.content.decode()
    assert "Các loại tệp được phép: PDF, DOC, DOCX" in page
    assert "File extension" not in page
    assert Document.objects.count() == 0
    assert stored_files() == before


def test_multiple_upload_refuses_hostile_file(admin_client):
    response = admin_client.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": SimpleUploadedFile("don.pdf", EXE)},
    )
    assert response.status_code == HTTPStatus.OK
    assert response.json()["success"] is False
    assert "tệp thực thi" in response.json()["error_message"]
    assert Document.objects.count() == 0


def test_good_upload_is_stored_under_a_random_name(admin_client):
    content = samples.docx_bytes("Mẫu số 01", "Đơn đề nghị", ["Họ và tên"])
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Đơn đề nghị",
            "file": SimpleUploadedFile("Đơn đề nghị cấp phép.docx", content),
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    document = Document.objects.get()
    assert document.file.name.startswith("documents/")
    assert document.file.name.endswith(".docx")
    assert "nghi" not in document.file.name
    assert len(Path(document.file.name).stem) == 32
    document.file.delete()
