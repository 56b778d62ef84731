"""Per-unit access to dossiers: a Sở Y tế staff member cannot see, open,
download files of, export, or act on a Sở Xây dựng dossier through any route
(admin list, admin URL, file URL, slips, export, API) — and the Sở Xây dựng's
own staff can, so every check here can fail. Another unit's dossier is "not
found" (404), never "forbidden", so its existence does not leak."""

from __future__ import annotations

import io
from http import HTTPStatus

import pytest
from openpyxl import load_workbook
from wagtail.models import APIToken

from dossiers import desk as desk_services
from dossiers.models import Dossier, DossierFile
from tests.dossiers import conftest as shared

pytestmark = pytest.mark.django_db

province = shared.province
desk = shared.desk
private_storage = shared.private_storage
fresh_limits_and_vietnamese = shared.fresh_limits_and_vietnamese
HOST = shared.PORTAL


def bearer(user) -> dict[str, str]:
    _token, key = APIToken.create_token(user=user, name="desk")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def dossier(client, desk) -> Dossier:
    dossier = shared.submit_permit(client)
    desk_services.perform(
        desk.sxd_staff,
        dossier,
        "accept",
        desk_services.ActionData(internal_note="GHI-CHU-NOI-BO"),
    )
    return dossier


def admin_routes(dossier: Dossier) -> dict[str, str]:
    component = dossier.files.first()
    return {
        "list": "/admin/ho-so-mot-cua/",
        "list, both": "/admin/ho-so-mot-cua/?role=all",
        "list, opinions": "/admin/ho-so-mot-cua/?role=opinion",
        "search": f"/admin/ho-so-mot-cua/?q={dossier.code}",
        "results": "/admin/ho-so-mot-cua/results/",
        "detail": f"/admin/ho-so-mot-cua/{dossier.pk}/",
        "file": f"/admin/ho-so-mot-cua/{dossier.pk}/files/{component.pk}/",
        "slip": f"/admin/ho-so-mot-cua/{dossier.pk}/phieu/control.pdf",
        "csv": "/admin/ho-so-mot-cua/?export=csv",
        "csv, both": "/admin/ho-so-mot-cua/?export=csv&role=all",
        "xlsx": "/admin/ho-so-mot-cua/?export=xlsx",
    }


def shows(response, dossier: Dossier) -> bool:
    if response.status_code != HTTPStatus.OK:
        return False
    content = (
        b"".join(response.streaming_content)
        if response.streaming
        else (response.content)
    )
    if response.get("Content-Type", "").startswith("application/vnd.openxml"):
        sheet = load_workbook(io.BytesIO(content)).active
        return any(dossier.code in str(c) for row in sheet.values for c in row)
    if response.get("Content-Type", "").startswith(
        ("application/pdf", "application/octet")
    ):
        return True
    if response.get("Content-Type", "").startswith("text/html"):
        # A listing links the dossier (a search box may echo its code).
        return f'/admin/ho-so-mot-cua/{dossier.pk}/"'.encode() in content or (
            "<title>" in content.decode()
            and dossier.code
            in content.decode().split("<title>")[1].split("</title>")[0]
        )
    return dossier.code.encode() in content


def test_own_unit_sees_every_route(client, desk, dossier):
    client.force_login(desk.sxd_staff)
    for name, url in admin_routes(dossier).items():
        response = client.get(url, HTTP_HOST=HOST)
        # Received by the unit: not among the opinions it was asked.
        assert shows(response, dossier) == (name != "list, opinions"), name


def test_another_units_staff_sees_nothing_of_it(client, desk, dossier):
    for user in (desk.syt_staff, desk.syt_leader, desk.district_staff):
        client.force_login(user)
        routes = admin_routes(dossier)
        for name, url in routes.items():
            response = client.get(url, HTTP_HOST=HOST)
            if name in ("detail", "file", "slip"):
                assert response.status_code == HTTPStatus.NOT_FOUND, (user, name)
            else:
                assert response.status_code == HTTPStatus.OK, (user, name)
                assert not shows(response, dossier), (user, name)
        # Guessing ids: every file id of every dossier.
        for item in DossierFile.objects.all():
            url = f"/admin/ho-so-mot-cua/{item.dossier_id}/files/{item.pk}/"
            assert client.get(url, HTTP_HOST=HOST).status_code == 404
        action = client.post(
            f"/admin/ho-so-mot-cua/{dossier.pk}/action/request_supplement/",
            {"message": "x"},
            HTTP_HOST=HOST,
        )
        assert action.status_code == HTTPStatus.NOT_FOUND
        dossier.refresh_from_db()
        assert dossier.status == "processing"


def test_a_file_of_one_dossier_is_not_served_through_another(client, desk, dossier):
    other = shared.submit_permit(client, key="other")
    item = dossier.files.first()
    client.force_login(desk.sxd_staff)
    url = f"/admin/ho-so-mot-cua/{other.pk}/files/{item.pk}/"
    assert client.get(url, HTTP_HOST=HOST).status_code == HTTPStatus.NOT_FOUND


def test_the_api_answers_404_for_another_units_dossier(client, desk, dossier):
    own = bearer(desk.sxd_staff)
    other = bearer(desk.syt_staff)
    listing = client.get("/api/v3/dossiers/", HTTP_HOST=HOST, **own)
    assert dossier.code in listing.content.decode()
    assert (
        client.get(
            f"/api/v3/dossiers/{dossier.code}", HTTP_HOST=HOST, **own
        ).status_code
        == 200
    )

    listing = client.get("/api/v3/dossiers/", HTTP_HOST=HOST, **other)
    assert listing.status_code == 200
    assert listing.json()["count"] == 0
    for url, method in (
        (f"/api/v3/dossiers/{dossier.code}", client.get),
        (f"/api/v3/dossiers/{dossier.code}/actions/request_supplement", client.post),
        (f"/api/v3/dossiers/{dossier.code}/actions/approve", client.post),
    ):
        response = method(url, HTTP_HOST=HOST, content_type="application/json", **other)
        assert response.status_code == HTTPStatus.NOT_FOUND, url
    # A guessed code that does not exist answers the same.
    missing = client.get(
        f"/api/v3/dossiers/{dossier.code[:-4]}9999", HTTP_HOST=HOST, **other
    )
    hidden = client.get(f"/api/v3/dossiers/{dossier.code}", HTTP_HOST=HOST, **other)
    assert missing.status_code == hidden.status_code == 404
    assert missing.json()["detail"] == hidden.json()["detail"]
    # No token, or a session cookie instead: not the staff API.
    assert client.get("/api/v3/dossiers/", HTTP_HOST=HOST).status_code == 401
    client.force_login(desk.sxd_staff)
    assert client.get("/api/v3/dossiers/", HTTP_HOST=HOST).status_code == 401
    dossier.refresh_from_db()
    assert dossier.status == "processing"


def test_a_co_processing_agency_sees_what_it_is_shown(client, desk, dossier):
    desk_services.perform(
        desk.sxd_staff,
        dossier,
        "ask_opinion",
        desk_services.ActionData(
            message="Ý kiến về quy hoạch?",
            unit=desk.environment.profile.unit,
            files=[shared.pdf_upload("to-trinh.pdf", "Tờ trình")],
        ),
    )
    desk_services.perform(
        desk.sxd_staff,
        dossier,
        "ask_opinion",
        desk_services.ActionData(
            message="Ý kiến về y tế?",
            unit=desk.health.profile.unit,
            files=[shared.pdf_upload("hoi-y-te.pdf", "Hỏi Sở Y tế")],
        ),
    )
    client.force_login(desk.stnmt_staff)
    lists = {
        query: shows(
            client.get(f"/admin/ho-so-mot-cua/{query}", HTTP_HOST=HOST), dossier
        )
        for query in ("", "?role=opinion", "?role=all")
    }
    assert lists == {"": False, "?role=opinion": True, "?role=all": True}
    page = client.get(f"/admin/ho-so-mot-cua/{dossier.pk}/", HTTP_HOST=HOST)
    text = page.content.decode()
    assert page.status_code == 200
    assert "Ý kiến về quy hoạch?" in text
    assert "Ý kiến về y tế?" not in text  # another agency's question
    assert "GHI-CHU-NOI-BO" not in text  # the lead unit's internal note
    assert "to-trinh.pdf" in text and "hoi-y-te.pdf" not in text
    other_opinion_file = DossierFile.objects.get(display_name="hoi-y-te.pdf")
    own_opinion_file = DossierFile.objects.get(display_name="to-trinh.pdf")
    base = f"/admin/ho-so-mot-cua/{dossier.pk}/files/"
    assert (
        client.get(f"{base}{own_opinion_file.pk}/", HTTP_HOST=HOST).status_code == 200
    )
    assert (
        client.get(f"{base}{other_opinion_file.pk}/", HTTP_HOST=HOST).status_code == 404
    )
    component = dossier.files.filter(role="component").first()
    assert client.get(f"{base}{component.pk}/", HTTP_HOST=HOST).status_code == 200
    # No slips of the lead unit, no decision.
    assert (
        client.get(
            f"/admin/ho-so-mot-cua/{dossier.pk}/phieu/control.pdf", HTTP_HOST=HOST
        ).status_code
        == 404
    )
    client.post(
        f"/admin/ho-so-mot-cua/{dossier.pk}/action/approve/",
        {"message": "ok"},
        HTTP_HOST=HOST,
    )
    dossier.refresh_from_db()
    assert dossier.status == "processing"
    detail = client.get(
        f"/api/v3/dossiers/{dossier.code}", HTTP_HOST=HOST, **bearer(desk.stnmt_staff)
    ).json()
    assert detail["allowed_actions"] == ["answer_opinion"]
    assert [o["question"] for o in detail["opinions"]] == ["Ý kiến về quy hoạch?"]
    assert "GHI-CHU-NOI-BO" not in str(detail)


def test_it_staff_see_everything_and_act_on_nothing(client, desk, dossier):
    client.force_login(desk.it_admin)
    assert shows(client.get("/admin/ho-so-mot-cua/", HTTP_HOST=HOST), dossier)
    page = client.get(f"/admin/ho-so-mot-cua/{dossier.pk}/", HTTP_HOST=HOST)
    assert page.status_code == 200
    client.post(
        f"/admin/ho-so-mot-cua/{dossier.pk}/action/request_supplement/",
        {"message": "x"},
        HTTP_HOST=HOST,
    )
    dossier.refresh_from_db()
    assert dossier.status == "processing"


def test_editors_without_a_desk_do_not_reach_the_desk(client, desk, dossier):
    from django.contrib.auth import get_user_model

    editor = get_user_model().objects.create_user("editor", "e@example.test", "x")
    editor.groups.add(desk.province.construction.profile.editors_group)
    client.force_login(editor)
    response = client.get("/admin/ho-so-mot-cua/", HTTP_HOST=HOST)
    assert response.status_code in (302, 403)
    assert (
        client.get(f"/admin/ho-so-mot-cua/{dossier.pk}/", HTTP_HOST=HOST).status_code
        == 404
    )
