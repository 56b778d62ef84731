"""Procedures are shared per tier, and the search follows (issue 10 §1).

A procedure published once for the commune tier is found, once, on every
commune's site and opens there at the site's own address (its catalogue serves
it); on the portal it opens at its own URL. A department finds what it leads;
a unit's opt-out or addition (``UnitProcedureChange``) is followed as soon as it
is saved or deleted. Both backends.
"""

from __future__ import annotations

from contextlib import contextmanager
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from procedure_pages.handling import procedures_handled_by
from procedure_pages.models import HandlingChange, Tier, UnitProcedureChange
from search import services
from search.backends.database import _in_site
from search.index import SearchIndex
from search.models import DEFAULT_COLLECTION, RecordKind, SearchRecord
from search.records import object_key, site_scope
from sites.provisioning import SiteSpec, provision_site
from tests.procedure_pages.factories import (
    AgencyFactory,
    ProcedurePageFactory,
    SectorFactory,
)

pytestmark = pytest.mark.django_db

PORTAL = "tinh.localhost"
TU_PHAP = "sotuphap.tinh.localhost"
XAY_DUNG = "soxaydung.tinh.localhost"
HA_QUANG = "haquang.tinh.localhost"
HOA_AN = "hoaan.tinh.localhost"
TRUONG_HA = "truongha.tinh.localhost"
NAM_TUAN = "namtuan.tinh.localhost"

KET_HON = "1.000894"
CHUNG_THUC = "2.000815"
LY_LICH = "2.000488"
RIENG = "9.990001"


@pytest.fixture(
    params=["database", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)]
)
def backend(request, settings, clean_catalogue_index):
    if request.param == "database":
        settings.ELASTICSEARCH_URL = ""
    services.reset_availability()
    return request.param


@pytest.fixture
def synced(django_capture_on_commit_callbacks, backend):
    @contextmanager
    def block():
        with django_capture_on_commit_callbacks(execute=True):
            yield
        if backend == "elasticsearch":
            index = SearchIndex(DEFAULT_COLLECTION)
            index.ensure()
            index.refresh()

    return block


def unit_site(kind, name, hostname, parent=PORTAL):
    spec = SiteSpec(kind=kind, name=name, hostname=hostname, parent=parent)
    return provision_site(spec).site


def publish(parent, synced, **fields):
    fields.setdefault("sector", SectorFactory(name="Hộ tịch"))
    fields.setdefault("lead_agency", AgencyFactory(name="UBND", tier=fields["tier"]))
    page = ProcedurePageFactory.build(
        slug=fields["code"].replace(".", "-"), live=False, **fields
    )
    parent.add_child(instance=page)
    with synced():
        page.save_revision().publish()
    return page


@pytest.fixture
def province(backend, synced):
    portal = unit_site("province", "Tỉnh Thử", PORTAL, parent="")
    sites = {
        "portal": portal,
        "tu_phap": unit_site("department", "Sở Tư pháp", TU_PHAP),
        "xay_dung": unit_site("department", "Sở Xây dựng", XAY_DUNG),
        "ha_quang": unit_site("district", "Huyện Hà Quảng", HA_QUANG),
        "hoa_an": unit_site("district", "Huyện Hòa An", HOA_AN),
        "truong_ha": unit_site("commune", "Xã Trường Hà", TRUONG_HA, HA_QUANG),
        "nam_tuan": unit_site("commune", "Xã Nam Tuấn", NAM_TUAN, HOA_AN),
    }
    catalogue = portal.root_page.get_children().get(slug="thu-tuc-hanh-chinh")
    own = sites["truong_ha"].root_page.get_children().get(slug="thu-tuc-hanh-chinh")
    tu_phap = AgencyFactory(name="Sở Tư pháp", unit=sites["tu_phap"].profile.unit)
    publish(
        catalogue,
        synced,
        title="Đăng ký kết hôn",
        code=KET_HON,
        tier=Tier.COMMUNE,
        lead_agency=AgencyFactory(name="UBND cấp xã", tier=Tier.COMMUNE),
    )
    publish(
        catalogue,
        synced,
        title="Chứng thực bản sao từ bản chính",
        code=CHUNG_THUC,
        tier=Tier.DISTRICT,
        lead_agency=AgencyFactory(name="UBND cấp huyện", tier=Tier.DISTRICT),
    )
    publish(
        catalogue,
        synced,
        title="Cấp Phiếu lý lịch tư pháp",
        code=LY_LICH,
        tier=Tier.PROVINCIAL,
        lead_agency=tu_phap,
    )
    publish(
        own,
        synced,
        # Placed under one commune's own catalogue, of no shared tier: that
        # commune's alone.
        title="Hỗ trợ đăng ký kết hôn tại nhà cho người cao tuổi",
        code=RIENG,
        tier=Tier.PROVINCIAL,
    )
    return sites


def api(client, query, host=PORTAL, **params):
    response = client.get("/api/v2/search/", {"q": query, **params}, HTTP_HOST=host)
    assert response.status_code == HTTPStatus.OK
    return response.json()


def codes(data):
    return [result["code"] for result in data["results"]]


def test_a_commune_finds_its_tiers_procedure_once_and_opens_it_at_home(
    client, province
):
    data = api(client, "dang ky ket hon", site=TRUONG_HA)

    assert sorted(codes(data)) == sorted([KET_HON, RIENG])  # one result each
    urls = {r["code"]: r["url"] for r in data["results"]}
    assert urls[KET_HON] == f"http://{TRUONG_HA}/thu-tuc-hanh-chinh/1-000894/"
    assert urls[RIENG] == f"http://{TRUONG_HA}/thu-tuc-hanh-chinh/9-990001/"
    # The address works: the commune's catalogue serves the shared record.
    page = client.get("/thu-tuc-hanh-chinh/1-000894/", HTTP_HOST=TRUONG_HA)
    assert page.status_code == HTTPStatus.OK
    assert "Đăng ký kết hôn" in page.content.decode()

    # Another commune finds the same record, at its own address, and not the
    # procedure placed under Trường Hà's catalogue.
    other = api(client, "dang ky ket hon", site=NAM_TUAN)
    assert codes(other) == [KET_HON]
    assert other["results"][0]["url"] == (
        f"http://{NAM_TUAN}/thu-tuc-hanh-chinh/1-000894/"
    )


def test_the_search_page_of_a_unit_links_to_its_own_catalogue(client, province):
    html = client.get(
        "/tim-kiem/", {"q": "dang ky ket hon"}, HTTP_HOST=NAM_TUAN
    ).content.decode()

    assert 'href="/thu-tuc-hanh-chinh/1-000894/"' in html
    assert html.count("/thu-tuc-hanh-chinh/1-000894/") == 1
    assert f"http://{PORTAL}/thu-tuc-hanh-chinh/1-000894/" not in html


def test_the_portal_finds_everything_at_the_records_own_address(client, province):
    data = api(client, "dang ky ket hon")
    assert sorted(codes(data)) == sorted([KET_HON, RIENG])
    urls = {r["code"]: r["url"] for r in data["results"]}
    assert urls[KET_HON] == f"http://{PORTAL}/thu-tuc-hanh-chinh/1-000894/"

    on_portal = api(client, "dang ky ket hon", site=PORTAL)
    assert {r["code"]: r["url"] for r in on_portal["results"]} == urls


def test_each_tier_and_department_finds_what_it_handles(client, province):
    assert codes(api(client, "chung thuc ban sao", site=HA_QUANG)) == [CHUNG_THUC]
    assert codes(api(client, "chung thuc ban sao", site=TRUONG_HA)) == []
    assert codes(api(client, "dang ky ket hon", site=HA_QUANG)) == []
    led = api(client, "ly lich tu phap", site=TU_PHAP)
    assert codes(led) == [LY_LICH]
    assert led["results"][0]["url"] == (
        f"http://{TU_PHAP}/thu-tuc-hanh-chinh/2-000488/"
    )
    assert codes(api(client, "ly lich tu phap", site=XAY_DUNG)) == []


def test_suggestions_on_a_unit_site_open_at_home(client, province):
    response = client.get(
        "/api/v2/search/suggest/",
        {"q": "dang ky ket", "site": NAM_TUAN},
        HTTP_HOST=NAM_TUAN,
    )
    suggestions = response.json()["suggestions"]

    assert [s["code"] for s in suggestions] == [KET_HON]
    assert suggestions[0]["url"] == "/thu-tuc-hanh-chinh/1-000894/"
    # The header box asks without ``site``: the site it is on.
    unasked = client.get(
        "/api/v2/search/suggest/", {"q": "dang ky ket"}, HTTP_HOST=NAM_TUAN
    ).json()["suggestions"]
    assert unasked == suggestions


def test_a_units_opt_out_and_addition_are_followed(client, province, synced):
    hoa_an = province["hoa_an"].profile.unit
    xay_dung = province["xay_dung"].profile.unit
    from procedure_pages.models import ProcedurePage

    chung_thuc = ProcedurePage.objects.get(code=CHUNG_THUC)
    ket_hon = ProcedurePage.objects.get(code=KET_HON)

    with synced():
        opt_out = UnitProcedureChange.objects.create(
            unit=hoa_an, procedure=chung_thuc, change=HandlingChange.EXCLUDES
        )
        UnitProcedureChange.objects.create(
            unit=xay_dung, procedure=ket_hon, change=HandlingChange.ADDS
        )
    assert codes(api(client, "chung thuc ban sao", site=HOA_AN)) == []
    assert codes(api(client, "chung thuc ban sao", site=HA_QUANG)) == [CHUNG_THUC]
    added = api(client, "dang ky ket hon", site=XAY_DUNG)
    assert codes(added) == [KET_HON]
    assert added["results"][0]["url"].startswith(f"http://{XAY_DUNG}/")

    with synced():
        opt_out.delete()
    assert codes(api(client, "chung thuc ban sao", site=HOA_AN)) == [CHUNG_THUC]


def test_what_a_site_finds_is_what_its_catalogue_lists(province):
    """The records' tokens and the sites' scopes say what handling.py says
    (the records are the same whichever backend answers)."""
    from procedure_pages.models import ProcedurePage

    records = SearchRecord.objects.filter(kind=RecordKind.PROCEDURE)
    for name, site in province.items():
        if name == "portal":
            continue
        scope = site_scope(site.pk)
        found = set(
            _in_site(records, site.pk, scope.audiences).values_list("code", flat=True)
        )
        handled = set(
            procedures_handled_by(
                site.profile.unit, ProcedurePage.objects.live()
            ).values_list("code", flat=True)
        )
        assert found == handled, name


def test_indexing_cost_does_not_grow_with_units_or_procedures(province, synced):
    """Entries name a tier, not its 199 communes: building them is a fixed
    number of queries per batch, and a new commune needs no re-indexing."""
    from procedure_pages.models import ProcedurePage

    catalogue = (
        province["portal"].root_page.get_children().get(slug="thu-tuc-hanh-chinh")
    )
    for number in range(20):
        ProcedurePageFactory(parent=catalogue, tier=Tier.COMMUNE, code=f"8.{number}")
    keys = [object_key(p) for p in ProcedurePage.objects.all()]

    def queries(keys):
        with CaptureQueriesContext(connection) as captured:
            services.sync_keys(keys)
        return len(captured)

    assert queries(keys[:5]) == queries(keys)
    record = SearchRecord.objects.get(code=KET_HON)
    assert record.audiences == "|tier:xa|" and len(record.sites) < 20

    unit_site("commune", "Xã Mới", "xamoi.tinh.localhost", HA_QUANG)
    from django.test import Client

    found = (
        Client()
        .get(
            "/api/v2/search/",
            {"q": "dang ky ket hon", "site": "xamoi.tinh.localhost"},
            HTTP_HOST=PORTAL,
        )
        .json()
    )
    assert codes(found) == [KET_HON]
