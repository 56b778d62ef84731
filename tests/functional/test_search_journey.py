"""A citizen types without diacritics, picks a suggestion, filters, opens a result."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from search.connection import get_client
from search.index import SearchIndex
from search.models import DEFAULT_COLLECTION
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

HOST = "tracuu.localhost"
PROCEDURES = [
    ("1.002809", "Cấp mới giấy phép lái xe", "Sở Giao thông vận tải"),
    ("1.002835", "Cấp lại giấy phép lái xe", "Sở Giao thông vận tải"),
    ("1.009995", "Cấp giấy phép xây dựng đối với nhà ở riêng lẻ", "UBND cấp huyện"),
    ("1.003727", "Cấp giấy phép hoạt động in", "Sở Thông tin và Truyền thông"),
]


@pytest.fixture
def published_catalogue():
    index = SearchIndex(DEFAULT_COLLECTION, client=get_client())
    if settings.ELASTICSEARCH_URL:
        index.drop()
    _site, catalogue = site_with_catalogue(
        hostname=HOST, name="Tỉnh Cao Bằng", is_default=True
    )
    for code, title, agency in PROCEDURES:
        page = ProcedurePageFactory.build(
            title=title,
            code=code,
            slug=code.replace(".", "-"),
            sector=SectorFactory(name="Thủ tục hành chính"),
            lead_agency=AgencyFactory(name=agency),
            live=False,
        )
        catalogue.add_child(instance=page)
        page.save_revision().publish()  # indexed through the signal, no manual step
    if settings.ELASTICSEARCH_URL:
        index.refresh()
    yield
    if settings.ELASTICSEARCH_URL:
        index.drop()


def test_search_suggest_filter_open(page, site_url, published_catalogue):
    page.goto(site_url(HOST, "/tim-kiem/"))
    page.locator("#q").press_sequentially("giay phep la", delay=30)
    suggestions = page.get_by_role("list", name="Gợi ý")
    suggestion = suggestions.get_by_role("link", name="Cấp mới giấy phép lái xe")
    suggestion.click()
    page.wait_for_url("**/1-002809/")
    assert page.locator("h1").inner_text() == "Cấp mới giấy phép lái xe"

    page.goto(site_url(HOST, "/tim-kiem/"))
    page.locator("#q").fill("cap giay phep")
    page.locator("main form[role=search] button[type=submit]").click()
    results = page.locator("ol.search-results > li")
    expect(results).to_have_count(4)
    page.get_by_role("complementary").get_by_role(
        "link", name="Sở Giao thông vận tải"
    ).click()
    page.wait_for_url("**agency=*")
    expect(results).to_have_count(2)
    assert "Sở Thông tin" not in page.locator("ol.search-results").inner_text()
    page.locator("ol.search-results").get_by_role("link").first.click()
    page.wait_for_url("**/1-0028*/")
    assert "giấy phép lái xe" in page.locator("h1").inner_text()
