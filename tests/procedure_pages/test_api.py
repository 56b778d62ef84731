"""GET /api/v2/procedures/ with the catalogue's filters."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from procedure_pages.models import OnlineKind
from sites.models import UnitKind
from tests.procedure_pages.factories import (
    AgencyFactory,
    ProcedurePageFactory,
    SectorFactory,
    site_with_catalogue,
)

pytestmark = pytest.mark.django_db

PORTAL, DEPARTMENT = "portal.localhost", "sotuphap.localhost"
URL = "/api/v2/procedures/"


@pytest.fixture
def procedures():
    portal, portal_index = site_with_catalogue(
        hostname=PORTAL, name="Tỉnh Cao Bằng", is_default=True
    )
    _site, department_index = site_with_catalogue(
        hostname=DEPARTMENT,
        name="Sở Tư pháp",
        kind=UnitKind.DEPARTMENT,
        parent=portal.profile.unit,
    )
    civil = SectorFactory(name="Hộ tịch")
    justice = AgencyFactory(name="Sở Tư pháp")
    ProcedurePageFactory(
        parent=department_index,
        code="1.000001",
        title="Cấp phiếu lý lịch tư pháp",
        sector=civil,
        lead_agency=justice,
        level=4,
        online_kind=OnlineKind.FULL,
    )
    ProcedurePageFactory(
        parent=department_index, code="1.000002", sector=civil, lead_agency=justice
    )
    ProcedurePageFactory(parent=portal_index, code="2.000001", tier="xa")
    return {"civil": civil, "justice": justice}


def codes(client, host=PORTAL, **params):
    response = client.get(URL, params, HTTP_HOST=host)
    assert response.status_code == HTTPStatus.OK, response.content
    return [item["code"] for item in response.json()["items"]]


def test_portal_lists_every_site_and_sub_site_its_own(client, procedures):
    assert codes(client) == ["1.000001", "1.000002", "2.000001"]
    assert codes(client, host=DEPARTMENT) == ["1.000001", "1.000002"]
    assert codes(client, site=DEPARTMENT) == ["1.000001", "1.000002"]


def test_filters(client, procedures):
    assert codes(client, sector=procedures["civil"].pk) == ["1.000001", "1.000002"]
    assert codes(client, agency=procedures["justice"].pk, level=4) == ["1.000001"]
    assert codes(client, online_kind="toan_trinh") == ["1.000001"]
    assert codes(client, tier="xa") == ["2.000001"]
    assert codes(client, user_type="organisation") == []


def test_items_carry_the_catalogue_fields(client, procedures):
    item = client.get(URL, {"level": 4}, HTTP_HOST=PORTAL).json()["items"][0]

    assert item["title"] == "Cấp phiếu lý lịch tư pháp"
    assert item["sector_name"] == "Hộ tịch"
    assert item["agency_name"] == "Sở Tư pháp"
    assert item["online_kind"] == "toan_trinh"
    assert item["meta"]["html_url"].startswith(f"http://{DEPARTMENT}/")
    detail = client.get(f"{URL}{item['id']}/", HTTP_HOST=PORTAL).json()
    assert detail["code"] == "1.000001"
    assert "documents" in detail and "legal_basis" in detail


def test_unknown_site_is_a_bad_request(client, procedures):
    response = client.get(URL, {"site": "nowhere.localhost"}, HTTP_HOST=PORTAL)

    assert response.status_code == HTTPStatus.BAD_REQUEST


def test_listing_query_count_is_constant(client, procedures):
    portal_index = ProcedurePageFactory._meta.model.objects.first().get_parent()
    for i in range(30):
        ProcedurePageFactory(parent=portal_index, code=f"5.{i:06d}")
    client.get(URL, HTTP_HOST=PORTAL)

    def count(limit):  # the fewest of three runs: steady state
        counts = []
        for _ in range(3):
            with CaptureQueriesContext(connection) as queries:
                client.get(URL, {"limit": limit}, HTTP_HOST=PORTAL)
            counts.append(len(queries))
        return min(counts)

    assert count(3) == count(30)
