"""Appointment dates in working days: weekends, public holidays (lunar Tết
included), the government's announced days off and make-up Saturdays, the
daily cut-off."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest

from dossiers.models import CalendarDay, CalendarDayKind
from dossiers.workdays import appointment_date, is_working_day

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(y, m, d, hour=9, minute=0):
    return datetime.datetime(y, m, d, hour, minute, tzinfo=VN)


def test_a_weekend_is_skipped():
    # Thursday 9:00 + 3 working days: Fri, Mon, Tue.
    assert appointment_date(at(2026, 3, 12), 3) == datetime.date(2026, 3, 17)


def test_a_dossier_received_on_saturday_counts_from_monday():
    assert appointment_date(at(2026, 3, 14), 1) == datetime.date(2026, 3, 17)


def test_fixed_holidays_30_april_1_may_and_2_september_are_skipped():
    # Wed 29/4/2026 + 2: 30/4 and 1/5 are holidays, 2-3/5 the weekend.
    assert appointment_date(at(2026, 4, 29), 2) == datetime.date(2026, 5, 5)
    assert not is_working_day(datetime.date(2026, 9, 2))
    assert not is_working_day(datetime.date(2027, 9, 2))


def test_lunar_tet_2026_is_skipped():
    # Tết Bính Ngọ: 17/2/2026; the holiday runs Mon 16 to Fri 20 February.
    for day in range(16, 21):
        assert not is_working_day(datetime.date(2026, 2, day)), day
    # Friday 13/2 + 1 working day: the next one is Monday 23/2.
    assert appointment_date(at(2026, 2, 13), 1) == datetime.date(2026, 2, 23)


def test_lunar_tet_2027_is_skipped():
    # Tết Đinh Mùi: 6/2/2027, a Saturday; the holiday is not the 2026 dates.
    assert is_working_day(datetime.date(2027, 2, 16))
    assert not is_working_day(datetime.date(2027, 2, 5))
    assert not is_working_day(datetime.date(2027, 2, 8))
    # Wed 3/2/2027 + 2 working days: Thu 4/2 is off, 5-10/2 too, so Thu 11, Fri 12.
    assert appointment_date(at(2027, 2, 3), 2) == datetime.date(2027, 2, 12)


def test_hung_kings_day_follows_the_lunar_calendar():
    assert not is_working_day(datetime.date(2026, 4, 27))  # 10/3 lunar, observed
    assert not is_working_day(datetime.date(2027, 4, 16))


def test_a_make_up_saturday_counts_and_an_announced_day_off_does_not():
    CalendarDay.objects.create(
        date=datetime.date(2026, 3, 21), kind=CalendarDayKind.WORKING_DAY
    )
    CalendarDay.objects.create(
        date=datetime.date(2026, 3, 23), kind=CalendarDayKind.DAY_OFF
    )
    # Fri 20/3 + 2: Sat 21 (worked), then Mon 23 is off, so Tue 24.
    assert appointment_date(at(2026, 3, 20), 2) == datetime.date(2026, 3, 24)


def test_the_daily_cut_off_moves_the_start_to_the_next_working_day(settings):
    settings.DOSSIERS_DAILY_CUTOFF = "16:30"
    before = appointment_date(at(2026, 3, 12, 16, 29), 1)
    after = appointment_date(at(2026, 3, 12, 16, 30), 1)

    assert before == datetime.date(2026, 3, 13)
    assert after == datetime.date(2026, 3, 16)


def test_calendar_days_land_on_a_working_day():
    # 10 calendar days from Mon 9/2/2026 is Thu 19/2, inside Tết: Mon 23/2.
    assert appointment_date(at(2026, 2, 9), 10, working_days=False) == (
        datetime.date(2026, 2, 23)
    )


def test_no_processing_time_no_appointment():
    assert appointment_date(at(2026, 3, 12), None) is None
