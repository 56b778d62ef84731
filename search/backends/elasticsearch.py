"""The Elasticsearch backend: query bodies, search and completion suggestions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from search.analysis import QueryPlan, Variant
from search.backends.base import (
    FACET_FIELDS,
    SearchFilters,
    SearchResults,
    Suggestion,
    hit_from,
)
from search.index import SearchIndex


def _required(words: list[str]) -> str:
    # Up to three words: all of them; longer queries: three in four.
    return "100%" if len(words) <= 3 else "75%"


def _has_digit(word: str) -> bool:
    return any(ch.isdigit() for ch in word)


def _variant_clauses(variant: Variant) -> tuple[list[dict], dict]:
    w = variant.weight
    exact, folded = variant.text, variant.folded
    core = variant.core_words
    # Codes and numbers are never fuzzy: "2.002114" is no typo of "2.002161".
    fuzzy_words = [x for x in variant.folded_words if not _has_digit(x)]
    scoring: list[dict] = [
        {"match": {"title_exact": {"query": exact, "boost": 3 * w}}},
        {"match": {"title_exact.pairs": {"query": exact, "boost": 2 * w}}},
        {"match": {"title_folded": {"query": folded, "boost": 2 * w}}},
        {"match": {"title_folded.pairs": {"query": folded, "boost": 2 * w}}},
        {"match_phrase": {"title_folded": {"query": folded, "boost": 3 * w}}},
        {"match": {"keywords_folded": {"query": folded, "boost": 1 * w}}},
        {
            "multi_match": {
                "query": folded,
                "fields": ["sector_folded^0.5", "agency_folded^0.5", "body_folded^0.1"],
                "boost": w,
            }
        },
    ]
    core_text = " ".join(core)
    gates: list[dict] = [
        {
            "match": {
                "search_folded": {
                    "query": core_text,
                    "minimum_should_match": "100%"
                    if variant.strict
                    else _required(core),
                }
            }
        },
        {"match": {"body_folded": {"query": core_text, "operator": "and"}}},
    ]
    # Typos are in what was typed: a synonym's or concept's wording and a
    # corrected reading are the catalogue's own spelling, and fuzzy clauses are
    # the costliest part of the query.
    if fuzzy_words and variant.source == "typed":
        fuzzy = {"fuzziness": "AUTO", "prefix_length": 1}
        scoring.append(
            {
                "match": {
                    "title_folded": {
                        "query": " ".join(fuzzy_words),
                        "boost": 0.3 * w,
                        **fuzzy,
                    }
                }
            }
        )
        if all(not _has_digit(x) for x in core):
            # Typos: every word must match, allowing AUTO edits per word.
            gates.append(
                {
                    "match": {
                        "search_folded": {
                            "query": core_text,
                            "operator": "and",
                            **fuzzy,
                        }
                    }
                }
            )
    return scoring, {"bool": {"should": gates}}


def _site_clauses(site_id: int | None, audiences: Sequence[str]) -> list[dict]:
    """Found on the site: its own, or sharing an audience it is not excluded
    from (``search.records.SiteScope``)."""
    if site_id is None:
        return []
    own = {"term": {"site_ids": str(site_id)}}
    if not audiences:
        return [own]
    return [
        {
            "bool": {
                "should": [own, {"terms": {"audiences": list(audiences)}}],
                "minimum_should_match": 1,
                "must_not": [{"terms": {"excluded": list(audiences)}}],
            }
        }
    ]


def _filters(filters: SearchFilters) -> list[dict]:
    clauses: list[dict] = [
        {"term": {name: value}} for name, value in filters.active().items()
    ]
    clauses.extend(_site_clauses(filters.site_id, filters.audiences))
    return clauses


def build_es_query(plan: QueryPlan, filters: SearchFilters) -> dict[str, Any]:
    """The bool query for ``plan`` (exposed for the benchmark's raw baseline)."""
    should: list[dict] = []
    gates: list[dict] = []
    for variant in plan.variants:
        scoring, gate = _variant_clauses(variant)
        should.extend(scoring)
        gates.append(gate)
    if plan.code:
        should.append({"term": {"code": {"value": plan.code, "boost": 50}}})
        gates.append({"term": {"code": plan.code}})
    if plan.code_prefix:
        should.append({"prefix": {"code": {"value": plan.code_prefix, "boost": 20}}})
        gates.append({"prefix": {"code": plan.code_prefix}})
    if not gates:
        # No text: browse what the filters select (related groups, facets).
        return {"bool": {"filter": _filters(filters)}}
    return {
        "bool": {
            "must": [{"bool": {"should": gates, "minimum_should_match": 1}}],
            "should": should,
            "filter": _filters(filters),
        }
    }


def build_es_body(
    plan: QueryPlan, filters: SearchFilters, page: int, page_size: int
) -> dict[str, Any]:
    return {
        "query": build_es_query(plan, filters),
        "from": (page - 1) * page_size,
        "size": page_size,
        "track_total_hits": True,
        # search_folded stays: the no-result floor reads it (search.relevance).
        "_source": {
            "excludes": [
                "suggest",
                "title_exact",
                "title_folded",
                "agency_folded",
                "sector_folded",
                "body_folded",
                "keywords_folded",
            ]
        },
        "aggs": {name: {"terms": {"field": name, "size": 50}} for name in FACET_FIELDS},
        "sort": ["_score", {"code": "asc"}],
    }


def es_search(
    index: SearchIndex,
    plan: QueryPlan,
    filters: SearchFilters,
    page: int,
    page_size: int,
) -> SearchResults:
    body = build_es_body(plan, filters, page, page_size)
    response = index.client.search(index=index.alias, **body)
    hits = [
        hit_from(h["_source"], plan, h["_score"] or 0.0)
        for h in response["hits"]["hits"]
    ]
    facets = {
        name: [(b["key"], b["doc_count"]) for b in agg["buckets"]]
        for name, agg in response.get("aggregations", {}).items()
    }
    return SearchResults(
        query=plan.raw,
        backend="elasticsearch",
        count=response["hits"]["total"]["value"],
        hits=hits,
        facets=facets,
        page=page,
        page_size=page_size,
    )


def es_suggest(
    index: SearchIndex,
    prefix: str,
    site_id: int | None,
    limit: int,
    audiences: Sequence[str] = (),
) -> list[Suggestion]:
    # A completion query cannot exclude: ask for more, drop the excluded after.
    completion: dict[str, Any] = {
        "field": "suggest",
        "size": limit * 2 if audiences else limit,
        "skip_duplicates": True,
    }
    contexts = [str(site_id), *audiences] if site_id is not None else ["all"]
    completion["contexts"] = {"site": contexts}
    response = index.client.search(
        index=index.alias,
        suggest={"titles": {"prefix": prefix, "completion": completion}},
        source_includes=[
            "title",
            "url",
            "code",
            "kind",
            "site_ids",
            "excluded",
            "local_path",
        ],
    )
    seen: set[str] = set()
    result: list[Suggestion] = []
    for option in response["suggest"]["titles"][0]["options"]:
        source = option["_source"]
        if source["url"] in seen or set(source.get("excluded") or ()) & set(audiences):
            continue
        seen.add(source["url"])
        result.append(
            Suggestion(
                source["title"],
                source["url"],
                source["code"],
                kind=source.get("kind", ""),
                site_ids=tuple(source.get("site_ids") or ()),
                local_path=source.get("local_path", ""),
            )
        )
    return result[:limit]
