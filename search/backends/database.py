"""The database fallback: scores ``SearchRecord`` rows like Elasticsearch would."""

from __future__ import annotations

import math
from collections import Counter
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


def db_search(
    collection: str,
    plan: QueryPlan,
    filters: SearchFilters,
    page: int,
    page_size: int,
) -> SearchResults:
    qs = _db_filters(SearchRecord.objects.filter(collection=collection), filters)
    vocab = load_vocabulary(collection)
    scored = []
    if plan.is_empty:
        # No text: browse what the filters select, by code.
        scored = [(0.0, record) for record in qs.iterator(chunk_size=1000)]
    for record in qs.filter(_candidates(plan, vocab)).iterator(chunk_size=1000):
        score = score_record(plan, record, vocab)
        if score > 0:
            scored.append((score, record))
    scored.sort(key=lambda pair: (-pair[0], pair[1].code, pair[1].title))
    start = (page - 1) * page_size
    hits = [hit_from(r, plan, s) for s, r in scored[start : start + page_size]]
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
