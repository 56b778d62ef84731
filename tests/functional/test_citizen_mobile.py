"""A citizen on a 390 px phone: every public page fits the screen, controls are
big enough to tap, the catalogue's first result shows without scrolling, and a
search typed without diacritics leads, through a Vietnamese facet, to a
procedure on another site (the port kept) whose form downloads."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect
from wagtail.documents import get_document_model

from forms_library import samples
from forms_library.models import FormStatus, FormTemplate, FormVersion
from procedure_pages.models import (
    Agency,
    OnlineKind,
    ProcedureIndexPage,
    ProcedurePage,
    Sector,
    Tier,
)
from sites.provisioning import SiteSpec, provision_site

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PORTAL = "tinh.localhost"
DEPARTMENT = "soxaydung.tinh.localhost"
DISTRICT = "haquang.tinh.localhost"
PHONE = {"width": 390, "height": 844}
TAP = 44


def publish(catalogue: ProcedureIndexPage, **fields) -> ProcedurePage:  # type: ignore[no-untyped-def]
    page = ProcedurePage(live=False, slug=fields["code"].replace(".", ""), **fields)
    catalogue.add_child(instance=page)
    page.save_revision().publish()
    return ProcedurePage.objects.get(pk=page.pk)


def a_small_province() -> dict[str, str]:
    """A portal, a department and a district, each with procedures; one form."""
    from wagtail.models import Collection

    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    portal = provision_site(
        SiteSpec(kind="province", name="Tỉnh Thử", hostname=PORTAL, is_default=True)
    ).site
    department = provision_site(
        SiteSpec(
            kind="department", name="Sở Xây dựng", hostname=DEPARTMENT, parent=PORTAL
        )
    ).site
    district = provision_site(
        SiteSpec(
            kind="district", name="Huyện Hà Quảng", hostname=DISTRICT, parent=PORTAL
        )
    ).site
    profile = district.profile
    profile.address = "Thị trấn Thông Nông, huyện Hà Quảng"
    profile.working_hours = "Thứ Hai – Thứ Sáu, 7h30 – 17h00"
    profile.head_of_unit = "Nông Văn Bình – Chủ tịch UBND huyện"
    profile.save()

    construction = Agency.objects.create(
        name="Sở Xây dựng", tier=Tier.PROVINCIAL, unit=department.profile.unit
    )
    district_agency = Agency.objects.create(name="UBND cấp huyện", tier=Tier.DISTRICT)
    civil = Sector.objects.create(name="Hộ tịch")
    building = Sector.objects.create(name="Hoạt động xây dựng")

    def catalogue(site):  # type: ignore[no-untyped-def]
        return ProcedureIndexPage.objects.child_of(site.root_page).get()

    publish(
        catalogue(portal),
        title="Đăng ký kết hôn",
        code="1.000894",
        tier=Tier.DISTRICT,
        sector=civil,
        lead_agency=district_agency,
        level=2,
    )
    permit = publish(
        catalogue(department),
        title="Cấp giấy phép xây dựng nhà ở riêng lẻ",
        code="1.009994",
        tier=Tier.PROVINCIAL,
        sector=building,
        lead_agency=construction,
        level=3,
        online_kind=OnlineKind.PARTIAL,
    )
    for number in range(2, 6):
        publish(
            catalogue(department),
            title=f"Điều chỉnh giấy phép xây dựng số {number}",
            code=f"1.00999{number + 4}",
            tier=Tier.PROVINCIAL,
            sector=building,
            lead_agency=construction,
        )
    document = get_document_model()(
        title="Đơn đề nghị cấp giấy phép xây dựng",
        collection=department.profile.collection,
    )
    content = samples.pdf_bytes(
        "Mẫu số 01", "Đơn đề nghị cấp giấy phép xây dựng", ["Họ và tên: ......"]
    )
    document.file.save("mau-01.pdf", ContentFile(content), save=False)
    document._set_document_file_metadata()
    document.save()
    form = FormTemplate.objects.create(
        form_number="Mẫu số 01",
        title="Đơn đề nghị cấp giấy phép xây dựng",
        site=department,
        agency=construction,
    )
    form.procedures.add(permit)
    form.save()  # a ParentalManyToManyField is written on save
    FormVersion.objects.create(
        form=form,
        document=document,
        version="1",
        effective_date=datetime.date(2024, 1, 1),
        status=FormStatus.CURRENT,
        scan_status="clean",
    )
    return {
        "permit_path": permit.get_url_parts()[2],
        "shared_slug": "1000894",
    }


@pytest.fixture
def province():  # type: ignore[no-untyped-def]
    return a_small_province()


def public_pages(data: dict[str, str]) -> list[tuple[str, str]]:
    return [
        (PORTAL, "/"),
        (PORTAL, "/thu-tuc-hanh-chinh/"),
        (PORTAL, "/tim-kiem/?q=dang+ky+ket+hon"),
        (PORTAL, "/bieu-mau/"),
        (PORTAL, "/danh-ba/"),
        (PORTAL, "/lien-he/"),
        (DEPARTMENT, "/"),
        (DEPARTMENT, data["permit_path"]),
        (DEPARTMENT, "/bieu-mau/"),
        (DISTRICT, "/"),
        (DISTRICT, "/thu-tuc-hanh-chinh/"),
        (DISTRICT, f"/thu-tuc-hanh-chinh/{data['shared_slug']}/"),
        (PORTAL, "/tra-cuu-ho-so/"),
    ]


MEASURE = """() => {
  const small = [];
  const controls = 'button, select, input:not([type=hidden]), summary, .main-nav a,'
    + ' .pagination a, .search-facets a, .catalogue-counts a, .procedure-list li > a,'
    + ' .search-result > a, .quick-links a, .link-list a, .breadcrumbs a';
  document.querySelectorAll(controls).forEach((el) => {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return;  // hidden
    if (box.height < TAP) small.push(el.outerHTML.slice(0, 80) + ' ' + box.height);
  });
  return {width: document.documentElement.scrollWidth, small};
}""".replace("TAP", str(TAP))


@pytest.fixture
def phone(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, locale="vi-VN"
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def test_every_public_page_fits_a_390px_screen_with_big_tap_targets(
    phone, site_url, province
):
    problems = {}
    for host, path in public_pages(province):
        response = phone.goto(site_url(host, path))
        assert response is not None and response.ok, (host, path)
        found = phone.evaluate(MEASURE)
        if found["width"] > PHONE["width"] or found["small"]:
            problems[f"{host}{path}"] = found
    assert problems == {}


def test_the_catalogues_first_result_shows_on_the_first_screen(
    phone, site_url, province
):
    phone.goto(site_url(DEPARTMENT, "/thu-tuc-hanh-chinh/"))

    first = phone.locator(".procedure-list li").first.bounding_box()
    filters = phone.locator("details.catalogue-filter-panel")

    assert first is not None and first["y"] + 40 < PHONE["height"]
    assert filters.get_attribute("open") is None  # closed on a phone…
    filters.locator("summary").click()  # …and opened with one tap
    agency = phone.locator("#f-agency")
    expect(agency).to_be_visible()
    assert agency.bounding_box()["height"] >= TAP


def test_a_citizen_searches_filters_opens_another_site_and_downloads_a_form(
    phone, site_url, province, live_server
):
    port = live_server.url.rsplit(":", 1)[1]
    phone.goto(site_url(PORTAL))
    phone.locator("#home-q").fill("giay phep xay dung")
    phone.locator(".home-search button[type=submit]").click()
    phone.wait_for_url("**/tim-kiem/**")

    facets = phone.locator("details.filters-disclosure")
    facets.locator("summary").click()
    tier = facets.get_by_role("link", name="Cấp tỉnh")
    assert tier.count() == 1  # the facet speaks Vietnamese, not "tinh"
    assert "tinh" not in facets.inner_text().split()
    tier.click()
    phone.wait_for_url("**tier=tinh**")

    result = phone.locator(".search-results").get_by_role(
        "link", name="Cấp giấy phép xây dựng nhà ở riêng lẻ"
    )
    href = result.get_attribute("href")
    assert href == site_url(DEPARTMENT, province["permit_path"])
    assert f":{port}/" in href
    result.click()
    phone.wait_for_url(f"http://{DEPARTMENT}:{port}/**")
    assert phone.locator("h1").inner_text() == "Cấp giấy phép xây dựng nhà ở riêng lẻ"
    badge = phone.locator(".online-badge")
    assert badge.evaluate("el => el.tagName") == "P"  # a label, not a link

    assert "Mẫu số 01" in phone.locator("#forms").inner_text()
    with phone.expect_download() as download_info:
        phone.locator("#forms").get_by_role(
            "link", name="Đơn đề nghị cấp giấy phép xây dựng"
        ).click()
    assert download_info.value.suggested_filename.endswith(".pdf")


def test_the_header_search_suggests_as_one_types(phone, site_url, province):
    phone.goto(site_url(DEPARTMENT, "/bieu-mau/"))

    phone.locator("#site-search").press_sequentially("giay phep xay", delay=30)
    suggestions = phone.get_by_role("list", name="Gợi ý")
    suggestion = suggestions.get_by_role(
        "link", name="Cấp giấy phép xây dựng nhà ở riêng lẻ"
    )

    suggestion.wait_for()
    assert suggestion.bounding_box()["height"] >= TAP


def test_a_district_home_names_the_unit_its_head_and_the_way_back(
    phone, site_url, province, live_server
):
    port = live_server.url.rsplit(":", 1)[1]
    phone.goto(site_url(DISTRICT))

    card = phone.locator(".unit-card")
    assert "Nông Văn Bình – Chủ tịch UBND huyện" in card.inner_text()
    assert "Thứ Hai – Thứ Sáu, 7h30 – 17h00" in card.inner_text()
    back = card.get_by_role("link", name="Về Tỉnh Thử")
    assert back.get_attribute("href") == f"http://{PORTAL}:{port}/"
    popular = phone.locator("#home-popular + ol")
    assert "Đăng ký kết hôn" in popular.inner_text()
    assert phone.title() == "Huyện Hà Quảng"


def test_favicon_is_served(phone, site_url, province):
    response = phone.goto(site_url(PORTAL, "/favicon.ico"))

    assert response is not None and response.ok
    assert response.headers["content-type"] == "image/x-icon"
