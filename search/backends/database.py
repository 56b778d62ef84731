"""The database fallback: scores ``SearchRecord`` rows like Elasticsearch would."""

from __future__ import annotations

import math
from collections import Counter, namedtuple
from collections.abc import Sequence
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import Length

from search.analysis import QueryPlan, load_vocabulary
from search.backends.base import (
    FACET_FIELDS,
    SearchFilters,
    SearchResults,
    Suggestion,
    hit_from,
)
from search.models import SearchRecord
from search.vietnamese import fold, normalise, repair, token_tuple


def _pairs(words: Sequence[str]) -> set[tuple[str, str]]:
    return set(zip(words, words[1:], strict=False))


def _needed(words: list[str]) -> int:
    return len(words) if len(words) <= 3 else math.floor(len(words) * 0.75)


def score_record(plan: QueryPlan, record: Any, vocab: Any) -> float:
    """Score one row like the Elasticsearch query would (0: not a match)."""
    haystack = frozenset(token_tuple(record.search_folded))
    body: frozenset[str] | None = None
    passing = []
    # The gates first: most candidate rows pass none, and need nothing else.
    for variant in plan.variants:
        core = variant.core_words
        matched = sum(w in haystack for w in core)
        needed = len(core) if variant.strict else _needed(core)
        if matched < needed:
            if body is None:
                body = frozenset(token_tuple(record.body_folded))
            if not all(w in body for w in core):
                continue
        passing.append(variant)
    total = 0.0
    if passing:
        total = _score_passing(passing, record, vocab, body)
    if plan.code and record.code == plan.code:
        total += 50
    if plan.code_prefix and record.code.startswith(plan.code_prefix):
        total += 20
    return total


def _score_passing(
    variants: list[Any], record: Any, vocab: Any, body: frozenset[str] | None
) -> float:
    title_folded = token_tuple(record.title_folded)
    title_exact = token_tuple(normalise(record.title))
    title_folded_set, title_exact_set = set(title_folded), set(title_exact)
    if body is None:
        body = frozenset(token_tuple(record.body_folded))
    facets = set(token_tuple(fold(f"{record.sector} {record.agency}")))
    total = 0.0
    for variant in variants:
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
    return total


def _in_site(qs: Any, site_id: int | None, audiences: Sequence[str]) -> Any:
    """Rows found on the site: its own, or sharing an audience it is not
    excluded from (``search.records.SiteScope``)."""
    if site_id is None:
        return qs
    found = Q(sites__contains=f"|{site_id}|")
    for token in audiences:
        found |= Q(audiences__contains=f"|{token}|")
    qs = qs.filter(found)
    for token in audiences:
        qs = qs.exclude(excluded__contains=f"|{token}|")
    return qs


def _db_filters(
    qs: Any, filters: SearchFilters
) -> Any:  # QuerySet[SearchRecord] both ways
    qs = qs.filter(**filters.active())
    return _in_site(qs, filters.site_id, filters.audiences)


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


# What scoring and facet counting read: candidates are loaded as light rows
# (no model instances, no body); the page's records are loaded afterwards.
SCORED_COLUMNS = (
    "pk",
    "code",
    "title",
    "title_folded",
    "search_folded",
    "body_folded",
    *(name for name in FACET_FIELDS if name != "code"),
)
Row = namedtuple("Row", SCORED_COLUMNS, rename=True)  # type: ignore[misc]


def _rows(qs: Any) -> Any:
    for values in qs.values_list(*SCORED_COLUMNS).iterator(chunk_size=2000):
        yield Row(*values)


def db_search(
    collection: str,
    plan: QueryPlan,
    filters: SearchFilters,
    page: int,
    page_size: int,
) -> SearchResults:
    qs = _db_filters(SearchRecord.objects.filter(collection=collection), filters)
    vocab = load_vocabulary(collection)
    scored: list[tuple[float, Any]] = []
    if plan.is_empty:
        # No text: browse what the filters select, by code.
        scored = [(0.0, row) for row in _rows(qs)]
    for row in _rows(qs.filter(_candidates(plan, vocab))):
        score = score_record(plan, row, vocab)
        if score > 0:
            scored.append((score, row))
    scored.sort(key=lambda pair: (-pair[0], pair[1].code, pair[1].title))
    start = (page - 1) * page_size
    shown = scored[start : start + page_size]
    records = SearchRecord.objects.in_bulk([row.pk for _score, row in shown])
    hits = [
        hit_from(records[row.pk], plan, score)
        for score, row in shown
        if row.pk in records
    ]
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


def _db_facets(scored: list[tuple[float, Any]]) -> dict[str, list]:
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
    collection: str,
    prefix: str,
    site_id: int | None,
    limit: int,
    audiences: Sequence[str] = (),
) -> list[Suggestion]:
    folded = fold(repair(prefix))
    if not folded:
        return []
    qs = SearchRecord.objects.filter(collection=collection).filter(
        Q(title_folded__startswith=folded) | Q(title_folded__contains=f" {folded}")
    )
    qs = _in_site(qs, site_id, audiences)
    rows = qs.annotate(length=Length("title")).order_by("length", "title")[: limit * 2]
    seen: set[str] = set()
    result: list[Suggestion] = []
    for row in rows:
        if row.url in seen:
            continue
        seen.add(row.url)
        result.append(
            Suggestion(
                row.title,
                row.url,
                row.code,
                kind=row.kind,
                site_ids=tuple(str(s) for s in row.site_ids),
                local_path=row.local_path,
            )
        )
    return result[:limit]
