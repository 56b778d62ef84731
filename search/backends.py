"""The two search backends: Elasticsearch and the database fallback.

Both take the same ``QueryPlan`` (``search.analysis``) and ``SearchFilters`` and
return the same ``SearchResults``; ``search.services`` picks one and falls back.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import Length

from search.analysis import QueryPlan, Variant, load_vocabulary
from search.index import SearchIndex
from search.models import SearchRecord
from search.vietnamese import (
    fold,
    highlight,
    normalise,
    repair,
    snippet,
    token_tuple,
)

FACET_FIELDS = ("sector", "agency", "tier", "level", "online_kind", "kind")
FILTER_FIELDS = ("sector", "agency", "tier", "level", "online_kind", "kind")


@dataclass
class SearchFilters:
    """Facet filters and the site scope (None: across all sites)."""

    sector: str = ""
    agency: str = ""
    tier: str = ""
    level: int | None = None
    online_kind: str = ""
    kind: str = ""
    site_id: int | None = None

    def active(self) -> dict[str, Any]:
        return {
            name: getattr(self, name)
            for name in FILTER_FIELDS
            if getattr(self, name) not in ("", None)
        }


@dataclass
class SearchHit:
    key: str
    kind: str
    code: str
    title: str
    url: str
    agency: str = ""
    sector: str = ""
    tier: str = ""
    level: int | None = None
    online_kind: str = ""
    score: float = 0.0
    highlight: str = ""
    snippet: str = ""
    promoted: bool = False

    def as_api(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "title": self.title,
            "url": self.url,
            "agency": self.agency,
            "sector": self.sector,
            "tier": self.tier,
            "level": self.level,
            "online_kind": self.online_kind,
            "highlight": self.highlight,
        }


@dataclass
class SearchResults:
    query: str
    backend: str
    count: int = 0
    hits: list[SearchHit] = field(default_factory=list)
    facets: dict[str, list[tuple[Any, int]]] = field(default_factory=dict)
    page: int = 1
    page_size: int = 10
    did_you_mean: str = ""
    interpreted_as: str = ""

    @property
    def page_count(self) -> int:
        return max(1, math.ceil(self.count / self.page_size))

    @property
    def has_next(self) -> bool:
        return self.page < self.page_count

    @property
    def has_previous(self) -> bool:
        return self.page > 1


@dataclass
class Suggestion:
    title: str
    url: str
    code: str = ""


def _hit_from(source: Any, plan: QueryPlan, score: float) -> SearchHit:
    get = (
        source.get
        if isinstance(source, dict)
        else lambda n, d="": getattr(source, n, d)
    )
    words = plan.highlight_words
    return SearchHit(
        key=get("key", ""),
        kind=get("kind", ""),
        code=get("code", ""),
        title=get("title", ""),
        url=get("url", ""),
        agency=get("agency", ""),
        sector=get("sector", ""),
        tier=get("tier", ""),
        level=get("level", None),
        online_kind=get("online_kind", ""),
        score=score,
        highlight=highlight(get("title", ""), words),
        snippet=snippet(get("body", "") or "", words),
    )


# -- Elasticsearch --------------------------------------------------------------
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
    if fuzzy_words:
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
        if len(fuzzy_words) == len(core):
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


def _filters(filters: SearchFilters) -> list[dict]:
    clauses: list[dict] = [
        {"term": {name: value}} for name, value in filters.active().items()
    ]
    if filters.site_id is not None:
        clauses.append({"term": {"site_ids": str(filters.site_id)}})
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
        "_source": {"excludes": ["suggest", "*_folded", "title_exact"]},
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
        _hit_from(h["_source"], plan, h["_score"] or 0.0)
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
    index: SearchIndex, prefix: str, site_id: int | None, limit: int
) -> list[Suggestion]:
    completion: dict[str, Any] = {
        "field": "suggest",
        "size": limit,
        "skip_duplicates": True,
    }
    completion["contexts"] = {"site": [str(site_id) if site_id is not None else "all"]}
    response = index.client.search(
        index=index.alias,
        suggest={"titles": {"prefix": prefix, "completion": completion}},
        source=["title", "url", "code"],
    )
    seen: set[str] = set()
    result: list[Suggestion] = []
    for option in response["suggest"]["titles"][0]["options"]:
        source = option["_source"]
        if source["url"] in seen:
            continue
        seen.add(source["url"])
        result.append(Suggestion(source["title"], source["url"], source["code"]))
    return result


# -- database fallback ----------------------------------------------------------
def _pairs(words: Sequence[str]) -> set[tuple[str, str]]:
    return set(zip(words, words[1:], strict=False))


def _needed(words: list[str]) -> int:
    return len(words) if len(words) <= 3 else math.floor(len(words) * 0.75)


def score_record(plan: QueryPlan, record: SearchRecord, vocab: Any) -> float:
    """Score one row like the Elasticsearch query would (0: not a match)."""
    title_folded = token_tuple(record.title_folded)
    title_exact = token_tuple(normalise(record.title))
    title_folded_set, title_exact_set = set(title_folded), set(title_exact)
    haystack = set(token_tuple(record.search_folded))
    body = set(token_tuple(record.body_folded))
    facets = set(token_tuple(fold(f"{record.sector} {record.agency}")))
    total = 0.0
    for variant in plan.variants:
        core = variant.core_words
        matched = sum(w in haystack for w in core)
        needed = len(core) if variant.strict else _needed(core)
        if matched < needed and not all(w in body for w in core):
            continue
        folded_words = variant.folded_words
        exact_words = variant.exact_words
        score = 0.0
        for word in set(folded_words):
            idf = vocab.idf(word)
            if word in title_folded_set:
                score += 2 * idf
            elif word in facets:
                score += 0.5 * idf
            elif word in body:
                score += 0.1 * idf
        score += sum(3 * vocab.idf(fold(w)) for w in set(exact_words) & title_exact_set)
        score += 2 * len(_pairs(folded_words) & _pairs(title_folded))
        score += 2 * len(_pairs(exact_words) & _pairs(title_exact))
        if (
            len(folded_words) > 1
            and f" {variant.folded} " in f" {record.title_folded} "
        ):
            score += 3 * len(folded_words)
        total += score * variant.weight / (1 + 0.04 * len(title_folded))
    if plan.code and record.code == plan.code:
        total += 50
    if plan.code_prefix and record.code.startswith(plan.code_prefix):
        total += 20
    return total


def _db_filters(
    qs: Any, filters: SearchFilters
) -> Any:  # QuerySet[SearchRecord] both ways
    qs = qs.filter(**filters.active())
    if filters.site_id is not None:
        qs = qs.filter(sites__contains=f"|{filters.site_id}|")
    return qs


def _candidates(plan: QueryPlan, vocab: Any) -> Q:
    """SQL that keeps every row the gate could accept, and few others.

    A row passing a variant's gate holds ``needed`` of its ``n`` words, so it
    holds at least one of any ``n - needed + 1`` of them: the rarest are used.
    """
    condition = Q(pk__in=[])
    for variant in plan.variants:
        core = variant.core_words
        needed = len(core) if variant.strict else _needed(core)
        if needed >= len(core):
            gate = Q()
            for word in core:
                gate &= Q(search_folded__contains=word)
        else:
            rare = sorted(core, key=lambda w: vocab.title_frequency.get(w, 0))
            gate = Q(pk__in=[])
            for word in rare[: len(core) - needed + 1]:
                gate |= Q(search_folded__contains=word)
        in_body = Q()
        for word in core:
            in_body &= Q(body_folded__contains=word)
        condition |= gate | in_body
    if plan.code:
        condition |= Q(code=plan.code)
    if plan.code_prefix:
        condition |= Q(code__startswith=plan.code_prefix)
    return condition


def db_search(
    collection: str,
    plan: QueryPlan,
    filters: SearchFilters,
    page: int,
    page_size: int,
) -> SearchResults:
    qs = _db_filters(SearchRecord.objects.filter(collection=collection), filters)
    vocab = load_vocabulary(collection)
    condition = _candidates(plan, vocab)
    vocab = load_vocabulary(collection)
    scored = []
    for record in qs.filter(condition).iterator(chunk_size=1000):
        score = score_record(plan, record, vocab)
        if score > 0:
            scored.append((score, record))
    scored.sort(key=lambda pair: (-pair[0], pair[1].code, pair[1].title))
    start = (page - 1) * page_size
    hits = [_hit_from(r, plan, s) for s, r in scored[start : start + page_size]]
    facets = _db_facets(scored)
    return SearchResults(
        query=plan.raw,
        backend="database",
        count=len(scored),
        hits=hits,
        facets=facets,
        page=page,
        page_size=page_size,
    )


# Above this many matches, count facets from the rows already loaded instead
# of sending every id back to the database (SQLite limits query parameters).
ORM_FACET_LIMIT = 900


def _db_facets(scored: list[tuple[float, SearchRecord]]) -> dict[str, list]:
    if not scored:
        return {}
    facets: dict[str, list[tuple[Any, int]]] = {}
    if len(scored) <= ORM_FACET_LIMIT:
        matched = SearchRecord.objects.filter(pk__in=[r.pk for _, r in scored])
        for name in FACET_FIELDS:
            rows = (
                matched.exclude(**{f"{name}__isnull": True})
                .values(name)
                .annotate(n=Count("id"))
                .order_by("-n", name)
            )
            facets[name] = [(row[name], row["n"]) for row in rows if row[name] != ""]
        return facets
    for name in FACET_FIELDS:
        counts = Counter(getattr(r, name) for _, r in scored)
        counts.pop("", None)
        counts.pop(None, None)
        facets[name] = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
    return facets


def db_suggest(
    collection: str, prefix: str, site_id: int | None, limit: int
) -> list[Suggestion]:
    folded = fold(repair(prefix))
    if not folded:
        return []
    qs = SearchRecord.objects.filter(collection=collection).filter(
        Q(title_folded__startswith=folded) | Q(title_folded__contains=f" {folded}")
    )
    if site_id is not None:
        qs = qs.filter(sites__contains=f"|{site_id}|")
    rows = qs.annotate(length=Length("title")).order_by("length", "title")[: limit * 2]
    seen: set[str] = set()
    result: list[Suggestion] = []
    for row in rows:
        if row.url in seen:
            continue
        seen.add(row.url)
        result.append(Suggestion(row.title, row.url, row.code))
    return result[:limit]
