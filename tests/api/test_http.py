"""HTTP conventions of API v3: one error shape, language, caching, conditional
requests, CORS, rate limits, the OpenAPI document and offline docs; v2 kept."""

from __future__ import annotations

from http import HTTPStatus

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import APIToken

from tests.api.conftest import PORTAL

PROBLEM = "application/problem+json"


def test_errors_are_problem_details_in_vietnamese_by_default(api):
    response = api("procedures/", tier="tinhh")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert set(body) == {"type", "title", "status", "detail", "errors"}
    assert body["status"] == 400
    assert body["title"] == "Yêu cầu không hợp lệ"
    assert body["detail"].startswith("Tham số “tier” không hợp lệ")
    assert body["errors"] == [
        {"loc": ["query", "tier"], "msg": body["detail"], "type": "enum"}
    ]


def test_english_with_accept_language(api):
    response = api(
        "procedures/", tier="tinhh", headers={"accept-language": "en-GB,en;q=0.8"}
    )
    body = response.json()
    assert body["title"] == "Bad request"
    assert body["detail"].startswith("The parameter “tier” is not valid")
    assert response["Content-Language"] == "en"


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("procedures/", {"q": "a\x00b"}, 400),  # refused by the middleware
        ("procedures/", {"limit": "１０"}, 400),  # non-ASCII digits
        ("procedures/", {"offset": "-1"}, 400),
        ("units/", {"limit": "0"}, 400),
        ("khong-co-gi/", {}, 404),  # no route
        ("procedures/a%00b", {}, 404),  # a path argument no object can have
        ("search/", {"level": "9"}, 400),
    ],
)
def test_every_error_has_the_same_shape(api, path, params, status):
    response = api(path, **params)
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert body["title"]
    assert body["detail"]


def test_a_write_without_token_is_401_with_the_same_shape(client, demo):
    response = client.post(
        "/api/v3/pages/", {}, content_type="application/json", headers={"host": PORTAL}
    )
    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response["Content-Type"] == PROBLEM
    assert response.json()["title"] == "Cần xác thực"


def test_public_reads_are_cacheable_with_conditional_requests(api):
    first = api("procedures/", tier="xa")

    assert first["Cache-Control"] == "public, max-age=60"
    assert "Accept-Language" in first["Vary"]
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag and modified

    by_etag = api("procedures/", tier="xa", headers={"if-none-match": etag})
    assert by_etag.status_code == HTTPStatus.NOT_MODIFIED
    assert by_etag.content == b""
    by_date = api("procedures/", tier="xa", headers={"if-modified-since": modified})
    assert by_date.status_code == HTTPStatus.NOT_MODIFIED
    changed = api("procedures/", tier="huyen", headers={"if-none-match": etag})
    assert changed.status_code == HTTPStatus.OK


def test_detail_has_last_modified(api):
    response = api("procedures/1.009972")
    assert response["Last-Modified"]
    again = api(
        "procedures/1.009972", headers={"if-modified-since": response["Last-Modified"]}
    )
    assert again.status_code == HTTPStatus.NOT_MODIFIED


def test_dossiers_and_token_requests_are_never_stored(client, api):
    tracked = client.post(
        "/api/v3/dossiers/track",
        {"code": "000.00.00.H12-260101-0001", "factor": "1234"},
        content_type="application/json",
        headers={"host": PORTAL},
    )
    assert tracked.status_code == HTTPStatus.NOT_FOUND
    assert tracked["Content-Type"] == PROBLEM
    assert "no-store" in tracked["Cache-Control"]
    assert "private" in tracked["Cache-Control"]

    user = get_user_model().objects.create_superuser("api", "api@example.com", "x")
    _token, key = APIToken.create_token(user=user, name="test")
    with_token = api("procedures/", headers={"authorization": f"Bearer {key}"})
    assert with_token.status_code == HTTPStatus.OK
    assert "no-store" in with_token["Cache-Control"]


def test_cors_only_for_allowed_origins(api, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.vn"]
    allowed = api("units/", headers={"origin": "https://app.example.vn"})
    other = api("units/", headers={"origin": "https://evil.example.com"})

    assert allowed["Access-Control-Allow-Origin"] == "https://app.example.vn"
    assert "ETag" in allowed["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Origin" not in other


def test_cors_preflight(client, demo, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.vn"]
    response = client.options(
        "/api/v3/dossiers/",
        headers={
            "host": PORTAL,
            "origin": "https://app.example.vn",
            "access-control-request-method": "POST",
            "access-control-request-headers": "idempotency-key",
        },
    )
    assert response.status_code == HTTPStatus.OK
    assert "idempotency-key" in response["Access-Control-Allow-Headers"]


def test_rate_limits_answer_429_with_retry_after(api, settings):
    settings.API_READ_RATE = "3/m"
    statuses = [api("units/", limit=1).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    limited = api("units/", limit=1)
    assert limited["Retry-After"] == "60"
    assert limited["Content-Type"] == PROBLEM
    assert limited.json()["status"] == 429


def test_openapi_document_describes_every_router(api):
    document = api("openapi.json").json()

    paths = document["paths"]
    for path in (
        "/api/v3/procedures/",
        "/api/v3/procedures/{code}",
        "/api/v3/units/",
        "/api/v3/units/{code}",
        "/api/v3/forms/",
        "/api/v3/forms/{form_id}",
        "/api/v3/search/",
        "/api/v3/services/{procedure_code}",
        "/api/v3/dossiers/",
        "/api/v3/dossiers/track",
        "/api/v3/pages/",
    ):
        assert path in paths, path
    listing = paths["/api/v3/procedures/"]["get"]
    names = {parameter["name"] for parameter in listing["parameters"]}
    assert {"tier", "unit", "site", "updated_since", "limit", "offset"} <= names
    bad = listing["responses"]["400"]["content"]
    assert bad == {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    assert "Problem" in document["components"]["schemas"]


def test_docs_work_offline(api):
    response = api("docs/")

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    assert "'unsafe-inline'" in response["Content-Security-Policy"]


def test_api_v2_keeps_working(client, demo):
    for path in ("/api/v2/procedures/", "/api/v2/pages/", "/api/v2/search/?q=xay"):
        response = client.get(path, headers={"host": PORTAL})
        assert response.status_code == HTTPStatus.OK, path
    bad = client.get("/api/v2/procedures/?tier=x", headers={"host": PORTAL})
    assert bad.status_code == HTTPStatus.BAD_REQUEST
    assert bad.json()["parameter"] == "tier"


def test_a_method_not_allowed_is_a_problem_too(client, demo):
    response = client.delete("/api/v3/procedures/", headers={"host": PORTAL})
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert response["Content-Type"] == PROBLEM
    assert response["Allow"]
    assert response.json()["detail"] == "Phương thức này không được hỗ trợ ở đây."
