"""SQL queries per public page with the page cache off (a visitor with a
session, an address seen for the first time), once the shared cache holds the
parts of pages that change only on publish (cms.core.fragments): ceilings that
catch an N+1 or a lookup repeated per request coming back. Not timed."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.dossiers import conftest as shared
from tests.dossiers.conftest import HOA_AN, PORTAL, SXD

province = shared.province
fresh_limits_and_vietnamese = shared.fresh_limits_and_vietnamese
private_storage = shared.private_storage

pytestmark = pytest.mark.django_db

# (host, path, queries at most on a warm shared cache, cold at most)
BUDGETS = [
    # Wagtail's route to the home page; panels, menu and restrictions cached.
    (PORTAL, "/", 1, 20),
    (SXD, "/", 1, 20),
    # The home page and the catalogue (routing from the cache); the listing,
    # its counts and breadcrumbs are cached.
    (PORTAL, "/thu-tuc-hanh-chinh/", 2, 16),
    (HOA_AN, "/thu-tuc-hanh-chinh/?tier=huyen", 2, 16),
    # The procedure page: route (3), its online service (2), co-processing
    # agencies, forms with their versions (2) and restricted collections (1);
    # questions (procedure_pages, forms_library's tags).
    (SXD, "/thu-tuc-hanh-chinh/1009972/", 8, 20),
    # Route (2), the site, restricted collections, count, forms with versions.
    (PORTAL, "/bieu-mau/", 5, 18),
]


def count(host: str, path: str) -> int:
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200, (host, path, response.status_code)
    return len(queries.captured_queries)


@pytest.mark.parametrize(("host", "path", "warm", "cold"), BUDGETS)
def test_queries_per_page(province, host, path, warm, cold):
    first = count(host, path)
    second = count(host, path)

    assert first <= cold
    assert second <= warm
