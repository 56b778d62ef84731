"""Deadlines in working days: the clock stops while a supplement is owed and
pushes the appointment date by the working days it stood still (weekends and
lunar Tết do not count); an extension with an apology slip sets a new date and
counts as late; on time and overdue are measured against the date in force."""

from __future__ import annotations

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from pypdf import PdfReader

from dossiers import desk as desk_services
from dossiers.enums import DossierStatus
from dossiers.models import CalendarDay, CalendarDayKind
from tests.dossiers.conftest import SXD, pdf_upload, submit_permit

pytestmark = pytest.mark.django_db
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def at(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=HANOI)


def act(user, dossier, action, **data):
    desk_services.perform(user, dossier, action, desk_services.ActionData(**data))
    dossier.refresh_from_db()
    return dossier


def answer(client, dossier):
    response = client.post(
        f"/tra-cuu-ho-so/{dossier.public_token}/bo-sung/",
        {"files": [pdf_upload("mat-cat.pdf")], "answer": "Đã bổ sung."},
        HTTP_HOST=SXD,
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    return dossier


def test_the_clock_stops_over_lunar_tet(client, desk):
    # Received Thursday 12 February 2026; 20 working days with Tết (16–20 Feb)
    # skipped: due Thursday 19 March.
    with time_machine.travel(at(2026, 2, 12, 10), tick=False):
        dossier = submit_permit(client)
        act(desk.sxd_staff, dossier, "accept")
    assert dossier.appointment_date == datetime.date(2026, 3, 19)
    # Supplement asked on Friday 13 February, answered Tuesday 24 February:
    # the clock stood still on Monday 23 and Tuesday 24 only (the weekends and
    # the five days of Tết are not working days anyway).
    with time_machine.travel(at(2026, 2, 13, 9), tick=False):
        act(desk.sxd_staff, dossier, "request_supplement", message="Bản vẽ mặt cắt")
    assert dossier.clock_stopped_on == datetime.date(2026, 2, 13)
    with time_machine.travel(at(2026, 3, 20, 9), tick=False):
        # Past the first date, but the clock is stopped: not overdue.
        assert not dossier.is_overdue()
        assert not dossier.is_late()
    with time_machine.travel(at(2026, 2, 24, 15), tick=False):
        answer(client, dossier)
    assert dossier.status == DossierStatus.PROCESSING
    assert dossier.stopped_days == 2
    assert dossier.clock_stopped_on is None
    assert dossier.appointment_date == datetime.date(2026, 3, 23)
    assert dossier.original_appointment_date == datetime.date(2026, 3, 19)
    event = dossier.events.get(action="answer_supplement")
    assert event.details["stopped_days"] == 2


def test_the_clock_stops_over_a_weekend_and_an_announced_day_off(client, desk):
    with time_machine.travel(at(2026, 3, 2, 9), tick=False):
        dossier = submit_permit(client)
        act(desk.sxd_staff, dossier, "accept")
    first = dossier.appointment_date
    # Asked Friday 6 March, answered Tuesday 10 March; Monday 9 March declared
    # a day off: one working day (Tuesday) lost.
    CalendarDay.objects.create(
        date=datetime.date(2026, 3, 9), kind=CalendarDayKind.DAY_OFF
    )
    with time_machine.travel(at(2026, 3, 6, 16), tick=False):
        act(desk.sxd_staff, dossier, "request_supplement", message="Bổ sung")
    with time_machine.travel(at(2026, 3, 10, 8), tick=False):
        answer(client, dossier)
    assert dossier.stopped_days == 1
    assert dossier.appointment_date > first
    # Answered the same weekend it was asked: nothing lost.
    with time_machine.travel(at(2026, 3, 13, 15), tick=False):
        act(desk.sxd_staff, dossier, "request_supplement", message="Bổ sung 2")
    with time_machine.travel(at(2026, 3, 14, 10), tick=False):
        before = dossier.appointment_date
        answer(client, dossier)
    assert dossier.stopped_days == 1
    assert dossier.appointment_date == before


def test_an_extension_sets_a_new_date_and_counts_as_late(client, desk):
    with time_machine.travel(at(2026, 4, 1, 9), tick=False):
        dossier = submit_permit(client)
        on_time = submit_permit(client, key="k-on-time")
        for item in (dossier, on_time):
            act(desk.sxd_staff, item, "accept")
    promised = dossier.appointment_date
    new_date = promised + datetime.timedelta(days=7)
    with time_machine.travel(at(2026, 4, 20, 9), tick=False):
        act(
            desk.sxd_staff,
            dossier,
            "extend",
            due_date=new_date,
            message="Cần kiểm tra thực địa.",
        )
        # Not a date in the past, nor before the one in force.
        with pytest.raises(desk_services.InvalidAction):
            act(desk.sxd_staff, dossier, "extend", due_date=promised, message="x")
    assert dossier.appointment_date == new_date
    assert dossier.original_appointment_date == promised
    assert dossier.extensions == 1
    # Finished well before the new date: still late for the statistics.
    with time_machine.travel(at(2026, 4, 21, 9), tick=False):
        for item in (dossier, on_time):
            act(desk.sxd_leader, item, "approve")
            act(
                desk.sxd_staff,
                item,
                "attach_result",
                files=[pdf_upload("giay-phep.pdf", "Giấy phép")],
            )
    assert dossier.is_late()
    assert not on_time.is_late()
    # The apology slip, for the applicant too.
    slip = client.get(
        f"/tra-cuu-ho-so/{dossier.public_token}/phieu/apology.pdf", HTTP_HOST=SXD
    )
    assert slip.status_code == 200
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(slip.content)).pages)
    assert "XIN LỖI" in text.upper()
    assert new_date.strftime("%d/%m/%Y") in text
    assert promised.strftime("%d/%m/%Y") in text
    assert "Cần kiểm tra thực địa." in text
    assert (
        client.get(
            f"/tra-cuu-ho-so/{on_time.public_token}/phieu/apology.pdf", HTTP_HOST=SXD
        ).status_code
        == 404
    )


def test_overdue_and_due_soon_follow_the_date_in_force(client, desk):
    with time_machine.travel(at(2026, 5, 4, 9), tick=False):
        dossier = submit_permit(client)
        act(desk.sxd_staff, dossier, "accept")
    due = dossier.appointment_date
    day_after = due + datetime.timedelta(days=1)
    with time_machine.travel(datetime.datetime.combine(due, datetime.time(9), HANOI)):
        assert not dossier.is_overdue()
        assert desk_services.counters(desk.sxd_staff)["due_soon"] == 1
        assert desk_services.counters(desk.sxd_staff)["overdue"] == 0
    with time_machine.travel(
        datetime.datetime.combine(day_after, datetime.time(9), HANOI)
    ):
        assert dossier.is_overdue()
        assert dossier.is_late()
        assert desk_services.counters(desk.sxd_staff)["overdue"] == 1
        # Another unit counts nothing of it.
        assert desk_services.counters(desk.syt_staff) == {
            "new": 0,
            "due_soon": 0,
            "overdue": 0,
            "opinions": 0,
        }
