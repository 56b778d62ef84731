"""Figures of the dossiers for the dashboards: aggregates only, never a code or a
name (PORTAL.md §5: the dashboards read this module, it imports nothing above).

Definitions (the same as ``Dossier.is_late``):
- *received*: dossiers submitted in the period;
- *finished*: of those, the ones whose result is ready (``completed_at`` set);
- *on time*: finished on or before the appointment date in force, never extended;
- *late*: extended with an apology slip, finished after the appointment date, or
  still open with the clock running past it;
- *overdue*: still open with the clock running past the appointment date (a
  subset of *late*);
- *rated*: applicants' satisfaction ratings (``DossierRating``, 1–5) given in
  the period; *satisfied* means 4 or 5 stars (``satisfaction``);
- *online*: every dossier of this app was submitted online (web form or API);
  the dossiers received at the counter are not in the portal, so the share of
  online submissions among *all* dossiers cannot be computed from our data.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from dossiers.enums import CLOCK_RUNNING
from dossiers.models import Dossier, DossierRating
from dossiers.ratings import SATISFIED_FROM


@dataclass
class Counts:
    received: int = 0
    finished: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    online: int = 0

    @property
    def on_time_share(self) -> float | None:
        """On time among the finished dossiers (percent), None when none."""
        if not self.finished:
            return None
        return round(100 * self.on_time / self.finished, 1)


@dataclass
class MonthCounts(Counts):
    month: datetime.date = datetime.date.min


@dataclass
class UnitCounts(Counts):
    unit_id: int = 0
    unit_name: str = ""


@dataclass
class DossierStats:
    start: datetime.date
    end: datetime.date
    total: Counts = field(default_factory=Counts)
    by_month: list[MonthCounts] = field(default_factory=list)
    by_unit: list[UnitCounts] = field(default_factory=list)


# The fields ``classify`` reads, for callers that aggregate their own rows (the
# dashboards' daily roll-up).
CLASSIFY_FIELDS = ("appointment_date", "completed_at", "status", "extensions")


def classify(row: dict, today: datetime.date) -> tuple[bool, bool, bool]:
    """(finished on time, late, overdue now) of one dossier's ``CLASSIFY_FIELDS``,
    as of ``today``: the definitions above."""
    appointment = row["appointment_date"]
    completed = row["completed_at"]
    overdue = bool(
        completed is None
        and row["status"] in CLOCK_RUNNING
        and appointment is not None
        and appointment < today
    )
    if completed is not None:
        done_on = timezone.localtime(completed).date()
        late = bool(row["extensions"]) or (
            appointment is not None and done_on > appointment
        )
        return (not late, late, False)
    return (False, bool(row["extensions"]) or overdue, overdue)


def _add(counts: Counts, row: dict, today: datetime.date) -> None:
    on_time, late, overdue = classify(row, today)
    counts.received += 1
    counts.online += 1
    if row["completed_at"] is not None:
        counts.finished += 1
    counts.on_time += on_time
    counts.late += late
    counts.overdue += overdue


def dossier_stats(
    start: datetime.date,
    end: datetime.date,
    units: Iterable[int] | None = None,
    today: datetime.date | None = None,
) -> DossierStats:
    """Figures of the dossiers submitted from ``start`` to ``end`` (inclusive),
    of the given units (ids) or of every unit."""
    today = today or timezone.localdate()
    since, until = local_range(start, end)
    qs = Dossier.objects.filter(submit_time__gte=since, submit_time__lt=until)
    if units is not None:
        qs = qs.filter(unit_id__in=list(units))
    stats = DossierStats(start=start, end=end)
    months: dict[datetime.date, MonthCounts] = {}
    by_unit: dict[int, UnitCounts] = {}
    rows = qs.order_by().values(
        "submit_time",
        "appointment_date",
        "completed_at",
        "status",
        "extensions",
        "unit_id",
        "unit__name",
    )
    for row in rows.iterator(chunk_size=2000):
        _add(stats.total, row, today)
        month = timezone.localtime(row["submit_time"]).date().replace(day=1)
        _add(months.setdefault(month, MonthCounts(month=month)), row, today)
        unit = by_unit.setdefault(
            row["unit_id"],
            UnitCounts(unit_id=row["unit_id"], unit_name=row["unit__name"]),
        )
        _add(unit, row, today)
    stats.by_month = [
        months.get(month, MonthCounts(month=month))
        for month in month_starts(start, end)
    ]
    stats.by_unit = sorted(by_unit.values(), key=lambda u: (-u.received, u.unit_name))
    return stats


def month_starts(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The first day of every month from ``start``'s to ``end``'s, empty ones
    included (a chart's axis)."""
    months = []
    month = start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def local_range(
    start: datetime.date, end: datetime.date
) -> tuple[datetime.datetime, datetime.datetime]:
    """[start 00:00, the day after end 00:00) in the local time zone."""
    tz = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    until = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    return since, until


@dataclass
class SatisfactionStats:
    """Applicants' ratings of their dossiers: counts and shares only."""

    ratings: int = 0
    average: float | None = None  # mean score, None without ratings
    satisfied: int = 0  # score of 4 or 5
    satisfied_share: float | None = None  # satisfied / ratings, 0..1
    by_score: dict[int, int] = field(
        default_factory=lambda: dict.fromkeys(range(1, 6), 0)
    )


def satisfaction(
    start: datetime.date,
    end: datetime.date,
    units: Iterable[int] | None = None,
) -> SatisfactionStats:
    """Ratings given from ``start`` to ``end`` (local dates, inclusive) on
    dossiers received by the given units (ids), or by every unit: one
    grouped query."""
    since, until = local_range(start, end)
    qs = DossierRating.objects.filter(created__gte=since, created__lt=until)
    if units is not None:
        qs = qs.filter(dossier__unit_id__in=list(units))
    stats = SatisfactionStats()
    rows = qs.order_by().values_list("score").annotate(n=Count("pk"))
    for score, count in rows:
        stats.by_score[int(score)] = count
    stats.ratings = sum(stats.by_score.values())
    if stats.ratings:
        total = sum(score * count for score, count in stats.by_score.items())
        stats.average = total / stats.ratings
        stats.satisfied = sum(
            count for score, count in stats.by_score.items() if score >= SATISFIED_FROM
        )
        stats.satisfied_share = stats.satisfied / stats.ratings
    return stats
