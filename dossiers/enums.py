"""Dossier states and the one transition table (PORTAL.md §4).

The citizen side uses ``submit``, ``answer_supplement`` and ``withdraw``; the
processing desk adds its staff actions on the same table, so every change of
state, whoever makes it, is checked and recorded in one place
(``dossiers.services.apply_action``). Desk operations that change no state
(assigning, a private note, asking for an opinion) are rows of the table too:
they are allowed from the states listed and leave an event like the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class DossierStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    PROCESSING = "processing", _("Being processed")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Supplement requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    RESULT_READY = "result_ready", _("Result ready")
    RETURNED = "returned", _("Result returned")
    REFUSED = "refused", _("Refused at reception")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Actor(models.TextChoices):
    CITIZEN = "citizen", _("Applicant")
    STAFF = "staff", _("Staff")
    LEADER = "leader", _("Leader")
    # Staff of a unit asked for an opinion (cơ quan phối hợp, đồng xử lý).
    CO_PROCESSOR = "co_processor", _("Co-processing agency")
    SYSTEM = "system", _("System")


S = DossierStatus
OPEN = frozenset({S.RECEIVED, S.PROCESSING, S.SUPPLEMENT_REQUESTED})
DECIDED = frozenset(
    {S.APPROVED, S.REJECTED, S.RESULT_READY, S.RETURNED, S.REFUSED, S.WITHDRAWN}
)
# The processing clock runs until the result is ready; it stops while the
# applicant owes a supplement (PORTAL.md §4).
CLOCK_RUNNING = frozenset({S.RECEIVED, S.PROCESSING, S.APPROVED, S.REJECTED})
# States in which the result is done (or will never come): the dossier has left
# the desk's deadline watch.
FINISHED = frozenset({S.RESULT_READY, S.RETURNED, S.REFUSED, S.WITHDRAWN})
ALL = frozenset(S.values)
STAFF_SIDE = frozenset({Actor.STAFF, Actor.LEADER})


@dataclass(frozen=True)
class Transition:
    """One action: from which states, to which (None: unchanged), by whom.

    ``public``: the applicant sees the event on the tracking page;
    ``notify``: the applicant is told (e-mail, SMS) through the outbox;
    ``label``: how the timeline names an event that changes no state.
    """

    action: str
    sources: frozenset[str]
    target: str | None
    actors: frozenset[str]
    needs_reason: bool = False
    public: bool = True
    notify: bool = False
    # A lazy translation (str once rendered).
    label: Any = ""


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        # Citizen side (issue 11).
        Transition(
            "submit",
            frozenset({""}),
            S.RECEIVED,
            frozenset({Actor.CITIZEN}),
            notify=True,
        ),
        Transition(
            "answer_supplement",
            frozenset({S.SUPPLEMENT_REQUESTED}),
            S.PROCESSING,
            frozenset({Actor.CITIZEN}),
        ),
        Transition("withdraw", OPEN, S.WITHDRAWN, frozenset({Actor.CITIZEN})),
        # The desk (issue 12) acts on the same table.
        Transition(
            "accept",
            frozenset({S.RECEIVED}),
            S.PROCESSING,
            STAFF_SIDE,
            notify=True,
        ),
        Transition(
            "refuse",
            frozenset({S.RECEIVED}),
            S.REFUSED,
            STAFF_SIDE,
            needs_reason=True,
            notify=True,
        ),
        Transition(
            "request_supplement",
            frozenset({S.RECEIVED, S.PROCESSING}),
            S.SUPPLEMENT_REQUESTED,
            STAFF_SIDE,
            needs_reason=True,
            notify=True,
        ),
        Transition(
            "ask_opinion",
            frozenset({S.PROCESSING}),
            None,
            STAFF_SIDE,
            needs_reason=True,
            public=False,
            label=_("Opinion requested"),
        ),
        Transition(
            "answer_opinion",
            frozenset({S.PROCESSING, S.SUPPLEMENT_REQUESTED}),
            None,
            frozenset({Actor.CO_PROCESSOR}),
            needs_reason=True,
            public=False,
            label=_("Opinion given"),
        ),
        Transition(
            "approve",
            frozenset({S.PROCESSING}),
            S.APPROVED,
            frozenset({Actor.LEADER}),
        ),
        Transition(
            "reject",
            frozenset({S.PROCESSING}),
            S.REJECTED,
            frozenset({Actor.LEADER}),
            needs_reason=True,
        ),
        Transition(
            "extend",
            frozenset({S.PROCESSING, S.SUPPLEMENT_REQUESTED, S.APPROVED, S.REJECTED}),
            None,
            STAFF_SIDE,
            needs_reason=True,
            notify=True,
            label=_("New appointment date"),
        ),
        Transition(
            "attach_result",
            frozenset({S.APPROVED, S.REJECTED}),
            S.RESULT_READY,
            STAFF_SIDE,
            notify=True,
        ),
        Transition(
            "return",
            frozenset({S.RESULT_READY}),
            S.RETURNED,
            STAFF_SIDE,
            notify=True,
        ),
        # Desk operations that change no state, recorded all the same.
        Transition(
            "assign",
            ALL - FINISHED,
            None,
            STAFF_SIDE,
            public=False,
            label=_("Assigned"),
        ),
        Transition(
            "note",
            ALL,
            None,
            STAFF_SIDE,
            needs_reason=True,
            public=False,
            label=_("Internal note"),
        ),
    )
}
# What the staff API accepts (PORTAL.md §7); the admin offers every desk action.
API_ACTIONS = (
    "accept",
    "refuse",
    "request_supplement",
    "ask_opinion",
    "answer_opinion",
    "approve",
    "reject",
    "extend",
    "attach_result",
    "return",
)
DESK_ACTIONS = frozenset(
    name
    for name, t in TRANSITIONS.items()
    if t.actors & {Actor.STAFF, Actor.LEADER, Actor.CO_PROCESSOR}
)


def allowed_actions(status: str, actor: str | None = None) -> list[str]:
    """Actions possible from ``status`` (by ``actor`` when given), in table order."""
    return [
        t.action
        for t in TRANSITIONS.values()
        if status in t.sources and (actor is None or actor in t.actors)
    ]


def allowed_for_roles(status: str, roles: frozenset[str] | set[str]) -> list[str]:
    """Actions possible from ``status`` for someone holding ``roles``."""
    return [
        t.action
        for t in TRANSITIONS.values()
        if status in t.sources and t.actors & roles
    ]


# The public timeline: the states a citizen sees, with the step they stand for.
CITIZEN_VISIBLE = {s.value for s in DossierStatus}
