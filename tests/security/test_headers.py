"""HTTP hardening (issue 13): security headers on every HTML page, the visitor
counter's cookies over HTTPS only in production, and request bodies declared
larger than the limit refused before they are read."""

from __future__ import annotations

import importlib
import io
import sys
from html.parser import HTMLParser
from http import HTTPStatus

import pytest
from django.conf import settings
from django.test import Client

from tests.procedure_pages.factories import ProcedurePageFactory, site_with_catalogue

pytestmark = pytest.mark.django_db

HOST = "portal.localhost"


@pytest.fixture
def procedure(db):
    _site, catalogue = site_with_catalogue(
        hostname=HOST, name="Cổng tỉnh", is_default=True
    )
    return ProcedurePageFactory(parent=catalogue, title="Đăng ký khai sinh")


def public_pages(procedure) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        "/",
        procedure.get_parent().url,
        procedure.url,
        procedure.url + "in/",
        "/tim-kiem/?q=khai+sinh",
        "/khong-co-trang-nay/",
    ]


def directives(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


class InlineCode(HTMLParser):
    """What a strict policy would block: inline scripts, event-handler and style
    attributes, and <style> elements (allowed only with the request's nonce)."""

    def __init__(self) -> None:
        super().__init__()
        self.inline_scripts = 0
        self.handlers: list[str] = []
        self.style_attributes = 0
        self.style_nonces: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "script" and "src" not in names:
            self.inline_scripts += 1
        if tag == "style":
            self.style_nonces.append(names.get("nonce"))
        self.handlers += [f"{tag}[{name}]" for name in names if name.startswith("on")]
        self.style_attributes += "style" in names


def test_public_pages_have_a_strict_policy_and_no_inline_code(client, procedure):
    for path in public_pages(procedure):
        response = client.get(path, HTTP_HOST=HOST)
        assert response["Content-Type"].startswith("text/html"), path
        policy = directives(response.headers.get("Content-Security-Policy", ""))
        html = InlineCode()
        html.feed(response.content.decode())

        assert policy.get("script-src") == ["'self'"], path
        assert policy.get("object-src") == ["'none'"], path
        assert policy.get("frame-ancestors") == ["'none'"], path
        assert policy.get("base-uri") == ["'self'"], path
        assert "'unsafe-inline'" not in policy.get("style-src", []), path
        assert html.inline_scripts == 0, path
        assert html.handlers == [], path
        assert html.style_attributes == 0, path
        for nonce in html.style_nonces:
            assert f"'nonce-{nonce}'" in policy["style-src"], path


def test_every_page_has_a_permissions_policy(client, procedure):
    for path in [*public_pages(procedure), "/admin/login/"]:
        response = client.get(path, HTTP_HOST=HOST)
        features = dict(
            item.strip().split("=", 1)
            for item in response.headers.get("Permissions-Policy", "").split(",")
            if "=" in item
        )

        for feature in ("camera", "microphone", "geolocation", "payment"):
            assert features.get(feature) == "()", (path, feature)


def test_the_admin_has_its_own_policy(client, procedure):
    response = client.get("/admin/login/", HTTP_HOST=HOST)
    policy = directives(response.headers.get("Content-Security-Policy", ""))

    # Wagtail's admin needs inline scripts; framing and plugins stay closed.
    assert "'unsafe-inline'" in policy.get("script-src", [])
    assert policy.get("frame-ancestors") == ["'self'"]
    assert policy.get("object-src") == ["'none'"]


def test_visit_cookies_are_secure_when_configured(settings, procedure):
    settings.VISIT_COOKIE_SECURE = True

    response = Client().get("/luot-truy-cap/", HTTP_HOST=HOST)

    for name in ("portal_visit", "portal_online"):
        assert response.cookies[name]["secure"] is True, name


def test_production_sends_visit_cookies_over_https_only(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    monkeypatch.setenv("ALLOWED_HOSTS", "caobang.gov.vn")
    monkeypatch.setenv("DATABASE_URL", "postgres://portal@db.internal/portal")
    monkeypatch.setenv("REDIS_URL", "redis://cache.internal:6379/0")
    monkeypatch.delitem(sys.modules, "cms.settings.production", raising=False)

    production = importlib.import_module("cms.settings.production")

    assert production.SESSION_COOKIE_SECURE is True
    assert getattr(production, "VISIT_COOKIE_SECURE", False) is True


class Unreadable(io.RawIOBase):
    """A request body that must never be read."""

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        raise AssertionError("the request body was read")

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        raise AssertionError("the request body was read")


@pytest.mark.parametrize(
    "content_type",
    ["multipart/form-data; boundary=xyz", "application/x-www-form-urlencoded"],
)
def test_a_body_declared_too_large_is_refused_before_it_is_read(
    client, procedure, content_type
):
    declared = 1024**3  # 1 GiB, far above any upload limit

    response = client.generic(
        "POST",
        "/admin/login/",
        b"",
        HTTP_HOST=HOST,
        # The test client sets neither header for an empty body.
        CONTENT_TYPE=content_type,
        CONTENT_LENGTH=str(declared),
        **{"wsgi.input": Unreadable()},
    )

    assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    assert declared > settings.REQUEST_MAX_BYTES >= settings.UPLOAD_MAX_BYTES
    # A body within the limit is served as before.
    login = {"username": "ai-do", "password": "sai"}
    assert client.post("/admin/login/", login, HTTP_HOST=HOST).status_code == 200


def test_a_too_large_api_request_gets_problem_details(client, procedure):
    response = client.generic(
        "POST",
        "/api/v3/dossiers/",
        b"",
        HTTP_HOST=HOST,
        CONTENT_TYPE="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(1024**3),
        **{"wsgi.input": Unreadable()},
    )

    assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == 413
    assert "quá lớn" in body["detail"] or "too large" in body["detail"]
