"""Pages skip Wagtail's two view-restriction queries when nothing above them is
private (cms.core.restrictions), and a restriction added or removed applies on
the very next request, to the page and to the pages below it."""

from __future__ import annotations

from http import HTTPStatus

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.dossiers import conftest as shared
from tests.dossiers.conftest import PORTAL, SXD

province = shared.province
fresh_limits_and_vietnamese = shared.fresh_limits_and_vietnamese
private_storage = shared.private_storage

pytestmark = pytest.mark.django_db

CATALOGUE = "/thu-tuc-hanh-chinh/"
PERMIT = "/thu-tuc-hanh-chinh/1009972/"


def get(host: str, path: str):
    return Client().get(path, HTTP_HOST=host)


def test_a_public_page_runs_no_restriction_query(province):
    get(SXD, CATALOGUE)  # the guarded paths are read once into the cache
    with CaptureQueriesContext(connection) as queries:
        assert get(SXD, CATALOGUE).status_code == HTTPStatus.OK
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert "wagtailcore_pageviewrestriction" not in sql
    assert '"wagtailcore_page"."alias_of_id" FROM' not in sql  # ancestors' aliases


def test_a_restriction_applies_at_once_to_the_page_and_below(
    province, django_capture_on_commit_callbacks
):
    catalogue = province.construction.root_page.get_children().get(
        slug="thu-tuc-hanh-chinh"
    )
    assert get(SXD, CATALOGUE).status_code == HTTPStatus.OK
    assert get(SXD, PERMIT).status_code == HTTPStatus.OK

    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=catalogue, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )

    for path in (CATALOGUE, PERMIT):
        response = get(SXD, path)
        html = response.content.decode()
        assert 'type="password"' in html  # Wagtail's password form
        assert "Cấp giấy phép xây dựng" not in html
    # Other sites' pages stay public.
    assert get(PORTAL, CATALOGUE).status_code == HTTPStatus.OK

    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()

    response = get(SXD, PERMIT)
    assert 'type="password"' not in response.content.decode()
    assert "Cấp giấy phép xây dựng" in response.content.decode()


def test_a_login_restriction_sends_anonymous_visitors_to_sign_in(
    province, django_capture_on_commit_callbacks
):
    get(SXD, PERMIT)
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=province.permit, restriction_type=PageViewRestriction.LOGIN
        )

    response = get(SXD, PERMIT)
    assert response.status_code == HTTPStatus.FOUND
    assert "login" in response["Location"]
