"""GET /api/v3/procedures/ and /api/v3/procedures/{code} on the seeded demo."""

from __future__ import annotations

from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site

from forms_library.online.models import OnlineServicePage
from procedure_pages.handling import procedures_handled_by
from procedure_pages.models import ProcedurePage, Tier
from sites.models import AdministrativeUnit, UnitKind
from tests.api.conftest import PORTAL, SXD

PERMIT = "1.009972"


def codes(api, host=PORTAL, **params):
    response = api("procedures/", host=host, limit=100, **params)
    assert response.status_code == HTTPStatus.OK, response.content
    return [item["code"] for item in response.json()["items"]]


def live_codes(queryset):
    return sorted(queryset.live().public().values_list("code", flat=True))


def test_the_portal_lists_every_live_procedure_by_code(api):
    response = api("procedures/", limit=100)

    body = response.json()
    expected = live_codes(ProcedurePage.objects.all())
    assert body["count"] == len(expected)
    assert [item["code"] for item in body["items"]] == expected
    item = body["items"][0]
    assert set(item) == {
        "code", "title", "name", "url", "api_url", "tier", "level", "online_kind",
        "user_type", "status", "sector", "agency", "last_published_at",
    }  # fmt: skip
    assert item["api_url"] == f"http://{PORTAL}/api/v3/procedures/{item['code']}"


def test_paging_has_a_hard_maximum(api):
    first = api("procedures/", limit=2).json()
    second = api("procedures/", limit=2, offset=2).json()
    assert len(first["items"]) == len(second["items"]) == 2
    assert first["count"] == second["count"]
    assert first["items"][1]["code"] < second["items"][0]["code"]

    refused = api("procedures/", limit=101)
    assert refused.status_code == HTTPStatus.BAD_REQUEST
    assert refused["Content-Type"] == "application/problem+json"
    assert refused.json()["errors"][0]["loc"] == ["query", "limit"]


@pytest.mark.parametrize(
    ("name", "value", "field"),
    [
        ("tier", "xa", "tier"),
        ("level", "4", "level"),
        ("online_kind", "toan_trinh", "online_kind"),
        ("user_type", "individual", "user_type"),
    ],
)
def test_catalogue_filters(api, name, value, field):
    items = api("procedures/", limit=100, **{name: value}).json()["items"]
    assert items
    assert {str(item[field]) for item in items} == {value}


def test_sector_and_agency_filters_take_the_catalogues_ids(api):
    permit = ProcedurePage.objects.get(code=PERMIT)
    by_sector = codes(api, sector=permit.sector_id)
    by_agency = codes(api, agency=permit.lead_agency_id)
    assert PERMIT in by_sector
    assert PERMIT in by_agency
    assert set(by_sector) == set(
        live_codes(ProcedurePage.objects.filter(sector=permit.sector_id))
    )


def test_online_filter_lists_procedures_with_a_live_online_service(api):
    found = codes(api, online="1")
    with_service = sorted(
        {
            page.get_parent().specific.code
            for page in OnlineServicePage.objects.live().public()
        }
    )
    assert found == with_service
    assert PERMIT in found


def test_a_unit_handles_its_tiers_shared_procedures(api):
    commune = AdministrativeUnit.objects.filter(kind=UnitKind.COMMUNE).first()
    shared = live_codes(ProcedurePage.objects.filter(tier=Tier.COMMUNE))
    expected = live_codes(procedures_handled_by(commune))

    by_code = codes(api, unit=commune.code)
    host = commune.site_profile.site.hostname
    by_host = codes(api, unit=host)
    by_site = codes(api, site=host)
    on_its_site = codes(api, host=host)

    assert by_code == by_host == by_site == on_its_site == expected
    # Every commune-tier procedure, wherever it was published.
    assert set(shared) <= set(by_code)
    other_communes = set(
        ProcedurePage.objects.filter(tier=Tier.COMMUNE)
        .exclude(path__startswith=commune.site_profile.site.root_page.path)
        .values_list("code", flat=True)
    )
    assert other_communes & set(by_code)


def test_unknown_unit_and_site_are_bad_requests_naming_them(api):
    for name in ("unit", "site"):
        response = api("procedures/", **{name: "khong-co.localhost"})
        assert response.status_code == HTTPStatus.BAD_REQUEST
        body = response.json()
        assert body["errors"][0]["loc"] == ["query", name]
        assert name in body["detail"]


def test_updated_since_is_an_incremental_sync(api):
    everything = codes(api)
    assert codes(api, updated_since="2000-01-01T00:00:00Z") == everything
    assert codes(api, updated_since="2999-01-01T00:00:00+07:00") == []

    page = ProcedurePage.objects.get(code=PERMIT)
    latest = page.last_published_at
    ProcedurePage.objects.exclude(pk=page.pk).update(
        last_published_at=latest.replace(year=2001)
    )
    assert codes(api, updated_since=latest.isoformat()) == [PERMIT]

    refused = api("procedures/", updated_since="hôm qua")
    assert refused.status_code == HTTPStatus.BAD_REQUEST
    assert refused.json()["errors"][0]["loc"] == ["query", "updated_since"]


def test_unpublished_and_restricted_procedures_never_appear(api):
    hidden = ProcedurePage.objects.get(code=PERMIT)
    private = ProcedurePage.objects.live().exclude(pk=hidden.pk).first()
    hidden.unpublish()
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    listed = codes(api)
    assert hidden.code not in listed
    assert private.code not in listed
    for code in (hidden.code, private.code):
        assert api(f"procedures/{code}").status_code == HTTPStatus.NOT_FOUND


def test_detail_is_the_full_structured_record(api, client):
    response = api(f"procedures/{PERMIT}", host=SXD)

    assert response.status_code == HTTPStatus.OK
    record = response.json()
    page = ProcedurePage.objects.get(code=PERMIT)
    assert record["code"] == PERMIT
    assert record["name"] == page.name
    assert [s["description"] for s in record["steps"]] == [
        block.value["description"] for block in page.steps
    ]
    assert len(record["documents"]) == len(page.documents)
    assert {"in_person", "post", "online"} == set(record["channels"])
    assert record["processing_time"]["days"] == page.processing_days
    assert record["fee"] == {"amount": page.fee_amount, "text": page.fee_text}
    assert SXD in {unit["host"] for unit in record["units"]}
    # Its online service, with the form definition's address.
    service = record["online_service"]
    assert service["url"].endswith("/nop-truc-tuyen/")
    assert service["api_url"] == f"http://{SXD}/api/v3/services/{PERMIT}"
    assert client.get(service["api_url"], headers={"host": SXD}).status_code == 200
    # Its forms, downloaded through the safe views.
    assert record["forms"]
    for form in record["forms"]:
        download = client.get(form["download_url"], headers={"host": SXD})
        assert download.status_code == HTTPStatus.OK
        assert download["Content-Disposition"].startswith("attachment;")


def test_a_procedure_without_online_service_says_so(api):
    without = (
        ProcedurePage.objects.live()
        .public()
        .exclude(pk__in=[p.get_parent().pk for p in OnlineServicePage.objects.all()])
        .first()
    )
    assert api(f"procedures/{without.code}").json()["online_service"] is None


def test_unknown_and_malformed_codes(api):
    missing = api("procedures/9.999999")
    assert missing.status_code == HTTPStatus.NOT_FOUND
    assert missing["Content-Type"] == "application/problem+json"
    assert missing.json()["detail"] == "Không có thủ tục nào có mã này."

    malformed = api("procedures/1;drop")
    assert malformed.status_code == HTTPStatus.NOT_FOUND
    assert malformed["Content-Type"] == "application/problem+json"


def test_queries_do_not_grow_with_the_page_size(api):
    def count(limit):
        with CaptureQueriesContext(connection) as queries:
            assert api("procedures/", limit=limit).status_code == HTTPStatus.OK
        return len(queries)

    count(5)  # warm Wagtail's per-request caches of sites
    assert count(10) == count(100)


def test_a_units_site_lists_what_the_unit_handles(api):
    assert Site.objects.get(hostname=PORTAL).is_default_site
    assert len(codes(api, host=SXD)) < len(codes(api))


def test_wagtails_pages_endpoint_serves_live_public_procedures_with_typed_fields(
    api,
):
    hidden = ProcedurePage.objects.get(code=PERMIT)
    hidden.unpublish()
    listed = api(
        "pages/", type="procedure_pages.ProcedurePage", limit=100, site=PORTAL
    ).json()
    ids = {item["id"] for item in listed["items"]}
    assert hidden.pk not in ids

    shown = ProcedurePage.objects.live().public().first()
    record = api(f"pages/{shown.pk}/").json()
    assert record["code"] == shown.code
    assert record["tier"] == shown.tier
    assert record["level"] == shown.level
    assert api(f"pages/{hidden.pk}/").status_code == HTTPStatus.NOT_FOUND
