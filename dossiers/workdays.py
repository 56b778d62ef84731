"""Working days (PORTAL.md §4): no weekends, no public holidays, plus the days
off and make-up Saturdays the government announces (``CalendarDay``, data).

Public holidays come from the ``holidays`` package (country VN), which computes
lunar Tết and Giỗ Tổ Hùng Vương for every year and the observed days.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

import holidays
from django.conf import settings
from django.utils import timezone

from dossiers.models import CalendarDay, CalendarDayKind

SATURDAY = 5
# Far enough for any processing time (the longest are months).
HORIZON_DAYS = 800


@lru_cache(maxsize=32)
def public_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("VN", years=year).keys())


class WorkingCalendar:
    """The calendar between two dates, with the announced changes loaded once."""

    def __init__(self, start: datetime.date, end: datetime.date) -> None:
        rows = CalendarDay.objects.filter(date__range=(start, end)).values_list(
            "date", "kind"
        )
        self.changes = dict(rows)

    def is_working_day(self, day: datetime.date) -> bool:
        change = self.changes.get(day)
        if change == CalendarDayKind.DAY_OFF:
            return False
        if change == CalendarDayKind.WORKING_DAY:
            return True
        return day.weekday() < SATURDAY and day not in public_holidays(day.year)

    def next_working_day(
        self, day: datetime.date, include: bool = False
    ) -> datetime.date:
        if not include:
            day += datetime.timedelta(days=1)
        while not self.is_working_day(day):
            day += datetime.timedelta(days=1)
        return day

    def add_working_days(self, start: datetime.date, days: int) -> datetime.date:
        """The ``days``-th working day after ``start`` (``start`` itself for 0)."""
        day = start
        for _ in range(days):
            day = self.next_working_day(day)
        return day

    def working_days_between(self, after: datetime.date, until: datetime.date) -> int:
        """Working days ``d`` with ``after < d <= until`` (0 when ``until`` is not
        later): the days a stopped clock loses between a request and its answer."""
        count = 0
        day = after + datetime.timedelta(days=1)
        while day <= until:
            count += self.is_working_day(day)
            day += datetime.timedelta(days=1)
        return count


def calendar_from(start: datetime.date) -> WorkingCalendar:
    return WorkingCalendar(start, start + datetime.timedelta(days=HORIZON_DAYS))


def is_working_day(day: datetime.date) -> bool:
    return WorkingCalendar(day, day).is_working_day(day)


def cutoff() -> datetime.time:
    text = str(getattr(settings, "DOSSIERS_DAILY_CUTOFF", "") or "")
    try:
        return datetime.time.fromisoformat(text)
    except ValueError:
        return datetime.time(23, 59, 59)


def counting_start(
    received_at: datetime.datetime, calendar: WorkingCalendar
) -> datetime.date:
    """The day a dossier counts from: the day received if it is a working day
    and before the cut-off, else the next working day."""
    local = timezone.localtime(received_at)
    day = local.date()
    if not calendar.is_working_day(day) or local.time() >= cutoff():
        return calendar.next_working_day(day)
    return day


def appointment_date(
    received_at: datetime.datetime, days: int | None, working_days: bool = True
) -> datetime.date | None:
    """The date the result is promised: ``days`` working days (or calendar days,
    moved to a working day) after the day the dossier counts from."""
    if days is None:
        return None
    calendar = calendar_from(timezone.localtime(received_at).date())
    start = counting_start(received_at, calendar)
    if working_days:
        return calendar.add_working_days(start, days)
    return calendar.next_working_day(
        start + datetime.timedelta(days=days), include=True
    )


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """``days`` working days after ``start``, with the announced changes."""
    return calendar_from(start).add_working_days(start, days)


def working_days_between(after: datetime.date, until: datetime.date) -> int:
    if until <= after:
        return 0
    return WorkingCalendar(after, until).working_days_between(after, until)
