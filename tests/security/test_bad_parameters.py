"""Hostile query parameters never cause a 5xx (issue 13, "No 500 on bad input").

A table of every public URL and API parameter × every kind of malformed value a
hand-made or hostile URL carries: non-ASCII digits (``²`` passes ``isdigit``),
integers that overflow SQLite's and PostgreSQL's 64 bits, NUL bytes (PostgreSQL
refuses them in text), 100 KB strings, lone surrogates, negative and huge page /
offset / limit values. Each request must answer below 500; a 400 names the
parameter it refuses (JSON for the APIs, a page for HTML).

The table runs on the suite's database (SQLite locally, PostgreSQL in CI); on
PostgreSQL the last test runs this module again on a fresh SQLite database.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from wagtail.models import Collection

from procedure_pages.models import ProcedurePage, Tier
from sites.provisioning import SiteSpec, provision_site
from tests.forms_library.factories import FormVersionFactory
from tests.procedure_pages.factories import (
    AgencyFactory,
    ProcedurePageFactory,
    SectorFactory,
)

ROOT = Path(__file__).resolve().parents[2]

PORTAL = "tinh.localhost"
XAY_DUNG = "soxaydung.tinh.localhost"
DISTRICT = "hoaan.tinh.localhost"
COMMUNE = "hongviet.hoaan.tinh.localhost"

# Values as they appear in a raw query string (already percent-encoded).
BAD_VALUES: dict[str, str] = {
    "superscript-digit": "%C2%B2",  # "²": str.isdigit() is True, int() fails
    "arabic-indic-digits": "%D9%A1%D9%A2",  # "١٢": int() takes them
    "fullwidth-digits": "%EF%BC%91%EF%BC%92",  # "１２"
    "overflow-30-digits": "1" * 30,
    "int64-plus-one": "9223372036854775808",
    "negative": "-1",
    "zero": "0",
    "minus-zero-float": "-0.0",
    "huge-exponent": "1e400",
    "nul": "%00",
    "nul-inside": "1%002",
    "long-100kb": "a" * 100_000,
    "lone-surrogate": "%ED%A0%80",
    "overlong-utf8": "%C0%AE%C0%AE",
    "control-chars": "%01%1B%7F",
    "html": "%3Cscript%3E",
    "sql-quote": "%27%20OR%201%3D1--",
    "repeated": "1&{name}=%00",
}

# The catalogue's filters, shared by the HTML catalogue and the procedures API.
CATALOGUE_FILTERS = ["sector", "agency", "tier", "online_kind", "level", "user_type"]
# Wagtail API v2 listing parameters.
WAGTAIL_API = [
    "limit",
    "offset",
    "search",
    "search_operator",
    "order",
    "fields",
    "type",
    "child_of",
    "descendant_of",
    "ancestor_of",
    "locale",
    "translation_of",
    "site",
]
SEARCH_FILTERS = ["sector", "agency", "tier", "level", "online_kind", "kind"]
# Database fields Wagtail API v2 also filters on (``?id=``, ``?depth=``…).
PAGE_FIELDS = ["id", "depth", "slug", "title", "show_in_menus"]


@dataclass(frozen=True)
class Endpoint:
    name: str
    host: str
    path: str
    params: tuple[str, ...]
    api: bool = False
    method: str = "get"
    # Wagtail's own API endpoints answer in Wagtail's words ("parent page
    # doesn't exist" for child_of=0): below 500 is what is asked of them.
    names_parameter: bool = True


ENDPOINTS = [
    Endpoint(
        "catalogue-portal",
        PORTAL,
        "/thu-tuc-hanh-chinh/",
        (*CATALOGUE_FILTERS, "sort", "per_page", "page", "q"),
    ),
    Endpoint(
        "catalogue-district",
        DISTRICT,
        "/thu-tuc-hanh-chinh/",
        (*CATALOGUE_FILTERS, "sort", "per_page", "page", "q"),
    ),
    Endpoint("search-page", DISTRICT, "/tim-kiem/", ("q", *SEARCH_FILTERS, "page")),
    Endpoint(
        "search-api",
        PORTAL,
        "/api/v2/search/",
        ("q", "site", *SEARCH_FILTERS, "page"),
        api=True,
    ),
    Endpoint(
        "search-suggest", PORTAL, "/api/v2/search/suggest/", ("q", "site"), api=True
    ),
    Endpoint(
        "procedures-api",
        PORTAL,
        "/api/v2/procedures/",
        (*CATALOGUE_FILTERS, *WAGTAIL_API, *PAGE_FIELDS, "code", "processing_days"),
        api=True,
    ),
    Endpoint(
        "pages-api",
        PORTAL,
        "/api/v2/pages/",
        (*WAGTAIL_API, *PAGE_FIELDS),
        api=True,
        names_parameter=False,
    ),
    Endpoint(
        "pages-api-find",
        PORTAL,
        "/api/v2/pages/find/",
        ("html_path", "id"),
        api=True,
        names_parameter=False,
    ),
    Endpoint(
        "documents-api",
        PORTAL,
        "/api/v2/documents/",
        ("limit", "offset", "search", "order", "fields", "id", "title"),
        api=True,
        names_parameter=False,
    ),
    Endpoint(
        "images-api",
        PORTAL,
        "/api/v2/images/",
        ("limit", "offset", "search", "order", "fields", "id", "title", "width"),
        api=True,
        names_parameter=False,
    ),
    Endpoint(
        "forms-library",
        XAY_DUNG,
        "/bieu-mau/",
        ("q", "agency", "sector", "procedure", "page"),
    ),
    Endpoint("directory", PORTAL, "/danh-ba/", ("huyen",)),
    Endpoint("language-switch", PORTAL, "/i18n/setlang/", ("language", "next")),
    Endpoint(
        "language-switch-post",
        PORTAL,
        "/i18n/setlang/",
        ("language", "next"),
        method="post",
    ),
]

# Paths with an id or a slug in them: the bad value replaces it.
PATH_TEMPLATES = [
    ("forms-library-detail", XAY_DUNG, "/bieu-mau/{}/"),
    ("download-form", PORTAL, "/tai-bieu-mau/{}/"),
    ("download-version", PORTAL, "/tai-bieu-mau/phien-ban/{}/"),
    ("download-procedure-zip", PORTAL, "/tai-bieu-mau/thu-tuc/{}/"),
    ("pages-api-detail", PORTAL, "/api/v2/pages/{}/"),
    ("documents-api-detail", PORTAL, "/api/v2/documents/{}/"),
    ("procedures-api-detail", PORTAL, "/api/v2/procedures/{}/"),
    ("procedure-slug", PORTAL, "/thu-tuc-hanh-chinh/{}/"),
    ("shared-procedure-slug", DISTRICT, "/thu-tuc-hanh-chinh/{}/"),
    ("procedure-print", PORTAL, "/thu-tuc-hanh-chinh/{}/in/"),
]
PATH_VALUES = {
    name: value
    for name, value in BAD_VALUES.items()
    if name not in ("repeated", "long-100kb")
} | {"long-4kb": "a" * 4000}


@pytest.fixture
def portal(db):
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    sites = {}
    for kind, name, hostname, parent in (
        ("province", "Tỉnh Thử", PORTAL, ""),
        ("department", "Sở Xây dựng", XAY_DUNG, PORTAL),
        ("district", "Huyện Hòa An", DISTRICT, PORTAL),
        ("commune", "Xã Hồng Việt", COMMUNE, DISTRICT),
    ):
        spec = SiteSpec(kind=kind, name=name, hostname=hostname, parent=parent)
        sites[hostname] = provision_site(spec).site
    catalogue = sites[PORTAL].root_page.get_children().get(slug="thu-tuc-hanh-chinh")
    procedure = ProcedurePageFactory(
        parent=catalogue,
        title="Đăng ký kết hôn",
        code="1.000894",
        slug="1-000894",
        tier=Tier.DISTRICT,
        sector=SectorFactory(name="Hộ tịch"),
        lead_agency=AgencyFactory(name="UBND cấp huyện", tier=Tier.DISTRICT),
    )
    version = FormVersionFactory(form__title="Tờ khai đăng ký kết hôn")
    version.form.site = sites[XAY_DUNG]
    version.form.save()
    version.form.procedures.add(procedure)
    return sites, ProcedurePage.objects.get(pk=procedure.pk)


def _client() -> Client:
    return Client(raise_request_exception=False)


def _names_parameter(response, name: str) -> bool:
    body = response.content.decode("utf-8", "replace")
    return name in body


def _request(client: Client, endpoint: Endpoint, query: str):
    if endpoint.method == "post":
        return client.post(
            f"{endpoint.path}?{query}",
            data=query,
            content_type="application/x-www-form-urlencoded",
            HTTP_HOST=endpoint.host,
        )
    return client.get(f"{endpoint.path}?{query}", HTTP_HOST=endpoint.host)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
def test_no_bad_query_parameter_causes_a_server_error(portal, endpoint):
    client = _client()
    # The endpoint answers normally without parameters (the table means something).
    assert _request(client, endpoint, "").status_code < 500
    failures = []
    for name in endpoint.params:
        for kind, value in BAD_VALUES.items():
            query = f"{name}={value.format(name=name)}"
            response = _request(client, endpoint, query)
            if response.status_code >= 500:
                failures.append(f"{name}={kind}: {response.status_code}")
            elif (
                response.status_code == HTTPStatus.BAD_REQUEST
                and endpoint.names_parameter
                and not _names_parameter(response, name)
            ):
                failures.append(f"{name}={kind}: 400 without naming {name!r}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    ("name", "host", "template"), PATH_TEMPLATES, ids=[t[0] for t in PATH_TEMPLATES]
)
def test_no_bad_path_value_causes_a_server_error(portal, name, host, template):
    client = _client()
    failures = []
    for kind, value in PATH_VALUES.items():
        response = client.get(template.format(value), HTTP_HOST=host)
        if response.status_code >= 500:
            failures.append(f"{kind}: {response.status_code}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    ("path", "host", "parameter"),
    [
        ("/api/v2/search/?site=%C2%B2", PORTAL, "site"),
        ("/api/v2/search/?q=dang+ky&level=%C2%B2", PORTAL, "level"),
        ("/api/v2/search/?q=%00", PORTAL, "q"),
        ("/api/v2/search/suggest/?q=ab&site=" + "1" * 30, PORTAL, "site"),
        ("/api/v2/procedures/?agency=%C2%B2", PORTAL, "agency"),
        ("/api/v2/procedures/?level=%C2%B2", PORTAL, "level"),
        ("/api/v2/procedures/?search=%00", PORTAL, "search"),
        ("/api/v2/procedures/?offset=" + "9" * 30, PORTAL, "offset"),
        ("/api/v2/pages/?search=%00", PORTAL, "search"),
        ("/api/v2/pages/?child_of=" + "1" * 30, PORTAL, "child_of"),
    ],
)
def test_the_api_answers_400_in_json_naming_the_parameter(
    portal, path, host, parameter
):
    response = _client().get(path, HTTP_HOST=host)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response["Content-Type"].startswith("application/json")
    assert parameter in response.json()["message"]


@pytest.mark.parametrize(
    ("path", "host", "parameter"),
    [
        ("/thu-tuc-hanh-chinh/?level=%C2%B2", PORTAL, "level"),
        ("/thu-tuc-hanh-chinh/?agency=" + "1" * 30, DISTRICT, "agency"),
        ("/tim-kiem/?q=" + "a" * 100_000, DISTRICT, "q"),
        ("/tim-kiem/?q=ket+hon&level=%C2%B2", DISTRICT, "level"),
        ("/bieu-mau/?agency=%C2%B2", XAY_DUNG, "agency"),
        ("/bieu-mau/?q=%00", XAY_DUNG, "q"),
    ],
)
def test_html_pages_answer_a_400_page_naming_the_parameter(
    portal, path, host, parameter
):
    response = _client().get(path, HTTP_HOST=host)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert parameter in body
    assert "<html" in body.lower()


def test_good_parameters_still_work(portal):
    sites, procedure = portal
    client = _client()
    agency = procedure.lead_agency_id
    for path, host in (
        (f"/thu-tuc-hanh-chinh/?tier=huyen&level=2&agency={agency}", PORTAL),
        ("/thu-tuc-hanh-chinh/?page=2&per_page=5&sort=name", DISTRICT),
        ("/tim-kiem/?q=ket+hon&tier=huyen&page=1", DISTRICT),
        (f"/api/v2/search/?q=ket+hon&site={sites[DISTRICT].pk}", PORTAL),
        (f"/api/v2/search/?q=ket+hon&site={DISTRICT}", PORTAL),
        ("/api/v2/search/suggest/?q=dang", PORTAL),
        (f"/api/v2/procedures/?tier=huyen&offset=0&limit=5&site={PORTAL}", PORTAL),
        ("/api/v2/pages/?search=ket+hon&limit=3", PORTAL),
        (f"/bieu-mau/?agency=1&procedure={procedure.pk}&page=1", XAY_DUNG),
        ("/danh-ba/?huyen=hoaan", PORTAL),
    ):
        response = client.get(path, HTTP_HOST=host)
        assert response.status_code == HTTPStatus.OK, (path, response.content[:300])


@pytest.mark.postgres
def test_same_module_passes_on_sqlite_too(tmp_path):
    """CI runs on PostgreSQL; run this module again on a fresh SQLite database."""
    env = {k: v for k, v in os.environ.items() if k != "REQUIRE_SERVICES"}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'bad-parameters.sqlite3'}",
        VAR_DIR=str(tmp_path),
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            __file__,
            "-q",
            "--create-db",
            "-p",
            "no:cacheprovider",
            "-k",
            "not same_module_passes",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )

    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert " failed" not in result.stdout
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
