"""Routing to a child page from the shared cache (cms.core.routing): one query
for the child instead of two, and a renamed, unpublished or moved page routes
as Wagtail would on the very next request."""

from __future__ import annotations

from http import HTTPStatus

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.dossiers import conftest as shared
from tests.dossiers.conftest import PORTAL, SXD

province = shared.province
fresh_limits_and_vietnamese = shared.fresh_limits_and_vietnamese
private_storage = shared.private_storage

pytestmark = pytest.mark.django_db


def get(host: str, path: str):
    return Client().get(path, HTTP_HOST=host)


def library(site):
    return site.root_page.get_children().get(slug="bieu-mau").specific


def test_a_child_seen_before_is_found_without_a_slug_query(province):
    assert get(SXD, "/bieu-mau/").status_code == HTTPStatus.OK
    with CaptureQueriesContext(connection) as queries:
        assert get(SXD, "/bieu-mau/").status_code == HTTPStatus.OK
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert '"wagtailcore_page"."slug" =' not in sql


def test_a_new_slug_routes_at_once_and_the_old_one_is_gone(
    province, django_capture_on_commit_callbacks
):
    assert get(SXD, "/bieu-mau/").status_code == HTTPStatus.OK
    page = library(province.construction)
    page.slug = "mau-don"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()

    assert get(SXD, "/mau-don/").status_code == HTTPStatus.OK
    old = get(SXD, "/bieu-mau/")  # Wagtail's automatic redirect, not the page
    assert old.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert old["Location"].endswith("/mau-don/")
    # The portal's page of the same slug is another page.
    assert get(PORTAL, "/bieu-mau/").status_code == HTTPStatus.OK


def test_an_unpublished_page_is_not_found_on_the_next_request(
    province, django_capture_on_commit_callbacks
):
    assert get(SXD, "/bieu-mau/").status_code == HTTPStatus.OK
    with django_capture_on_commit_callbacks(execute=True):
        library(province.construction).unpublish()

    assert get(SXD, "/bieu-mau/").status_code == HTTPStatus.NOT_FOUND


def test_a_moved_page_routes_from_its_new_parent(
    province, django_capture_on_commit_callbacks
):
    assert get(SXD, "/lien-he/").status_code == HTTPStatus.OK
    contact = province.construction.root_page.get_children().get(slug="lien-he")
    catalogue = province.construction.root_page.get_children().get(
        slug="thu-tuc-hanh-chinh"
    )
    contact.slug = "lien-he-so"
    contact.save()
    with django_capture_on_commit_callbacks(execute=True):
        contact.move(catalogue, pos="last-child")

    assert get(SXD, "/lien-he/").status_code in (
        HTTPStatus.NOT_FOUND,
        HTTPStatus.MOVED_PERMANENTLY,
    )
    response = get(SXD, "/thu-tuc-hanh-chinh/lien-he-so/")
    assert response.status_code == HTTPStatus.OK
