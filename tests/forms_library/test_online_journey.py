"""The citizen's journey in plain HTML (no JavaScript): steps, server-side
conditions, files kept across steps and errors, save and resume, one dossier
per application, form versions."""

from __future__ import annotations

import datetime
import html
import re
from http import HTTPStatus
from urllib.parse import parse_qs, urlparse

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from dossiers.models import Dossier
from dossiers.outbox import deliver_due
from forms_library.online import drafts
from forms_library.online.models import (
    OnlineDraft,
    OnlineFormField,
    OnlineServicePage,
)
from forms_library.online.versions import current_version
from tests.dossiers import conftest as shared
from tests.dossiers.conftest import SXD, pdf_upload, stored_files

# The dossiers tests' fixtures: a province with the construction permit online.
province = shared.province
private_storage = shared.private_storage
fresh_limits_and_vietnamese = shared.fresh_limits_and_vietnamese

pytestmark = pytest.mark.django_db

URL = "/thu-tuc-hanh-chinh/1009972/nop-truc-tuyen/"

APPLICANT = {
    "ho_va_ten_nguoi_nop": "Nông Văn Dũng",
    "so_cccd": "004 090 001 234",
    "ngay_sinh": "1990-01-15",
    "so_dien_thoai_di_dong": "+84 912 345 678",
    "thu_dien_tu": "dung@example.com",
    "dia_chi_thuong_tru_0": "4",
    "dia_chi_thuong_tru_1": "1273",
    "dia_chi_thuong_tru_2": "Số 5 phố Vườn Cam",
}
WORKS = {
    "loai_cong_trinh": "Công trình cấp II",
    "so_giay_chung_nhan_quyen_su_dung_dat": "CS 123456",
    "dia_chi_lo_dat_xay_dung_0": "4",
    "dia_chi_lo_dat_xay_dung_1": "1273",
    "dia_chi_lo_dat_xay_dung_2": "Tổ 3",
    "dien_tich_xay_dung_m2": "120",
}


@pytest.fixture(autouse=True)
def thuc_phan_code(monkeypatch):
    """The commune code of Phường Thục Phán (Cao Bằng) in the package's data."""
    from forms_library.online import address

    code = next(c for c, n in address.wards(4) if n == "Phường Thục Phán")
    APPLICANT["dia_chi_thuong_tru_1"] = str(code)
    WORKS["dia_chi_lo_dat_xay_dung_1"] = str(code)


def post(client, step, data, key="", action="next", files=None):
    payload = {"d": key, "buoc": str(step), "action": action, **data, **(files or {})}
    return client.post(URL, payload, HTTP_HOST=SXD)


def key_of(response) -> str:
    return parse_qs(urlparse(response["Location"]).query)["d"][0]


def fill_to_documents(client) -> str:
    first = post(client, 0, APPLICANT)
    assert first.status_code == HTTPStatus.FOUND, first.content.decode()[:3000]
    key = key_of(first)
    second = post(client, 1, WORKS, key)
    assert second.status_code == HTTPStatus.FOUND, second.content.decode()[:3000]
    return key


def test_the_first_step_renders_without_javascript(client, province):
    response = client.get(URL, HTTP_HOST=SXD)

    text = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert response["Cache-Control"] == "private, no-store"
    assert "Bước 1 trên 4" in text
    assert 'name="ho_va_ten_nguoi_nop"' in text
    assert "Phường Thục Phán" in text  # the default province's communes
    assert 'name="website"' in text  # honeypot
    assert "<script" not in text.split("</head>")[1]  # no inline script


def test_a_validation_error_keeps_every_answer(client, province):
    response = post(
        client, 0, {**APPLICANT, "so_cccd": "999090001234", "ngay_sinh": "31/02/1990"}
    )

    text = response.content.decode()
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Ba chữ số đầu của số CCCD" in text
    assert 'value="Nông Văn Dũng"' in text
    assert 'value="Số 5 phố Vườn Cam"' in text
    assert 'value="dung@example.com"' in text
    draft = OnlineDraft.objects.get()
    assert draft.answers["ho_va_ten_nguoi_nop"] == "Nông Văn Dũng"
    assert draft.answers["so_dien_thoai_di_dong"] == "0912345678"
    assert "so_cccd" not in draft.answers


def test_files_are_kept_across_errors_and_steps(client, province, private_storage):
    key = fill_to_documents(client)
    hostile = SimpleUploadedFile("ban-ve.pdf", b"MZ\x90\x00" + b"\x00" * 300)

    refused = post(
        client,
        2,
        {},
        key,
        files={
            "ban_sao_giay_chung_nhan_quyen_su_dung_dat": pdf_upload("gcn.pdf"),
            "ban_ve_thiet_ke_xay_dung": hostile,
        },
    )

    text = refused.content.decode()
    assert refused.status_code == HTTPStatus.BAD_REQUEST
    assert "Không cho phép tệp chương trình" in text or "chương trình" in text
    assert "gcn.pdf" in text
    assert "Các tệp này đã được lưu" in text
    assert len(stored_files(private_storage)) == 1

    # Back to step 1 and forward again: the file is still there.
    assert post(client, 2, {}, key, action="back").status_code == HTTPStatus.FOUND
    again = client.get(URL, {"d": key, "buoc": 2}, HTTP_HOST=SXD)
    assert "gcn.pdf" in again.content.decode()

    done = post(
        client,
        2,
        {},
        key,
        files={"ban_ve_thiet_ke_xay_dung": pdf_upload("mat-bang.pdf")},
    )
    assert done.status_code == HTTPStatus.FOUND
    assert parse_qs(urlparse(done["Location"]).query)["buoc"] == ["3"]
    review = client.get(done["Location"], HTTP_HOST=SXD).content.decode()
    assert "gcn.pdf" in review and "mat-bang.pdf" in review
    assert "Số 5 phố Vườn Cam, Phường Thục Phán, Cao Bằng" in review


def test_conditions_are_evaluated_on_the_server(client, province):
    key = key_of(post(client, 0, APPLICANT))
    heritage = "cong_trinh_nam_trong_khu_vuc_di_tich"
    opinion = "y_kien_cua_co_quan_quan_ly_di_tich"

    shown = post(client, 1, {**WORKS, heritage: "on"}, key)
    assert shown.status_code == HTTPStatus.BAD_REQUEST
    assert "Ý kiến của cơ quan quản lý di tích" in shown.content.decode()

    hidden = post(client, 1, {**WORKS, opinion: "không liên quan"}, key)
    assert hidden.status_code == HTTPStatus.FOUND
    draft = OnlineDraft.objects.get(key=key)
    assert opinion not in draft.answers  # a hidden field keeps nothing

    # The approval letter is asked only for a heritage area (next step).
    documents = client.get(URL, {"d": key, "buoc": 2}, HTTP_HOST=SXD)
    assert "Văn bản chấp thuận" not in documents.content.decode()
    post(client, 1, {**WORKS, heritage: "on", opinion: "Đồng ý"}, key)
    documents = client.get(URL, {"d": key, "buoc": 2}, HTTP_HOST=SXD)
    assert "Văn bản chấp thuận" in documents.content.decode()


def test_refreshing_the_commune_list_keeps_the_step(client, province):
    response = post(
        client, 0, {**APPLICANT, "dia_chi_thuong_tru_0": "1"}, action="refresh"
    )

    text = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Phường Hoàn Kiếm" in text
    assert "online-errors" not in text
    assert 'value="Nông Văn Dũng"' in text


def test_save_and_resume_with_the_code_or_the_link(client, province):
    key = key_of(post(client, 0, APPLICANT))
    saved = post(client, 1, {"loai_cong_trinh": "Công trình tôn giáo"}, key, "save")
    assert saved.status_code == HTTPStatus.FOUND
    page = client.get(saved["Location"], HTTP_HOST=SXD).content.decode()
    code = re.search(r"data-resume-code>([A-Z0-9-]+)<", page).group(1)
    link = html.unescape(re.search(r"data-resume-link>([^<]+)<", page).group(1))

    sent = client.post(
        saved["Location"], {"d": key, "email": "dung@example.com"}, HTTP_HOST=SXD
    )
    assert sent.status_code == HTTPStatus.OK
    assert code in mail.outbox[-1].body and link in mail.outbox[-1].body

    other_phone = Client()
    resumed = other_phone.post(f"{URL}tiep-tuc/", {"code": code.lower()}, HTTP_HOST=SXD)
    assert resumed.status_code == HTTPStatus.FOUND
    assert key_of(resumed) == key
    step = other_phone.get(resumed["Location"], HTTP_HOST=SXD).content.decode()
    assert "Công trình tôn giáo" in step and "checked" in step

    wrong = other_phone.post(f"{URL}tiep-tuc/", {"code": "AAAAA-22222"}, HTTP_HOST=SXD)
    assert wrong.status_code == HTTPStatus.NOT_FOUND


def test_an_expired_draft_and_its_files_are_purged(client, province, private_storage):
    key = fill_to_documents(client)
    post(
        client,
        2,
        {},
        key,
        files={"ban_sao_giay_chung_nhan_quyen_su_dung_dat": pdf_upload("gcn.pdf")},
    )
    assert len(stored_files(private_storage)) == 1
    OnlineDraft.objects.update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )

    assert drafts.purge_expired() == 1

    assert OnlineDraft.objects.count() == 0
    assert stored_files(private_storage) == set()
    expired = client.get(URL, {"d": key}, HTTP_HOST=SXD)
    assert "đã hết hạn" in expired.content.decode()


def submit_all(client) -> tuple[str, object]:
    key = fill_to_documents(client)
    post(
        client,
        2,
        {},
        key,
        files={
            "ban_sao_giay_chung_nhan_quyen_su_dung_dat": pdf_upload("gcn.pdf"),
            "ban_ve_thiet_ke_xay_dung": pdf_upload("ban-ve.pdf"),
        },
    )
    return key, post(client, 3, {"unit": SXD}, key, action="submit")


def test_submitting_twice_gives_one_dossier(
    client, province, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        key, first = submit_all(client)
    second = post(client, 3, {"unit": SXD}, key, action="submit")

    assert first.status_code == second.status_code == HTTPStatus.FOUND
    assert first["Location"] == second["Location"]
    assert first["Location"].startswith("/tra-cuu-ho-so/")
    dossier = Dossier.objects.get()
    assert dossier.files.count() == 2
    assert dossier.applicant_email == "dung@example.com"
    # The confirmation goes through the notifications outbox (its worker or
    # the send_notifications command delivers it).
    deliver_due()
    assert dossier.code in mail.outbox[-1].subject


def test_the_honeypot_refuses_robots(client, province):
    response = post(client, 0, {**APPLICANT, "website": "http://spam.example"})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert OnlineDraft.objects.count() == 0


def test_an_edited_form_leaves_submitted_dossiers_and_drafts_intact(client, province):
    _key, _response = submit_all(client)
    dossier = Dossier.objects.get()
    definition_before = dossier.form_version.definition
    in_progress = key_of(post(Client(), 0, APPLICANT))

    # An editor renames a field and adds one, as the admin's edit form does.
    service = OnlineServicePage.objects.get(pk=province.permit_service.pk)
    fields = list(service.form_fields.all())
    next(
        f for f in fields if f.clean_name == "loai_cong_trinh"
    ).label = "Cấp công trình"
    floors = OnlineFormField(
        label="Số tầng", field_type="number", required=True, sort_order=len(fields)
    )
    service.form_fields = [*fields, floors]
    service.save_revision().publish()

    # A new application gets the new form.
    new = client.get(URL, {"buoc": 1}, HTTP_HOST=SXD)
    assert "Cấp công trình" in new.content.decode()
    dossier.refresh_from_db()
    assert dossier.form_version.definition == definition_before
    assert dossier.form_version.number == 1
    draft = OnlineDraft.objects.get(key=in_progress)
    assert draft.version.number == 1
    fresh = OnlineServicePage.objects.get(pk=service.pk)
    assert current_version(fresh).number == 2
    assert fresh.versions.count() == 2
    step = client.get(URL, {"d": in_progress, "buoc": 1}, HTTP_HOST=SXD)
    assert "Loại công trình" in step.content.decode()
    assert "Số tầng" not in step.content.decode()


def test_bad_parameters_never_500(client, province):
    for params in (
        {"d": "x" * 500, "buoc": "²"},
        {"d": "\x00", "buoc": "99999999999999999999"},
        {"buoc": "-1"},
    ):
        # A page, or a 400 naming the parameter: never a server error.
        assert client.get(URL, params, HTTP_HOST=SXD).status_code < 500
    response = client.post(
        URL,
        {"d": "nope", "buoc": "²", "action": "??", "remove_file": ["9" * 40]},
        HTTP_HOST=SXD,
    )
    assert response.status_code in (HTTPStatus.FOUND, HTTPStatus.BAD_REQUEST)
    assert client.get(f"{URL}dia-ban/999/", HTTP_HOST=SXD).status_code == 404
    wards = client.get(f"{URL}dia-ban/4/", HTTP_HOST=SXD).json()["wards"]
    assert [n for _c, n in wards if n == "Phường Thục Phán"] == ["Phường Thục Phán"]


def test_a_shared_procedure_defaults_to_the_unit_of_the_site(client, province):
    """The land certificate is a district-tier procedure published once: on Hòa
    An's site the dossier goes to Hòa An unless the citizen picks another."""
    url = "/thu-tuc-hanh-chinh/1003003/nop-truc-tuyen/"
    host = "hoaan.tinh.localhost"
    first = client.post(
        url, {"buoc": "0", "action": "save", **APPLICANT}, HTTP_HOST=host
    )
    key = key_of(first)

    review = client.get(url, {"d": key, "buoc": 3}, HTTP_HOST=host).content.decode()
    assert '<option value="hoaan.tinh.localhost" selected>' in review
    assert "haquang.tinh.localhost" in review

    on_portal = client.get(url, {"d": key, "buoc": 3}, HTTP_HOST="tinh.localhost")
    assert "— chọn xã, huyện nơi nộp —" in on_portal.content.decode()


def test_saving_from_the_review_page_does_not_submit(client, province):
    key = fill_to_documents(client)
    post(
        client,
        2,
        {},
        key,
        files={
            "ban_sao_giay_chung_nhan_quyen_su_dung_dat": pdf_upload("gcn.pdf"),
            "ban_ve_thiet_ke_xay_dung": pdf_upload("ban-ve.pdf"),
        },
    )

    saved = post(client, 3, {"unit": SXD}, key, action="save")

    assert saved.status_code == HTTPStatus.FOUND
    assert "/da-luu/" in saved["Location"]
    assert Dossier.objects.count() == 0
    assert OnlineDraft.objects.get(key=key).unit == province.construction.profile.unit
