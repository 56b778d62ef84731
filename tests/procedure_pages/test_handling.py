"""Procedures are shared per tier: who handles what (procedure_pages.handling)."""

from __future__ import annotations

import pytest

from procedure_pages.handling import handles, procedures_handled_by, units_handling
from procedure_pages.models import HandlingChange, Tier, UnitProcedureChange
from sites.provisioning import SiteSpec, provision_site
from tests.procedure_pages.factories import AgencyFactory, ProcedurePageFactory

PORTAL = "tinh.localhost"


def unit_site(kind: str, name: str, hostname: str, parent: str = PORTAL):
    return provision_site(
        SiteSpec(kind=kind, name=name, hostname=hostname, parent=parent)
    ).site


@pytest.fixture
def province(db):
    portal = provision_site(
        SiteSpec(kind="province", name="Tỉnh Thử", hostname=PORTAL)
    ).site
    tu_phap = unit_site("department", "Sở Tư pháp", "sotuphap.tinh.localhost")
    xay_dung = unit_site("department", "Sở Xây dựng", "soxaydung.tinh.localhost")
    ha_quang = unit_site("district", "Huyện Hà Quảng", "haquang.tinh.localhost")
    hoa_an = unit_site("district", "Huyện Hòa An", "hoaan.tinh.localhost")
    truong_ha = unit_site(
        "commune", "Xã Trường Hà", "truongha.tinh.localhost", "haquang.tinh.localhost"
    )
    catalogue = portal.root_page.get_children().get(slug="thu-tuc-hanh-chinh")
    tu_phap_agency = AgencyFactory(name="Sở Tư pháp", unit=tu_phap.profile.unit)
    district_agency = AgencyFactory(name="UBND cấp huyện", tier=Tier.DISTRICT)
    commune_agency = AgencyFactory(name="UBND cấp xã", tier=Tier.COMMUNE)
    procedures = {
        "ly_lich": ProcedurePageFactory(
            parent=catalogue, tier=Tier.PROVINCIAL, lead_agency=tu_phap_agency
        ),
        "chung_thuc": ProcedurePageFactory(
            parent=catalogue, tier=Tier.DISTRICT, lead_agency=district_agency
        ),
        "ket_hon": ProcedurePageFactory(
            parent=catalogue, tier=Tier.COMMUNE, lead_agency=commune_agency
        ),
    }
    units = {
        site.hostname.split(".")[0]: site.profile.unit
        for site in (portal, tu_phap, xay_dung, ha_quang, hoa_an, truong_ha)
    }
    return units, procedures


def codes(queryset) -> set[str]:
    return set(queryset.values_list("code", flat=True))


def test_each_unit_handles_its_tier_and_what_it_leads(province):
    units, p = province
    assert codes(procedures_handled_by(units["haquang"])) == {p["chung_thuc"].code}
    assert codes(procedures_handled_by(units["hoaan"])) == {p["chung_thuc"].code}
    assert codes(procedures_handled_by(units["truongha"])) == {p["ket_hon"].code}
    assert codes(procedures_handled_by(units["sotuphap"])) == {p["ly_lich"].code}
    assert codes(procedures_handled_by(units["soxaydung"])) == set()


def test_a_shared_procedure_is_received_by_every_unit_of_its_tier(province):
    units, p = province
    receiving = set(units_handling(p["chung_thuc"]).values_list("name", flat=True))
    assert receiving == {"Huyện Hà Quảng", "Huyện Hòa An"}
    assert list(units_handling(p["ly_lich"])) == [units["sotuphap"]]
    assert handles(units["truongha"], p["ket_hon"])
    assert not handles(units["truongha"], p["chung_thuc"])


def test_units_opt_out_of_or_add_to_their_tiers_list(province):
    units, p = province
    UnitProcedureChange.objects.create(
        unit=units["hoaan"], procedure=p["chung_thuc"], change=HandlingChange.EXCLUDES
    )
    UnitProcedureChange.objects.create(
        unit=units["soxaydung"], procedure=p["chung_thuc"], change=HandlingChange.ADDS
    )
    receiving = set(units_handling(p["chung_thuc"]).values_list("name", flat=True))
    assert receiving == {"Huyện Hà Quảng", "Sở Xây dựng"}
    assert codes(procedures_handled_by(units["hoaan"])) == set()
    assert codes(procedures_handled_by(units["soxaydung"])) == {p["chung_thuc"].code}


def test_a_procedure_placed_under_a_units_site_is_that_units(province):
    units, p = province
    ha_quang_site = units["haquang"].site_profile.site
    catalogue = ha_quang_site.root_page.get_children().get(slug="thu-tuc-hanh-chinh")
    own = ProcedurePageFactory(parent=catalogue, tier=Tier.PROVINCIAL)
    assert own.code in codes(procedures_handled_by(units["haquang"]))
    assert set(units_handling(own)) >= {units["haquang"]}


def set_contact(unit, address: str, hours: str) -> None:
    profile = unit.site_profile
    profile.address, profile.working_hours = address, hours
    profile.save()


def test_a_district_procedure_is_one_record_shown_on_every_district_site(
    client, province
):
    units, p = province
    set_contact(units["haquang"], "Thị trấn Thông Nông, Hà Quảng", "7h30–17h00")
    set_contact(units["hoaan"], "Thị trấn Nước Hai, Hòa An", "7h00–16h30")
    shared = p["chung_thuc"]
    pages = {}
    for name, host in (
        ("haquang", "haquang.tinh.localhost"),
        ("hoaan", "hoaan.tinh.localhost"),
    ):
        catalogue = client.get("/thu-tuc-hanh-chinh/", HTTP_HOST=host)
        assert catalogue.status_code == 200
        link = f"/thu-tuc-hanh-chinh/{shared.slug}/"
        assert f'href="{link}"' in catalogue.content.decode()
        assert p["ket_hon"].code not in catalogue.content.decode()
        page = client.get(link, HTTP_HOST=host)
        assert page.status_code == 200
        pages[name] = page.content.decode()
        assert page.context["page"].pk == shared.pk  # one record
    assert "Thị trấn Thông Nông, Hà Quảng" in pages["haquang"]
    assert "7h30–17h00" in pages["haquang"]
    assert "Thị trấn Nước Hai, Hòa An" in pages["hoaan"]
    assert "Thị trấn Thông Nông" not in pages["hoaan"]
    # The checklist print view follows the shared page on the unit's site too.
    printed = client.get(
        f"/thu-tuc-hanh-chinh/{shared.slug}/in/", HTTP_HOST="hoaan.tinh.localhost"
    )
    assert printed.status_code == 200
    # A commune-tier procedure is not served by a district's catalogue.
    other = client.get(
        f"/thu-tuc-hanh-chinh/{p['ket_hon'].slug}/", HTTP_HOST="hoaan.tinh.localhost"
    )
    assert other.status_code == 404


def test_the_portal_lists_every_receiving_unit_of_a_shared_procedure(client, province):
    _units, p = province
    page = client.get(p["chung_thuc"].url, HTTP_HOST=PORTAL)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Huyện Hà Quảng" in body and "Huyện Hòa An" in body
