"""dossiers.stats against hand-built dossiers with known answers."""

from __future__ import annotations

import datetime

import pytest

from dossiers.stats import dossier_stats

pytestmark = pytest.mark.django_db


def test_totals_months_and_units(dossiers):
    stats = dossier_stats(
        datetime.date(2026, 4, 1),
        datetime.date(2026, 6, 30),
        today=datetime.date(2026, 6, 30),
    )
    total = stats.total
    assert (total.received, total.finished, total.on_time) == (4, 2, 1)
    assert (total.late, total.overdue, total.online) == (2, 1, 4)
    assert total.on_time_share == 50.0
    assert [m.month for m in stats.by_month] == [
        datetime.date(2026, 4, 1),
        datetime.date(2026, 5, 1),
        datetime.date(2026, 6, 1),
    ]
    assert [m.received for m in stats.by_month] == [3, 0, 1]
    assert [m.on_time for m in stats.by_month] == [1, 0, 0]
    assert [m.late for m in stats.by_month] == [2, 0, 0]
    assert [(u.unit_name, u.received) for u in stats.by_unit] == [("Sở Xây dựng", 4)]


def test_a_unit_sees_its_own_and_a_period_cuts(dossiers):
    district = dossiers.province.district.profile.unit
    empty = dossier_stats(
        datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), units=[district.pk]
    )
    assert empty.total.received == 0
    assert empty.total.on_time_share is None
    assert len(empty.by_month) == 12
    june = dossier_stats(
        datetime.date(2026, 6, 1),
        datetime.date(2026, 6, 30),
        units=[dossiers.province.construction.profile.unit.pk],
        today=datetime.date(2026, 6, 30),
    )
    assert (june.total.received, june.total.late, june.total.overdue) == (1, 0, 0)
