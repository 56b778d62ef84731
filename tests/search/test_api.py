"""The JSON API (PORTAL.md §7), the suggestions endpoint and the search page."""

from http import HTTPStatus

import pytest

from search.models import PromotedResult
from tests.procedure_pages.factories import (
    AgencyFactory,
    ProcedurePageFactory,
    SectorFactory,
    site_with_catalogue,
)

pytestmark = pytest.mark.django_db

PORTAL = "portal.localhost"
DEPARTMENT = "sotuphap.localhost"


@pytest.fixture
def catalogue(settings, django_capture_on_commit_callbacks, clean_catalogue_index):
    """Two sites; procedures published through Wagtail (so they are indexed)."""
    portal, portal_index = site_with_catalogue(
        hostname=PORTAL, name="Tỉnh Cao Bằng", is_default=True
    )
    department, department_index = site_with_catalogue(
        hostname=DEPARTMENT,
        name="Sở Tư pháp",
        kind="department",
        parent=portal.profile.unit,
    )
    rows = [
        (
            department_index,
            "2.000488",
            "Cấp Phiếu lý lịch tư pháp cho công dân",
            "Lý lịch tư pháp",
            "Sở Tư pháp",
            "tinh",
            4,
        ),
        (
            department_index,
            "2.001019",
            "Chứng thực di chúc",
            "Chứng thực",
            "Sở Tư pháp",
            "tinh",
            2,
        ),
        (
            portal_index,
            "1.001193",
            "Đăng ký khai sinh",
            "Hộ tịch",
            "UBND cấp xã",
            "xa",
            4,
        ),
        (
            portal_index,
            "1.000894",
            "Đăng ký kết hôn",
            "Hộ tịch",
            "UBND cấp xã",
            "xa",
            3,
        ),
        (
            portal_index,
            "1.009995",
            "Cấp giấy phép xây dựng đối với nhà ở riêng lẻ",
            "Hoạt động xây dựng",
            "UBND cấp huyện",
            "huyen",
            3,
        ),
    ]
    pages = {}
    for parent, code, title, sector, agency, tier, level in rows:
        page = ProcedurePageFactory.build(
            title=title,
            code=code,
            slug=code.replace(".", "-"),
            tier=tier,
            level=level,
            sector=SectorFactory(name=sector),
            lead_agency=AgencyFactory(name=agency),
            live=False,
        )
        parent.add_child(instance=page)
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()
        pages[code] = page
    if clean_catalogue_index is not None:
        clean_catalogue_index.refresh()
    return portal, department, pages


def api(client, **params):
    response = client.get("/api/v2/search/", params, headers={"host": PORTAL})
    return response


def test_api_contract(client, catalogue):
    response = api(client, q="dang ky ket hon")
    assert response.status_code == HTTPStatus.OK
    data = response.json()
    assert set(data) >= {"query", "count", "backend", "results", "facets"}
    assert data["query"] == "dang ky ket hon"
    assert data["backend"] in {"elasticsearch", "database"}
    first = data["results"][0]
    assert set(first) == {
        "code",
        "title",
        "url",
        "agency",
        "sector",
        "tier",
        "level",
        "online_kind",
        "highlight",
    }
    assert first["code"] == "1.000894"
    assert first["title"] == "Đăng ký kết hôn"
    assert (
        first["highlight"]
        == "<mark>Đăng</mark> <mark>ký</mark> <mark>kết</mark> <mark>hôn</mark>"
    )
    assert first["url"].endswith("/1-000894/")
    assert {"value": "Hộ tịch", "count": data["count"]} in data["facets"]["sector"]


def test_api_filters_and_site_scope(client, catalogue):
    portal, department, _pages = catalogue
    assert api(client, q="cấp", tier="huyen").json()["results"][0]["code"] == "1.009995"
    everywhere = {
        r["code"]
        for r in api(client, q="lý lịch chứng thực khai sinh").json()["results"]
    }
    on_department = api(client, q="ly lich tu phap", site=DEPARTMENT).json()
    assert [r["code"] for r in on_department["results"]] == ["2.000488"]
    assert api(client, q="dang ky khai sinh", site=DEPARTMENT).json()["count"] == 0
    assert api(client, q="dang ky khai sinh", site=str(portal.pk)).json()["count"] == 1
    assert everywhere is not None


def test_api_rejects_an_unknown_site_with_a_clear_message(client, catalogue):
    response = api(client, q="khai sinh", site="khong-co.localhost")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Không tìm thấy" in response.json()["error"]


def test_api_flags_the_database_backend_when_elasticsearch_is_unset(
    client, catalogue, settings
):
    settings.ELASTICSEARCH_URL = ""
    data = api(client, q="GPXD").json()
    assert data["backend"] == "database"
    assert data["results"][0]["code"] == "1.009995"


def test_suggest_endpoint(client, catalogue):
    response = client.get(
        "/api/v2/search/suggest/", {"q": "dang ky k"}, headers={"host": PORTAL}
    )
    titles = [s["title"] for s in response.json()["suggestions"]]
    assert set(titles) == {"Đăng ký khai sinh", "Đăng ký kết hôn"}


def test_search_page_without_javascript(client, catalogue):
    response = client.get(
        "/tim-kiem/", {"q": "ly lich tu phapp"}, headers={"host": PORTAL}
    )
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "<mark>lý</mark> <mark>lịch</mark> <mark>tư</mark> <mark>pháp</mark>" in html
    assert "Có phải bạn muốn tìm" in html and "lý lịch tư pháp" in html
    assert "Lĩnh vực" in html  # facets
    assert (
        'href="?q=ly+lich+tu+phapp&amp;sector=L%C3%BD%20l%E1%BB%8Bch%20t%C6%B0%20ph%C3%A1p"'
        in html
    )


def test_search_page_on_a_sub_site_is_scoped_to_it(client, catalogue):
    html = client.get(
        "/tim-kiem/", {"q": "dang ky"}, headers={"host": DEPARTMENT}
    ).content.decode()
    assert "/1-001193/" not in html and "/1-000894/" not in html
    html = client.get(
        "/tim-kiem/", {"q": "dang ky"}, headers={"host": PORTAL}
    ).content.decode()
    assert "/1-001193/" in html and "/1-000894/" in html


def test_editor_promoted_result_comes_first(client, catalogue):
    _portal, _department, pages = catalogue
    PromotedResult.objects.create(query="Kết hôn", page=pages["2.001019"])
    codes = [r["code"] for r in api(client, q="ket hon").json()["results"]]
    assert codes[:2] == ["2.001019", "1.000894"]
