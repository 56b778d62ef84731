"""The API suffices for a front end: a tiny reference client (plain HTML and
JavaScript, ``tests/functional/api_client/``) served from another origin builds
a procedure page and a tracking page from API v3 alone, through CORS."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from procedure_pages.models import ProcedurePage
from sites.demo import PORTAL_HOSTNAME
from tests.dossiers.conftest import PERMIT_ANSWERS, PERMIT_FILES, pdf_upload

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CLIENT = Path(__file__).parent / "api_client"
PERMIT = "1.009972"
SXD = "soxaydung.caobang.localhost"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # type: ignore[no-untyped-def]  # noqa: A002
        pass


@pytest.fixture
def client_origin():  # type: ignore[no-untyped-def]
    """The reference client on its own origin (a plain static file server)."""
    handler = functools.partial(QuietHandler, directory=str(CLIENT))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_front_end_built_from_the_api_alone(
    page, site_url, client_origin, settings, client, tmp_path
):
    call_command("seed_demo", stdout=StringIO())
    settings.CORS_ALLOWED_ORIGINS = [client_origin]
    settings.DOSSIERS_TRACK_MIN_SECONDS = 0
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
    }
    api = site_url(PORTAL_HOSTNAME, "/api/v3")

    # A procedure page: name, steps, forms to download, the online service.
    page.goto(f"{client_origin}/index.html?api={api}#/thu-tuc/{PERMIT}")
    procedure = ProcedurePage.objects.get(code=PERMIT)
    expect(page.locator("h1")).to_have_text(procedure.name)
    expect(page.locator("ol li")).to_have_count(len(procedure.steps))
    download = page.locator("a.form-download").first
    expect(download).to_be_visible()
    href = urlsplit(download.get_attribute("href"))
    served = client.get(href.path, HTTP_HOST=href.hostname)
    assert served.status_code == 200
    assert served["Content-Disposition"].startswith("attachment;")
    assert page.locator("a.online").get_attribute("href").endswith("/nop-truc-tuyen/")

    # An unknown code: the problem's Vietnamese detail.
    page.goto(f"{client_origin}/index.html?api={api}#/thu-tuc/9.999999")
    expect(page.get_by_role("alert")).to_have_text("Không có thủ tục nào có mã này.")

    # Tracking a dossier submitted through the API.
    data = {"procedure": PERMIT, "unit": SXD, **PERMIT_ANSWERS}
    for name in PERMIT_FILES:
        data[name] = pdf_upload(f"{name}.pdf", name)
    submitted = client.post(
        "/api/v3/dossiers/", data, HTTP_HOST=SXD, HTTP_IDEMPOTENCY_KEY="client-1"
    )
    assert submitted.status_code == 201, submitted.content
    code = submitted.json()["code"]

    page.goto(f"{client_origin}/index.html?api={api}#/tra-cuu")
    page.get_by_label("Mã hồ sơ").fill(code)
    page.get_by_label("4 số cuối điện thoại hoặc CCCD").fill("9999")
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.get_by_role("alert")).to_be_visible()
    page.get_by_label("4 số cuối điện thoại hoặc CCCD").fill("5678")
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.locator("#result h2")).to_have_text(code)
    expect(page.locator("#result .status")).to_contain_text("Trạng thái:")
    expect(page.locator("#result ol li").first).to_be_visible()
