"""Relevance floors on the evaluation set (tests/search/eval/), both backends.

The floors are measured on the *tuning* part only, and set loosely below what
it reaches; the held-out parts (heldout.txt, heldout2.txt) are never asserted
on: their numbers are printed by ``manage.py evaluate_search`` and reported,
so that tuning to them would show. The structure of both parts is checked here.
"""

import pytest

from search.evaluation import NEGATIVE_KIND, PARTS, load_queries, run_queries
from search.services import search

ES_MRR_FLOOR = 0.85
ES_RECALL_FLOOR = 0.90
DB_MRR_FLOOR = 0.80
COLLOQUIAL_MRR_FLOOR = 0.80
# Share of the tuning part's negatives answered "no result" (measured 66/81
# on both backends; most of the 60 added in round 2 of issue 16 are near
# misses).
NO_RESULT_FLOOR = 0.75


@pytest.mark.parametrize("part", PARTS)
def test_evaluation_set_is_large_and_covers_every_query_kind(catalogue_entries, part):
    queries = load_queries(part=part)
    kinds = {q.kind for q in queries}
    assert len(catalogue_entries) >= 150
    assert len(queries) >= 100
    assert kinds >= {
        "exact",
        "no_diacritics",
        "colloquial",
        "abbreviation",
        "code",
        "typo",
        NEGATIVE_KIND,
    }
    # At least 60 colloquial and abbreviation queries in each part.
    assert sum(q.kind in {"colloquial", "abbreviation"} for q in queries) >= 60
    codes = {e.code for e in catalogue_entries}
    unknown = {c for q in queries for c in q.relevant} - codes
    assert unknown == set()


def test_the_parts_do_not_share_queries():
    texts = {part: {q.text.lower() for q in load_queries(part=part)} for part in PARTS}
    for i, part in enumerate(PARTS):
        for other in PARTS[i + 1 :]:
            assert texts[part].isdisjoint(texts[other]), (part, other)


def _no_result_share(report):
    answered, total = report.no_result_accuracy
    return answered / total


def test_database_fallback_meets_its_floor(db_collection):
    report = run_queries(db_collection, "database", load_queries(part="tuning"))
    print(report.render())
    assert report.positive_mrr >= DB_MRR_FLOOR, report.render()
    assert report.by_kind()["colloquial"][1] >= COLLOQUIAL_MRR_FLOOR
    assert _no_result_share(report) >= NO_RESULT_FLOOR, report.render()


@pytest.mark.elasticsearch
def test_elasticsearch_meets_its_floors(es_collection):
    report = run_queries(es_collection, "elasticsearch", load_queries(part="tuning"))
    print(report.render())
    assert report.positive_mrr >= ES_MRR_FLOOR, report.render()
    assert report.positive_recall_at_3 >= ES_RECALL_FLOOR, report.render()
    assert report.by_kind()["colloquial"][1] >= COLLOQUIAL_MRR_FLOOR
    assert _no_result_share(report) >= NO_RESULT_FLOOR, report.render()


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("giấy phép xây dựng", {"1.009994", "1.009995"}),
        ("giay phep xay dunng", {"1.009994", "1.009995"}),
        ("gia hạn giấy phép xây dựng", {"1.009998"}),
        ("cấp lại giấy phép xây dựng", {"1.009999"}),
    ],
)
def test_a_follow_up_procedure_comes_first_only_when_asked_for(
    backend_collection, query, first
):
    # The engines rank the short "Gia hạn giấy phép xây dựng" above the
    # first-time permits; without "gia hạn" in the query those come first.
    backend, collection = backend_collection
    results = search(query, collection=collection, backend=backend)
    assert results.hits[0].code in first, [h.title for h in results.hits[:3]]
