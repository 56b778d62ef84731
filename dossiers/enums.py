"""Dossier states and the one transition table (PORTAL.md §4).

The citizen side uses ``submit``, ``answer_supplement`` and ``withdraw``; the
processing desk adds its staff actions on the same table, so every change of
state, whoever makes it, is checked and recorded in one place
(``dossiers.services.apply_action``).
"""

from __future__ import annotations

from dataclasses import dataclass

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
    SYSTEM = "system", _("System")


S = DossierStatus
OPEN = frozenset({S.RECEIVED, S.PROCESSING, S.SUPPLEMENT_REQUESTED})
DECIDED = frozenset(
    {S.APPROVED, S.REJECTED, S.RESULT_READY, S.RETURNED, S.REFUSED, S.WITHDRAWN}
)


@dataclass(frozen=True)
class Transition:
    """One action: from which states, to which (None: unchanged), by whom."""

    action: str
    sources: frozenset[str]
    target: str | None
    actors: frozenset[str]
    needs_reason: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        # Citizen side (issue 11).
        Transition("submit", frozenset({""}), S.RECEIVED, frozenset({Actor.CITIZEN})),
        Transition(
            "answer_supplement",
            frozenset({S.SUPPLEMENT_REQUESTED}),
            S.PROCESSING,
            frozenset({Actor.CITIZEN}),
        ),
        Transition("withdraw", OPEN, S.WITHDRAWN, frozenset({Actor.CITIZEN})),
        # The desk (issue 12) acts on the same table.
        Transition(
            "accept", frozenset({S.RECEIVED}), S.PROCESSING, frozenset({Actor.STAFF})
        ),
        Transition(
            "refuse",
            frozenset({S.RECEIVED}),
            S.REFUSED,
            frozenset({Actor.STAFF}),
            needs_reason=True,
        ),
        Transition(
            "request_supplement",
            frozenset({S.RECEIVED, S.PROCESSING}),
            S.SUPPLEMENT_REQUESTED,
            frozenset({Actor.STAFF}),
            needs_reason=True,
        ),
        Transition(
            "ask_opinion", frozenset({S.PROCESSING}), None, frozenset({Actor.STAFF})
        ),
        Transition(
            "answer_opinion", frozenset({S.PROCESSING}), None, frozenset({Actor.STAFF})
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
            frozenset({S.PROCESSING, S.SUPPLEMENT_REQUESTED}),
            None,
            frozenset({Actor.STAFF}),
            needs_reason=True,
        ),
        Transition(
            "attach_result",
            frozenset({S.APPROVED, S.REJECTED}),
            S.RESULT_READY,
            frozenset({Actor.STAFF}),
        ),
        Transition(
            "return", frozenset({S.RESULT_READY}), S.RETURNED, frozenset({Actor.STAFF})
        ),
    )
}


def allowed_actions(status: str, actor: str | None = None) -> list[str]:
    """Actions possible from ``status`` (by ``actor`` when given), in table order."""
    return [
        t.action
        for t in TRANSITIONS.values()
        if status in t.sources and (actor is None or actor in t.actors)
    ]


# The public timeline: the states a citizen sees, with the step they stand for.
CITIZEN_VISIBLE = {s.value for s in DossierStatus}
