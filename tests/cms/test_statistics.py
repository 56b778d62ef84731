"""Planner statistics refreshed inside one long transaction (cms.core.statistics)."""

from __future__ import annotations

import pytest
from django.db import connection

from cms.core.statistics import GrowthWatch, refresh_statistics
from sites.models import AdministrativeUnit, UnitKind

pytestmark = pytest.mark.django_db


def estimated_rows(table: str) -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        return float(cursor.fetchone()[0])


@pytest.mark.postgres
def test_the_planner_sees_the_rows_of_the_running_transaction():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    AdministrativeUnit.objects.bulk_create(
        AdministrativeUnit(name=f"Xã thử {n}", code=f"T{n:05d}", kind=UnitKind.COMMUNE)
        for n in range(300)
    )
    table = AdministrativeUnit._meta.db_table
    refresh_statistics()
    assert estimated_rows(table) >= 300


def test_statistics_are_refreshed_each_time_the_rows_double():
    watch = GrowthWatch(first=500)
    seen = []
    for total in (100, 499, 500, 900, 1000, 1500, 2100, 4000, 9000):
        before = watch.next_at
        watch.written(total)
        if watch.next_at != before:
            seen.append(total)
    assert seen == [500, 1000, 2100, 4000, 9000]
