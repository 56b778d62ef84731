"""Relevance floors on the evaluation set (tests/search/eval/), both backends.

The numbers themselves are printed by ``manage.py evaluate_search``.
"""

import pytest

from search.evaluation import load_queries, run_queries

ES_MRR_FLOOR = 0.85
ES_RECALL_FLOOR = 0.90
DB_MRR_FLOOR = 0.60


def test_evaluation_set_is_large_and_covers_every_query_kind(catalogue_entries):
    queries = load_queries()
    kinds = {q.kind for q in queries}
    assert len(catalogue_entries) >= 150
    assert len(queries) >= 80
    assert kinds >= {
        "exact",
        "no_diacritics",
        "wrong_tone",
        "colloquial",
        "abbreviation",
        "code",
        "typo",
        "telex",
        "vni",
        "none",
    }
    codes = {e.code for e in catalogue_entries}
    unknown = {c for q in queries for c in q.relevant} - codes
    assert unknown == set()


def test_database_fallback_meets_its_floor(db_collection):
    report = run_queries(db_collection, "database", load_queries())
    print(report.render())
    assert report.mrr >= DB_MRR_FLOOR, report.render()


@pytest.mark.elasticsearch
def test_elasticsearch_meets_its_floors(es_collection):
    report = run_queries(es_collection, "elasticsearch", load_queries())
    print(report.render())
    assert report.mrr >= ES_MRR_FLOOR, report.render()
    assert report.recall_at_3 >= ES_RECALL_FLOOR, report.render()
