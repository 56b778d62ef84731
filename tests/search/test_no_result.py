"""Honest "no result" (issue 16): a query that matches nothing real gets no
results, with related groups to browse, on both backends. These negative
queries are invented for the tests; the measured ones are in eval/."""

from http import HTTPStatus

import pytest

from search.backends.base import SearchFilters
from search.services import search
from tests.search.test_api import PORTAL, catalogue  # noqa: F401 - fixture

NEGATIVES = [
    "mua bảo hiểm xe máy tự nguyện",
    "đặt lịch khám ở bệnh viện tỉnh",
    "tra cứu hóa đơn tiền nước",
    "giá lúa gạo hôm nay",
    "xin học bổng ngân hàng",
]


@pytest.mark.parametrize("query", NEGATIVES)
def test_a_query_for_what_the_catalogue_lacks_finds_nothing(backend_collection, query):
    backend, collection = backend_collection
    results = search(query, collection=collection, backend=backend)
    assert results.hits == [], [h.title for h in results.hits]
    assert results.count == 0
    assert not any(results.facets.values())


def test_a_near_miss_points_at_related_groups(backend_collection):
    backend, collection = backend_collection
    results = search("đăng ký xe ô tô cũ", collection=collection, backend=backend)
    assert results.no_match
    assert results.hits == []
    sectors = [sector for sector, _count in results.related]
    assert sectors and set(sectors) <= {
        "Đường bộ",
        "Đăng ký, quản lý phương tiện giao thông",
        "Đường thủy nội địa",
    }


@pytest.mark.parametrize(
    "query", ["đăng ký khai sinh", "cap giay phep xay dung", "GPLX", "1.004227"]
)
def test_real_matches_are_still_answered(backend_collection, query):
    backend, collection = backend_collection
    results = search(query, collection=collection, backend=backend)
    assert results.hits and not results.no_match
    assert all(hit.quality is not None for hit in results.hits)


def test_a_sector_can_be_browsed_without_text(backend_collection):
    backend, collection = backend_collection
    results = search(
        "",
        SearchFilters(sector="Căn cước"),
        collection=collection,
        backend=backend,
    )
    assert results.browsing
    assert {hit.code for hit in results.hits} == {"1.012278", "1.012279", "1.012280"}


@pytest.mark.django_db
def test_the_search_page_says_so_and_offers_ways_on(client, catalogue):  # noqa: F811
    response = client.get(
        "/tim-kiem/", {"q": "giấy phép xây dựng chuồng trại"}, headers={"host": PORTAL}
    )
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Không tìm thấy thủ tục, biểu mẫu hay trang nào phù hợp." in html
    assert (
        'href="?sector=Ho%E1%BA%A1t%20%C4%91%E1%BB%99ng%20x%C3%A2y%20d%E1%BB%B1ng"'
        in html
    )
    assert 'href="/thu-tuc-hanh-chinh/"' in html
    assert '<li class="search-result' not in html
    # The related group lists that sector without any text.
    listed = client.get(
        "/tim-kiem/", {"sector": "Hoạt động xây dựng"}, headers={"host": PORTAL}
    ).content.decode()
    assert "Cấp giấy phép xây dựng đối với nhà ở riêng lẻ" in listed


def test_a_word_no_title_uses_is_not_outweighed_by_the_form_words(backend_collection):
    # "cấp giấy phép kinh doanh" matches many titles; "vàng bạc" none. A
    # syllable typed with its diacritics is no typo of a near one ("vàng" is
    # not "vận" or "vắng").
    backend, collection = backend_collection
    for query in ["cấp giấy phép kinh doanh vàng bạc", "giấy phép hoạt động bệnh viện"]:
        results = search(query, collection=collection, backend=backend)
        assert results.hits == [], (query, [h.title for h in results.hits])


def test_codes_and_classes_unknown_to_the_titles_do_not_empty_a_match(
    backend_collection,
):
    backend, collection = backend_collection
    results = search(
        "cấp đổi giấy phép lái xe hạng B2", collection=collection, backend=backend
    )
    assert results.hits[0].code in {"1.002804", "1.002801", "1.002793"}


def test_a_number_typed_as_digits_matches_its_word_in_a_title(backend_collection):
    # "lần 2" is the catalogue's "lần hai".
    backend, collection = backend_collection
    results = search("khiếu nại lần 2 tỉnh", collection=collection, backend=backend)
    assert results.hits and results.hits[0].code == "2.002157"
