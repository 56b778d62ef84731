"""The standard slips besides the receipt, as printable PDFs (WeasyPrint, like
the receipt): the request to supplement, the refusal to receive, the apology
with a new date (the applicant's, from the tracking page too) and the
processing control slip (staff only)."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from dossiers import receipts, services
from dossiers.models import Dossier, DossierEvent

# The slip each kind is about, and the event it reports.
EVENT_OF_SLIP = {
    receipts.SUPPLEMENT: "request_supplement",
    receipts.REFUSAL: "refuse",
    receipts.APOLOGY: "extend",
}
APPLICANT_SLIPS = tuple(EVENT_OF_SLIP)
STAFF_SLIPS = (*APPLICANT_SLIPS, receipts.CONTROL)
FILE_NAMES = {
    receipts.SUPPLEMENT: "phieu-yeu-cau-bo-sung",
    receipts.REFUSAL: "phieu-tu-choi-tiep-nhan",
    receipts.APOLOGY: "phieu-xin-loi-hen-lai",
    receipts.CONTROL: "phieu-kiem-soat",
}


def event_for(dossier: Dossier, kind: str) -> DossierEvent | None:
    """The latest event a slip reports (None: the slip does not exist yet)."""
    action = EVENT_OF_SLIP.get(kind)
    if action is None:
        return None
    return dossier.events.filter(action=action).order_by("-at", "-pk").first()


def available(dossier: Dossier, kinds: tuple[str, ...]) -> list[str]:
    """The slips ``dossier`` has (the control slip always)."""
    actions = set(dossier.events.values_list("action", flat=True))
    return [
        kind
        for kind in kinds
        if kind == receipts.CONTROL or EVENT_OF_SLIP.get(kind) in actions
    ]


def control_rows(dossier: Dossier) -> list[dict[str, Any]]:
    """One row per event: when, what, who, the internal note (staff only)."""
    rows = []
    for event in dossier.events.select_related("user").order_by("at", "pk"):
        user = event.user
        rows.append(
            {
                "at": event.at,
                "label": services.event_label(event),
                "actor": event.get_actor_display(),
                "user": (user.get_full_name() or user.get_username()) if user else "",
                "note": event.note or event.internal_note,
                "details": event.details,
            }
        )
    return rows


def pdf(request: HttpRequest, dossier: Dossier, kind: str) -> bytes | None:
    """The slip as PDF bytes, or None when the dossier has no such slip."""
    import weasyprint

    event = event_for(dossier, kind)
    if kind != receipts.CONTROL and event is None:
        return None
    details = event.details if event is not None else {}
    context = {
        "previous_date": _date(details.get("previous_date")),
        "new_date": _date(details.get("appointment_date")),
        "dossier": dossier,
        "slip": receipts.slip(kind),
        "kind": kind,
        "event": event,
        "profile": getattr(dossier.unit, "site_profile", None),
        "supplement": dossier.supplement_requests.order_by("-requested_at").first(),
        "rows": control_rows(dossier) if kind == receipts.CONTROL else [],
        "opinions": list(dossier.opinion_requests.select_related("unit"))
        if kind == receipts.CONTROL
        else [],
    }
    html = render_to_string("dossiers/slips/slip_pdf.html", context, request)
    return weasyprint.HTML(
        string=html, base_url=request.build_absolute_uri("/")
    ).write_pdf()


def _date(value: Any) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


def filename(dossier: Dossier, kind: str) -> str:
    return f"{FILE_NAMES[kind]}-{dossier.code}.pdf"
