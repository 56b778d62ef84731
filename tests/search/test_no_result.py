"""Honest "no result" (issue 16): a query that matches nothing real gets no
results, with related groups to browse, on both backends. These negative
queries are invented for the tests; the measured ones are in eval/."""

import pytest

from search.backends.base import SearchFilters
from search.services import search

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
