"""The staff API (PORTAL.md §7): list with filters, detail, actions with a
Wagtail API token; 409 with the allowed actions, 400 with the field's error."""

from __future__ import annotations

import datetime

import pytest
from wagtail.models import APIToken

from dossiers.models import Dossier
from tests.dossiers.conftest import PORTAL, pdf_upload, submit_permit

pytestmark = pytest.mark.django_db


def bearer(user) -> dict[str, str]:
    _token, key = APIToken.create_token(user=user, name="desk")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def action(client, auth, dossier, name, body=None):
    return client.post(
        f"/api/v3/dossiers/{dossier.code}/actions/{name}",
        body or {},
        content_type="application/json",
        HTTP_HOST=PORTAL,
        **auth,
    )


def test_staff_process_a_dossier_through_the_api(client, desk):
    dossier = submit_permit(client)
    staff, leader = bearer(desk.sxd_staff), bearer(desk.sxd_leader)

    listing = client.get("/api/v3/dossiers/", HTTP_HOST=PORTAL, **staff).json()
    assert listing["count"] == 1
    assert listing["results"][0]["code"] == dossier.code
    assert listing["results"][0]["status"] == "received"

    accepted = action(client, staff, dossier, "accept")
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "processing"

    # Not allowed from here: 409 with what is.
    refused = action(client, staff, dossier, "return")
    assert refused.status_code == 409
    assert refused["Content-Type"] == "application/problem+json"
    body = refused.json()
    assert body["status"] == 409
    assert "request_supplement" in body["allowed_actions"]
    assert "approve" not in body["allowed_actions"]  # a leader's
    assert action(client, staff, dossier, "approve").status_code == 409

    missing = action(client, staff, dossier, "reject")
    assert missing.status_code == 409
    no_reason = action(client, leader, dossier, "reject")
    assert no_reason.status_code == 400
    assert no_reason.json()["errors"][0]["loc"] == ["message"]

    asked = action(
        client,
        staff,
        dossier,
        "ask_opinion",
        {
            "message": "Đề nghị cho ý kiến",
            "unit": "sotainguyen.tinh.localhost",
            "due_date": (
                datetime.date.today() + datetime.timedelta(days=7)
            ).isoformat(),
        },
    )
    assert asked.status_code == 200, asked.content
    stnmt = bearer(desk.stnmt_staff)
    inbox = client.get("/api/v3/dossiers/", HTTP_HOST=PORTAL, **stnmt).json()
    assert [d["code"] for d in inbox["results"]] == [dossier.code]
    answered = action(
        client, stnmt, dossier, "answer_opinion", {"message": "Phù hợp quy hoạch."}
    )
    assert answered.status_code == 200
    assert answered.json()["opinions"][0]["answer"] == "Phù hợp quy hoạch."

    assert action(client, leader, dossier, "approve").json()["status"] == "approved"
    # The result with its file: multipart.
    result = client.post(
        f"/api/v3/dossiers/{dossier.code}/actions/attach_result",
        {"message": "Giấy phép số 12/GPXD", "files": [pdf_upload("gp.pdf", "GP")]},
        HTTP_HOST=PORTAL,
        **staff,
    )
    assert result.status_code == 200, result.content
    assert result.json()["status"] == "result_ready"
    assert [f["role"] for f in result.json()["files"]].count("result") == 1
    assert action(client, staff, dossier, "return").json()["status"] == "returned"
    detail = client.get(f"/api/v3/dossiers/{dossier.code}", HTTP_HOST=PORTAL, **staff)
    assert [e["action"] for e in detail.json()["timeline"]] == [
        "submit",
        "accept",
        "ask_opinion",
        "answer_opinion",
        "approve",
        "attach_result",
        "return",
    ]


def test_list_filters(client, desk):
    first = submit_permit(client, key="a")
    second = submit_permit(client, key="b")
    staff = bearer(desk.sxd_staff)
    action(client, staff, second, "accept")
    Dossier.objects.filter(pk=second.pk).update(
        appointment_date=datetime.date.today() - datetime.timedelta(days=1)
    )

    def codes(query: str) -> list[str]:
        response = client.get(f"/api/v3/dossiers/?{query}", HTTP_HOST=PORTAL, **staff)
        assert response.status_code == 200, response.content
        return [d["code"] for d in response.json()["results"]]

    assert codes("status=received") == [first.code]
    assert codes("overdue=true") == [second.code]
    assert codes("overdue=false") == [first.code]
    assert set(codes("procedure=1.009972")) == {first.code, second.code}
    assert codes("procedure=9.999999") == []
    assert codes(f"q={first.code}") == [first.code]
    assert codes("limit=1") == [second.code]
    assert client.get(
        "/api/v3/dossiers/?status=nonsense", HTTP_HOST=PORTAL, **staff
    ).status_code in (400, 422)


def test_the_openapi_document_lists_the_staff_endpoints(client, province):
    spec = client.get(
        "/api/v3/openapi.json", HTTP_HOST="soxaydung.tinh.localhost"
    ).json()
    paths = spec["paths"]
    assert "get" in paths["/api/v3/dossiers/"]
    assert "post" in paths["/api/v3/dossiers/"]
    assert "/api/v3/dossiers/{code}/actions/{action}" in paths
