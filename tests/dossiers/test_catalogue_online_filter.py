"""The catalogue filters on "can be submitted online" (issue 11, item 8)."""

from __future__ import annotations

from tests.dossiers.conftest import HOA_AN, PORTAL
from tests.procedure_pages.factories import ProcedurePageFactory


def listed_codes(response) -> set[str]:
    listing = response.context["catalogue"]
    return {procedure.code for procedure in listing.page.object_list}


def test_online_filter_lists_only_procedures_with_a_live_online_service(
    client, province
):
    catalogue = province.portal.root_page.get_children().get(slug="thu-tuc-hanh-chinh")
    offline = ProcedurePageFactory(parent=catalogue, title="Thủ tục chưa trực tuyến")
    everything = client.get("/thu-tuc-hanh-chinh/", HTTP_HOST=PORTAL)
    assert offline.code in listed_codes(everything)

    online = client.get("/thu-tuc-hanh-chinh/?online=1", HTTP_HOST=PORTAL)
    assert online.status_code == 200
    assert listed_codes(online) == {province.permit.code, province.land.code}

    # On a district's site: what the district handles and can take online.
    district = client.get("/thu-tuc-hanh-chinh/?online=1", HTTP_HOST=HOA_AN)
    assert listed_codes(district) == {province.land.code}

    province.land_service.unpublish()
    online = client.get("/thu-tuc-hanh-chinh/?online=1", HTTP_HOST=PORTAL)
    assert listed_codes(online) == {province.permit.code}


def test_online_filter_refuses_other_values(client, province):
    response = client.get("/thu-tuc-hanh-chinh/?online=yes", HTTP_HOST=PORTAL)
    assert response.status_code == 400
