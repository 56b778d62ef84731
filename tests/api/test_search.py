"""GET /api/v3/search/: the semantics of /api/v2/search/, `site` as a host name."""

from __future__ import annotations

from http import HTTPStatus

import pytest
from django.core.management import call_command
from wagtail.models import Site

from search.connection import get_client
from search.index import SearchIndex
from search.models import DEFAULT_COLLECTION
from tests.api.conftest import PORTAL, SXD


def v2(client, host=PORTAL, **params):
    response = client.get("/api/v2/search/", params, headers={"host": host})
    assert response.status_code == HTTPStatus.OK, response.content
    return response.json()


def same_answer(api, client, host=PORTAL, v2_params=None, **params):
    ours = api("search/", host=host, **params)
    assert ours.status_code == HTTPStatus.OK, ours.content
    body = ours.json()
    theirs = v2(client, host=host, **(v2_params or params))
    for key in ("query", "count", "backend", "page", "results", "facets"):
        assert body[key] == theirs[key], key
    assert body["did_you_mean"] == (theirs["did_you_mean"] or None)
    return body


QUERIES = [
    {"q": "cap giay phep xay dung"},
    {"q": "so do"},
    {"q": "đăng ký", "tier": "xa"},
    {"q": "giay phep", "level": "3"},
    {"q": "1.009972"},
    {"q": "giay phep", "page": "2"},
]


@pytest.fixture
def database_search(settings):
    settings.ELASTICSEARCH_URL = ""


@pytest.mark.parametrize("params", QUERIES)
def test_same_results_as_v2_on_the_database(api, client, database_search, params):
    body = same_answer(api, client, **params)
    assert body["backend"] == "database"


def test_finds_the_construction_permit(api, database_search):
    body = api("search/", q="cap giay phep xay dung").json()
    assert "1.009972" in [hit["code"] for hit in body["results"]]


def test_site_is_a_host_name(api, client, database_search):
    site = Site.objects.get(hostname=SXD)
    body = api("search/", q="giay phep", site=SXD).json()
    assert body == api("search/", host=SXD, q="giay phep").json()
    theirs = v2(client, q="giay phep", site=site.pk)
    assert body["results"] == theirs["results"]

    unknown = api("search/", q="giay phep", site="khong-co.localhost")
    assert unknown.status_code == HTTPStatus.BAD_REQUEST
    assert unknown.json()["errors"][0]["loc"] == ["query", "site"]


def test_suggestions(api, database_search):
    body = api("search/suggest", q="giay ph").json()
    assert body["suggestions"]
    assert {"title", "url", "code"} == set(body["suggestions"][0])


@pytest.mark.elasticsearch
def test_same_results_as_v2_on_elasticsearch(api, client):
    index = SearchIndex(DEFAULT_COLLECTION, client=get_client())
    try:
        call_command("rebuild_search_index", verbosity=0)
        for params in QUERIES:
            body = same_answer(api, client, **params)
            assert body["backend"] == "elasticsearch"
    finally:
        # The demo's records go with the test's transaction: so does the index.
        index.drop()
