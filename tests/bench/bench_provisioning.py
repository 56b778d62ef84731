"""Benchmark: provision the province's 229 units from a CSV (not a pytest test).

Run with ``make bench-sites``. Uses a throw-away SQLite database in a temporary
folder (or the database in ``BENCH_DATABASE_URL``, which it migrates and fills:
give it an empty one). Prints total time, time and SQL queries per site, and
compares the first sites (empty database, the baseline) with the last ones (200+
existing sites): queries per site must not grow. Then times the admin explorer
and the directory page with every site present.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from throwaway import setup_django

WORK = setup_django("bench-sites-")

import logging  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from sites.provisioning import provision_many  # noqa: E402
from sites.units_file import read_specs  # noqa: E402

PORTAL = "caobang.bench.localhost"
DEPARTMENTS = 17
DISTRICTS = 13
COMMUNES = 199
SAMPLE = 10


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        self.count += 1
        return execute(sql, params, many, context)


def write_csv(path: Path) -> int:
    rows = ["kind,name,hostname,parent", f"province,Tỉnh Cao Bằng,{PORTAL},"]
    rows += [
        f"department,Sở số {n},so{n}.{PORTAL},{PORTAL}"
        for n in range(1, DEPARTMENTS + 1)
    ]
    districts = [f"huyen{n}.{PORTAL}" for n in range(1, DISTRICTS + 1)]
    rows += [
        f"district,Huyện số {n},{host},{PORTAL}"
        for n, host in enumerate(districts, start=1)
    ]
    rows += [
        f"commune,Xã số {n},xa{n}.{PORTAL},{districts[n % DISTRICTS]}"
        for n in range(1, COMMUNES + 1)
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return len(rows) - 1


def timed_get(client: Client, url: str, host: str) -> tuple[float, int, int]:
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        started = time.perf_counter()
        response = client.get(url, HTTP_HOST=host)
        elapsed = time.perf_counter() - started
    return elapsed, counter.count, response.status_code


def main() -> None:
    logging.disable(logging.INFO)
    print(f"database: {connection.vendor} ({WORK})")
    call_command("migrate", verbosity=0)
    csv_path = WORK / "units.csv"
    total_rows = write_csv(csv_path)
    specs = read_specs(csv_path)

    per_site: list[tuple[float, int]] = []
    counter = QueryCounter()
    last = [time.perf_counter(), 0]

    def progress(row: int, result: object) -> None:
        now = time.perf_counter()
        per_site.append((now - last[0], counter.count - last[1]))
        last[0], last[1] = now, counter.count
        if len(per_site) % 25 == 0 or len(per_site) == total_rows:
            sys.stderr.write(f"\r{len(per_site)}/{total_rows}")
            sys.stderr.flush()

    with connection.execute_wrapper(counter):
        started = time.perf_counter()
        last[0] = started
        provision_many(specs, progress=progress)
        total = time.perf_counter() - started
    sys.stderr.write("\n")

    times = [t for t, _ in per_site]
    queries = [q for _, q in per_site]
    # The first sites are provisioned into an (almost) empty database: baseline.
    first_t = statistics.mean(times[1 : 1 + SAMPLE])
    last_t = statistics.mean(times[-SAMPLE:])
    first_q = statistics.mean(queries[1 : 1 + SAMPLE])
    last_q = statistics.mean(queries[-SAMPLE:])
    print(f"sites provisioned:         {total_rows} (1 province + {total_rows - 1})")
    print(f"total time:                {total:.2f} s")
    print(f"time per site (mean):      {statistics.mean(times) * 1000:.1f} ms")
    print(f"time per site (median):    {statistics.median(times) * 1000:.1f} ms")
    print(f"queries per site (mean):   {statistics.mean(queries):.1f}")
    print(
        f"first {SAMPLE} sites (baseline): {first_t * 1000:.1f} ms, "
        f"{first_q:.1f} queries/site"
    )
    print(
        f"last {SAMPLE} sites ({total_rows - SAMPLE}+ existing): "
        f"{last_t * 1000:.1f} ms, {last_q:.1f} queries/site"
    )
    print(
        f"ratio last/first:          time {last_t / first_t:.2f}x, "
        f"queries {last_q / first_q:.2f}x"
    )

    started = time.perf_counter()
    results = provision_many(read_specs(csv_path))
    rerun = time.perf_counter() - started
    assert not any(r.created for r in results)
    print(f"second run (no-op):        {rerun:.2f} s")

    from django.contrib.auth import get_user_model
    from wagtail.models import Site

    from sites.provisioning import ensure_directory_page

    user = get_user_model().objects.create_superuser("bench", "b@x.vn", "pw")
    client = Client()
    client.force_login(user)
    portal = Site.objects.get(hostname=PORTAL)
    ensure_directory_page(portal.root_page)
    client.get("/danh-ba/", HTTP_HOST=PORTAL)  # warm up caches and templates
    for label, url, host in (
        ("admin explorer (root)", reverse("wagtailadmin_explore_root"), PORTAL),
        (
            "admin explorer (portal)",
            reverse("wagtailadmin_explore", args=(portal.root_page_id,)),
            PORTAL,
        ),
        ("directory page", "/danh-ba/", PORTAL),
        (
            "directory, one district",
            "/danh-ba/?huyen=huyen1-caobang-bench-localhost",
            PORTAL,
        ),
    ):
        elapsed, count, status = timed_get(client, url, host)
        print(f"{label:26} {elapsed * 1000:.0f} ms, {count} queries, HTTP {status}")


if __name__ == "__main__":
    main()
