"""dossiers.stats against hand-built dossiers with known answers."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from dossiers import desk as desk_services
from dossiers.stats import dossier_stats
from tests.dossiers.conftest import pdf_upload, submit_permit

pytestmark = pytest.mark.django_db
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def at(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=HANOI)


def act(user, dossier, action, **data):
    desk_services.perform(user, dossier, action, desk_services.ActionData(**data))
    dossier.refresh_from_db()
    return dossier


def finish(desk, dossier):
    act(desk.sxd_leader, dossier, "approve")
    act(
        desk.sxd_staff,
        dossier,
        "attach_result",
        files=[pdf_upload("giay-phep.pdf", "Giấy phép")],
    )


@pytest.fixture
def dossiers(client, desk):
    """April: one extended (late), one on time, one left open (overdue by
    30 June); June: one just received."""
    with time_machine.travel(at(2026, 4, 1, 9), tick=False):
        extended = submit_permit(client, key="k-extended")
        on_time = submit_permit(client, key="k-on-time")
        stuck = submit_permit(client, key="k-stuck")
        for item in (extended, on_time, stuck):
            act(desk.sxd_staff, item, "accept")
    with time_machine.travel(at(2026, 4, 20, 9), tick=False):
        act(
            desk.sxd_staff,
            extended,
            "extend",
            due_date=extended.appointment_date + datetime.timedelta(days=7),
            message="Cần kiểm tra thực địa.",
        )
    with time_machine.travel(at(2026, 4, 21, 9), tick=False):
        finish(desk, extended)
        finish(desk, on_time)
    with time_machine.travel(at(2026, 6, 29, 9), tick=False):
        submit_permit(client, key="k-june")
    return desk


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
