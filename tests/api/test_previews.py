"""Headless previews: the editor's link to the front end and the draft it reads."""

from __future__ import annotations

from http import HTTPStatus

from django.contrib.auth import get_user_model

from cms.previews import make_token
from procedure_pages.models import ProcedurePage
from tests.api.conftest import SXD

FRONT_END = "https://app.example.vn/xem-truoc"


def draft_of(code="1.009972"):
    page = ProcedurePage.objects.get(code=code)
    page.title = "Bản nháp chưa xuất bản"
    revision = page.save_revision()
    return page, revision


def test_a_preview_token_reads_one_draft(api):
    page, revision = draft_of()

    response = api(f"previews/{make_token(revision)}")

    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert body["id"] == page.pk
    assert body["title"] == "Bản nháp chưa xuất bản"
    assert body["code"] == page.code
    assert "no-store" in response["Cache-Control"]
    # The public API still shows the live version.
    live = api(f"procedures/{page.code}").json()
    assert live["title"] != "Bản nháp chưa xuất bản"


def test_bad_and_expired_tokens_show_nothing(api, settings):
    _page, revision = draft_of()
    bad = api("previews/not-a-token")
    assert bad.status_code == HTTPStatus.NOT_FOUND
    assert bad["Content-Type"] == "application/problem+json"

    settings.HEADLESS_PREVIEW_TTL = -1
    assert api(f"previews/{make_token(revision)}").status_code == 404


def test_the_editor_gets_a_link_to_the_front_end(client, demo, settings):
    page, _revision = draft_of()
    editor = get_user_model().objects.create_superuser("bientap", "b@example.vn", "x")
    client.force_login(editor)
    edit = f"/admin/pages/{page.pk}/edit/"

    without = client.get(edit, headers={"host": SXD}).content.decode()
    assert FRONT_END not in without

    settings.HEADLESS_PREVIEW_URLS = {"default": FRONT_END}
    html = client.get(edit, headers={"host": SXD}).content.decode()
    assert f"{FRONT_END}?token=" in html
    assert "Xem trước trên giao diện ngoài" in html
