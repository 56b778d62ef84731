"""API v3 benchmark (not collected by pytest): ``make bench-api``.

The production profile of ``make bench-pages`` (gunicorn with 2 workers,
PostgreSQL, the full demo, ``tests/bench/bench_settings.py``) serving:

* ``GET /api/v3/procedures/?limit=20``, a procedure's record and a search,
  measured against a bare Django JSON view answered by the same gunicorn in the
  same run: requests/s of each with ``BENCH_CLIENTS`` clients for
  ``BENCH_SECONDS`` per round, ``BENCH_ROUNDS`` rounds interleaved, printed as
  the ratio to the bare view's requests/s of the same round (min/median), the
  p50 of one request at a time and the SQL queries per request;
* SQL queries per request of the listing with ``limit=10`` and ``limit=100``,
  which must be the same number (exit status 1 otherwise).

Rate limits are lifted for the run (``API_READ_RATE``). The database is the one
``make bench-pages`` seeds (``cms_bench_pages``, ``--fresh`` to seed it again).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench.bench_pages import (  # noqa: E402
    PORTAL,
    ROUNDS,
    Stack,
    environment,
    get,
    postgres_base,
    prepare,
    sequential_p50,
    throughput,
)

PAGES = {
    "bare JSON view": (PORTAL, "/__bench__/bare-json/"),
    "procedures ?limit=20": (PORTAL, "/api/v3/procedures/?limit=20"),
    "a procedure's record": (PORTAL, "/api/v3/procedures/1.009972"),
    "search": (PORTAL, "/api/v3/search/?q=giay+phep+xay+dung"),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", action="store_true", help="seed the demo again")
    args = parser.parse_args()
    url, facts = prepare(postgres_base(), args.fresh)
    env = {
        **environment(url, page_cache=False),
        "DJANGO_SETTINGS_MODULE": "tests.bench.bench_api_settings",
        "API_READ_RATE": "100000000/m",
    }
    print(f"demo: {facts['sites']} sites, {facts['procedures']} procedures")
    results: dict[str, dict] = {name: {"rps": []} for name in PAGES}
    with Stack(env) as stack:
        port = stack.port
        for name, (host, path) in PAGES.items():
            for _ in range(4):  # both workers answer it once, warm their caches
                status, headers, _cookies, body = get(port, path, host)
            if status != 200:
                print(f"! {path}: {status} {body[:300]!r}")
                return 1
            results[name].update(
                queries=headers.get("X-Bench-Queries", "?"),
                p50=sequential_p50(port, (host, path)),
            )
        for _round in range(ROUNDS):
            for name, page in PAGES.items():
                results[name]["rps"].append(throughput(port, page))
        queries = {}
        for limit in (10, 100):
            _s, headers, _c, body = get(port, f"/api/v3/procedures/?limit={limit}")
            queries[limit] = (
                headers.get("X-Bench-Queries", "?"),
                len(json.loads(body)["items"]),
            )
    base = results["bare JSON view"]["rps"]
    print(
        f"{'endpoint':24} {'req/s (median)':>15} {'ratio min/median':>18}"
        f" {'p50 alone':>10} {'SQL':>5}"
    )
    for name, row in results.items():
        ratios = [r / b for r, b in zip(row["rps"], base, strict=True)]
        print(
            f"{name:24} {statistics.median(row['rps']):>15.0f}"
            f" {min(ratios):>8.3f} / {statistics.median(ratios):<7.3f}"
            f" {row['p50'] * 1000:>8.1f}ms {row['queries']:>5}"
        )
    for limit, (count, items) in queries.items():
        print(f"procedures ?limit={limit}: {items} items, {count} SQL queries")
    constant = queries[10][0] == queries[100][0]
    print("SQL queries constant in limit: " + ("yes" if constant else "NO"))
    return 0 if constant else 1


if __name__ == "__main__":
    os.environ.setdefault("BENCH_SECONDS", "4")
    sys.exit(main())
