"""The dossier lifecycle: receiving an online submission, changing state through
the transition table, tracking by code and second factor."""

from __future__ import annotations

import hmac
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from dossiers import codes, outbox, workdays
from dossiers.enums import (
    CLOCK_RUNNING,
    DECIDED,
    FINISHED,
    TRANSITIONS,
    Actor,
    DossierStatus,
)
from dossiers.models import (
    Dossier,
    DossierEvent,
    DossierFile,
    DossierFileRole,
    SupplementRequest,
)
from forms_library.online.fields import FieldType
from forms_library.online.handoff import OnlineSubmission, SubmissionResult
from forms_library.online.uploads import StoredFile
from forms_library.online.versions import definition as version_definition
from procedure_pages.models import ProcessingTimeUnit

# The first answer of each type fills the dossier's applicant fields.
APPLICANT_FIELDS: dict[str, str] = {
    FieldType.PHONE: "applicant_phone",
    FieldType.EMAIL: "applicant_email",
    FieldType.CCCD: "applicant_id_number",
    FieldType.ADDRESS: "applicant_address",
}
# What a dossier code and a status token can contain; anything else is not
# looked up (a NUL byte would even be refused by PostgreSQL).
CODE_PATTERN = re.compile(r"[A-Z0-9.\-]{1,64}")
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{20,64}")
NAME_HINTS = ("họ và tên", "họ tên", "tên tổ chức", "tên chủ đầu tư", "tên nhà đầu tư")


class TransitionNotAllowed(Exception):
    """The action is not allowed from the dossier's state (or for this actor)."""

    def __init__(self, dossier: Dossier, action: str, allowed: list[str]) -> None:
        super().__init__(f"{action} not allowed from {dossier.status}")
        self.dossier = dossier
        self.action = action
        self.allowed = allowed


class ReasonRequired(ValueError):
    """The action needs a reason (refusal, rejection, supplement request…)."""


# --- receiving --------------------------------------------------------------------


def _applicant(submission: OnlineSubmission) -> dict[str, str]:
    """Name, phone, e-mail, CCCD and address from the first fields of each type."""
    definition = version_definition(submission.version)
    found: dict[str, str] = {}
    first_text = ""
    for spec in definition.answer_fields():
        value = submission.answers.get(spec.name)
        if value in (None, "", []):
            continue
        key = APPLICANT_FIELDS.get(spec.type)
        if key and key not in found:
            found[key] = str(value)
        if spec.type == FieldType.TEXT:
            first_text = first_text or str(value)
            if "applicant_name" not in found and any(
                hint in spec.label.lower() for hint in NAME_HINTS
            ):
                found["applicant_name"] = str(value)
    found.setdefault("applicant_name", first_text)
    return {key: value[:255] for key, value in found.items()}


def result_of(dossier: Dossier, created: bool) -> SubmissionResult:
    return SubmissionResult(
        code=dossier.code,
        appointment_date=dossier.appointment_date,
        tracking_path=dossier.get_absolute_url(),
        status=dossier.status,
        created=created,
    )


def replayed(idempotency_key: str) -> SubmissionResult | None:
    """The dossier already created for this key, if any."""
    existing = Dossier.objects.filter(idempotency_key=idempotency_key).first()
    return result_of(existing, created=False) if existing is not None else None


def receive(submission: OnlineSubmission) -> SubmissionResult:
    """Create the dossier of a validated submission, once per idempotency key."""
    key = submission.idempotency_key
    existing = Dossier.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return result_of(existing, created=False)
    try:
        with transaction.atomic():
            dossier = _create(submission)
    except IntegrityError:
        existing = Dossier.objects.filter(idempotency_key=key).first()
        if existing is None:
            raise
        return result_of(existing, created=False)
    return result_of(dossier, created=True)


def _create(submission: OnlineSubmission) -> Dossier:
    now = timezone.now()
    procedure = submission.procedure
    code = codes.allocate(submission.unit, timezone.localtime(now).date())
    files = submission.files
    form_data = {
        "answers": submission.answers,
        "labels": submission.labels,
        "files": [
            {
                "field": f.field,
                "name": f.display_name,
                "size": f.size,
                "sha256": f.sha256,
            }
            for f in files
        ],
    }
    appointment = workdays.appointment_date(
        now,
        procedure.processing_days,
        procedure.processing_time_unit == ProcessingTimeUnit.WORKING_DAYS,
    )
    dossier = Dossier.objects.create(
        page=submission.page,
        form_data=form_data,
        code=code,
        procedure=procedure,
        unit=submission.unit,
        form_version=submission.version,
        status=DossierStatus.RECEIVED,
        appointment_date=appointment,
        original_appointment_date=appointment,
        channel=submission.channel,
        public_token=secrets.token_urlsafe(32),
        idempotency_key=submission.idempotency_key,
        **_applicant(submission),
    )
    DossierFile.objects.bulk_create(
        [_file(dossier, f, submission.labels) for f in files]
    )
    event = DossierEvent.objects.create(
        dossier=dossier,
        action="submit",
        from_status="",
        to_status=DossierStatus.RECEIVED,
        actor=Actor.CITIZEN,
    )
    # The confirmation goes through the outbox, in this transaction.
    outbox.write(event)
    return dossier


def _file(
    dossier: Dossier,
    stored: StoredFile,
    labels: dict[str, str],
    role: str = DossierFileRole.COMPONENT,
) -> DossierFile:
    return DossierFile(
        dossier=dossier,
        role=role,
        field=stored.field,
        label=labels.get(stored.field, "")[:255],
        stored_name=stored.stored_name,
        display_name=stored.display_name[:255],
        size=stored.size,
        sha256=stored.sha256,
        kind=stored.kind,
        scan_status=stored.scan_status,
    )


# --- state changes -----------------------------------------------------------------


Effect = Callable[[Dossier], dict[str, Any] | None]


def apply_action(
    dossier: Dossier,
    action: str,
    *,
    actor: str,
    user: Any = None,
    note: str = "",
    internal_note: str = "",
    effect: Effect | None = None,
) -> DossierEvent:
    """Change a dossier's state through the transition table and record it.

    The one place where a dossier changes: the row is locked, so two
    simultaneous actions cannot both pass the check; the clock stops when a
    supplement is requested and resumes (pushing the appointment date by the
    working days it stood still) when the applicant answers; ``effect`` runs on
    the locked dossier in the same transaction (the action's own data: a new
    date, an opinion request, result files…) and returns what the event
    records; the applicant's notices go to the outbox in the same transaction.
    Raises :class:`TransitionNotAllowed` or :class:`ReasonRequired`.
    """
    transition = TRANSITIONS.get(action)
    with transaction.atomic():
        locked = (
            Dossier.objects.select_for_update()
            .select_related("procedure", "unit")
            .get(pk=dossier.pk)
        )
        allowed = [
            name
            for name, t in TRANSITIONS.items()
            if locked.status in t.sources and actor in t.actors
        ]
        if transition is None or action not in allowed:
            raise TransitionNotAllowed(locked, action, allowed)
        if transition.needs_reason and not (note.strip() or internal_note.strip()):
            raise ReasonRequired(action)
        source = locked.status
        target = transition.target or source
        locked.status = target
        now = timezone.now()
        details: dict[str, Any] = {}
        if source != target:
            details.update(_move_clock(locked, source, target, now))
        if target in DECIDED and locked.decided_at is None:
            locked.decided_at = now
        if target in FINISHED and locked.completed_at is None:
            locked.completed_at = now
        if effect is not None:
            details.update(effect(locked) or {})
        locked.save()
        event = DossierEvent.objects.create(
            dossier=locked,
            action=action,
            from_status=source,
            to_status=target,
            actor=actor,
            user=user if getattr(user, "is_authenticated", False) else None,
            note=note,
            internal_note=internal_note,
            public=transition.public,
            details=details,
        )
        if transition.notify:
            outbox.write(event)
    for field in DESK_FIELDS:
        setattr(dossier, field, getattr(locked, field))
    return event


# The fields ``apply_action`` may change, copied back to the caller's object.
DESK_FIELDS = (
    "status",
    "decided_at",
    "completed_at",
    "appointment_date",
    "original_appointment_date",
    "clock_stopped_on",
    "stopped_days",
    "extensions",
    "assigned_to_id",
    "result_note",
)


def _move_clock(dossier: Dossier, source: str, target: str, now: Any) -> dict[str, Any]:
    """Stop the clock on a supplement request; on the answer, push the
    appointment date by the working days it stood still (PORTAL.md §4)."""
    today = timezone.localtime(now).date()
    if dossier.original_appointment_date is None:
        dossier.original_appointment_date = dossier.appointment_date
    if target == DossierStatus.SUPPLEMENT_REQUESTED:
        dossier.clock_stopped_on = today
        return {"clock_stopped_on": today.isoformat()}
    if source != DossierStatus.SUPPLEMENT_REQUESTED or dossier.clock_stopped_on is None:
        return {}
    stopped = workdays.working_days_between(dossier.clock_stopped_on, today)
    dossier.clock_stopped_on = None
    if target not in CLOCK_RUNNING:
        return {}
    dossier.stopped_days += stopped
    if stopped and dossier.appointment_date is not None:
        dossier.appointment_date = workdays.add_working_days(
            dossier.appointment_date, stopped
        )
    return {
        "stopped_days": stopped,
        "appointment_date": dossier.appointment_date.isoformat()
        if dossier.appointment_date
        else None,
    }


def request_supplement(
    dossier: Dossier, message: str, user: Any = None, actor: str = Actor.STAFF
) -> SupplementRequest:
    """The agency asks for more documents: the clock stops until the answer."""
    created: list[SupplementRequest] = []

    def effect(locked: Dossier) -> dict[str, Any]:
        created.append(
            SupplementRequest.objects.create(
                dossier=locked, message=message, requested_by=user
            )
        )
        return {}

    apply_action(
        dossier,
        "request_supplement",
        actor=actor,
        user=user,
        note=message,
        effect=effect,
    )
    return created[0]


def open_supplement_request(dossier: Dossier) -> SupplementRequest | None:
    if dossier.status != DossierStatus.SUPPLEMENT_REQUESTED:
        return None
    return dossier.supplement_requests.filter(answered_at__isnull=True).first()


def answer_supplement(
    dossier: Dossier, answer: str, files: list[StoredFile]
) -> DossierEvent:
    """The citizen sends the missing documents: back to processing, the clock
    running again."""
    answer = plain_text(answer)

    def effect(locked: Dossier) -> dict[str, Any]:
        # The state has already moved on: find the request by its answer.
        request = locked.supplement_requests.filter(answered_at__isnull=True).first()
        if request is not None:
            request.answered_at = timezone.now()
            request.answer = answer[:2000]
            request.save(update_fields=["answered_at", "answer"])
        DossierFile.objects.bulk_create(
            [_file(locked, f, {}, DossierFileRole.SUPPLEMENT) for f in files]
        )
        return {"files": len(files)}

    return apply_action(
        dossier, "answer_supplement", actor=Actor.CITIZEN, note=answer, effect=effect
    )


def plain_text(text: str, limit: int = 2000) -> str:
    """A citizen's note as stored: no NUL or other control characters."""
    kept = "".join(c for c in text if c in "\n\t" or c.isprintable())
    return kept.strip()[:limit]


def withdraw(dossier: Dossier, reason: str) -> DossierEvent:
    return apply_action(
        dossier, "withdraw", actor=Actor.CITIZEN, note=plain_text(reason)
    )


# --- tracking ------------------------------------------------------------------------


@dataclass
class TimelineItem:
    status: str
    label: str
    at: Any
    note: str
    action: str = ""


def event_label(event: DossierEvent) -> str:
    """A state's name, or the action's for an event that changes no state."""
    return event.label


def timeline(dossier: Dossier) -> list[TimelineItem]:
    """What the applicant sees: public events and their public notes only
    (internal notes, opinions and assignments stay with the agencies)."""
    return [
        TimelineItem(
            status=event.to_status,
            label=event_label(event),
            at=event.at,
            note=event.note,
            action=event.action,
        )
        for event in dossier.events.filter(public=True)
    ]


def _last_four(value: str) -> str:
    digits = "".join(c for c in value if c.isascii() and c.isdigit())
    return digits[-4:] if len(digits) >= 4 else ""


_DUMMY = Dossier(applicant_phone="0000000000", applicant_id_number="000000000000")


def find_for_tracking(code: str, factor: str) -> Dossier | None:
    """The dossier when ``factor`` is the last four digits of its phone number or
    CCCD; None otherwise. A wrong code and a wrong factor do the same work and
    take at least ``DOSSIERS_TRACK_MIN_SECONDS``, so neither can be told apart."""
    started = time.monotonic()
    code = (code or "").strip().upper()[:64]
    factor = (factor or "").strip()[:8]
    dossier = None
    if CODE_PATTERN.fullmatch(code):
        dossier = Dossier.objects.filter(code=code).select_related("procedure").first()
    candidate = dossier or _DUMMY
    given = factor.encode()
    matches = [
        hmac.compare_digest(given, _last_four(value).encode() or b"\x00")
        for value in (candidate.applicant_phone, candidate.applicant_id_number)
    ]
    found = dossier if dossier is not None and any(matches) else None
    floor = float(getattr(settings, "DOSSIERS_TRACK_MIN_SECONDS", 0.1))
    remaining = floor - (time.monotonic() - started)
    if remaining > 0:
        time.sleep(remaining)
    return found


def by_token(token: str) -> Dossier | None:
    if not token or not TOKEN_PATTERN.fullmatch(token):
        return None
    return (
        Dossier.objects.select_related("procedure", "unit")
        .filter(public_token=token)
        .first()
    )
