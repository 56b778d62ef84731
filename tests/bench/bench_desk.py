"""The one-stop desk at scale (not collected by pytest): ``make bench-desk``.

On PostgreSQL (``BENCH_DATABASE_URL`` or a PostgreSQL ``DATABASE_URL``; a fresh
database ``cms_bench_desk`` is made beside it), as a Sở Xây dựng staff member:
the inbox's first page, a filtered page (overdue, one procedure) and a dossier
view — median time of 15 requests and SQL queries each — with 1,000 dossiers,
then with 100,000 (BENCH_DESK_SIZES to change). Dossiers are spread over ten
units (the staff member's unit receives 40 %), with two events and one file
each, 10 % of them overdue, 1 % asked of the Sở Xây dựng for an opinion.
Goal: at the largest size ≤ 1.5× the time of the smallest, same queries.
"""

from __future__ import annotations

import datetime
import os
import random
import secrets
import statistics
import sys
import time

from throwaway import fresh_postgres, postgres_url, setup_django

SIZES = [int(s) for s in os.environ.get("BENCH_DESK_SIZES", "1000,100000").split(",")]
REPEAT = 15
GOAL = 1.5


URL = postgres_url()
if URL is None:
    print("bench-desk needs PostgreSQL: set BENCH_DATABASE_URL=postgres://…")
    sys.exit(2)
os.environ["BENCH_DATABASE_URL"] = fresh_postgres(URL, "cms_bench_desk")
WORK = setup_django("bench-desk-")

import logging  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

logging.disable(logging.WARNING)
call_command("migrate", "--noinput", "--skip-checks", verbosity=0)

from django.contrib.auth import get_user_model  # noqa: E402

from dossiers import permissions  # noqa: E402
from dossiers.enums import DossierStatus  # noqa: E402
from dossiers.models import (  # noqa: E402
    Dossier,
    DossierEvent,
    DossierFile,
    OpinionRequest,
)
from forms_library.online import versions  # noqa: E402
from forms_library.online.demo import DATA, create_service  # noqa: E402
from procedure_pages.models import Agency, Tier  # noqa: E402
from sites.provisioning import SiteSpec, provision_site  # noqa: E402
from tests.procedure_pages.factories import ProcedurePageFactory  # noqa: E402

PORTAL = "bench.localhost"
HOST = "soxaydung.bench.localhost"
STATUSES = [
    (DossierStatus.RECEIVED, 15),
    (DossierStatus.PROCESSING, 30),
    (DossierStatus.SUPPLEMENT_REQUESTED, 5),
    (DossierStatus.APPROVED, 5),
    (DossierStatus.RESULT_READY, 10),
    (DossierStatus.RETURNED, 30),
    (DossierStatus.REFUSED, 3),
    (DossierStatus.WITHDRAWN, 2),
]


def setup() -> dict:
    import json

    provision_site(SiteSpec(kind="province", name="Tỉnh", hostname=PORTAL))
    units = []
    for n in range(10):
        name = "Sở Xây dựng" if n == 0 else f"Sở số {n}"
        host = HOST if n == 0 else f"so{n}.{PORTAL}"
        site = provision_site(
            SiteSpec(kind="department", name=name, hostname=host, parent=PORTAL)
        ).site
        units.append(site.profile.unit)
    sxd_site = units[0].site_profile.site
    catalogue = sxd_site.root_page.get_children().get(slug="thu-tuc-hanh-chinh")
    agency = Agency.objects.create(name="Sở Xây dựng", unit=units[0])
    data = json.loads(DATA.read_text(encoding="utf-8"))
    service = next(s for s in data["services"] if s["code"] == "1.009972")
    procedures, pages = [], []
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
        procedures.append(procedure)
        pages.append(page)
    user = get_user_model().objects.create_user("sxd.canbo", "s@example.test", "x")
    user.groups.add(permissions.ensure_desk(units[0]).staff_group)
    return {"units": units, "procedures": procedures, "pages": pages, "user": user}


def add_dossiers(world: dict, start: int, count: int) -> None:
    rng = random.Random(start)  # noqa: S311 - sample data, not secrets
    units, procedures, pages = world["units"], world["procedures"], world["pages"]
    version = versions.current_version(pages[0])
    weights = [s[1] for s in STATUSES]
    today = timezone.localdate()
    now = timezone.now()
    batch = 5000
    for offset in range(start, start + count, batch):
        rows = []
        for i in range(offset, min(offset + batch, start + count)):
            unit = units[0] if rng.random() < 0.4 else rng.choice(units[1:])
            p = rng.randrange(3)
            status = rng.choices([s[0] for s in STATUSES], weights)[0]
            received = now - datetime.timedelta(minutes=rng.randrange(0, 60 * 24 * 400))
            due = received.date() + datetime.timedelta(days=28)
            if status in (DossierStatus.PROCESSING, DossierStatus.RECEIVED):
                # About a third of the open ones are overdue (≈ 10 % of all).
                due = today + datetime.timedelta(days=rng.randrange(-20, 40))
            rows.append(
                Dossier(
                    page=pages[p],
                    form_data={"answers": {"ho_va_ten_nguoi_nop": f"Người nộp {i}"}},
                    submit_time=received,
                    code=f"BENCH-{i:07d}",
                    procedure=procedures[p],
                    unit=unit,
                    form_version=version,
                    status=status,
                    appointment_date=due,
                    original_appointment_date=due,
                    applicant_name=f"Người nộp {i}",
                    applicant_phone=f"09{i:08d}",
                    public_token=secrets.token_urlsafe(32),
                )
            )
        Dossier.objects.bulk_create(rows)
        created = Dossier.objects.filter(code__in=[r.code for r in rows]).values_list(
            "pk", "status", "unit_id"
        )
        events, files, opinions = [], [], []
        for pk, status, unit_id in created:
            events.append(
                DossierEvent(
                    dossier_id=pk,
                    action="submit",
                    to_status="received",
                    actor="citizen",
                )
            )
            events.append(
                DossierEvent(
                    dossier_id=pk,
                    action="accept",
                    from_status="received",
                    to_status=status,
                    actor="staff",
                )
            )
            files.append(
                DossierFile(
                    dossier_id=pk,
                    stored_name=f"online/{pk}.pdf",
                    display_name="ban-ve.pdf",
                    size=1000,
                    sha256="0" * 64,
                    kind="pdf",
                )
            )
            if unit_id != units[0].pk and rng.random() < 0.025:
                opinions.append(
                    OpinionRequest(dossier_id=pk, unit=units[0], question="Ý kiến?")
                )
        DossierEvent.objects.bulk_create(events)
        DossierFile.objects.bulk_create(files)
        OpinionRequest.objects.bulk_create(opinions)
    with connection.cursor() as cursor:
        # What autovacuum keeps up in production (visibility map for index-only
        # counts, planner statistics).
        cursor.execute("VACUUM ANALYZE")


def measure(client: Client, url: str) -> tuple[float, int, int]:
    for _ in range(3):
        response = client.get(url, HTTP_HOST=PORTAL)
        assert response.status_code == 200, (url, response.status_code)
    times = []
    queries = 0
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, HTTP_HOST=PORTAL)
            times.append(time.perf_counter() - started)
        queries = len(captured)
    return statistics.median(times) * 1000, queries, len(response.content)


def main() -> int:
    world = setup()
    client = Client()
    client.force_login(world["user"])
    procedure = world["procedures"][1]
    results: dict[int, dict[str, tuple[float, int, int]]] = {}
    total = 0
    sample = None
    for size in SIZES:
        started = time.perf_counter()
        add_dossiers(world, total, size - total)
        total = size
        built = time.perf_counter() - started
        # The same dossier at every size (being processed: every action).
        sample = sample or (
            Dossier.objects.filter(
                unit=world["units"][0], status=DossierStatus.PROCESSING
            )
            .values_list("pk", flat=True)
            .first()
        )
        visible = permissions.visible_dossiers(world["user"]).count()
        urls = {
            "inbox, first page": "/admin/ho-so-mot-cua/",
            "overdue + procedure": (
                f"/admin/ho-so-mot-cua/?due=overdue&procedure={procedure.pk}"
            ),
            "dossier view": f"/admin/ho-so-mot-cua/{sample}/",
        }
        results[size] = {name: measure(client, url) for name, url in urls.items()}
        print(
            f"\n{size:,} dossiers (built in {built:.1f} s; "
            f"{visible:,} visible to the Sở Xây dựng's staff)"
        )
        for name, (ms, queries, length) in results[size].items():
            print(f"  {name:<22} {ms:8.1f} ms  {queries:3d} queries  {length:,} bytes")
    small, large = results[SIZES[0]], results[SIZES[-1]]
    ok = True
    print(
        f"\n{SIZES[-1]:,} vs {SIZES[0]:,} dossiers (goal ≤ {GOAL}× time, same queries)"
    )
    for name in small:
        ratio = large[name][0] / small[name][0]
        same = large[name][1] == small[name][1]
        passed = ratio <= GOAL and same
        ok &= passed
        print(
            f"  {name:<22} {ratio:5.2f}×  queries {small[name][1]} → {large[name][1]}"
            f"  {'OK' if passed else 'OVER'}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
