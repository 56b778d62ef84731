"""The daily roll-up against the hand-built dossiers of conftest.py: the rolled-up
figures equal the ones counted by hand, the dashboards read them, and a change
of a dossier reaches them on the next nightly run."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dashboards import rollup
from dashboards.models import DailyDossierFigures, RollupRun
from dossiers.models import Dossier
from tests.dashboards.conftest import act, at, finish
from tests.dossiers.conftest import submit_permit

pytestmark = pytest.mark.django_db

APRIL_1 = datetime.date(2026, 4, 1)
JUNE_29 = datetime.date(2026, 6, 29)
YEAR = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))

FIELDS = (
    "received",
    "finished",
    "on_time",
    "late",
    "overdue",
    "online",
    "processing_days",
    "pending",
)


def row(day):
    figures = DailyDossierFigures.objects.get(day=day)
    return tuple(getattr(figures, name) for name in FIELDS)


def nightly(*when):
    with time_machine.travel(at(*when), tick=False):
        return rollup.run()


def test_the_nightly_roll_up_equals_the_hand_count(dossiers):
    record = nightly(2026, 6, 30, 1)
    # First run: every day from the first dossier's (1 April) to yesterday.
    assert record.through == datetime.date(2026, 6, 29)
    assert record.days == 90  # 30 (April) + 31 (May) + 29 (June)
    assert record.dossiers == 4
    # 1 April, Sở Xây dựng: 3 received; 2 finished on 21 April, 14 working days
    # each (2-3, 6-10, 13-17, 20-21 April), one of them extended (late); one
    # still open past its date (late, overdue, pending).
    assert row(APRIL_1) == (3, 2, 1, 2, 1, 3, 28, 1)
    # 29 June: one just received, its clock running.
    assert row(JUNE_29) == (1, 0, 0, 0, 0, 1, 0, 1)
    assert DailyDossierFigures.objects.count() == 2
    assert set(DailyDossierFigures.objects.values_list("as_of", flat=True)) == {
        datetime.date(2026, 6, 30)
    }


def test_the_dashboards_read_the_table_then_today_live(client, dossiers):
    nightly(2026, 6, 30, 1)
    with time_machine.travel(at(2026, 6, 30, 9), tick=False):
        submit_permit(client, key="k-today")
    with CaptureQueriesContext(connection) as queries:
        stats = rollup.statistics(*YEAR, today=datetime.date(2026, 6, 30))
    # The run's coverage, the table grouped by month and unit, today's
    # dossiers (live), the unit names.
    assert len(queries) <= 5
    assert stats.rolled_up_through == datetime.date(2026, 6, 29)
    total = stats.total
    assert (total.received, total.finished, total.on_time) == (5, 2, 1)
    assert (total.late, total.overdue, total.pending) == (2, 1, 3)
    assert total.average_processing_days == 14.0
    assert [m.received for m in stats.by_month][3:6] == [3, 0, 2]
    assert [(u.unit_name, u.received) for u in stats.by_unit] == [("Sở Xây dựng", 5)]


def test_a_change_reaches_the_figures_on_the_next_night(dossiers):
    nightly(2026, 6, 30, 1)
    june = DailyDossierFigures.objects.get(day=JUNE_29)
    received = Dossier.objects.get(submit_time__gte=at(2026, 6, 29))
    with time_machine.travel(at(2026, 6, 30, 9), tick=False):
        act(dossiers.sxd_staff, received, "accept")
        finish(dossiers, received)
    # Until the next run the dashboards show the last night's figures.
    stale = rollup.statistics(*YEAR, today=datetime.date(2026, 6, 30)).total
    assert (stale.finished, stale.on_time) == (2, 1)
    record = nightly(2026, 7, 1, 1)
    # 30 June (new), 1 April and 29 June (pending), 29 June (changed).
    assert record.days == 3
    assert record.through == datetime.date(2026, 6, 30)
    # Finished the next working day: 1 working day, on time, nothing pending.
    assert row(JUNE_29) == (1, 1, 1, 0, 0, 1, 1, 0)
    # 1 April is rewritten (it had an open dossier), unchanged but as of 1 July.
    assert row(APRIL_1) == (3, 2, 1, 2, 1, 3, 28, 1)
    assert DailyDossierFigures.objects.get(day=APRIL_1).as_of == datetime.date(
        2026, 7, 1
    )
    assert DailyDossierFigures.objects.get(day=JUNE_29).pk != june.pk
    fresh = rollup.statistics(*YEAR, today=datetime.date(2026, 7, 1)).total
    assert (fresh.finished, fresh.on_time, fresh.processing_days) == (3, 2, 29)
    # A third night with no change rewrites only the day still pending.
    assert nightly(2026, 7, 2, 1).days == 2  # 1 July (new, empty) and 1 April


def test_without_a_roll_up_everything_is_live(dossiers):
    stats = rollup.statistics(*YEAR, today=datetime.date(2026, 6, 30))
    assert stats.rolled_up_through is None
    assert (stats.total.received, stats.total.late, stats.total.overdue) == (4, 2, 1)


def test_the_command_rolls_up_a_range_without_moving_the_coverage(dossiers):
    with time_machine.travel(at(2026, 6, 30, 1), tick=False):
        call_command("rollup_dossier_stats", "--since", "2026-04-01", "--days", "1")
    assert row(APRIL_1) == (3, 2, 1, 2, 1, 3, 28, 1)
    assert not DailyDossierFigures.objects.filter(day=JUNE_29).exists()
    assert RollupRun.objects.get().through is None
    assert rollup.statistics(*YEAR).rolled_up_through is None
    with time_machine.travel(at(2026, 6, 30, 1), tick=False):
        call_command("rollup_dossier_stats")
    last = rollup.last_nightly_run()
    assert last is not None
    assert last.through == datetime.date(2026, 6, 29)
    assert row(JUNE_29) == (1, 0, 0, 0, 0, 1, 0, 1)


def test_the_task_runs_the_nightly_roll_up(dossiers):
    from dashboards.tasks import rollup_dossier_stats

    with time_machine.travel(at(2026, 6, 30, 1), tick=False):
        result = rollup_dossier_stats.enqueue()
    assert result.return_value == 90
    assert DailyDossierFigures.objects.count() == 2


def test_the_command_can_queue_the_task_for_the_worker(dossiers):
    # Tests run tasks in place (ImmediateBackend); production queues them.
    with time_machine.travel(at(2026, 6, 30, 1), tick=False):
        call_command("rollup_dossier_stats", "--enqueue")
    last = rollup.last_nightly_run()
    assert last is not None
    assert (last.through, last.days) == (datetime.date(2026, 6, 29), 90)
