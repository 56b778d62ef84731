"""Benchmark: import generated procedures and render the catalogue (not a pytest test).

Run with ``make bench-catalogue`` (sizes from ``BENCH_SIZES``, default
``1000,10000,100000``). Each size is generated as a CSV file by one process and
imported from that file by another, on a throw-away SQLite database (or
``BENCH_DATABASE_URL``: give it an empty one), so that peak memory and time
belong to the import alone. The import's time runs until the search is in sync
(the deferred search synchronisation runs when the import commits), and the
benchmark checks that it is: every live procedure has its search record.
Prints, per size: import time, rows per second, peak resident memory, and the
median render time of the provincial catalogue page, a filtered catalogue page
and the admin procedure listing. Then the ratios against the smallest size and
against 10,000 rows when measured in the same run: time grows linearly when the
import-time ratio is close to the size ratio.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "1000,10000,100000").split(",")]
RENDERS = 5


def make_file(size: int, path: str) -> None:
    """Write ``size`` generated procedures as a CSV file (its own process)."""
    from throwaway import setup_django

    setup_django("bench-catalogue-file-")
    from procedure_pages.demo import generated_rows
    from procedure_pages.transfer import COLUMNS, write_export

    agencies = [f"Sở số {n}" for n in range(1, 18)]
    rows = generated_rows("tinh", size, agencies)
    write_export(
        Path(path), ({name: row.get(name, "") for name in COLUMNS} for row in rows)
    )


def child(size: int, path: str) -> dict[str, float]:
    """Import the file of ``size`` procedures and time the pages (one process)."""
    from throwaway import setup_django

    setup_django("bench-catalogue-")
    import logging

    logging.disable(logging.INFO)
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from procedure_pages.documents import ProcedureSource
    from procedure_pages.transfer import import_file
    from search.models import SearchRecord
    from search.records import object_key
    from tests.procedure_pages.factories import site_with_catalogue

    call_command("migrate", verbosity=0)
    host = "caobang.bench.localhost"
    _site, index = site_with_catalogue(hostname=host, name="Tỉnh", is_default=True)

    started = time.perf_counter()
    cpu_started = time.process_time()
    report = import_file(Path(path))
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    assert len(report.created) == size, report.summary_lines()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # The search is in sync by the end of the import: one record per procedure.
    live = {object_key(page) for page in ProcedureSource().get_queryset()}
    records = set(
        SearchRecord.objects.filter(key__startswith="procedure_pages.").values_list(
            "key", flat=True
        )
    )
    assert len(live) == size and records == live, (len(live), len(records))

    client = Client()
    admin = get_user_model().objects.create_superuser("bench", "b@x.vn", "pw")
    url = index.get_url()

    def median_ms(path: str, params: dict | None = None, login: bool = False) -> float:
        if login:
            client.force_login(admin)
        client.get(path, params or {}, HTTP_HOST=host)  # warm caches
        times = []
        for _ in range(RENDERS):
            begin = time.perf_counter()
            response = client.get(path, params or {}, HTTP_HOST=host)
            times.append(time.perf_counter() - begin)
            assert response.status_code == 200, response.status_code
        return statistics.median(times) * 1000

    result = {
        "size": size,
        "import_s": elapsed,
        "rows_per_s": size / elapsed,
        "import_cpu_s": cpu,
        "peak_mb": peak_mb,
        "catalogue_ms": median_ms(url),
        "catalogue_last_page_ms": median_ms(url, {"page": 10**9}),
        "catalogue_filtered_ms": median_ms(url, {"level": 3, "sort": "name"}),
        "api_ms": median_ms("/api/v2/procedures/", {"level": 3}),
        "admin_listing_ms": median_ms(
            reverse("procedure_pages_procedurepage_modeladmin_index"), login=True
        ),
        "admin_search_ms": median_ms(
            reverse("procedure_pages_procedurepage_modeladmin_index"),
            {"q": "9.100042"},
            login=True,
        ),
    }
    return result


def main() -> None:
    results = []
    folder = Path(tempfile.mkdtemp(prefix="bench-catalogue-files-"))
    for size in SIZES:
        path = folder / f"procedures-{size}.csv"
        print(f"importing {size} procedures…", file=sys.stderr, flush=True)
        for step in (
            ["--make-file", str(size), str(path)],
            ["--child", str(size), str(path)],
        ):
            done = subprocess.run(
                [sys.executable, __file__, *step],
                capture_output=True,
                text=True,
                cwd=ROOT,
            )
            if done.returncode != 0:
                print(done.stderr[-3000:], file=sys.stderr)
                raise SystemExit(f"size {size} failed ({step[0]})")
        path.unlink()
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    base = results[0]
    print(
        f"{'rows':>8} {'import s':>9} {'rows/s':>8} {'cpu s':>8} {'peak MB':>8} "
        f"{'catalogue ms':>12} {'last page':>9} {'filtered':>9} {'api ms':>7} "
        f"{'admin ms':>8} {'admin q':>8}"
    )
    for r in results:
        print(
            f"{r['size']:>8} {r['import_s']:>9.2f} {r['rows_per_s']:>8.0f} "
            f"{r['import_cpu_s']:>8.1f} "
            f"{r['peak_mb']:>8.0f} {r['catalogue_ms']:>12.1f} "
            f"{r['catalogue_last_page_ms']:>9.1f} {r['catalogue_filtered_ms']:>9.1f} "
            f"{r['api_ms']:>7.1f} {r['admin_listing_ms']:>8.1f} "
            f"{r['admin_search_ms']:>8.1f}"
        )
    for r in results[1:]:
        size_ratio = r["size"] / base["size"]
        print(
            f"{r['size']} vs {base['size']} rows (x{size_ratio:.0f}): import time "
            f"x{r['import_s'] / base['import_s']:.1f} (linear = x{size_ratio:.0f}), "
            f"catalogue render x{r['catalogue_ms'] / base['catalogue_ms']:.1f}, "
            f"admin listing x{r['admin_listing_ms'] / base['admin_listing_ms']:.1f}"
        )
    # The targets: t(100k)/t(10k) <= 11 and peak(100k) <= 1.2 x peak(10k).
    for small, large in zip(results, results[1:], strict=False):
        print(
            f"t({large['size']})/t({small['size']}) = "
            f"{large['import_s'] / small['import_s']:.1f}, "
            f"peak memory {large['size']}/{small['size']} = "
            f"{large['peak_mb'] / small['peak_mb']:.2f}"
        )


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--make-file":
        make_file(int(sys.argv[2]), sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "--child":
        print(json.dumps(child(int(sys.argv[2]), sys.argv[3])))
    else:
        main()
