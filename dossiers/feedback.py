"""Citizens' feedback on administrative rules and service quality (phản ánh,
kiến nghị; issue 17): received on every site, routed to the unit that collects
it (the Sở Nội vụ, PORTAL.md §1), answered from that unit's desk, read back by
the citizen with a code and a second factor, like a dossier.

- The receiving unit is data: the unit of the site ``FEEDBACK_UNIT_HOSTNAME``
  when set, else the department named ``FEEDBACK_UNIT_NAME`` ("Sở Nội vụ"),
  else the province; an item keeps the unit it was routed to.
- Code ``PAKN-<YYMMDD>-<daily number>`` from the dossier code generator (its
  own sequence); second factor: the six-digit PIN shown once on submission
  (only its HMAC is stored) or the last four digits of the phone given.
- Who handles it: the members of that unit's one-stop desk
  (``permissions.desk_units``); IT staff see every item and act on none, as at
  the desk. Another unit's item is *not found*.
- Every change (status, answer, note) is a ``FeedbackEvent``: who, when, from,
  to, the answer as given.
"""

from __future__ import annotations

import hmac
import re
import secrets
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from dossiers import codes, permissions
from dossiers.models import Feedback, FeedbackEvent, FeedbackStatus
from dossiers.services import plain_text
from sites.models import AdministrativeUnit, UnitKind

if TYPE_CHECKING:
    from dossiers.permissions import User

DEFAULT_UNIT_NAME = "Sở Nội vụ"
DEFAULT_CODE_PREFIX = "PAKN"
PIN_DIGITS = 6
CODE_PATTERN = re.compile(r"[A-Z0-9.\-]{1,64}")
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{20,64}")
CONTENT_MAX = 5000
ANSWER_MAX = 10000

# Status changes staff may make (forward only); an answered item may have its
# answer corrected, which is recorded like any change.
NEXT_STATUSES: dict[str, tuple[str, ...]] = {
    FeedbackStatus.NEW: (FeedbackStatus.PROCESSING, FeedbackStatus.ANSWERED),
    FeedbackStatus.PROCESSING: (FeedbackStatus.PROCESSING, FeedbackStatus.ANSWERED),
    FeedbackStatus.ANSWERED: (FeedbackStatus.ANSWERED,),
}


class NoFeedbackUnit(Exception):
    """No unit collects feedback (no Sở Nội vụ, no province): configuration."""


def feedback_unit() -> AdministrativeUnit:
    """The unit whose desk receives the feedback."""
    hostname = getattr(settings, "FEEDBACK_UNIT_HOSTNAME", "") or ""
    units = AdministrativeUnit.objects.all()
    if hostname:
        unit = units.filter(site_profile__site__hostname=hostname.lower()).first()
        if unit is not None:
            return unit
    name = getattr(settings, "FEEDBACK_UNIT_NAME", "") or DEFAULT_UNIT_NAME
    unit = (
        units.filter(kind=UnitKind.DEPARTMENT, name__iexact=name).order_by("pk").first()
        or units.filter(kind=UnitKind.PROVINCE).order_by("pk").first()
    )
    if unit is None:
        raise NoFeedbackUnit(name)
    return unit


def _digest(code: str, pin: str) -> str:
    return salted_hmac("dossiers.feedback.pin", f"{code}:{pin}").hexdigest()


@dataclass
class Submitted:
    feedback: Feedback
    pin: str


def submit(data: dict[str, str], site_hostname: str = "") -> Submitted:
    """Record a feedback item (already validated) and give it its code and PIN."""
    unit = feedback_unit()
    prefix = getattr(settings, "FEEDBACK_CODE_PREFIX", "") or DEFAULT_CODE_PREFIX
    pin = f"{secrets.randbelow(10**PIN_DIGITS):0{PIN_DIGITS}d}"
    with transaction.atomic():
        day = timezone.localdate()
        number = codes.next_number(prefix, day)
        code = f"{prefix}-{day:%y%m%d}-{number:04d}"
        item = Feedback.objects.create(
            code=code,
            unit=unit,
            topic=data["topic"],
            name=plain_text(data["name"], 255),
            phone=data.get("phone", ""),
            email=data.get("email", ""),
            dossier_code=data.get("dossier_code", ""),
            procedure=plain_text(data.get("procedure", ""), 255),
            subject=plain_text(data["subject"], 255),
            content=plain_text(data["content"], CONTENT_MAX),
            pin_digest=_digest(code, pin),
            public_token=secrets.token_urlsafe(32),
            site_hostname=site_hostname[:255],
        )
        FeedbackEvent.objects.create(
            feedback=item, action="submit", to_status=item.status
        )
    return Submitted(item, pin)


def _last_four(value: str) -> str:
    digits = "".join(c for c in value if c.isascii() and c.isdigit())
    return digits[-4:] if len(digits) >= 4 else ""


_DUMMY = Feedback(code="PAKN-000000-0000", phone="0000000000", pin_digest="0" * 64)


def find_for_tracking(code: str, factor: str) -> Feedback | None:
    """The item when ``factor`` is its PIN or the last four digits of its phone;
    None otherwise. A wrong code and a wrong factor do the same work and take
    at least ``DOSSIERS_TRACK_MIN_SECONDS``."""
    started = time.monotonic()
    code = (code or "").strip().upper()[:64]
    factor = "".join((factor or "").split())[:PIN_DIGITS]
    item = None
    if CODE_PATTERN.fullmatch(code):
        item = Feedback.objects.filter(code=code).first()
    candidate = item or _DUMMY
    given = factor.encode()
    by_pin = hmac.compare_digest(
        _digest(candidate.code, factor).encode(), candidate.pin_digest.encode()
    )
    by_phone = hmac.compare_digest(
        given, _last_four(candidate.phone).encode() or b"\x00"
    )
    found = item if item is not None and (by_pin or by_phone) else None
    floor = float(getattr(settings, "DOSSIERS_TRACK_MIN_SECONDS", 0.1))
    remaining = floor - (time.monotonic() - started)
    if remaining > 0:
        time.sleep(remaining)
    return found


def by_token(token: str) -> Feedback | None:
    if not token or not TOKEN_PATTERN.fullmatch(token):
        return None
    return Feedback.objects.filter(public_token=token).first()


# --- staff ----------------------------------------------------------------------


def visible_feedback(user: User) -> QuerySet[Feedback]:
    """The items ``user`` may see: those routed to their desk units; every one
    for IT staff."""
    if permissions.sees_everything(user):
        return Feedback.objects.all()
    units = permissions.desk_units(user).all
    if not units:
        return Feedback.objects.none()
    return Feedback.objects.filter(unit__in=units)


def is_feedback_user(user: User) -> bool:
    """Whoever has an inbox: IT staff, and the desk of a unit that collects
    (or collected) feedback."""
    if permissions.sees_everything(user):
        return True
    units = permissions.desk_units(user).all
    if not units:
        return False
    if Feedback.objects.filter(unit__in=units).exists():
        return True
    try:
        return feedback_unit().pk in units
    except NoFeedbackUnit:
        return False


def can_handle(user: User, item: Feedback) -> bool:
    """Members of the receiving unit's desk answer; IT staff only look."""
    return item.unit_id in permissions.desk_units(user).all


class InvalidChange(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def change(
    item: Feedback,
    user: Any,
    status: str,
    answer: str = "",
    internal_note: str = "",
) -> FeedbackEvent:
    """Set the status and the answer (answered needs one), recorded as an event.
    The caller checks ``can_handle``; the row is locked for the change."""
    answer = plain_text(answer, ANSWER_MAX)
    internal_note = plain_text(internal_note, 2000)
    with transaction.atomic():
        locked = Feedback.objects.select_for_update().get(pk=item.pk)
        source = locked.status
        if status not in NEXT_STATUSES.get(source, ()):
            raise InvalidChange(_("This status change is not allowed."))
        if status == FeedbackStatus.ANSWERED and not answer:
            raise InvalidChange(_("Write the answer to the citizen."))
        if status == source and answer == locked.answer and not internal_note:
            raise InvalidChange(_("Nothing changed."))
        changed_answer = status == FeedbackStatus.ANSWERED and answer != locked.answer
        locked.status = status
        if changed_answer:
            locked.answer = answer
            locked.answered_at = timezone.now()
        locked.save()
        event = FeedbackEvent.objects.create(
            feedback=locked,
            action="answer" if changed_answer else "status",
            from_status=source,
            to_status=status,
            user=user if getattr(user, "is_authenticated", False) else None,
            answer=answer if changed_answer else "",
            internal_note=internal_note,
        )
    for name in ("status", "answer", "answered_at", "updated_at"):
        setattr(item, name, getattr(locked, name))
    return event
