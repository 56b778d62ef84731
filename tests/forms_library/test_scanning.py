"""Virus scanning: one interface, the real clamd, and nothing served before it is clean.

Most tests use :class:`StubScanner`, a backend of the same interface whose
verdicts the test controls (a marker in the bytes means "infected"; ``down``
means "no answer"). Those marked ``clamd`` talk to the real daemon that
``scripts/services.sh start clamd`` runs with the EICAR test signature.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from http import HTTPStatus

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from forms_library import access, checks, samples
from forms_library.models import FormVersion
from forms_library.validation import UploadRejected, validate_upload
from forms_library.validation.scanners import (
    ClamdScanner,
    ScannerUnavailable,
    ScanResult,
    ScanStatus,
    VirusScanner,
    get_scanner,
)
from tests.forms_library import corpus
from tests.forms_library.factories import DocumentFactory, FormVersionFactory
from tests.procedure_pages.factories import ProcedurePageFactory, site_with_catalogue

MARKER = b"STUB-VIRUS-MARKER"


class StubScanner(VirusScanner):
    """A scanner backend whose verdicts the tests decide."""

    name = "stub"
    down = False

    def __init__(self, **options: object) -> None:
        self.options = options

    def scan(self, chunks: Iterable[bytes]) -> ScanResult:
        data = b"".join(chunks)
        if StubScanner.down:
            raise ScannerUnavailable("stub scanner is down")
        return ScanResult(infected=MARKER in data, signature="Stub.Marker")

    def ping(self) -> bool:
        return not StubScanner.down


@pytest.fixture
def stub_scanner(settings) -> Iterator[type[StubScanner]]:
    settings.VIRUS_SCANNER = {"BACKEND": f"{__name__}.StubScanner"}
    StubScanner.down = False
    yield StubScanner
    StubScanner.down = False


@pytest.fixture
def no_scanner(settings) -> None:
    settings.VIRUS_SCANNER = None


def infected_docx() -> ContentFile:
    content = samples.docx_bytes("Mẫu số 01", "Đơn", ["x"])
    return ContentFile(content + MARKER, name="bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.docx")


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def download_status(client, version: FormVersion) -> int:
    return client.get(version.get_download_url()).status_code


# --- the interface and the check ----------------------------------------------------


def test_without_a_scanner_the_system_check_warns(no_scanner):
    messages = checks.check_virus_scanner()
    assert [m.id for m in messages] == ["forms_library.W001"]
    assert "CLAMD_URL" in messages[0].hint


def test_a_scanner_that_cannot_be_built_is_an_error(settings):
    settings.VIRUS_SCANNER = {"BACKEND": "forms_library.nowhere.Scanner"}
    assert [m.id for m in checks.check_virus_scanner()] == ["forms_library.E001"]


def test_a_configured_scanner_passes_the_check(stub_scanner):
    assert checks.check_virus_scanner() == []


def test_settings_build_the_clamd_backend_from_clamd_url(settings):
    settings.VIRUS_SCANNER = {
        "BACKEND": "forms_library.validation.scanners.ClamdScanner",
        "OPTIONS": {"url": "tcp://127.0.0.1:3310", "timeout": 5},
    }
    scanner = get_scanner()
    assert isinstance(scanner, ClamdScanner)
    assert scanner.describe() == "clamd at tcp://127.0.0.1:3310"


@pytest.mark.parametrize("url", ["tcp://127.0.0.1:1", "unix:///nonexistent/clamd.ctl"])
def test_an_unreachable_clamd_gives_no_verdict(url):
    scanner = ClamdScanner(url, timeout=2)
    assert scanner.ping() is False
    with pytest.raises(ScannerUnavailable):
        scanner.scan_bytes(b"%PDF-1.4")


# --- uploads ------------------------------------------------------------------------


def test_an_infected_upload_is_refused_in_vietnamese(stub_scanner):
    with translation.override("vi"), pytest.raises(UploadRejected) as caught:
        validate_upload(io.BytesIO(corpus.GOOD_PDF + MARKER), name="don.pdf")
    assert caught.value.code == "virus"
    with translation.override("vi"):
        assert "virus hoặc mã độc (Stub.Marker)" in caught.value.messages[0]


def test_a_clean_upload_says_clean_and_an_unscanned_one_pending(stub_scanner):
    checked = validate_upload(io.BytesIO(corpus.GOOD_PDF), name="don.pdf")
    assert checked.scan_status == ScanStatus.CLEAN
    stub_scanner.down = True
    checked = validate_upload(io.BytesIO(corpus.GOOD_PDF), name="don.pdf")
    assert checked.scan_status == ScanStatus.PENDING


def test_without_a_scanner_uploads_stay_pending(no_scanner):
    checked = validate_upload(io.BytesIO(corpus.GOOD_PDF), name="don.pdf")
    assert checked.scan_status == ScanStatus.PENDING


# --- stored form versions -------------------------------------------------------------


@pytest.mark.django_db
def test_a_saved_version_is_scanned_and_then_served(client, stub_scanner):
    version = FormVersionFactory()
    version.refresh_from_db()
    assert version.scan_status == ScanStatus.CLEAN
    assert download_status(client, version) == HTTPStatus.OK


@pytest.mark.django_db
def test_a_pending_file_is_served_by_no_route_until_it_is_clean(client, stub_scanner):
    stub_scanner.down = True
    version = FormVersionFactory()
    version.refresh_from_db()
    assert version.scan_status == ScanStatus.PENDING

    assert download_status(client, version) == HTTPStatus.NOT_FOUND
    assert client.get(version.get_download_url()).status_code == HTTPStatus.NOT_FOUND
    version_url = reverse("forms_library:download_version", args=[version.pk])
    assert client.get(version_url).status_code == HTTPStatus.NOT_FOUND
    assert client.get(version.document.url).status_code == HTTPStatus.NOT_FOUND
    assert access.downloadable([version], None) == []

    with pytest.raises(CommandError, match="does not answer"):
        call_command("scan_form_files", stdout=io.StringIO())
    stub_scanner.down = False
    out = io.StringIO()
    call_command("scan_form_files", stdout=out)
    assert "clean: 1" in out.getvalue()
    assert download_status(client, version) == HTTPStatus.OK
    assert client.get(version.document.url).status_code == HTTPStatus.OK


@pytest.mark.django_db
def test_the_procedure_zip_leaves_out_files_not_yet_clean(client, stub_scanner):
    _site, catalogue = site_with_catalogue(
        hostname="soxaydung.caobang.localhost", name="Sở Xây dựng"
    )
    procedure = ProcedurePageFactory(parent=catalogue, title="Cấp phép")
    clean = FormVersionFactory(form__title="Đơn sạch")
    stub_scanner.down = True
    pending = FormVersionFactory(form__title="Đơn chờ quét")
    for version in (clean, pending):
        version.form.procedures.add(procedure)
        version.form.save()

    response = client.get(
        reverse("forms_library:download_procedure", args=[procedure.pk])
    )
    names = zipfile.ZipFile(io.BytesIO(body(response))).namelist()
    assert any("Đơn sạch" in name for name in names)
    assert not any("Đơn chờ quét" in name for name in names)


@pytest.mark.django_db
def test_an_infected_file_is_never_served_even_without_a_scanner(
    client, stub_scanner, settings
):
    version = FormVersionFactory(document=DocumentFactory(file=infected_docx()))
    version.refresh_from_db()
    assert version.scan_status == ScanStatus.INFECTED
    assert download_status(client, version) == HTTPStatus.NOT_FOUND
    settings.VIRUS_SCANNER = None
    assert download_status(client, version) == HTTPStatus.NOT_FOUND
    with pytest.raises(CommandError):
        call_command("scan_form_files", "--all", stdout=io.StringIO())


@pytest.mark.django_db
def test_replacing_a_documents_file_scans_it_again(client, stub_scanner):
    version = FormVersionFactory()
    version.refresh_from_db()
    assert version.scan_status == ScanStatus.CLEAN
    document = version.document
    document.file = infected_docx()
    document.save()
    version.refresh_from_db()
    assert version.scan_status == ScanStatus.INFECTED
    assert download_status(client, version) == HTTPStatus.NOT_FOUND


@pytest.mark.django_db
def test_without_a_scanner_pending_files_are_served(client, no_scanner):
    version = FormVersionFactory()
    version.refresh_from_db()
    assert version.scan_status == ScanStatus.PENDING
    assert download_status(client, version) == HTTPStatus.OK


# --- the real clamd -------------------------------------------------------------------


@pytest.mark.clamd
def test_clamd_finds_eicar_inside_a_pdf_and_passes_a_clean_one():
    scanner = get_scanner()
    assert scanner is not None and scanner.ping()
    infected = scanner.scan_bytes(corpus.pdf_document(tail=b"\n" + corpus.eicar()))
    assert infected.infected
    assert "EICAR" in infected.signature.upper()
    assert not scanner.scan_bytes(corpus.GOOD_PDF).infected
    # Streamed in chunks larger than one INSTREAM chunk.
    big = corpus.GOOD_PDF + b"%" + b"0" * (300 * 1024) + b"\n"
    assert not scanner.scan_file(io.BytesIO(big)).infected


@pytest.mark.clamd
@pytest.mark.django_db
def test_clamd_marks_stored_versions_and_only_clean_ones_are_served(client):
    clean = FormVersionFactory()
    infected = FormVersionFactory(
        document=DocumentFactory(
            file=ContentFile(
                corpus.pdf_document(tail=b"\n" + corpus.eicar() + b"\n"),
                name="cccccccccccccccccccccccccccccccc.pdf",
            )
        )
    )
    clean.refresh_from_db()
    infected.refresh_from_db()
    assert clean.scan_status == ScanStatus.CLEAN
    assert infected.scan_status == ScanStatus.INFECTED
    assert download_status(client, clean) == HTTPStatus.OK
    assert download_status(client, infected) == HTTPStatus.NOT_FOUND


@pytest.mark.clamd
@pytest.mark.django_db
def test_an_editor_uploading_eicar_gets_the_refusal_and_nothing_is_stored(
    admin_client,
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.documents import get_document_model

    infected = corpus.pdf_document(tail=b"\n" + corpus.eicar() + b"\n")
    with translation.override("vi"):
        response = admin_client.post(
            reverse("wagtaildocs:add"),
            {"title": "Tờ khai", "file": SimpleUploadedFile("to-khai.pdf", infected)},
            HTTP_ACCEPT_LANGUAGE="vi",
        )
    assert response.status_code == HTTPStatus.OK  # the form again, with the error
    assert "virus hoặc mã độc" in response.content.decode()
    assert get_document_model().objects.count() == 0
