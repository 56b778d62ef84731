"""A citizen filters the catalogue, opens a procedure and prints the checklist."""

import pytest

from procedure_pages.models import OnlineKind
from tests.procedure_pages.factories import (
    AgencyFactory,
    ProcedurePageFactory,
    SectorFactory,
    site_with_catalogue,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HOST = "tinh.localhost"


def document(name):
    return ("document", {"name": name, "originals": 1, "copies": 1, "note": ""})


def test_citizen_filters_by_sector_and_level_and_sees_the_checklist(page, site_url):
    _site, catalogue = site_with_catalogue(
        hostname=HOST, name="Cổng tỉnh", is_default=True
    )
    land, health = SectorFactory(name="Đất đai"), SectorFactory(name="Y tế")
    agency = AgencyFactory(name="UBND huyện Hòa An")
    ProcedurePageFactory(
        parent=catalogue,
        code="1.003003",
        title="Cấp giấy chứng nhận quyền sử dụng đất lần đầu",
        sector=land,
        lead_agency=agency,
        level=3,
        online_kind=OnlineKind.PARTIAL,
        documents=[document("Đơn đăng ký mẫu 04a/ĐK"), document("Giấy tờ về đất")],
    )
    ProcedurePageFactory(parent=catalogue, code="1.003004", sector=land, level=2)
    ProcedurePageFactory(parent=catalogue, code="1.004604", sector=health, level=3)

    page.goto(site_url(HOST, catalogue.get_url_parts()[2]))
    page.get_by_label("Lĩnh vực", exact=True).select_option(label="Đất đai")
    page.get_by_label("Mức độ", exact=True).select_option(label="Mức độ 3")
    page.get_by_role("button", name="Lọc").click()

    page.wait_for_url("**sector=*")
    items = page.locator(".procedure-item")
    assert items.count() == 1
    items.get_by_role("link").click()

    page.wait_for_url("**/1-003003/")
    assert "quyền sử dụng đất" in page.locator("h1").inner_text()
    assert "Nộp hồ sơ trực tuyến" in page.locator(".online-badge").inner_text()
    checklist = page.locator("table.document-checklist")
    assert "Đơn đăng ký mẫu 04a/ĐK" in checklist.inner_text()

    page.get_by_role("link", name="In danh mục hồ sơ").click()
    page.wait_for_url("**/1-003003/in/")
    assert page.locator("h1").inner_text() == "Danh mục hồ sơ cần chuẩn bị"
    assert page.locator("table.document-checklist tbody tr").count() == 2
