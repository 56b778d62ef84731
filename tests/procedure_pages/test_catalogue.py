"""Catalogue pages: filters, sorting, pagination, counts, provincial aggregation."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from procedure_pages.models import OnlineKind, UserType
from sites.models import UnitKind
from tests.procedure_pages.factories import (
    AgencyFactory,
    ProcedurePageFactory,
    SectorFactory,
    site_with_catalogue,
)

pytestmark = pytest.mark.django_db

PORTAL = "portal.localhost"
DEPARTMENT = "soyte.localhost"


@pytest.fixture
def catalogues():
    portal, portal_index = site_with_catalogue(
        hostname=PORTAL, name="Tỉnh Cao Bằng", is_default=True
    )
    _site, department_index = site_with_catalogue(
        hostname=DEPARTMENT,
        name="Sở Y tế",
        kind=UnitKind.DEPARTMENT,
        parent=portal.profile.unit,
    )
    health, land = SectorFactory(name="Y tế"), SectorFactory(name="Đất đai")
    agency = AgencyFactory(name="Sở Y tế")
    for i in range(3):
        ProcedurePageFactory(
            parent=department_index,
            code=f"1.10000{i}",
            title=f"Cấp chứng chỉ hành nghề {i}",
            sector=health,
            lead_agency=agency,
            level=3,
            online_kind=OnlineKind.PARTIAL,
            user_type=UserType.INDIVIDUAL,
        )
    for i in range(2):
        ProcedurePageFactory(
            parent=portal_index,
            code=f"2.20000{i}",
            title=f"Giao đất {i}",
            sector=land,
            level=2,
        )
    return {"portal": portal_index, "department": department_index, "health": health}


def listed_codes(html):
    return [
        part.split('"', 1)[0]
        for part in html.split('class="procedure-item" data-code="')[1:]
    ]


def get(client, host, url, **params):
    response = client.get(url, params, HTTP_HOST=host)
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def test_portal_aggregates_every_site(client, catalogues):
    html = get(client, PORTAL, catalogues["portal"].url)

    assert listed_codes(html) == [
        "1.100000",
        "1.100001",
        "1.100002",
        "2.200000",
        "2.200001",
    ]


def test_sub_site_lists_only_its_own(client, catalogues):
    html = get(client, DEPARTMENT, catalogues["department"].url)

    assert listed_codes(html) == ["1.100000", "1.100001", "1.100002"]


def test_filters_without_javascript(client, catalogues):
    portal = catalogues["portal"].url
    by_sector = get(client, PORTAL, portal, sector=catalogues["health"].pk)
    by_level = get(client, PORTAL, portal, level=2)
    by_kind = get(client, PORTAL, portal, online_kind="mot_phan", tier="tinh")
    by_user = get(client, PORTAL, portal, user_type="organisation")

    assert listed_codes(by_sector) == ["1.100000", "1.100001", "1.100002"]
    assert listed_codes(by_level) == ["2.200000", "2.200001"]
    assert listed_codes(by_kind) == ["1.100000", "1.100001", "1.100002"]
    assert listed_codes(by_user) == []
    assert "<form" in by_sector and 'name="sector"' in by_sector


def test_filters_on_sub_site(client, catalogues):
    html = get(client, DEPARTMENT, catalogues["department"].url, level=2)

    assert listed_codes(html) == []


def test_counts_per_kind_and_level(client, catalogues):
    html = get(client, PORTAL, catalogues["portal"].url)

    assert 'data-kind="mot_phan">3<' in html
    assert 'data-kind="none">2<' in html
    # A value with no procedure is not offered (issue 10: "Mức độ 1" with 0).
    assert 'data-kind="toan_trinh"' not in html
    assert 'data-level="1"' not in html
    assert 'data-level="3">3<' in html
    assert 'data-level="2">2<' in html


def test_sorting_and_pagination(client, catalogues):
    portal = catalogues["portal"].url
    first = get(client, PORTAL, portal, sort="name", per_page=2)
    third = get(client, PORTAL, portal, sort="name", per_page=2, page=3)

    assert listed_codes(first) == ["1.100000", "1.100001"]
    assert listed_codes(third) == ["2.200001"]
    assert 'rel="next"' in first and 'rel="prev"' in third
    assert "sort=name" in first.split('rel="next" href="', 1)[1].split('"')[0]


def count_queries(client, url, **params):
    """Steady-state query count: the fewest of three runs, so that work other
    apps do now and then (e.g. flushing a visit counter) is not counted."""
    counts = []
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            get(client, PORTAL, url, **params)
        counts.append(len(queries))
    return min(counts)


def test_listing_query_count_is_constant(client, catalogues):
    portal = catalogues["portal"]
    sectors = [SectorFactory() for _ in range(5)]
    agencies = [AgencyFactory() for _ in range(5)]
    for i in range(100):
        ProcedurePageFactory(
            parent=portal,
            code=f"3.{i:06d}",
            sector=sectors[i % 5],
            lead_agency=agencies[i % 5],
        )
    get(client, PORTAL, portal.url)  # warm per-process caches

    ten = count_queries(client, portal.url, per_page=10)
    hundred = count_queries(client, portal.url, per_page=100)

    assert ten == hundred
