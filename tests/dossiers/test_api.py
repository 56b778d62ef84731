"""API v3: the online form of a procedure, submitting a dossier, tracking it."""

from __future__ import annotations

from http import HTTPStatus

import pytest
from django.core.files.storage import storages

from dossiers.models import Dossier, DossierFile
from tests.dossiers.conftest import (
    PERMIT_ANSWERS,
    PERMIT_CODE,
    PERMIT_FILES,
    SXD,
    pdf_upload,
    stored_files,
)

pytestmark = pytest.mark.django_db


def submit(client, answers=None, files=None, key="k-1", unit=SXD, **extra):
    data = {"procedure": PERMIT_CODE, "unit": unit, **(answers or PERMIT_ANSWERS)}
    for name, upload in (files if files is not None else default_files()).items():
        data[name] = upload
    return client.post(
        "/api/v3/dossiers/",
        data,
        HTTP_HOST=SXD,
        HTTP_IDEMPOTENCY_KEY=key,
        **extra,
    )


def default_files():
    return {name: pdf_upload(f"{name}.pdf", name) for name in PERMIT_FILES}


def test_service_definition_has_the_documented_shape(client, province):
    response = client.get(f"/api/v3/services/{PERMIT_CODE}", HTTP_HOST=SXD)

    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert body["procedure"] == PERMIT_CODE
    assert body["version"] == 1
    assert body["units"] == [{"host": SXD, "name": "Sở Xây dựng"}]
    assert [step["title"] for step in body["steps"]] == [
        "Người nộp hồ sơ",
        "Thông tin công trình",
        "Thành phần hồ sơ",
    ]
    fields = {f["name"]: f for step in body["steps"] for f in step["fields"]}
    expected_keys = {
        "name",
        "label",
        "type",
        "required",
        "help",
        "choices",
        "accept",
        "max_bytes",
        "max_files",
        "show_if",
        "example",
    }
    assert all(set(f) == expected_keys for f in fields.values())
    assert fields["so_cccd"]["type"] == "cccd"
    assert fields["loai_cong_trinh"]["choices"][0] == "Công trình cấp I"
    drawings = fields["ban_ve_thiet_ke_xay_dung"]
    assert (drawings["type"], drawings["max_files"]) == ("file", 5)
    assert drawings["accept"] == ["pdf", "jpeg", "png"]
    assert drawings["example"] is None
    assert fields["y_kien_cua_co_quan_quan_ly_di_tich"]["show_if"] == {
        "field": "cong_trinh_nam_trong_khu_vuc_di_tich",
        "equals": "true",
    }


def test_the_examples_fill_a_valid_form(client, province):
    """A client can fill the form from the definition alone."""
    body = client.get(f"/api/v3/services/{PERMIT_CODE}", HTTP_HOST=SXD).json()
    answers, files = {}, {}
    for step in body["steps"]:
        for field in step["fields"]:
            if field["type"] == "file" and field["required"] and not field["show_if"]:
                files[field["name"]] = pdf_upload(f"{field['name']}.pdf")
            elif field["example"] is not None and field["type"] != "heading":
                example = field["example"]
                answers[field["name"]] = (
                    example
                    if isinstance(example, list)
                    else str(example).lower()
                    if isinstance(example, bool)
                    else example
                )
    answers["cong_trinh_nam_trong_khu_vuc_di_tich"] = "false"

    response = submit(client, answers, files, key="examples")

    assert response.status_code == HTTPStatus.CREATED, response.content


def test_submitting_creates_one_dossier_with_its_files(client, province):
    response = submit(client)

    assert response.status_code == HTTPStatus.CREATED, response.content
    body = response.json()
    assert set(body) == {"code", "appointment_date", "tracking_url", "status"}
    assert body["status"] == "received"
    assert body["code"].startswith("SOXAYDUNG-")
    dossier = Dossier.objects.get(code=body["code"])
    assert dossier.applicant_name == "Nông Văn Dũng"
    assert dossier.applicant_phone == "0912345678"
    assert body["tracking_url"].endswith(f"/tra-cuu-ho-so/{dossier.public_token}/")
    files = DossierFile.objects.filter(dossier=dossier)
    assert sorted(f.field for f in files) == sorted(PERMIT_FILES)
    assert all(storages["private"].exists(f.stored_name) for f in files)


def test_a_replayed_request_gives_the_same_dossier(client, province, private_storage):
    first = submit(client, key="same-key")
    second = submit(client, key="same-key")

    assert first.status_code == second.status_code == HTTPStatus.CREATED
    assert first.json() == second.json()
    assert Dossier.objects.count() == 1
    assert DossierFile.objects.count() == 2
    stored = {f.stored_name for f in DossierFile.objects.all()}
    assert {name.split("/")[-1] for name in stored} == stored_files(private_storage)


def test_errors_are_per_field_in_vietnamese_and_nothing_is_kept(client, province):
    answers = {**PERMIT_ANSWERS, "so_cccd": "12345", "so_dien_thoai_di_dong": "12"}
    del answers["loai_cong_trinh"]
    answers["dia_chi_lo_dat_xay_dung"] = "Tổ 3, Phường Không Có, Cao Bằng"

    response = submit(client, answers, files={})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response["Content-Type"] == "application/problem+json"
    errors = {e["loc"][0]: e["msg"] for e in response.json()["errors"]}
    assert set(errors) == {
        "so_cccd",
        "so_dien_thoai_di_dong",
        "loai_cong_trinh",
        "dia_chi_lo_dat_xay_dung",
        *PERMIT_FILES,
    }
    assert "12 chữ số" in errors["so_cccd"]
    assert "Phường Không Có" in errors["dia_chi_lo_dat_xay_dung"]
    assert Dossier.objects.count() == 0


def test_a_hostile_file_is_refused_and_nothing_is_stored(
    client, province, private_storage
):
    files = default_files()
    files["ban_ve_thiet_ke_xay_dung"] = pdf_upload("ban-ve.pdf").__class__(
        "ban-ve.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf"
    )

    response = submit(client, files=files)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    errors = {e["loc"][0] for e in response.json()["errors"]}
    assert errors == {"ban_ve_thiet_ke_xay_dung"}
    assert Dossier.objects.count() == 0
    assert stored_files(private_storage) == set()


def test_the_receiving_unit_must_handle_the_procedure(client, province):
    response = submit(client, unit="hoaan.tinh.localhost")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert [e["loc"][0] for e in response.json()["errors"]] == ["unit"]


def test_unknown_procedure_and_bad_input_never_500(client, province):
    for path in (
        "/api/v3/services/0.000000",
        "/api/v3/services/%00x",
        "/api/v3/services/" + "9" * 300,
    ):
        assert client.get(path, HTTP_HOST=SXD).status_code == HTTPStatus.NOT_FOUND
    for procedure in ("\x00", PERMIT_CODE + "\x00", "²"):
        response = client.post(
            "/api/v3/dossiers/", {"procedure": procedure, "unit": "²"}, HTTP_HOST=SXD
        )
        assert response.status_code == HTTPStatus.BAD_REQUEST
    nul_answers = {**PERMIT_ANSWERS, "ho_va_ten_nguoi_nop": "Nông\x00 Văn Dũng"}
    response = submit(client, nul_answers, key="nul\x00key")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert [e["loc"][0] for e in response.json()["errors"]] == ["ho_va_ten_nguoi_nop"]
    response = client.post(
        "/api/v3/dossiers/track",
        "not json",
        content_type="application/json",
        HTTP_HOST=SXD,
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST


def test_tracking_by_code_and_factor(client, province):
    code = submit(client).json()["code"]

    def track(code, factor):
        return client.post(
            "/api/v3/dossiers/track",
            {"code": code, "factor": factor},
            content_type="application/json",
            HTTP_HOST=SXD,
        )

    by_phone = track(code, "5678")
    by_cccd = track(code.lower(), "1234")
    wrong_factor = track(code, "0000")
    wrong_code = track(code[:-1] + "9", "5678")

    assert by_phone.status_code == by_cccd.status_code == HTTPStatus.OK
    body = by_phone.json()
    assert body["code"] == code
    assert body["procedure"] == PERMIT_CODE
    assert body["status"] == "received"
    assert [item["status"] for item in body["timeline"]] == ["received"]
    assert wrong_factor.status_code == wrong_code.status_code == HTTPStatus.NOT_FOUND
    assert wrong_factor.content == wrong_code.content


def test_tracking_is_rate_limited_per_client(client, province, settings):
    settings.DOSSIERS_TRACK_RATE = "3/m"
    answers = [
        client.post(
            "/api/v3/dossiers/track",
            {"code": "X-260101-0001", "factor": "1234"},
            content_type="application/json",
            HTTP_HOST=SXD,
            REMOTE_ADDR=address,
        ).status_code
        for address in ["10.0.0.1"] * 4 + ["10.0.0.2"]
    ]

    assert answers == [404, 404, 404, 429, 404]


def test_openapi_describes_the_new_endpoints(client, province):
    schema = client.get("/api/v3/openapi.json", HTTP_HOST=SXD).json()

    assert "/api/v3/services/{procedure_code}" in schema["paths"]
    assert "multipart/form-data" in str(schema["paths"]["/api/v3/dossiers/"])
    assert "/api/v3/dossiers/track" in schema["paths"]
