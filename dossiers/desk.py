"""The one-stop desk's services: staff act on dossiers (admin and API alike).

``perform`` is the desk's single entry: it finds which actor the user may be on
this dossier (``dossiers.permissions``), checks the action's own data, stores
staff files through the one upload validator, and hands over to
``services.apply_action`` (the transition table, the clock, the event, the
outbox). The inbox's filters and the dashboard's counters are here too, so the
admin, the API and the benchmark count the same way.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from dossiers import permissions, services, workdays
from dossiers.enums import (
    CLOCK_RUNNING,
    TRANSITIONS,
    Actor,
    DossierStatus,
    allowed_for_roles,
)
from dossiers.models import (
    Dossier,
    DossierEvent,
    DossierFile,
    DossierFileRole,
    OpinionRequest,
)
from forms_library.online.fields import FieldSpec, FieldType
from forms_library.online.uploads import StoredFile, delete_stored, store_citizen_file
from sites.models import AdministrativeUnit

if TYPE_CHECKING:
    from dossiers.permissions import User

MAX_FILES = 10
STAFF_FILE_SPEC = FieldSpec(
    name="desk",
    label="Tài liệu",
    type=FieldType.FILE,
    accept=["pdf", "docx", "doc", "odt", "xlsx", "jpeg", "png"],
    max_files=MAX_FILES,
)
# Who a user acts as when several roles allow an action: the most specific.
ROLE_PREFERENCE = (Actor.LEADER, Actor.STAFF, Actor.CO_PROCESSOR)


class InvalidAction(Exception):
    """The action's data is wrong: ``errors`` maps a field to its messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(m for ms in errors.values() for m in ms))
        self.errors = errors


@dataclass
class ActionData:
    """What staff give with an action (each action reads what it needs)."""

    message: str = ""
    internal_note: str = ""
    unit: AdministrativeUnit | None = None
    due_date: datetime.date | None = None
    assignee: Any = None
    files: Sequence[Any] = field(default_factory=list)


def allowed(user: User, dossier: Dossier) -> list[str]:
    """The desk actions ``user`` may take on ``dossier`` now (table order)."""
    roles = permissions.roles_for(user, dossier)
    return [
        name
        for name in allowed_for_roles(dossier.status, roles)
        if name not in ("submit", "answer_supplement", "withdraw")
    ]


def actor_for(user: User, dossier: Dossier, action: str) -> str | None:
    transition = TRANSITIONS.get(action)
    if transition is None:
        return None
    roles = permissions.roles_for(user, dossier) & transition.actors
    return next((role for role in ROLE_PREFERENCE if role in roles), None)


def _text(value: str) -> str:
    return services.plain_text(value or "", limit=4000)


def _store(files: Sequence[Any]) -> list[StoredFile]:
    if len(files) > MAX_FILES:
        raise InvalidAction(
            {"files": [_("Send at most %(count)d files.") % {"count": MAX_FILES}]}
        )
    stored: list[StoredFile] = []
    try:
        for upload in files:
            stored.append(store_citizen_file(upload, STAFF_FILE_SPEC))
    except ValidationError as error:
        delete_stored([s.stored_name for s in stored])
        raise InvalidAction({"files": [str(m) for m in error.messages]}) from error
    return stored


def _file_rows(
    dossier: Dossier,
    stored: list[StoredFile],
    role: str,
    user: Any,
    label: str,
    opinion: OpinionRequest | None = None,
) -> list[DossierFile]:
    return DossierFile.objects.bulk_create(
        [
            DossierFile(
                dossier=dossier,
                role=role,
                field=f.field,
                label=label[:255],
                stored_name=f.stored_name,
                display_name=f.display_name[:255],
                size=f.size,
                sha256=f.sha256,
                kind=f.kind,
                scan_status=f.scan_status,
                opinion=opinion,
                uploaded_by=user if getattr(user, "is_authenticated", False) else None,
            )
            for f in stored
        ]
    )


def perform(
    user: User, dossier: Dossier, action: str, data: ActionData
) -> DossierEvent:
    """Take ``action`` on ``dossier`` as ``user``.

    Raises ``services.TransitionNotAllowed`` (with the actions this user may take)
    when the table refuses it, ``InvalidAction`` when its data is wrong.
    """
    actor = actor_for(user, dossier, action)
    may = allowed(user, dossier)
    if actor is None or action not in may:
        raise services.TransitionNotAllowed(dossier, action, may)
    text = _text(data.message)
    internal = _text(data.internal_note)
    transition = TRANSITIONS[action]
    if transition.needs_reason and not text:
        raise InvalidAction(
            {"message": [_("This action needs a reason or a message.")]}
        )
    handler = HANDLERS.get(action, _plain)
    try:
        return handler(user, dossier, action, actor, text, internal, data)
    except services.TransitionNotAllowed as refused:
        # Another request changed the dossier first: the user's allowed actions now.
        dossier.refresh_from_db()
        raise services.TransitionNotAllowed(
            dossier, action, allowed(user, dossier)
        ) from refused


def _plain(
    user: Any,
    dossier: Dossier,
    action: str,
    actor: str,
    text: str,
    internal: str,
    data: ActionData,
) -> DossierEvent:
    if TRANSITIONS[action].public:
        return services.apply_action(
            dossier, action, actor=actor, user=user, note=text, internal_note=internal
        )
    return services.apply_action(
        dossier,
        action,
        actor=actor,
        user=user,
        internal_note="\n\n".join(part for part in (text, internal) if part),
    )


def _request_supplement(
    user: Any,
    dossier: Dossier,
    action: str,
    actor: str,
    text: str,
    internal: str,
    data: ActionData,
) -> DossierEvent:
    services.request_supplement(dossier, text, user=user, actor=actor)
    return dossier.events.latest("at", "pk")


def _ask_opinion(
    user: Any,
    dossier: Dossier,
    action: str,
    actor: str,
    text: str,
    internal: str,
    data: ActionData,
) -> DossierEvent:
    unit = data.unit
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if unit is None:
        errors["unit"] = [_("Choose the agency to ask.")]
    elif unit.pk == dossier.unit_id:
        errors["unit"] = [_("Ask another agency than the receiving unit.")]
    elif OpinionRequest.objects.filter(
        dossier=dossier, unit=unit, answered_at__isnull=True
    ).exists():
        errors["unit"] = [_("This agency has not answered the previous request yet.")]
    due = data.due_date or workdays.add_working_days(
        today, settings.DOSSIERS_OPINION_DAYS
    )
    if due < today:
        errors["due_date"] = [_("The date must not be in the past.")]
    if errors:
        raise InvalidAction(errors)
    assert unit is not None  # noqa: S101 - checked above
    permissions.ensure_desk(unit)
    stored = _store(data.files)

    def effect(locked: Dossier) -> dict[str, Any]:
        request = OpinionRequest.objects.create(
            dossier=locked, unit=unit, question=text, due_date=due, asked_by=user
        )
        _file_rows(
            locked, stored, DossierFileRole.OPINION, user, _("Opinion request"), request
        )
        return {
            "unit": unit.name,
            "unit_id": unit.pk,
            "due_date": due.isoformat(),
            "opinion": request.pk,
        }

    return _guarded(stored, dossier, action, actor, user, "", text, effect)


def _answer_opinion(
    user: Any,
    dossier: Dossier,
    action: str,
    actor: str,
    text: str,
    internal: str,
    data: ActionData,
) -> DossierEvent:
    units = permissions.dossier_opinion_units(user, dossier, open_only=True)
    if data.unit is not None:
        units = [pk for pk in units if pk == data.unit.pk]
    request = (
        OpinionRequest.objects.filter(
            dossier=dossier, unit__in=units, answered_at__isnull=True
        )
        .select_related("unit")
        .first()
    )
    if request is None:
        raise services.TransitionNotAllowed(dossier, action, allowed(user, dossier))
    stored = _store(data.files)

    def effect(locked: Dossier) -> dict[str, Any]:
        updated = OpinionRequest.objects.filter(
            pk=request.pk, answered_at__isnull=True
        ).update(answer=text, answered_at=timezone.now(), answered_by=user)
        if not updated:
            raise services.TransitionNotAllowed(locked, action, [])
        _file_rows(locked, stored, DossierFileRole.OPINION, user, _("Opinion"), request)
        return {
            "unit": request.unit.name,
            "unit_id": request.unit_id,
            "opinion": request.pk,
        }

    return _guarded(stored, dossier, action, actor, user, "", text, effect)


def _extend(
    user: Any,
    dossier: Dossier,
    action: str,
    actor: str,
    text: str,
    internal: str,
    data: ActionData,
) -> DossierEvent:
    due = data.due_date
    current = dossier.appointment_date
    if due is None:
        raise InvalidAction({"due_date": [_("Give the new appointment date.")]})
    floor = max(d for d in (current, timezone.localdate()) if d is not None)
    if due <= floor:
        raise InvalidAction(
            {
                "due_date": [
                    _(
                        "The new date must be later than the current appointment "
                        "date and today."
                    )
                ]
            }
        )

    def effect(locked: Dossier) -> dict[str, Any]:
        previous = locked.appointment_date
        if locked.original_appointment_date is None:
            locked.original_appointment_date = previous
        locked.appointment_date = due
        locked.extensions += 1
        return {
            "previous_date": previous.isoformat() if previous else None,
            "appointment_date": due.isoformat(),
        }

    return services.apply_action(
        dossier,
        action,
        actor=actor,
        user=user,
        note=text,
        internal_note=internal,
        effect=effect,
    )


def _attach_result(
    user: Any,
    dossier: Dossier,
    action: str,
    actor: str,
    text: str,
    internal: str,
    data: ActionData,
) -> DossierEvent:
    if dossier.status == DossierStatus.APPROVED and not data.files:
        raise InvalidAction({"files": [_("Attach the result document.")]})
    stored = _store(data.files)

    def effect(locked: Dossier) -> dict[str, Any]:
        rows = _file_rows(locked, stored, DossierFileRole.RESULT, user, _("Result"))
        locked.result_note = text
        return {"files": len(rows)}

    return _guarded(stored, dossier, action, actor, user, text, internal, effect)


def _assign(
    user: Any,
    dossier: Dossier,
    action: str,
    actor: str,
    text: str,
    internal: str,
    data: ActionData,
) -> DossierEvent:
    assignee = data.assignee
    if (
        assignee is None
        or not permissions.desk_members(dossier.unit_id).filter(pk=assignee.pk).exists()
    ):
        raise InvalidAction({"assignee": [_("Choose a member of the unit's desk.")]})

    def effect(locked: Dossier) -> dict[str, Any]:
        locked.assigned_to = assignee
        return {
            "user_id": assignee.pk,
            "user": assignee.get_full_name() or assignee.get_username(),
        }

    note = "\n\n".join(part for part in (text, internal) if part)
    return services.apply_action(
        dossier, action, actor=actor, user=user, internal_note=note, effect=effect
    )


def _guarded(
    stored: list[StoredFile],
    dossier: Dossier,
    action: str,
    actor: str,
    user: Any,
    note: str,
    internal: str,
    effect: services.Effect,
) -> DossierEvent:
    """``apply_action``, removing the stored files if it is refused."""
    try:
        return services.apply_action(
            dossier,
            action,
            actor=actor,
            user=user,
            note=note,
            internal_note=internal,
            effect=effect,
        )
    except Exception:
        delete_stored([s.stored_name for s in stored])
        raise


HANDLERS = {
    "request_supplement": _request_supplement,
    "ask_opinion": _ask_opinion,
    "answer_opinion": _answer_opinion,
    "extend": _extend,
    "attach_result": _attach_result,
    "assign": _assign,
}


# --- the inbox ---------------------------------------------------------------------


class Due:
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


def due_soon_until(today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    return workdays.add_working_days(today, settings.DOSSIERS_DUE_SOON_DAYS)


def overdue_q(today: datetime.date | None = None) -> Q:
    today = today or timezone.localdate()
    return Q(status__in=CLOCK_RUNNING, appointment_date__lt=today)


def due_soon_q(today: datetime.date | None = None) -> Q:
    today = today or timezone.localdate()
    return Q(
        status__in=CLOCK_RUNNING,
        appointment_date__gte=today,
        appointment_date__lte=due_soon_until(today),
    )


def counters(user: User) -> dict[str, int]:
    """New, due soon and overdue dossiers of the user's units (one query), and
    the opinions their units were asked and have not given."""
    today = timezone.localdate()
    counts = permissions.received_dossiers(user).aggregate(
        new=Count("pk", filter=Q(status=DossierStatus.RECEIVED)),
        due_soon=Count("pk", filter=due_soon_q(today)),
        overdue=Count("pk", filter=overdue_q(today)),
    )
    counts["opinions"] = OpinionRequest.objects.filter(
        unit__in=permissions.desk_units(user).all, answered_at__isnull=True
    ).count()
    return {key: int(value or 0) for key, value in counts.items()}


def filter_due(queryset: QuerySet[Dossier], due: str) -> QuerySet[Dossier]:
    if due == Due.OVERDUE:
        return queryset.filter(overdue_q())
    if due == Due.DUE_SOON:
        return queryset.filter(due_soon_q())
    return queryset
