"""Search benchmark (not collected by pytest): ``make bench-search``.

For each size (default 10,000 and 100,000 procedures, synthesised from the
evaluation catalogue's real names):

* search p50/p95 through the query service vs the same body sent raw with the
  elasticsearch client (target: service p95 <= 2x raw);
* rebuild throughput (versioned index + alias swap) vs a raw bulk load of the
  same documents (target >= 0.5x), and docs/s per size (linearity);
* database-fallback p95 (smallest size only; target: answers, numbers noted);
* publish -> searchable latency of one document (target <= 2 s).

Needs ELASTICSEARCH_URL. Uses its own collections and removes them afterwards.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

import django  # noqa: E402

django.setup()

from elasticsearch import helpers  # noqa: E402

from search.analysis import plan_query  # noqa: E402
from search.backends.base import SearchFilters  # noqa: E402
from search.backends.elasticsearch import build_es_body  # noqa: E402
from search.evaluation import load_catalogue, load_queries  # noqa: E402
from search.index import CatalogueDocument, SearchIndex  # noqa: E402
from search.models import SearchRecord  # noqa: E402
from search.records import SearchEntry  # noqa: E402
from search.services import search  # noqa: E402

PLACES = [
    "Thành phố Cao Bằng", "Hòa An", "Trùng Khánh", "Quảng Hòa", "Bảo Lạc",
    "Bảo Lâm", "Hà Quảng", "Nguyên Bình", "Thạch An", "Hạ Lang",
]  # fmt: skip


def synthesise(size: int) -> list[SearchEntry]:
    """``size`` entries: the real names, specialised per place and numbered."""
    base = load_catalogue()
    rng = random.Random(size)  # noqa: S311 - reproducible test data
    entries = []
    for i in range(size):
        src = base[i % len(base)]
        place = PLACES[(i // len(base)) % len(PLACES)]
        entries.append(
            SearchEntry(
                key=f"bench:{i}",
                kind="procedure",
                title=f"{src.title} tại {place}" if i >= len(base) else src.title,
                url=f"/thu-tuc/{i}/",
                code=f"{rng.randint(1, 2)}.{i:06d}",
                agency=src.agency,
                sector=src.sector,
                tier=src.tier,
                level=src.level,
                online_kind=src.online_kind,
                site_ids=[1, 2 + i % 30],
                body=f"Trình tự thực hiện {src.title.lower()} tại {place}.",
            )
        )
    return entries


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))]


def timed(fn, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def bench_database(size: int, queries: list[str]) -> None:
    entries = synthesise(size)
    collection = f"bench-{uuid.uuid4().hex[:6]}"
    try:
        SearchRecord.objects.bulk_create(
            [SearchRecord(collection=collection, key=e.key, **e.record_fields())
             for e in entries],
            batch_size=1000,
        )  # fmt: skip
        db_ms = []
        for q in queries:
            db_ms += timed(
                lambda q=q: search(q, collection=collection, backend="database"), 1
            )
        print(
            f"[{size}] database fallback p50 {statistics.median(db_ms):.0f} ms "
            f"p95 {percentile(db_ms, 0.95):.0f} ms"
        )
    finally:
        SearchRecord.objects.filter(collection=collection).delete()


def bench_size(size: int, queries: list[str]) -> None:
    entries = synthesise(size)
    collection = f"bench-{uuid.uuid4().hex[:6]}"
    index = SearchIndex(collection)
    raw_name = f"{index.alias}-raw"
    client = index.admin
    try:
        # Rebuild through our code vs a raw bulk of the same documents.
        start = time.perf_counter()
        index.rebuild(entries)
        ours = time.perf_counter() - start
        body = CatalogueDocument._index.to_dict()
        client.indices.create(
            index=raw_name,
            settings={**body.get("settings", {}), "number_of_replicas": 0},
            mappings=CatalogueDocument._doc_type.mapping.to_dict(),
        )
        start = time.perf_counter()
        helpers.bulk(
            client,
            (
                {"_index": raw_name, "_id": e.key, "_source": e.to_document()}
                for e in entries
            ),
            chunk_size=500,
        )
        client.indices.refresh(index=raw_name)
        raw = time.perf_counter() - start
        print(
            f"[{size}] rebuild {size / ours:,.0f} docs/s ({ours:.1f}s) vs raw bulk "
            f"{size / raw:,.0f} docs/s ({raw:.1f}s): "
            f"ratio {raw / ours:.2f} (target >= 0.5)"
        )

        # Search: the service (analysis + ES + highlight) vs the raw request.
        service_ms, raw_ms = [], []
        for q in queries:
            service_ms += timed(
                lambda q=q: search(q, collection=collection, backend="elasticsearch"), 3
            )
            plan = plan_query(q, collection)
            body = build_es_body(plan, SearchFilters(), 1, 10)
            raw_ms += timed(
                lambda body=body: client.search(index=index.alias, **body), 3
            )
        s95, r95 = percentile(service_ms, 0.95), percentile(raw_ms, 0.95)
        print(
            f"[{size}] search p50 {statistics.median(service_ms):.1f} ms "
            f"p95 {s95:.1f} ms vs raw p50 {statistics.median(raw_ms):.1f} ms "
            f"p95 {r95:.1f} ms: "
            f"ratio {s95 / r95:.2f} (target <= 2)"
        )

        # Publish -> searchable.
        probe = SearchEntry(
            key="bench:probe", kind="procedure", code="9.999998",
            title="Thủ tục đo độ trễ xuất bản", site_ids=[1],
        )  # fmt: skip
        start = time.perf_counter()
        index.put(probe)
        while not search("do do tre xuat ban", collection=collection,
                         backend="elasticsearch").hits:  # fmt: skip
            time.sleep(0.05)
        print(
            f"[{size}] publish -> searchable {time.perf_counter() - start:.2f} s "
            "(target <= 2 s)"
        )

    finally:
        index.drop()
        client.indices.delete(index=raw_name, ignore_unavailable=True)
        SearchRecord.objects.filter(collection=collection).delete()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument("--db-only", action="store_true")
    args = parser.parse_args()
    queries = [q.text for q in load_queries()][: args.queries]
    sizes = [int(s) for s in args.sizes.split(",")]
    for i, size in enumerate(sizes):
        if not args.db_only:
            bench_size(size, queries)
        if i == 0:
            bench_database(size, queries)


if __name__ == "__main__":
    main()
