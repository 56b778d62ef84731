"""Every download path: safe headers, real bytes, counters, history, ZIP."""

from __future__ import annotations

import datetime
import importlib
import io
import zipfile
from http import HTTPStatus
from urllib.parse import unquote

import pytest
from django.urls import clear_url_caches, reverse
from django.utils import timezone

from forms_library import services
from forms_library.models import FormDownloadCount, FormStatus
from forms_library.validation import KINDS
from tests.forms_library.factories import (
    DocumentFactory,
    FormTemplateFactory,
    FormVersionFactory,
    pdf_file,
)
from tests.procedure_pages.factories import ProcedurePageFactory, site_with_catalogue

pytestmark = pytest.mark.django_db

DOCX = KINDS["docx"].mime_type


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def utf8_filename(response) -> str:
    header = response["Content-Disposition"]
    assert header.startswith("attachment;")
    encoded = header.split("filename*=UTF-8''", 1)[1]
    return unquote(encoded)


def assert_safe_headers(response, mime: str) -> None:
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == mime
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert "sandbox" in response["Content-Security-Policy"]
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="')
    assert disposition.isascii()
    assert "\r" not in disposition and "\n" not in disposition


def test_form_download_keeps_the_vietnamese_name(client):
    version = FormVersionFactory(
        form__form_number="Mẫu số 01",
        form__title="Đơn đề nghị cấp giấy phép xây dựng",
    )
    response = client.get(version.form.get_download_url())
    assert_safe_headers(response, DOCX)
    assert utf8_filename(response) == (
        "Mẫu số 01 - Đơn đề nghị cấp giấy phép xây dựng.docx"
    )
    assert (
        'filename="Mau so 01 - Don de nghi cap giay phep xay dung.docx"'
        in (response["Content-Disposition"])
    )
    with version.document.file.open("rb") as stored:
        assert body(response) == stored.read()
    assert int(response["Content-Length"]) == version.document.file.size


def test_hostile_title_cannot_break_the_header(client):
    version = FormVersionFactory(
        form__form_number='Mẫu "01"',
        form__title="Đơn\r\nSet-Cookie: a=b; \u202efdp.exe ../../x",
    )
    response = client.get(version.form.get_download_url())
    assert_safe_headers(response, DOCX)
    name = utf8_filename(response)
    assert name.endswith(".docx")
    assert not set(name) & set('"\r\n/\\\u202e')


def test_wagtail_document_path_has_the_same_headers(client):
    version = FormVersionFactory(document__file=pdf_file())
    document = version.document
    response = client.get(document.url)
    # PDFs too are attachments: never rendered inline in the portal's origin.
    assert_safe_headers(response, "application/pdf")
    assert utf8_filename(response).endswith(".pdf")
    assert FormDownloadCount.objects.get(form=version.form).count == 1


def test_wagtail_document_outside_a_form_is_served_safely(client):
    document = DocumentFactory(title="Quyết định số 12")
    response = client.get(document.url)
    assert_safe_headers(response, DOCX)
    assert utf8_filename(response) == "Quyết định số 12.docx"


def test_direct_media_url_is_not_served(client, settings):
    version = FormVersionFactory()
    media_url = settings.MEDIA_URL + version.document.file.name
    assert client.get(media_url).status_code == HTTPStatus.NOT_FOUND
    # Not even by the development server's media route.
    import cms.urls

    settings.DEBUG = True
    try:
        importlib.reload(cms.urls)
        clear_url_caches()
        assert client.get(media_url).status_code == HTTPStatus.NOT_FOUND
    finally:
        settings.DEBUG = False
        importlib.reload(cms.urls)
        clear_url_caches()


def test_superseded_versions_stay_downloadable_from_the_history(client):
    form = FormTemplateFactory(title="Tờ khai đăng ký")
    old = FormVersionFactory(
        form=form,
        version="1",
        effective_date=datetime.date(2016, 7, 1),
        document__file=pdf_file("cu"),
    )
    new = FormVersionFactory(
        form=form, version="2", effective_date=datetime.date(2024, 1, 1)
    )
    services.keep_one_current(form)
    old.refresh_from_db()
    assert old.status == FormStatus.SUPERSEDED
    assert form.current_version == new

    current = client.get(form.get_download_url())
    assert_safe_headers(current, DOCX)
    history = client.get(old.get_download_url())
    assert_safe_headers(history, "application/pdf")
    assert "(phiên bản 1)" in utf8_filename(history)
    with old.document.file.open("rb") as stored:
        assert body(history) == stored.read()


def test_each_download_counts_once_per_form_per_day(client):
    version = FormVersionFactory()
    other = FormVersionFactory()
    for _ in range(3):
        body(client.get(version.form.get_download_url()))
    body(client.get(version.get_download_url()))
    body(client.get(other.form.get_download_url()))
    counter = FormDownloadCount.objects.get(form=version.form)
    assert counter.day == timezone.localdate()
    assert counter.count == 4
    assert FormDownloadCount.objects.get(form=other.form).count == 1
    # An aggregate only: nothing about the visitor is stored.
    fields = {f.name for f in FormDownloadCount._meta.get_fields()}
    assert fields == {"id", "form", "day", "count"}


def test_missing_or_versionless_forms_are_not_found(client):
    form = FormTemplateFactory()
    assert client.get(form.get_download_url()).status_code == HTTPStatus.NOT_FOUND
    missing = reverse("forms_library:download_version", args=[999999])
    assert client.get(missing).status_code == HTTPStatus.NOT_FOUND
    assert client.post(form.get_download_url()).status_code == (
        HTTPStatus.METHOD_NOT_ALLOWED
    )


@pytest.fixture
def procedure():
    site, catalogue = site_with_catalogue(
        hostname="soxaydung.caobang.localhost", name="Sở Xây dựng"
    )
    page = ProcedurePageFactory(parent=catalogue, title="Cấp giấy phép xây dựng")
    return page


def test_zip_contains_exactly_the_procedures_current_forms(client, procedure):
    linked = FormVersionFactory(form__title="Đơn đề nghị cấp giấy phép")
    FormVersionFactory(
        form=linked.form,
        version="0",
        effective_date=datetime.date(2010, 1, 1),
        status=FormStatus.SUPERSEDED,
    )
    linked.form.procedures.add(procedure)
    linked.form.save()
    # A form tied through a dossier component counts too.
    component = FormVersionFactory(form__title="Bản kê khai", document__file=pdf_file())
    procedure.documents = [
        (
            "document",
            {
                "name": "Bản kê khai",
                "originals": 1,
                "copies": 0,
                "note": "",
                "form": component.form,
            },
        )
    ]
    procedure.save_revision().publish()
    FormVersionFactory(form__title="Mẫu của thủ tục khác")

    response = client.get(
        reverse("forms_library:download_procedure", args=[procedure.pk])
    )
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/zip"
    assert response["X-Content-Type-Options"] == "nosniff"
    archive = zipfile.ZipFile(io.BytesIO(body(response)))
    expected = {
        services.version_filename(linked): linked,
        services.version_filename(component): component,
    }
    assert sorted(archive.namelist()) == sorted(expected)
    for name, version in expected.items():
        with version.document.file.open("rb") as stored:
            assert archive.read(name) == stored.read()
    assert FormDownloadCount.objects.filter(form=linked.form).get().count == 1


def test_admin_lists_forms_with_their_download_totals(admin_client, client):
    version = FormVersionFactory(form__title="Tờ khai thống kê lượt tải")
    for _ in range(2):
        body(client.get(version.form.get_download_url()))
    response = admin_client.get(
        reverse("wagtailsnippets_forms_library_formtemplate:list")
    )
    assert response.status_code == HTTPStatus.OK
    row = response.content.decode().split("Tờ khai thống kê lượt tải", 1)[1]
    assert ">2<" in row.split("</tr>", 1)[0].replace(" ", "").replace("\n", "")


def test_saving_a_form_in_the_admin_keeps_one_current_version(admin_client):
    old = FormVersionFactory(version="2016", effective_date=datetime.date(2016, 1, 1))
    new_document = DocumentFactory()
    form = old.form
    data = {
        "form_number": form.form_number,
        "title": form.title,
        "issuing_document": "",
        "agency": "",
        "site": "",
        "versions-TOTAL_FORMS": "2",
        "versions-INITIAL_FORMS": "1",
        "versions-MIN_NUM_FORMS": "1",
        "versions-MAX_NUM_FORMS": "1000",
        "versions-0-id": str(old.pk),
        "versions-0-document": str(old.document.pk),
        "versions-0-version": "2016",
        "versions-0-effective_date": "2016-01-01",
        "versions-0-status": FormStatus.CURRENT,
        "versions-0-ORDER": "1",
        "versions-1-id": "",
        "versions-1-document": str(new_document.pk),
        "versions-1-version": "2024",
        "versions-1-effective_date": "2024-01-01",
        "versions-1-status": FormStatus.CURRENT,
        "versions-1-ORDER": "2",
    }
    url = reverse("wagtailsnippets_forms_library_formtemplate:edit", args=[form.pk])
    response = admin_client.post(url, data)
    assert response.status_code == HTTPStatus.FOUND, response.context["form"].errors
    statuses = dict(form.versions.values_list("version", "status"))
    assert statuses == {"2016": FormStatus.SUPERSEDED, "2024": FormStatus.CURRENT}
