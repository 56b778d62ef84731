"""The daily roll-up of the dossiers' figures (``DailyDossierFigures``) and the
figures the dashboards read from it.

Rule (README, "Caching"): each night, for ``today``, the roll-up rewrites
- every day from the day after the last nightly run's ``through`` (the first
  dossier's day on the first run) up to yesterday: yesterday, and any night
  missed;
- every earlier day that still has dossiers open with the clock running
  (``pending``): their "overdue" changes with the date alone;
- every earlier day one of whose dossiers has an event since the last nightly
  run started (every change of a dossier writes a ``DossierEvent``).
So every day's figures are those of the last night, and converge to the live
ones. The dashboards read the table up to the last nightly run's ``through``
and compute the later days (today) live from the dossiers: at most one day's
scan.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Min, Sum
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from dashboards.models import DailyDossierFigures, RollupRun
from dossiers.enums import CLOCK_RUNNING
from dossiers.models import Dossier, DossierEvent
from dossiers.stats import (
    CLASSIFY_FIELDS,
    Counts,
    classify,
    local_range,
    month_starts,
)
from dossiers.workdays import WorkingCalendar, counting_start
from sites.models import AdministrativeUnit

COUNTED = ("received", "finished", "on_time", "late", "overdue", "online")
SUMMED = (*COUNTED, "processing_days", "pending")


@dataclass
class Figures(Counts):
    """``dossiers.stats.Counts`` with the processing time and the open ones."""

    processing_days: int = 0
    pending: int = 0

    @property
    def average_processing_days(self) -> float | None:
        """Working days from the day a dossier counts from to its result, less
        the days its clock stood still, on average over the finished ones."""
        if not self.finished:
            return None
        return round(self.processing_days / self.finished, 1)

    def add(self, other: Figures) -> None:
        for name in SUMMED:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class MonthFigures(Figures):
    month: datetime.date = datetime.date.min


@dataclass
class UnitFigures(Figures):
    unit_id: int = 0
    unit_name: str = ""


@dataclass
class Statistics:
    """The figures of a period (the shape of ``dossiers.stats.DossierStats``)."""

    start: datetime.date
    end: datetime.date
    total: Figures = field(default_factory=Figures)
    by_month: list[MonthFigures] = field(default_factory=list)
    by_unit: list[UnitFigures] = field(default_factory=list)
    # The last day read from the roll-up (None: everything computed live).
    rolled_up_through: datetime.date | None = None


# --- Computing one day ------------------------------------------------------------


class _ProcessingDays:
    """Working days a finished dossier took: from the day it counts from
    (``workdays.counting_start``) to the local day its result was ready, less
    the working days its clock stood still (``stopped_days``); the same count
    the appointment date is made of, so a dossier finished on its appointment
    date took the procedure's processing time."""

    def __init__(self, start: datetime.date, today: datetime.date) -> None:
        self.calendar = WorkingCalendar(start, max(today, start))
        self.cache: dict[tuple[datetime.date, datetime.date], int] = {}

    def __call__(self, row: dict) -> int:
        start = counting_start(row["submit_time"], self.calendar)
        done = timezone.localtime(row["completed_at"]).date()
        key = (start, done)
        if key not in self.cache:
            self.cache[key] = self.calendar.working_days_between(start, done)
        return max(self.cache[key] - row["stopped_days"], 0)


def compute(
    start: datetime.date,
    end: datetime.date,
    today: datetime.date,
    units: Iterable[int] | None = None,
) -> dict[tuple[datetime.date, int], Figures]:
    """The figures per (day of submission, unit) of the dossiers submitted from
    ``start`` to ``end``, as of ``today``, straight from the dossiers."""
    since, until = local_range(start, end)
    qs = Dossier.objects.filter(submit_time__gte=since, submit_time__lt=until)
    if units is not None:
        qs = qs.filter(unit_id__in=list(units))
    rows = qs.order_by().values(
        "submit_time", "unit_id", "stopped_days", *CLASSIFY_FIELDS
    )
    processing = _ProcessingDays(start, today)
    figures: dict[tuple[datetime.date, int], Figures] = {}
    for row in rows.iterator(chunk_size=5000):
        day = timezone.localtime(row["submit_time"]).date()
        counts = figures.setdefault((day, row["unit_id"]), Figures())
        on_time, late, overdue = classify(row, today)
        counts.received += 1
        counts.online += 1  # every dossier of the portal is an online one
        counts.on_time += on_time
        counts.late += late
        counts.overdue += overdue
        if row["completed_at"] is not None:
            counts.finished += 1
            counts.processing_days += processing(row)
        elif row["status"] in CLOCK_RUNNING:
            counts.pending += 1
    return figures


def rollup_day(day: datetime.date, today: datetime.date) -> int:
    """Rewrite one day's rows; the number of dossiers rolled up."""
    figures = compute(day, day, today)
    rows = [
        DailyDossierFigures(
            day=day,
            unit_id=unit_id,
            as_of=today,
            **{name: getattr(counts, name) for name in SUMMED},
        )
        for (_day, unit_id), counts in figures.items()
    ]
    with transaction.atomic():
        DailyDossierFigures.objects.filter(day=day).delete()
        DailyDossierFigures.objects.bulk_create(rows)
    return sum(c.received for c in figures.values())


# --- The nightly rule -------------------------------------------------------------


def last_nightly_run() -> RollupRun | None:
    return (
        RollupRun.objects.filter(through__isnull=False, finished_at__isnull=False)
        .order_by("-started_at")
        .first()
    )


def _first_day() -> datetime.date | None:
    first = Dossier.objects.aggregate(first=Min("submit_time"))["first"]
    return timezone.localtime(first).date() if first else None


def nightly_days(today: datetime.date) -> list[datetime.date]:
    """The days the nightly roll-up of ``today`` rewrites (the module's rule)."""
    yesterday = today - datetime.timedelta(days=1)
    last = last_nightly_run()
    first = _first_day()
    if last is not None and last.through is not None:
        first = last.through + datetime.timedelta(days=1)
    days: set[datetime.date] = set()
    if first is not None:
        day = first
        while day <= yesterday:
            days.add(day)
            day += datetime.timedelta(days=1)
    if last is not None:
        days.update(
            DailyDossierFigures.objects.filter(pending__gt=0, day__lte=yesterday)
            .values_list("day", flat=True)
            .distinct()
        )
        tz = timezone.get_current_timezone()
        changed = (
            DossierEvent.objects.filter(at__gte=last.started_at)
            .annotate(day=TruncDate("dossier__submit_time", tzinfo=tz))
            .values_list("day", flat=True)
            .distinct()
        )
        days.update(day for day in changed if day <= yesterday)
    return sorted(days)


def run(
    today: datetime.date | None = None,
    days: list[datetime.date] | None = None,
    progress: Callable[[list[datetime.date]], Iterator[datetime.date]] | None = None,
) -> RollupRun:
    """Roll up ``days`` (a partial run), or the nightly rule's days for
    ``today`` (a nightly run, which moves the coverage to yesterday)."""
    today = today or timezone.localdate()
    nightly = days is None
    chosen = nightly_days(today) if days is None else sorted(days)
    record = RollupRun.objects.create(
        started_at=timezone.now(),
        through=None,
        days=len(chosen),
    )
    total = 0
    for day in progress(chosen) if progress else chosen:
        total += rollup_day(day, today)
    record.dossiers = total
    record.finished_at = timezone.now()
    if nightly:
        record.through = today - datetime.timedelta(days=1)
    record.save()
    return record


# --- Reading ----------------------------------------------------------------------


def statistics(
    start: datetime.date,
    end: datetime.date,
    units: Iterable[int] | None = None,
    today: datetime.date | None = None,
) -> Statistics:
    """The figures of the dossiers submitted from ``start`` to ``end`` of the
    given units (ids) or every unit: rolled-up days from the table (two
    aggregate queries), the days after the last nightly run live."""
    today = today or timezone.localdate()
    units = None if units is None else list(units)
    last = last_nightly_run()
    through = min(last.through, end) if last and last.through else None
    if through is not None and through < start:
        through = None
    stats = Statistics(start=start, end=end, rolled_up_through=through)
    cells: dict[tuple[datetime.date, int], Figures] = {}
    if through is not None:
        qs = DailyDossierFigures.objects.filter(day__range=(start, through))
        if units is not None:
            qs = qs.filter(unit_id__in=units)
        grouped = (
            qs.order_by()
            .annotate(month=TruncMonth("day"))
            .values("month", "unit_id")
            .annotate(**{name: Sum(name) for name in SUMMED})
        )
        for row in grouped:
            month = row["month"]
            if isinstance(month, datetime.datetime):
                month = month.date()
            cells[(month, row["unit_id"])] = Figures(
                **{name: row[name] for name in SUMMED}
            )
    live_from = (through + datetime.timedelta(days=1)) if through else start
    if live_from <= end:
        for (day, unit_id), counts in compute(live_from, end, today, units).items():
            cells.setdefault((day.replace(day=1), unit_id), Figures()).add(counts)
    months: dict[datetime.date, MonthFigures] = {}
    by_unit: dict[int, UnitFigures] = {}
    for (month, unit_id), counts in cells.items():
        stats.total.add(counts)
        months.setdefault(month, MonthFigures(month=month)).add(counts)
        by_unit.setdefault(unit_id, UnitFigures(unit_id=unit_id)).add(counts)
    stats.by_month = [
        months.get(month, MonthFigures(month=month))
        for month in month_starts(start, end)
    ]
    if by_unit:
        names = dict(
            AdministrativeUnit.objects.filter(pk__in=by_unit).values_list("pk", "name")
        )
        for unit in by_unit.values():
            unit.unit_name = names.get(unit.unit_id, "")
    stats.by_unit = sorted(by_unit.values(), key=lambda u: (-u.received, u.unit_name))
    return stats
