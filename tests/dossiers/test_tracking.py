"""Tracking without an account, the receipt (page, PDF, QR), supplements and
withdrawal by the citizen, and the transition table behind them."""

from __future__ import annotations

import io
import re
from http import HTTPStatus

import pytest
from pypdf import PdfReader

from dossiers import services
from dossiers.enums import TRANSITIONS, Actor, DossierStatus, allowed_actions
from dossiers.models import Dossier, DossierEvent, DossierFile
from tests.dossiers.conftest import (
    PERMIT_ANSWERS,
    PERMIT_CODE,
    PERMIT_FILES,
    SXD,
    pdf_upload,
)

pytestmark = pytest.mark.django_db
# What differs between two renders of one page: the CSRF token and CSP nonce.
PER_RESPONSE = re.compile(rb'(name="csrfmiddlewaretoken" value|nonce)="[^"]+"')


@pytest.fixture
def dossier(client, province) -> Dossier:
    data = {"procedure": PERMIT_CODE, "unit": SXD, **PERMIT_ANSWERS}
    for name in PERMIT_FILES:
        data[name] = pdf_upload(f"{name}.pdf")
    response = client.post("/api/v3/dossiers/", data, HTTP_HOST=SXD)
    assert response.status_code == HTTPStatus.CREATED, response.content
    return Dossier.objects.get(code=response.json()["code"])


def embedded(font) -> bool:
    """WeasyPrint writes Type 0 fonts whose descendant carries the font file."""
    descendant = font["/DescendantFonts"][0].get_object()
    descriptor = descendant["/FontDescriptor"].get_object()
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def track(client, code, factor, address="10.1.1.1"):
    return client.post(
        "/tra-cuu-ho-so/",
        {"code": code, "factor": factor},
        HTTP_HOST="haquang.tinh.localhost",  # tracking works on every site
        REMOTE_ADDR=address,
    )


def test_tracking_with_the_right_code_and_factor_opens_the_dossier(client, dossier):
    response = track(client, dossier.code, "5678")

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"/tra-cuu-ho-so/{dossier.public_token}/"
    page = client.get(response["Location"], HTTP_HOST=SXD)
    text = page.content.decode()
    assert dossier.code in text
    assert "Đã tiếp nhận" in text
    assert dossier.appointment_date.strftime("%d/%m/%Y") in text
    assert page["Cache-Control"] == "private, no-store"


def test_a_wrong_code_and_a_wrong_factor_answer_identically(client, dossier):
    wrong_factor = track(client, dossier.code, "0000")
    wrong_code = track(client, dossier.code[:-4] + "9999", "5678")

    assert wrong_factor.status_code == wrong_code.status_code == HTTPStatus.NOT_FOUND
    assert PER_RESPONSE.sub(b"", wrong_factor.content).replace(
        dossier.code.encode(), b"CODE"
    ) == PER_RESPONSE.sub(b"", wrong_code.content).replace(
        (dossier.code[:-4] + "9999").encode(), b"CODE"
    )


def test_lookups_take_the_same_minimum_time(dossier, settings):
    import time

    settings.DOSSIERS_TRACK_MIN_SECONDS = 0.05
    for code, factor in ((dossier.code, "0000"), ("NOPE-000000-0000", "5678")):
        started = time.monotonic()
        assert services.find_for_tracking(code, factor) is None
        assert time.monotonic() - started >= 0.05


def test_lookups_are_rate_limited_per_client(client, dossier, settings):
    settings.DOSSIERS_TRACK_RATE = "3/m"
    codes = [track(client, dossier.code, "0000").status_code for _ in range(3)]
    limited = track(client, dossier.code, "5678")
    other_client = track(client, dossier.code, "5678", address="10.9.9.9")

    assert codes == [HTTPStatus.NOT_FOUND] * 3
    assert limited.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert limited["Retry-After"] == "60"
    assert other_client.status_code == HTTPStatus.FOUND


def test_an_unknown_token_is_404(client, province):
    for token in ("x", "A" * 43, "A" * 200):
        assert client.get(f"/tra-cuu-ho-so/{token}/", HTTP_HOST=SXD).status_code == 404


def test_the_receipt_page_and_pdf(client, dossier):
    page = client.get(
        f"/tra-cuu-ho-so/{dossier.public_token}/bien-nhan/", HTTP_HOST=SXD
    )
    text = page.content.decode()
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert dossier.code in text and "Nông Văn Dũng" in text
    assert "<svg" in text  # the QR code
    assert "Bản vẽ thiết kế xây dựng" in text

    pdf = client.get(
        f"/tra-cuu-ho-so/{dossier.public_token}/bien-nhan.pdf", HTTP_HOST=SXD
    )
    assert pdf["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    content = reader.pages[0].extract_text()
    assert dossier.code in content.replace("\n", "")
    assert "Ngày hẹn trả kết quả" in content
    fonts = reader.pages[0]["/Resources"]["/Font"]
    assert fonts and all(embedded(fonts[name].get_object()) for name in fonts)

    qr = client.get(f"/tra-cuu-ho-so/{dossier.public_token}/qr.svg", HTTP_HOST=SXD)
    assert qr["Content-Type"] == "image/svg+xml"


def test_the_citizen_answers_a_supplement_request(client, dossier, private_storage):
    services.apply_action(dossier, "accept", actor=Actor.STAFF)
    services.request_supplement(dossier, "Bổ sung bản vẽ mặt cắt.")
    url = f"/tra-cuu-ho-so/{dossier.public_token}/"

    page = client.get(url, HTTP_HOST=SXD).content.decode()
    assert "Bổ sung bản vẽ mặt cắt." in page

    hostile = pdf_upload("mat-cat.pdf").__class__("mat-cat.pdf", b"<html><script>")
    refused = client.post(f"{url}bo-sung/", {"files": [hostile]}, HTTP_HOST=SXD)
    assert refused.status_code == HTTPStatus.BAD_REQUEST
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUPPLEMENT_REQUESTED

    answered = client.post(
        f"{url}bo-sung/",
        {"files": [pdf_upload("mat-cat.pdf")], "answer": "Đã bổ sung."},
        HTTP_HOST=SXD,
    )
    assert answered.status_code == HTTPStatus.FOUND
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.PROCESSING
    supplement = DossierFile.objects.get(dossier=dossier, role="supplement")
    assert supplement.display_name == "mat-cat.pdf"
    assert dossier.supplement_requests.get().answered_at is not None


def test_the_citizen_withdraws_an_undecided_dossier(client, dossier):
    url = f"/tra-cuu-ho-so/{dossier.public_token}/rut-ho-so/"

    assert client.get(url, HTTP_HOST=SXD).status_code == HTTPStatus.OK
    response = client.post(url, {"confirm": "yes", "reason": "Nộp nhầm"}, HTTP_HOST=SXD)

    assert response.status_code == HTTPStatus.FOUND
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.WITHDRAWN
    event = DossierEvent.objects.filter(dossier=dossier).last()
    assert (event.from_status, event.to_status, event.actor, event.note) == (
        "received",
        "withdrawn",
        "citizen",
        "Nộp nhầm",
    )
    again = client.post(url, {"confirm": "yes"}, HTTP_HOST=SXD)
    assert "không thể rút" in again.content.decode()


def test_a_decided_dossier_cannot_be_withdrawn(dossier):
    services.apply_action(dossier, "accept", actor=Actor.STAFF)
    services.apply_action(dossier, "approve", actor=Actor.LEADER)

    with pytest.raises(services.TransitionNotAllowed) as refused:
        services.withdraw(dossier, "")
    assert "withdraw" not in refused.value.allowed


def test_the_transition_table_for_the_citizen():
    assert allowed_actions("received", Actor.CITIZEN) == ["withdraw"]
    assert allowed_actions("supplement_requested", Actor.CITIZEN) == [
        "answer_supplement",
        "withdraw",
    ]
    for status in (
        "approved",
        "rejected",
        "result_ready",
        "returned",
        "refused",
        "withdrawn",
    ):
        assert allowed_actions(status, Actor.CITIZEN) == []
    assert {t.action for t in TRANSITIONS.values() if t.needs_reason} >= {
        "refuse",
        "reject",
        "request_supplement",
    }


def test_a_staff_action_needs_a_reason_when_the_table_says_so(dossier):
    with pytest.raises(services.ReasonRequired):
        services.apply_action(dossier, "refuse", actor=Actor.STAFF)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RECEIVED


def test_the_procedure_page_shows_a_real_button_only_with_a_service(client, province):
    page = client.get("/thu-tuc-hanh-chinh/1009972/", HTTP_HOST=SXD).content.decode()
    assert (
        'class="online-apply-button" href="/thu-tuc-hanh-chinh/1009972/nop-truc-tuyen/"'
        in page
    )
    assert "Nộp hồ sơ trực tuyến" in page

    province.permit_service.unpublish()
    page = client.get("/thu-tuc-hanh-chinh/1009972/", HTTP_HOST=SXD).content.decode()
    assert "online-apply-button" not in page
    assert "chưa mở nộp hồ sơ trực tuyến" in page


def test_nul_bytes_and_odd_input_never_reach_the_database(client, dossier):
    """PostgreSQL refuses NUL in text: such input must be answered, not crash."""
    assert track(client, "\x00", "\x00").status_code == HTTPStatus.NOT_FOUND
    assert track(client, dossier.code + "\x00", "5678").status_code == 404
    api = client.post(
        "/api/v3/dossiers/track",
        {"code": "A\x00B", "factor": "\x00"},
        content_type="application/json",
        HTTP_HOST=SXD,
    )
    assert api.status_code == HTTPStatus.NOT_FOUND
    assert client.get("/tra-cuu-ho-so/%00/", HTTP_HOST=SXD).status_code == 404
    url = f"/tra-cuu-ho-so/{dossier.public_token}/rut-ho-so/"
    client.post(url, {"confirm": "yes", "reason": "Nộp\x00 nhầm"}, HTTP_HOST=SXD)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.WITHDRAWN
    assert dossier.events.last().note == "Nộp nhầm"
