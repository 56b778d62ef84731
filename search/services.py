"""The search service: the one module views, the API and commands call.

Querying: ``search()`` and ``suggest()`` analyse the query once
(``search.analysis``), run it on Elasticsearch and fall back to the database
when Elasticsearch is not configured or does not answer (``backend`` tells
which one answered). Indexing: ``sync_key()`` keeps one object's database
record and Elasticsearch document current and never raises because of
Elasticsearch (a failure is recorded as a ``PendingIndexChange``);
``reconcile()`` makes both equal the live objects again; ``rebuild()`` fills a
new versioned index and swaps the alias.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page

from cms.core import querystring
from search import querylog
from search.analysis import (
    QueryPlan,
    Vocabulary,
    load_vocabulary,
    plan_query,
    vocabulary_changed,
    with_diacritics,
)
from search.backends.base import (
    SearchFilters,
    SearchHit,
    SearchResults,
    Suggestion,
    localise,
)
from search.backends.database import db_search, db_suggest
from search.backends.elasticsearch import es_search, es_suggest
from search.connection import get_client
from search.index import SearchIndex, chunked
from search.models import (
    DEFAULT_COLLECTION,
    PendingIndexChange,
    PromotedResult,
    SearchRecord,
)
from search.records import (
    IndexedSource,
    SearchEntry,
    entry_batch,
    object_key,
    site_scope,
    source_for,
    sources,
)
from search.relevance import MATCH_FLOOR, follow_up, hit_quality, literal_quality
from search.vietnamese import fold, normalise, repair

logger = logging.getLogger(__name__)

PAGE_SIZE = 10
# Rows per bulk write of records / pending changes, keys per sync batch.
WRITE_CHUNK = 500
# The columns an upsert of a record rewrites (all but its identity).
RECORD_UPDATE_FIELDS = [
    *SearchEntry(key="", kind="", title="").record_fields(),
    "updated_at",
]
MAX_PAGE = 100
# After a failure, skip Elasticsearch for this long instead of making every
# request wait for the timeout again.
RETRY_AFTER_SECONDS = 30.0
_unavailable_until: dict[str, float] = {}


def _es_url() -> str:
    return settings.ELASTICSEARCH_URL or ""


def elasticsearch_enabled() -> bool:
    """Configured, and not marked down by a recent failure."""
    url = _es_url()
    if not url or get_client() is None:
        return False
    return _unavailable_until.get(url, 0.0) <= time.monotonic()


def _mark_unavailable(error: BaseException) -> None:
    _unavailable_until[_es_url()] = time.monotonic() + RETRY_AFTER_SECONDS
    logger.warning("search: Elasticsearch unavailable (%s)", error.__class__.__name__)


def reset_availability() -> None:
    """Forget recent failures (after Elasticsearch is back, and in tests)."""
    _unavailable_until.clear()


def _page_number(page: int | str | None) -> int:
    return querystring.page_number(page, max_page=MAX_PAGE)


# -- querying -------------------------------------------------------------------
def search(
    query: str,
    filters: SearchFilters | None = None,
    page: int | str | None = 1,
    page_size: int = PAGE_SIZE,
    collection: str = DEFAULT_COLLECTION,
    backend: str = "auto",
) -> SearchResults:
    """Search a collection; best match first, facets, highlights, did-you-mean.

    ``backend``: "auto" (Elasticsearch, the database when it fails), or force
    "elasticsearch" (errors propagate) or "database" (evaluation, benchmarks).
    When nothing on the first page matches well enough (``search.relevance``)
    the answer is no result, with ``related`` groups to browse instead; with
    no text but a filter, the filter's records are listed (``browsing``).
    """
    filters = filters or SearchFilters()
    if filters.site_id is not None and filters.scope is None:
        filters.scope = site_scope(filters.site_id)
    number = _page_number(page)
    plan = plan_query(query, collection)
    browsing = plan.is_empty and bool(filters.active())
    if plan.is_empty and not browsing:
        backend = "elasticsearch" if elasticsearch_enabled() else "database"
        return SearchResults(query=query.strip(), backend=backend, page_size=page_size)
    results: SearchResults | None = None
    if backend == "elasticsearch":
        results = es_search(SearchIndex(collection), plan, filters, number, page_size)
    elif backend == "auto" and elasticsearch_enabled():
        try:
            results = es_search(
                SearchIndex(collection), plan, filters, number, page_size
            )
        except Exception as error:  # noqa: BLE001 - any failure degrades to the DB
            _mark_unavailable(error)
    if results is None:
        results = db_search(collection, plan, filters, number, page_size)
        logger.info("search: backend=database query=%r", query[:80])
    results.query = query.strip()
    results.browsing = browsing
    results.concepts = list(plan.concepts)
    if plan.corrected:
        results.did_you_mean = with_diacritics(plan.corrected, collection)
    if fold(plan.text) != fold(normalise(query)):
        results.interpreted_as = plan.text
    if number == 1 and not browsing:
        _apply_floor(results, plan, collection)
        _promote(results, plan.text, filters.site_id, collection)
    localise(results.hits, filters.scope)
    return results


RELATED_GROUPS = 4
# Hits below this quality say nothing about where to look.
RELATED_QUALITY = 0.3


# How much the first page's order follows each hit's quality rather than the
# engine's score (both on a 0–1 scale); tuned on the tuning part.
RERANK_QUALITY = 0.5
# Taken off a follow-up procedure's place ("Gia hạn giấy phép xây dựng") when
# the query does not ask for its action (``search.relevance.follow_up``).
FOLLOW_UP_PENALTY = 0.2
# Weight of the share of the typed words a hit has (``literal_quality``):
# between readings that answer equally well, the hit with the citizen's own
# words first. Tuned on the tuning part (0.15 too weak to reorder).
RERANK_LITERAL = 0.3


def _rerank(results: SearchResults, plan: QueryPlan, vocab: Vocabulary) -> None:
    """Order the first page by score and quality together: the engines add
    up every reading's score, so a broad reading repeated in several wordings
    can outscore the one reading that has every word asked for. A follow-up
    procedure the query does not ask for goes after the first-time one (the
    engines favour its shorter title)."""
    top = max((hit.score for hit in results.hits), default=0.0) or 1.0
    results.hits.sort(
        key=lambda hit: (
            -(
                (1 - RERANK_QUALITY) * hit.score / top
                + RERANK_QUALITY * (hit.quality or 0.0)
                + RERANK_LITERAL * literal_quality(plan, hit, vocab)
                - (FOLLOW_UP_PENALTY if follow_up(plan, hit.title) else 0.0)
            )
        )
    )


def _apply_floor(results: SearchResults, plan: QueryPlan, collection: str) -> None:
    """No result rather than weak matches (``search.relevance``)."""
    if not results.hits:
        results.no_match = True
        return
    vocab = load_vocabulary(collection)
    for hit in results.hits:
        hit.quality = hit_quality(plan, hit, vocab)
    if max(hit.quality or 0.0 for hit in results.hits) >= MATCH_FLOOR:
        _rerank(results, plan, vocab)
        return
    counts = dict(results.facets.get("sector", []))
    related: dict[str, int] = {}
    for hit in sorted(results.hits, key=lambda h: -(h.quality or 0.0)):
        if hit.sector and (hit.quality or 0.0) >= RELATED_QUALITY:
            related.setdefault(hit.sector, counts.get(hit.sector, 1))
    results.related = list(related.items())[:RELATED_GROUPS]
    results.no_match = True
    results.hits = []
    results.count = 0
    results.facets = {}


def log_search(
    results: SearchResults,
    site_id: int | None,
    source: str = "page",
    filtered: bool = False,
) -> str:
    """Log a first-page search (``search.querylog``, no personal data); the
    token the results page uses to report which result was opened ("" when
    nothing was logged: later pages, browsing, an empty query)."""
    if results.page != 1 or results.browsing or not results.query:
        return ""
    entry = querylog.record_search(
        results.query,
        results.count,
        site_id=site_id,
        backend=results.backend,
        source=source,
        filtered=filtered,
    )
    return str(entry.token) if entry is not None else ""


def log_opened(token: str, key: str, rank: int) -> bool:
    """A result of a logged search was opened."""
    return querylog.record_click(token, key, rank)


def _promote(
    results: SearchResults, text: str, site_id: int | None, collection: str
) -> None:
    # Only pages an anonymous visitor may open: live, and no view restriction on
    # them or an ancestor (a promoted page must not reveal a private title).
    visible = Page.objects.live().public().values("pk")
    promoted = PromotedResult.objects.filter(
        query_folded=fold(text), page__in=visible
    ).select_related("page")
    if site_id is not None:
        promoted = promoted.filter(site__isnull=True) | promoted.filter(site_id=site_id)
    chosen: list[SearchHit] = []
    for item in promoted.order_by("sort_order"):
        page = item.page.specific
        if not page.live:
            continue
        key = object_key(page)
        record = SearchRecord.objects.filter(collection=collection, key=key).first()
        hit = SearchHit(
            key=key,
            kind=record.kind if record else "page",
            code=record.code if record else "",
            title=page.title,
            url=record.url if record else (page.url or ""),
            agency=record.agency if record else "",
            sector=record.sector if record else "",
            tier=record.tier if record else "",
            level=record.level if record else None,
            online_kind=record.online_kind if record else "",
            promoted=True,
            site_ids=tuple(str(s) for s in record.site_ids) if record else (),
            local_path=record.local_path if record else "",
        )
        chosen.append(hit)
    if not chosen:
        return
    keys = {hit.key for hit in chosen}
    listed = {hit.key for hit in results.hits}
    results.count += sum(1 for key in keys if key not in listed)
    results.hits = chosen + [h for h in results.hits if h.key not in keys]


def suggest(
    prefix: str,
    site_id: int | None = None,
    limit: int = 8,
    collection: str = DEFAULT_COLLECTION,
) -> tuple[list[Suggestion], str]:
    """Titles completing what was typed so far, and the backend that answered."""
    folded = fold(repair(prefix.strip()))[:100]
    if len(folded) < 2:
        return [], "elasticsearch" if elasticsearch_enabled() else "database"
    scope = site_scope(site_id) if site_id is not None else None
    audiences = scope.audiences if scope is not None else ()
    found: list[Suggestion] | None = None
    backend = "elasticsearch"
    if elasticsearch_enabled():
        try:
            found = es_suggest(
                SearchIndex(collection), folded, site_id, limit, audiences
            )
        except Exception as error:  # noqa: BLE001 - degrade to the database
            _mark_unavailable(error)
    if found is None:
        found = db_suggest(collection, folded, site_id, limit, audiences)
        backend = "database"
    localise(found, scope)
    return found, backend


# -- indexing -------------------------------------------------------------------
def write_records(entries: Iterable[SearchEntry], collection: str) -> int:
    """Upsert the database rows of ``entries`` (the fallback's data).

    One INSERT … ON CONFLICT UPDATE per ``WRITE_CHUNK`` entries; with a key
    given twice, the last entry wins.
    """
    count = 0
    for chunk in chunked(entries, WRITE_CHUNK):
        rows = {
            entry.key: SearchRecord(
                collection=collection, key=entry.key, **entry.record_fields()
            )
            for entry in chunk
        }
        SearchRecord.objects.bulk_create(
            rows.values(),
            update_conflicts=True,
            unique_fields=["collection", "key"],
            update_fields=RECORD_UPDATE_FIELDS,
        )
        count += len(chunk)
    vocabulary_changed()
    return count


def _record_failure(key: str, collection: str, error: BaseException) -> None:
    _record_failures([key], collection, error)


def _record_failures(
    keys: Iterable[str], collection: str, error: BaseException
) -> None:
    """Remember index writes Elasticsearch did not take (``reconcile`` replays)."""
    keys = list(keys)
    message = repr(error)[:2000]
    pending = PendingIndexChange.objects.filter(collection=collection)
    for chunk in chunked(keys, WRITE_CHUNK):
        known = set(pending.filter(key__in=chunk).values_list("key", flat=True))
        pending.filter(key__in=known).update(
            attempts=F("attempts") + 1, error=message, updated_at=timezone.now()
        )
        PendingIndexChange.objects.bulk_create(
            [
                PendingIndexChange(collection=collection, key=key, error=message)
                for key in chunk
                if key not in known
            ],
            ignore_conflicts=True,
        )


def sync_key(
    key: str, collection: str = DEFAULT_COLLECTION, refresh: bool = False
) -> str:
    """Bring one object's record and document up to date; never raises for ES.

    Returns what happened: "indexed", "removed", "pending" (Elasticsearch failed,
    recorded for ``reconcile``) or "ignored" (not an indexed model).
    """
    label, _sep, pk = key.partition(":")
    source = source_for(label)
    if source is None:
        return "ignored"
    # Loaded through the source's queryset: what it leaves out (unpublished,
    # restricted…) is removed, and its prefetches shape the entry.
    entry = None
    with entry_batch():
        obj = source.get_queryset().filter(pk=pk).first()
        custom = type(source).is_indexable is not IndexedSource.is_indexable
        if obj is not None and not (custom and not source.is_indexable(obj)):
            entry = source.to_entry(obj)
    with transaction.atomic():
        if entry is None:
            SearchRecord.objects.filter(collection=collection, key=key).delete()
        else:
            write_records([entry], collection)
    vocabulary_changed()
    outcome = "removed" if entry is None else "indexed"
    if not elasticsearch_enabled():
        if get_client() is not None:
            _record_failure(key, collection, RuntimeError("Elasticsearch marked down"))
            return "pending"
        return outcome
    index = SearchIndex(collection)
    try:
        index.ensure()
        if entry is None:
            index.delete(key, refresh=refresh)
        else:
            index.put(entry, refresh=refresh)
    except Exception as error:  # noqa: BLE001 - publishing must never fail here
        _mark_unavailable(error)
        _record_failure(key, collection, error)
        return "pending"
    PendingIndexChange.objects.filter(collection=collection, key=key).delete()
    return outcome


def sync_keys(
    keys: Iterable[str], collection: str = DEFAULT_COLLECTION
) -> dict[str, int]:
    """``sync_key`` for many objects, in batches; how many ended in each outcome.

    Per batch of ``WRITE_CHUNK`` keys: one query per source for the objects,
    one upsert and one delete for the records, one bulk request to
    Elasticsearch. Like ``sync_key``, it never raises because of Elasticsearch.
    """
    outcomes: Counter[str] = Counter()
    for chunk in chunked(dict.fromkeys(keys), WRITE_CHUNK):
        outcomes.update(_sync_chunk(chunk, collection))
    return dict(outcomes)


def _current_entries(keys: list[str]) -> tuple[dict[str, SearchEntry], list[str], int]:
    """(entries to index, keys to remove, how many keys no source indexes)."""
    wanted: dict[str, SearchEntry] = {}
    ignored = 0
    by_source: dict[str, tuple[IndexedSource, dict[str, str]]] = {}
    for key in keys:
        label, _sep, pk = key.partition(":")
        source = source_for(label)
        if source is None:
            ignored += 1
            continue
        by_source.setdefault(label, (source, {}))[1][pk] = key
    with entry_batch():
        for source, pks in by_source.values():
            custom = type(source).is_indexable is not IndexedSource.is_indexable
            for obj in source.get_queryset().filter(pk__in=list(pks)):
                found = pks.get(str(obj.pk))
                if found is None or (custom and not source.is_indexable(obj)):
                    continue
                entry = source.to_entry(obj)
                if entry is not None:
                    wanted[found] = entry
    removed = [
        key
        for _source, pks in by_source.values()
        for key in pks.values()
        if key not in wanted
    ]
    return wanted, removed, ignored


def _sync_chunk(keys: list[str], collection: str) -> Counter[str]:
    wanted, removed, ignored = _current_entries(keys)
    outcomes: Counter[str] = Counter(
        indexed=len(wanted), removed=len(removed), ignored=ignored
    )
    with transaction.atomic():
        SearchRecord.objects.filter(collection=collection, key__in=removed).delete()
        write_records(wanted.values(), collection)
    synced = [*wanted, *removed]
    if not synced:
        return +outcomes
    if not elasticsearch_enabled():
        if get_client() is not None:
            _record_failures(
                synced, collection, RuntimeError("Elasticsearch marked down")
            )
            return +Counter(pending=len(synced), ignored=ignored)
        return +outcomes
    index = SearchIndex(collection)
    try:
        index.ensure()
        index.bulk_put(wanted.values())
        index.bulk_delete(removed)
    except Exception as error:  # noqa: BLE001 - publishing must never fail here
        _mark_unavailable(error)
        _record_failures(synced, collection, error)
        return +Counter(pending=len(synced), ignored=ignored)
    PendingIndexChange.objects.filter(collection=collection, key__in=synced).delete()
    return +outcomes


def live_entries() -> Iterable[SearchEntry]:
    for source in sources():
        yield from source.entries()


@dataclass
class ReconcileReport:
    records_written: int = 0
    records_deleted: int = 0
    documents_written: int = 0
    documents_deleted: int = 0
    backend: str = "database"


def reconcile(
    collection: str = DEFAULT_COLLECTION,
    entries: Iterable[SearchEntry] | None = None,
) -> ReconcileReport:
    """Make the records and the index equal the live objects (or ``entries``)."""
    wanted = {e.key: e for e in (entries if entries is not None else live_entries())}
    report = ReconcileReport()
    existing = dict(
        SearchRecord.objects.filter(collection=collection).values_list(
            "key", "fingerprint"
        )
    )
    changed = [e for k, e in wanted.items() if existing.get(k) != e.fingerprint()]
    report.records_written = write_records(changed, collection)
    stale = set(existing) - set(wanted)
    SearchRecord.objects.filter(collection=collection, key__in=stale).delete()
    report.records_deleted = len(stale)
    vocabulary_changed()
    reset_availability()
    if get_client() is None:
        return report
    index = SearchIndex(collection)
    index.ensure()
    indexed = index.fingerprints()
    report.documents_written = index.bulk_put(
        e for k, e in wanted.items() if indexed.get(k) != e.fingerprint()
    )
    report.documents_deleted = index.bulk_delete(set(indexed) - set(wanted))
    index.refresh()
    PendingIndexChange.objects.filter(collection=collection).delete()
    report.backend = "elasticsearch"
    return report


def rebuild(
    collection: str = DEFAULT_COLLECTION,
    progress: Callable[[int], None] | None = None,
) -> tuple[str, int]:
    """Build a new versioned index from the live objects and swap the alias."""
    entries = list(live_entries())
    reconcile_records = {e.key: e for e in entries}
    write_records(reconcile_records.values(), collection)
    stale = set(
        SearchRecord.objects.filter(collection=collection).values_list("key", flat=True)
    ) - set(reconcile_records)
    SearchRecord.objects.filter(collection=collection, key__in=stale).delete()
    index = SearchIndex(collection)
    name, count = index.rebuild(entries, progress=progress)
    # Objects published while the new index filled are caught up here.
    reconcile(collection)
    return name, count


def page_keys_below(page: Page) -> list[str]:
    """Record keys of ``page`` and its descendants (after a move)."""
    pages = Page.objects.descendant_of(page, inclusive=True).specific()
    return [object_key(p) for p in pages]
