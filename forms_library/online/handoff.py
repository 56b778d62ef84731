"""Where a finished online application goes: registered from above.

``forms_library`` must not import ``dossiers`` (layers point down), so the
dossiers app registers its receiver and its submission model here from its
``AppConfig.ready()``::

    handoff.register(receiver=create_dossier, submission_class=Dossier)
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from forms_library.online.uploads import StoredFile


@dataclass
class OnlineSubmission:
    """A complete, validated application, ready to become a dossier."""

    page: Any
    procedure: Any
    version: Any
    unit: Any
    answers: dict[str, Any]
    files: list[StoredFile]
    idempotency_key: str
    channel: str = "web"
    labels: dict[str, str] = field(default_factory=dict)


@dataclass
class SubmissionResult:
    code: str
    appointment_date: datetime.date | None
    tracking_path: str
    status: str
    created: bool


class NoReceiver(RuntimeError):
    """No app registered to receive online submissions."""


_receiver: Callable[[OnlineSubmission], SubmissionResult] | None = None
_replayed: Callable[[str], SubmissionResult | None] | None = None
_submission_class: Any = None


def register(
    *,
    receiver: Callable[[OnlineSubmission], SubmissionResult],
    submission_class: Any,
    replayed: Callable[[str], SubmissionResult | None] | None = None,
) -> None:
    """``replayed(key)`` answers a request already received without redoing the
    work (validation, storing files) before ``receiver`` would find it."""
    global _receiver, _replayed, _submission_class
    _receiver = receiver
    _replayed = replayed
    _submission_class = submission_class


def replayed(idempotency_key: str) -> SubmissionResult | None:
    return _replayed(idempotency_key) if _replayed is not None else None


def submission_class() -> Any:
    if _submission_class is None:
        raise NoReceiver("No app registered a submission class.")
    return _submission_class


def submit(submission: OnlineSubmission) -> SubmissionResult:
    if _receiver is None:
        raise NoReceiver("No app registered to receive online submissions.")
    return _receiver(submission)


def is_ready() -> bool:
    return _receiver is not None
