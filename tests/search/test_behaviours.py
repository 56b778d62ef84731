"""One test per Vietnamese search behaviour, run on both backends.

Each test searches the evaluation catalogue (tests/search/eval/) through the
real query service; ``backend_collection`` runs it on the database fallback and
on Elasticsearch (marker ``elasticsearch``).
"""

import pytest

from search.backends.base import SearchFilters
from search.evaluation import loaded_collection
from search.models import Synonym
from search.records import SearchEntry
from search.services import search, suggest


def codes(backend, collection, query, **kwargs):
    results = search(query, collection=collection, backend=backend, **kwargs)
    assert results.backend == backend
    return [hit.code for hit in results.hits]


def test_query_without_diacritics_finds_the_procedure(backend_collection):
    backend, collection = backend_collection
    assert codes(backend, collection, "dang ky khai tu")[0] == "1.000656"


def test_d_matches_d_bar_both_ways(backend_collection):
    backend, collection = backend_collection
    assert (
        codes(backend, collection, "dat dai")[:1]
        == codes(backend, collection, "đất đai")[:1]
    )
    assert "1.004232" in codes(backend, collection, "tach thua dat")[:1]


def test_exact_diacritics_rank_above_folded_matches(backend):
    entries = [
        SearchEntry(key="t:1", kind="procedure", code="8.000001", title="Tờ cáo bạch"),
        SearchEntry(
            key="t:2", kind="procedure", code="8.000002", title="Giải quyết tố cáo"
        ),
    ]
    with loaded_collection(entries, backend == "elasticsearch") as collection:
        assert codes(backend, collection, "tố cáo")[0] == "8.000002"
        assert codes(backend, collection, "tờ cáo")[0] == "8.000001"
        # Both match when typed without diacritics.
        assert set(codes(backend, collection, "to cao")) == {"8.000001", "8.000002"}


@pytest.mark.parametrize(
    "query", ["thur tucj ddawng kys khai sinh", "thu3 tu5c d9a8ng ky1 khai sinh"]
)
def test_telex_and_vni_keystrokes_are_repaired(backend_collection, query):
    backend, collection = backend_collection
    results = search(query, collection=collection, backend=backend)
    assert results.hits[0].code in {"1.001193", "1.004884", "1.001022", "2.001263"}
    assert results.interpreted_as == "thủ tục đăng ký khai sinh"


def test_synonym_added_in_admin_works_without_a_rebuild(backend_collection):
    backend, collection = backend_collection
    assert codes(backend, collection, "BLX") == []
    Synonym.objects.create(term="BLX", expansions="giấy phép lái xe")
    assert codes(backend, collection, "BLX")[0] in {
        "1.002809",
        "1.002804",
        "1.002835",
    }
    Synonym.objects.filter(term="BLX").update(enabled=False)
    Synonym.objects.get(term="BLX").save()  # saving clears the cache
    assert codes(backend, collection, "BLX") == []


BUILDING_PERMITS = {"1.009994", "1.009995", "1.009996", "1.009998", "1.009999"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("GPXD", BUILDING_PERMITS | {"1.010000"}),
        ("gpxd nhà ở", {"1.009995"}),
        ("qsdđ chuyển nhượng", {"1.004231"}),
        ("CCHN dược", {"1.004616"}),
    ],
)
def test_abbreviations_expand(backend_collection, query, expected):
    backend, collection = backend_collection
    top = codes(backend, collection, query)
    assert top[0] in expected


def test_colloquial_terms_find_the_official_procedure(backend_collection):
    backend, collection = backend_collection
    assert codes(backend, collection, "mất sổ đỏ")[0] == "1.004229"
    assert codes(backend, collection, "bằng lái quốc tế")[0] == "1.001777"


def test_typos_are_tolerated_and_offered_as_did_you_mean(backend_collection):
    backend, collection = backend_collection
    results = search("ly lich tu phapp", collection=collection, backend=backend)
    assert results.hits[0].code in {"2.000488", "2.000505"}
    assert results.did_you_mean == "lý lịch tư pháp"


def test_typos_do_not_drown_exact_matches(backend_collection):
    backend, collection = backend_collection
    # "hôn" is one edit from "hoà"/"hộ"…; the exact procedure still comes first.
    assert codes(backend, collection, "đăng ký kết hôn")[0] == "1.000894"


def test_search_by_procedure_code(backend_collection):
    backend, collection = backend_collection
    assert codes(backend, collection, "2.002114") == ["2.002114"]
    assert codes(backend, collection, "9.999999") == []


def test_facets_count_matches_and_filters_narrow(backend_collection):
    backend, collection = backend_collection
    results = search("đăng ký", collection=collection, backend=backend, page_size=50)
    tiers = dict(results.facets["tier"])
    assert sum(tiers.values()) == results.count
    filtered = search(
        "đăng ký",
        SearchFilters(tier="xa"),
        collection=collection,
        backend=backend,
        page_size=50,
    )
    assert filtered.count == tiers["xa"]
    assert {hit.tier for hit in filtered.hits} == {"xa"}
    sectors = dict(filtered.facets["sector"])
    assert sectors["Hộ tịch"] >= 5


def test_highlight_marks_words_with_their_diacritics(backend_collection):
    backend, collection = backend_collection
    results = search("giay phep lai xe quoc te", collection=collection, backend=backend)
    assert results.hits[0].highlight == (
        "Cấp <mark>giấy</mark> <mark>phép</mark> <mark>lái</mark> <mark>xe</mark> "
        "<mark>quốc</mark> <mark>tế</mark>"
    )


def test_pagination(backend_collection):
    backend, collection = backend_collection
    first = search("cấp", collection=collection, backend=backend, page_size=5)
    second = search("cấp", page=2, collection=collection, backend=backend, page_size=5)
    assert first.count == second.count > 10
    assert len(first.hits) == len(second.hits) == 5
    assert not {h.code for h in first.hits} & {h.code for h in second.hits}


def test_suggestions_as_one_types_without_diacritics(backend, settings):
    from search.evaluation import load_catalogue

    if backend == "database":
        settings.ELASTICSEARCH_URL = ""
    with loaded_collection(load_catalogue(), backend == "elasticsearch") as collection:
        found, used = suggest("giay phep lai", collection=collection)
        assert used == backend
        titles = [s.title for s in found]
        assert "Cấp mới giấy phép lái xe" in titles
        assert all("giấy phép lái" in t.lower() for t in titles)


def test_site_scope(backend):
    entries = [
        SearchEntry(
            key="s:1",
            kind="procedure",
            code="8.100001",
            title="Cấp giấy phép karaoke",
            site_ids=[1, 2],
        ),
        SearchEntry(
            key="s:2",
            kind="procedure",
            code="8.100002",
            title="Cấp giấy phép in",
            site_ids=[1, 3],
        ),
    ]
    with loaded_collection(entries, backend == "elasticsearch") as collection:

        def scoped(site_id):
            return codes(
                backend,
                collection,
                "cấp giấy phép",
                filters=SearchFilters(site_id=site_id),
            )

        assert sorted(scoped(None)) == ["8.100001", "8.100002"]
        assert sorted(scoped(1)) == ["8.100001", "8.100002"]
        assert scoped(2) == ["8.100001"]
        assert scoped(3) == ["8.100002"]


def test_queries_about_something_else_find_nothing(backend_collection):
    backend, collection = backend_collection
    assert codes(backend, collection, "đặt vé máy bay giá rẻ") == []
    assert codes(backend, collection, "thời tiết hôm nay") == []
