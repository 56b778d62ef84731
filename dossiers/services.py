"""The dossier lifecycle: receiving an online submission, changing state through
the transition table, tracking by code and second factor."""

from __future__ import annotations

import hmac
import re
import secrets
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from dossiers import codes, notifications, workdays
from dossiers.enums import DECIDED, TRANSITIONS, Actor, DossierStatus
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
    transaction.on_commit(lambda: notifications.dossier_received(dossier.pk))
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
    dossier = Dossier.objects.create(
        page=submission.page,
        form_data=form_data,
        code=code,
        procedure=procedure,
        unit=submission.unit,
        form_version=submission.version,
        status=DossierStatus.RECEIVED,
        appointment_date=workdays.appointment_date(
            now,
            procedure.processing_days,
            procedure.processing_time_unit == ProcessingTimeUnit.WORKING_DAYS,
        ),
        channel=submission.channel,
        public_token=secrets.token_urlsafe(32),
        idempotency_key=submission.idempotency_key,
        **_applicant(submission),
    )
    DossierFile.objects.bulk_create(
        [_file(dossier, f, submission.labels) for f in files]
    )
    DossierEvent.objects.create(
        dossier=dossier,
        action="submit",
        from_status="",
        to_status=DossierStatus.RECEIVED,
        actor=Actor.CITIZEN,
    )
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


def apply_action(
    dossier: Dossier,
    action: str,
    *,
    actor: str,
    user: Any = None,
    note: str = "",
    internal_note: str = "",
) -> DossierEvent:
    """Change a dossier's state through the transition table and record it.

    The dossier row is locked, so two simultaneous actions cannot both pass
    the check. Raises :class:`TransitionNotAllowed` or :class:`ReasonRequired`.
    """
    transition = TRANSITIONS.get(action)
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        allowed = [
            name
            for name, t in TRANSITIONS.items()
            if locked.status in t.sources and actor in t.actors
        ]
        if transition is None or action not in allowed:
            raise TransitionNotAllowed(locked, action, allowed)
        if transition.needs_reason and not note.strip():
            raise ReasonRequired(action)
        source = locked.status
        target = transition.target or source
        locked.status = target
        changes = ["status"]
        if target in DECIDED and locked.decided_at is None:
            locked.decided_at = timezone.now()
            changes.append("decided_at")
        locked.save(update_fields=changes)
        event = DossierEvent.objects.create(
            dossier=locked,
            action=action,
            from_status=source,
            to_status=target,
            actor=actor,
            user=user,
            note=note,
            internal_note=internal_note,
        )
    dossier.status = locked.status
    dossier.decided_at = locked.decided_at
    return event


def request_supplement(
    dossier: Dossier, message: str, user: Any = None
) -> SupplementRequest:
    """The agency asks for more documents (the desk's action; the clock rules
    of the desk apply on top)."""
    with transaction.atomic():
        apply_action(
            dossier, "request_supplement", actor=Actor.STAFF, user=user, note=message
        )
        return SupplementRequest.objects.create(
            dossier=dossier, message=message, requested_by=user
        )


def open_supplement_request(dossier: Dossier) -> SupplementRequest | None:
    if dossier.status != DossierStatus.SUPPLEMENT_REQUESTED:
        return None
    return dossier.supplement_requests.filter(answered_at__isnull=True).first()


def answer_supplement(
    dossier: Dossier, answer: str, files: list[StoredFile]
) -> DossierEvent:
    """The citizen sends the missing documents: back to processing."""
    answer = plain_text(answer)
    with transaction.atomic():
        request = open_supplement_request(dossier)
        event = apply_action(
            dossier, "answer_supplement", actor=Actor.CITIZEN, note=answer
        )
        if request is not None:
            request.answered_at = timezone.now()
            request.answer = answer[:2000]
            request.save(update_fields=["answered_at", "answer"])
        DossierFile.objects.bulk_create(
            [_file(dossier, f, {}, DossierFileRole.SUPPLEMENT) for f in files]
        )
    return event


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


def timeline(dossier: Dossier) -> list[TimelineItem]:
    labels = dict(DossierStatus.choices)
    return [
        TimelineItem(
            status=event.to_status,
            label=str(labels.get(event.to_status, event.to_status)),
            at=event.at,
            note=event.note,
        )
        for event in dossier.events.all()
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
