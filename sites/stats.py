"""Visits per month from ``VisitCounter`` (aggregates only), for the dashboards."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Sum
from django.db.models.functions import TruncMonth

from sites.models import VisitCounter


@dataclass
class MonthlyCount:
    month: datetime.date
    count: int


def months_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """First days of every month from ``start`` to ``end``."""
    months = []
    month = start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def monthly(queryset, start: datetime.date, end: datetime.date) -> list[MonthlyCount]:
    """Sum of a ``DailyCounter`` queryset per month, empty months included."""
    rows = (
        queryset.filter(day__gte=start, day__lte=end)
        .annotate(month=TruncMonth("day"))
        .order_by()
        .values("month")
        .annotate(total=Sum("count"))
    )
    totals = {row["month"]: row["total"] for row in rows}
    return [MonthlyCount(m, totals.get(m, 0)) for m in months_between(start, end)]


def visits_by_month(
    start: datetime.date, end: datetime.date, sites: Iterable[int] | None = None
) -> list[MonthlyCount]:
    """Visits of the given sites (ids), or of every site, per month."""
    queryset = VisitCounter.objects.all()
    if sites is not None:
        queryset = queryset.filter(site_id__in=list(sites))
    return monthly(queryset, start, end)
