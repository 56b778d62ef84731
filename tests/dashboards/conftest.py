"""The dossiers suite's province and desk, reused for the figures, and a
hand-built set of dossiers with known answers."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from dossiers import desk as desk_services
from tests.dossiers.conftest import (  # noqa: F401
    desk,
    fresh_limits_and_vietnamese,
    pdf_upload,
    private_storage,
    province,
    submit_permit,
)

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def at(year: int, month: int, day: int, hour: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=HANOI)


def act(user, dossier, action, **data):
    desk_services.perform(user, dossier, action, desk_services.ActionData(**data))
    dossier.refresh_from_db()
    return dossier


def finish(people, dossier):
    act(people.sxd_leader, dossier, "approve")
    act(
        people.sxd_staff,
        dossier,
        "attach_result",
        files=[pdf_upload("giay-phep.pdf", "Giấy phép")],
    )


@pytest.fixture
def dossiers(client, desk):  # noqa: F811
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
