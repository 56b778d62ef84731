"""The dashboards at scale (not collected by pytest): ``make bench-dashboards``.

On PostgreSQL (``BENCH_DATABASE_URL`` or a PostgreSQL ``DATABASE_URL``; a fresh
database ``cms_bench_dashboards`` is made beside it): dossiers of last year,
spread evenly over its days and over ten receiving units, are generated in the
database itself (one ``INSERT … SELECT generate_series``: a million in about a
minute on two cores), at 10,000 then 1,000,000 (BENCH_DASHBOARDS_SIZES to
change). At each size, after the nightly roll-up (timed: the first run rolls up
every day):
- the province's Decision 766 scorecard for that year (``roadmap.scorecard``);
- the public statistics page ``/thong-ke/?nam=YEAR`` on the portal;
- the same year scanned live (``dossiers.stats.dossier_stats``, what every view
  did before the roll-up), once, for comparison;
median time of 9 runs and SQL queries each. Then one day with 5,000 dossiers
(yesterday) is rolled up (``rollup.rollup_day``). Goal: the scorecard and the
page at the largest size ≤ 2× the time at the smallest.
"""

from __future__ import annotations

import datetime
import json
import os
import statistics
import sys
import time

from throwaway import fresh_postgres, postgres_url, setup_django

sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]

SIZES = [
    int(s) for s in os.environ.get("BENCH_DASHBOARDS_SIZES", "10000,1000000").split(",")
]
DAY_SIZE = int(os.environ.get("BENCH_DASHBOARDS_DAY", "5000"))
REPEAT = 9
GOAL = 2.0
UNITS = 10


URL = postgres_url()
if URL is None:
    print("bench-dashboards needs PostgreSQL: set BENCH_DATABASE_URL=postgres://…")
    sys.exit(2)
os.environ["BENCH_DATABASE_URL"] = fresh_postgres(URL, "cms_bench_dashboards")
WORK = setup_django("bench-dashboards-")

import logging  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

logging.disable(logging.WARNING)
call_command("migrate", "--noinput", "--skip-checks", verbosity=0)

from dashboards import roadmap, rollup  # noqa: E402
from dashboards.models import DailyDossierFigures, RollupRun  # noqa: E402
from dossiers.models import Dossier  # noqa: E402
from dossiers.stats import dossier_stats  # noqa: E402
from forms_library.online import versions  # noqa: E402
from forms_library.online.demo import DATA, create_service  # noqa: E402
from procedure_pages.models import Agency, Tier  # noqa: E402
from sites.provisioning import SiteSpec, provision_site  # noqa: E402
from tests.procedure_pages.factories import ProcedurePageFactory  # noqa: E402

PORTAL = "bench.localhost"


def setup() -> dict:
    provision_site(SiteSpec(kind="province", name="Tỉnh", hostname=PORTAL))
    units = []
    for n in range(UNITS):
        site = provision_site(
            SiteSpec(
                kind="department",
                name=f"Sở số {n}",
                hostname=f"so{n}.{PORTAL}",
                parent=PORTAL,
            )
        ).site
        units.append(site.profile.unit)
    catalogue = (
        units[0]
        .site_profile.site.root_page.get_children()
        .get(slug="thu-tuc-hanh-chinh")
    )
    agency = Agency.objects.create(name="Sở số 0", unit=units[0])
    data = json.loads(DATA.read_text(encoding="utf-8"))
    service = next(s for s in data["services"] if s["code"] == "1.009972")
    services = []
    for n in range(3):
        procedure = ProcedurePageFactory(
            parent=catalogue,
            code=f"1.00997{n + 2}",
            slug=f"p{n}",
            title=f"Thủ tục {n}",
            tier=Tier.PROVINCIAL,
            level=3,
            processing_days=20,
            lead_agency=agency,
        )
        page = create_service(procedure, data["applicant"] + service["fields"], "")
        services.append((procedure.pk, page.pk, versions.current_version(page).pk))
    return {"units": [u.pk for u in units], "services": services}


# Columns the generator fills itself; every other column gets its default.
GENERATED = {
    "id",
    "form_data",
    "submit_time",
    "page",
    "code",
    "procedure",
    "unit",
    "form_version",
    "status",
    "appointment_date",
    "completed_at",
    "extensions",
    "public_token",
}


def generate(
    world: dict, first: int, count: int, start: datetime.datetime, seconds: float
) -> None:
    """``count`` dossiers numbered from ``first``, submitted evenly over
    ``seconds`` from ``start``: one INSERT … SELECT in the database.

    Of every 100: 40 returned and 10 with the result ready (completed 1 to 29
    days after submission, against an appointment 20 days after it: some late),
    5 refused, 5 withdrawn, 10 awaiting a supplement, 30 being processed (past
    their date by the end of the year: overdue); 1 in 50 extended."""
    fields = [f for f in Dossier._meta.concrete_fields if f.name not in GENERATED]
    defaults, params = [], []
    for f in fields:
        if f.null:
            defaults.append(f"NULL AS {f.column}")
            continue
        value = f.get_default()
        params.append(
            json.dumps(value) if f.get_internal_type() == "JSONField" else value
        )
        defaults.append(f"%s AS {f.column}")
    units = ",".join(str(u) for u in world["units"])
    procedures = ",".join(str(s[0]) for s in world["services"])
    pages = ",".join(str(s[1]) for s in world["services"])
    form_versions = ",".join(str(s[2]) for s in world["services"])
    extra = "".join(", " + f.column for f in fields)
    values = "".join(", " + d for d in defaults)
    sql = f"""
    INSERT INTO dossiers_dossier (form_data, submit_time, page_id, code,
        procedure_id, unit_id, form_version_id, status, appointment_date,
        completed_at, extensions, public_token{extra})
    SELECT '{{}}'::jsonb, t, (ARRAY[{pages}])[1 + (i / 7) %% 3], 'BENCH-' || i,
        (ARRAY[{procedures}])[1 + (i / 7) %% 3], (ARRAY[{units}])[1 + i %% {UNITS}],
        (ARRAY[{form_versions}])[1 + (i / 7) %% 3],
        CASE WHEN i %% 100 < 40 THEN 'returned' WHEN i %% 100 < 50 THEN 'result_ready'
             WHEN i %% 100 < 55 THEN 'refused' WHEN i %% 100 < 60 THEN 'withdrawn'
             WHEN i %% 100 < 70 THEN 'supplement_requested' ELSE 'processing' END,
        (t AT TIME ZONE 'Asia/Ho_Chi_Minh')::date + 20,
        CASE WHEN i %% 100 < 50 THEN t + make_interval(days => 1 + i %% 29) END,
        CASE WHEN i %% 50 = 0 THEN 1 ELSE 0 END,
        md5(i::text) || md5((-i)::text)
        {values}
    FROM (
        SELECT i, %s::timestamptz + make_interval(secs => (i - %s) * %s) AS t
        FROM generate_series(%s, %s) AS i
    ) AS g
    """  # noqa: S608 - numbers and column names of our own model only
    step = seconds / count
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, start, first, step, first, first + count - 1])
        cursor.execute("VACUUM ANALYZE dossiers_dossier")


def measure(call) -> tuple[float, float, int]:
    """(best, median) time in ms and SQL queries of ``REPEAT`` calls."""
    call()
    times, queries = [], 0
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            call()
            times.append(time.perf_counter() - started)
        queries = len(captured)
    return min(times) * 1000, statistics.median(times) * 1000, queries


def main() -> int:
    world = setup()
    client = Client()
    today = timezone.localdate()
    year = today.year - 1
    tz = timezone.get_current_timezone()
    start = datetime.datetime(year, 1, 1, tzinfo=tz)
    seconds = (datetime.datetime(year + 1, 1, 1, tzinfo=tz) - start).total_seconds()
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)

    def card() -> None:
        roadmap.scorecard(year)

    def page() -> None:
        response = client.get(f"/thong-ke/?nam={year}", HTTP_HOST=PORTAL)
        assert response.status_code == 200, response.status_code

    results: dict[int, dict[str, tuple[float, float, int]]] = {}
    total = 0
    for size in SIZES:
        # Spread the new dossiers over the year as well (numbers interleave).
        started = time.perf_counter()
        generate(world, total + 1, size - total, start, seconds)
        built = time.perf_counter() - started
        total = size
        # A full roll-up (bulk-inserted rows leave no events to find).
        DailyDossierFigures.objects.all().delete()
        RollupRun.objects.all().delete()
        started = time.perf_counter()
        run = rollup.run(today)
        rolled = time.perf_counter() - started
        rows = DailyDossierFigures.objects.count()
        started = time.perf_counter()
        live = dossier_stats(first, last).total.received
        scan = (time.perf_counter() - started) * 1000
        assert live == size, (live, size)
        results[size] = {
            "scorecard, province, 1 year": measure(card),
            "/thong-ke/?nam=YEAR": measure(page),
        }
        print(
            f"\n{size:,} dossiers of {year} (generated in {built:.1f} s; nightly "
            f"roll-up of {run.days} days in {rolled:.1f} s → {rows:,} rows)"
        )
        for name, (best, median, queries) in results[size].items():
            print(
                f"  {name:<30} best {best:7.1f} ms, median {median:7.1f} ms  "
                f"{queries:3d} queries"
            )
        print(f"  {'(before) live scan of the year':<30} {scan:9.1f} ms")
    # One day's dossiers: yesterday, DAY_SIZE of them.
    yesterday = today - datetime.timedelta(days=1)
    generate(
        world,
        total + 1,
        DAY_SIZE,
        datetime.datetime.combine(yesterday, datetime.time(7), tzinfo=tz),
        10 * 3600,
    )
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        done = rollup.rollup_day(yesterday, today)
        timings.append(time.perf_counter() - started)
    assert done == DAY_SIZE, done
    print(
        f"\nroll-up of one day's {DAY_SIZE:,} dossiers: "
        f"{statistics.median(timings) * 1000:.0f} ms (median of 3)"
    )
    small, large = results[SIZES[0]], results[SIZES[-1]]
    ok = True
    print(
        f"\n{SIZES[-1]:,} vs {SIZES[0]:,} dossiers (goal ≤ {GOAL}× time; best of "
        f"{REPEAT}, the machine is shared; median in brackets)"
    )
    for name in small:
        ratio = large[name][0] / small[name][0]
        median_ratio = large[name][1] / small[name][1]
        passed = ratio <= GOAL
        ok &= passed
        print(
            f"  {name:<30} {ratio:5.2f}× ({median_ratio:.2f}×)  queries "
            f"{small[name][2]} → {large[name][2]}  {'OK' if passed else 'OVER'}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
