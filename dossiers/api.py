"""API v3 router ``dossiers``: submit and track (PORTAL.md §7), and the desk's
staff endpoints with a Wagtail API token (``Authorization: Bearer …``): list,
detail and actions, through the same permissions and services as the admin.
A dossier the caller may not see is answered 404, never 403.
"""

from __future__ import annotations

import datetime
import json
import uuid
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited
from ninja import Query, Router, Schema, Status
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.api.v3.errors import PROBLEM_JSON, build_problem_detail, problem_response

from dossiers import desk, permissions, ratings, services
from dossiers.enums import API_ACTIONS, DossierStatus
from dossiers.models import APPLICANT_FILE_ROLES, Dossier
from dossiers.views import RATING_GROUP, TRACK_GROUP
from forms_library.api import online_service
from forms_library.online.submission import submit_api
from forms_library.online.views import SUBMIT_GROUP
from sites.models import AdministrativeUnit

router = Router(tags=["dossiers"])

MULTIPART = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["procedure", "unit"],
                    "properties": {
                        "procedure": {
                            "type": "string",
                            "description": "Procedure code",
                        },
                        "unit": {
                            "type": "string",
                            "description": "Host name of the receiving unit's site",
                        },
                    },
                    "additionalProperties": True,
                    "description": "Answers by field name (a multichoice repeats its "
                    "name, an address is one string) and files by field name, as "
                    "GET /api/v3/services/{procedure_code} defines them.",
                }
            }
        },
    },
    "parameters": [
        {
            "name": "Idempotency-Key",
            "in": "header",
            "required": False,
            "schema": {"type": "string", "maxLength": 200},
            "description": "The same key gives the same dossier (retries).",
        }
    ],
}


class SubmittedSchema(Schema):
    code: str
    appointment_date: datetime.date | None
    tracking_url: str
    status: str


class TrackSchema(Schema):
    code: str
    factor: str


class TimelineSchema(Schema):
    status: str
    at: datetime.datetime
    note: str


class TrackedSchema(Schema):
    code: str
    procedure: str
    status: str
    appointment_date: datetime.date | None
    timeline: list[TimelineSchema]


def _limited(request: HttpRequest, group: str, rate: str) -> bool:
    return is_ratelimited(
        request, group=group, key="ip", rate=rate, method=ALL, increment=True
    )


def _too_many() -> HttpResponse:
    response = problem_response(
        status=429, detail=_("Too many requests. Please wait a minute.")
    )
    response["Retry-After"] = "60"
    return response


@router.post(
    "/",
    response={201: SubmittedSchema},
    summary="Submit a dossier",
    operation_id="dossiers_create",
    openapi_extra=MULTIPART,
)
def create_dossier(request: HttpRequest) -> Any:
    if _limited(request, SUBMIT_GROUP, str(settings.ONLINE_SUBMIT_RATE)):
        return _too_many()
    page = online_service(str(request.POST.get("procedure", "")))
    if page is None:
        return problem_response(
            status=400,
            detail=_("The form has errors."),
            errors=[
                {
                    "loc": ["procedure"],
                    "msg": _("This procedure has no online service."),
                    "type": "unknown_procedure",
                }
            ],
        )
    key = "".join(
        c for c in request.headers.get("Idempotency-Key", "") if c.isprintable()
    ).strip()
    key = key or f"auto:{uuid.uuid4()}"
    outcome = submit_api(
        page, request.POST, request.FILES, request.POST.get("unit", ""), f"api:{key}"
    )
    if outcome.result is None:
        return problem_response(
            status=400,
            detail=_("The form has errors."),
            errors=[
                {"loc": [name], "msg": message, "type": "invalid"}
                for name, messages in outcome.errors.items()
                for message in messages
            ],
        )
    result = outcome.result
    dossier = Dossier.objects.get(code=result.code)
    body = {
        "code": dossier.code,
        "appointment_date": dossier.appointment_date,
        "tracking_url": request.build_absolute_uri(result.tracking_path),
        "status": dossier.status,
    }
    return Status(201, body)


@router.post(
    "/track",
    response={200: TrackedSchema},
    summary="Track a dossier by code and second factor",
    operation_id="dossiers_track",
)
def track_dossier(request: HttpRequest, payload: TrackSchema) -> Any:
    if _limited(request, TRACK_GROUP, str(settings.DOSSIERS_TRACK_RATE)):
        return _too_many()
    dossier = services.find_for_tracking(payload.code, payload.factor)
    if dossier is None:
        return problem_response(status=404, detail=_("No dossier matches."))
    return {
        "code": dossier.code,
        "procedure": dossier.procedure.code,
        "status": dossier.status,
        "appointment_date": dossier.appointment_date,
        "timeline": [
            {"status": item.status, "at": item.at, "note": item.note}
            for item in services.timeline(dossier)
        ],
    }


class RateSchema(Schema):
    code: str
    factor: str
    score: int
    reasons: list[str] = []
    comment: str = ""


class RatedSchema(Schema):
    code: str
    score: int
    reasons: list[str]
    comment: str
    created: datetime.datetime


@router.post(
    "/rate",
    response={201: RatedSchema},
    summary="Rate a finished dossier (once), by code and second factor",
    description="Score 1–5, reasons from a fixed list ("
    + ", ".join(ratings.RatingReason.values)
    + "), an optional comment. The same 404 as tracking for a wrong code or "
    "factor; 409 when already rated or not returned/refused yet; 429 when "
    "rate-limited.",
    operation_id="dossiers_rate",
)
def rate_dossier(request: HttpRequest, payload: RateSchema) -> Any:
    if _limited(request, RATING_GROUP, str(settings.DOSSIERS_TRACK_RATE)):
        return _too_many()
    dossier = services.find_for_tracking(payload.code, payload.factor)
    if dossier is None:
        return problem_response(status=404, detail=_("No dossier matches."))
    data = ratings.parse(payload.score, payload.reasons, payload.comment)
    if data.errors:
        return _invalid(data.errors)
    try:
        rating = ratings.rate(dossier, data)
    except ratings.RatingRefused as refused:
        return problem_response(status=409, detail=refused.message)
    body = {
        "code": dossier.code,
        "score": rating.score,
        "reasons": rating.reasons,
        "comment": rating.comment,
        "created": rating.created,
    }
    return Status(201, body)


# --- staff: the desk through the API ----------------------------------------------

staff_auth = BearerTokenAuth()
PAGE_MAX = 100


class StaffFilters(Schema):
    status: DossierStatus | None = None
    procedure: str | None = None
    overdue: bool | None = None
    due_soon: bool | None = None
    q: str | None = None
    limit: int = 20
    offset: int = 0


class DossierSummary(Schema):
    code: str
    procedure: str
    procedure_name: str
    unit: str
    status: str
    applicant_name: str
    received_at: datetime.datetime
    appointment_date: datetime.date | None
    overdue: bool
    late: bool
    assigned_to: str | None


class DossierList(Schema):
    count: int
    results: list[DossierSummary]


class StaffEvent(Schema):
    action: str
    from_status: str
    to_status: str
    at: datetime.datetime
    actor: str
    user: str | None
    note: str
    internal_note: str | None
    details: dict[str, Any]


class StaffFile(Schema):
    id: int
    role: str
    label: str
    name: str
    size: int


class StaffOpinion(Schema):
    unit: str
    question: str
    due_date: datetime.date | None
    answer: str
    answered_at: datetime.datetime | None


class DossierDetail(DossierSummary):
    allowed_actions: list[str]
    answers: dict[str, Any]
    files: list[StaffFile]
    opinions: list[StaffOpinion]
    timeline: list[StaffEvent]


ACTION_BODY = {
    "requestBody": {
        "required": False,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "message": {"type": "string"},
                        "reason": {"type": "string"},
                        "internal_note": {"type": "string"},
                        "unit": {
                            "type": "string",
                            "description": "ask_opinion: host name of the unit's "
                            "site (or the unit's code)",
                        },
                        "due_date": {"type": "string", "format": "date"},
                    },
                }
            },
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "message": {"type": "string"},
                        "files": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                        },
                    },
                    "description": "The same fields, with files (attach_result, "
                    "ask_opinion, answer_opinion).",
                }
            },
        },
    }
}


def _user_name(user: Any) -> str | None:
    if user is None:
        return None
    return str(user.get_full_name() or user.get_username())


def _summary(dossier: Dossier) -> dict[str, Any]:
    return {
        "code": dossier.code,
        "procedure": dossier.procedure.code,
        "procedure_name": dossier.procedure.title,
        "unit": dossier.unit.name,
        "status": dossier.status,
        "applicant_name": dossier.applicant_name,
        "received_at": dossier.submit_time,
        "appointment_date": dossier.appointment_date,
        "overdue": dossier.is_overdue(),
        "late": dossier.is_late(),
        "assigned_to": _user_name(dossier.assigned_to),
    }


def _visible(request: HttpRequest) -> QuerySet[Dossier]:
    return permissions.visible_dossiers(request.user).select_related(
        "procedure", "unit", "assigned_to"
    )


def _find(request: HttpRequest, code: str) -> Dossier | None:
    code = (code or "").strip().upper()
    if not services.CODE_PATTERN.fullmatch(code):
        return None
    return _visible(request).filter(code=code).first()


def _not_found() -> HttpResponse:
    return problem_response(status=404, detail=_("No dossier matches."))


def _detail(request: HttpRequest, dossier: Dossier) -> dict[str, Any]:
    user = request.user
    lead = permissions.is_lead(user, dossier)
    mine = permissions.desk_units(user).all
    files = dossier.files.all()
    events = dossier.events.select_related("user")
    opinions = dossier.opinion_requests.select_related("unit")
    if not lead:
        files = files.filter(role__in=APPLICANT_FILE_ROLES) | files.filter(
            opinion__unit__in=mine
        )
        events = events.filter(public=True)
        opinions = opinions.filter(unit__in=mine)
    return {
        **_summary(dossier),
        "allowed_actions": [a for a in desk.allowed(user, dossier) if a in API_ACTIONS],
        "answers": dossier.form_data.get("answers", {}),
        "files": [
            {
                "id": f.pk,
                "role": f.role,
                "label": f.label,
                "name": f.display_name,
                "size": f.size,
            }
            for f in files.order_by("pk")
        ],
        "opinions": [
            {
                "unit": o.unit.name,
                "question": o.question,
                "due_date": o.due_date,
                "answer": o.answer,
                "answered_at": o.answered_at,
            }
            for o in opinions
        ],
        "timeline": [
            {
                "action": e.action,
                "from_status": e.from_status,
                "to_status": e.to_status,
                "at": e.at,
                "actor": e.actor,
                "user": _user_name(e.user),
                "note": e.note,
                "internal_note": e.internal_note if lead else None,
                "details": e.details,
            }
            for e in events
        ],
    }


@router.get(
    "/",
    response={200: DossierList},
    auth=staff_auth,
    summary="Staff: the dossiers of the caller's units",
    operation_id="dossiers_list",
)
def list_dossiers(request: HttpRequest, filters: Query[StaffFilters]) -> Any:
    queryset = _visible(request)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.procedure:
        queryset = queryset.filter(procedure__code=filters.procedure[:40])
    if filters.overdue is not None:
        overdue = desk.overdue_q()
        queryset = queryset.filter(overdue if filters.overdue else ~overdue)
    if filters.due_soon:
        queryset = queryset.filter(desk.due_soon_q())
    if filters.q:
        text = services.plain_text(filters.q, limit=100)
        queryset = queryset.filter(code__icontains=text) | queryset.filter(
            applicant_name__icontains=text
        )
    limit = min(max(filters.limit, 1), PAGE_MAX)
    offset = max(filters.offset, 0)
    queryset = queryset.order_by("-submit_time", "-pk")
    return {
        "count": queryset.count(),
        "results": [_summary(d) for d in queryset[offset : offset + limit]],
    }


@router.get(
    "/{code}",
    response={200: DossierDetail},
    auth=staff_auth,
    summary="Staff: one dossier",
    operation_id="dossiers_detail",
)
def dossier_detail(request: HttpRequest, code: str) -> Any:
    dossier = _find(request, code)
    if dossier is None:
        return _not_found()
    return _detail(request, dossier)


def _conflict(dossier: Dossier, action: str, allowed: list[str]) -> HttpResponse:
    payload = build_problem_detail(
        status=409,
        detail=_("The action “%(action)s” is not allowed in the state “%(state)s”.")
        % {"action": action, "state": dossier.get_status_display()},
    ).model_dump(exclude_none=True)
    payload["status_code"] = dossier.status
    payload["allowed_actions"] = [a for a in allowed if a in API_ACTIONS]
    return HttpResponse(
        json.dumps(payload, ensure_ascii=False), status=409, content_type=PROBLEM_JSON
    )


def _invalid(errors: dict[str, list[str]]) -> HttpResponse:
    return problem_response(
        status=400,
        detail=_("The action's data is not valid."),
        errors=[
            {"loc": [name], "msg": message, "type": "invalid"}
            for name, messages in errors.items()
            for message in messages
        ],
    )


def _action_body(request: HttpRequest) -> tuple[dict[str, Any], list[Any]] | None:
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body or b"{}")
        except ValueError:
            return None
        return (body, []) if isinstance(body, dict) else None
    return dict(request.POST.items()), request.FILES.getlist("files")


def _unit(value: Any) -> AdministrativeUnit | None:
    text = str(value or "").strip().lower()[:120]
    if not text:
        return None
    return (
        AdministrativeUnit.objects.filter(site_profile__site__hostname=text).first()
        or AdministrativeUnit.objects.filter(code=text).first()
    )


@router.post(
    "/{code}/actions/{action}",
    response={200: DossierDetail},
    auth=staff_auth,
    summary="Staff: take an action on a dossier",
    description="One of: " + ", ".join(API_ACTIONS) + ". Answers the dossier "
    "in its new state, 409 with the allowed actions when the transition is not "
    "allowed, 404 for a dossier of another unit.",
    operation_id="dossiers_action",
    openapi_extra=ACTION_BODY,
)
def dossier_action(request: HttpRequest, code: str, action: str) -> Any:
    dossier = _find(request, code)
    if dossier is None or action not in API_ACTIONS:
        return _not_found()
    parsed = _action_body(request)
    if parsed is None:
        return _invalid({"body": [_("Send a JSON object.")]})
    body, files = parsed
    errors: dict[str, list[str]] = {}
    due_date = None
    if body.get("due_date"):
        try:
            due_date = datetime.date.fromisoformat(str(body["due_date"])[:10])
        except ValueError:
            errors["due_date"] = [_("Give the date as YYYY-MM-DD.")]
    unit = _unit(body.get("unit"))
    if body.get("unit") and unit is None:
        errors["unit"] = [_("No unit has this host name or code.")]
    if errors:
        return _invalid(errors)
    message = str(body.get("reason") or body.get("message") or "")
    try:
        desk.perform(
            request.user,
            dossier,
            action,
            desk.ActionData(
                message=message,
                internal_note=str(body.get("internal_note") or ""),
                unit=unit,
                due_date=due_date,
                files=files,
            ),
        )
    except services.TransitionNotAllowed as refused:
        return _conflict(dossier, action, refused.allowed)
    except desk.InvalidAction as invalid:
        return _invalid(invalid.errors)
    dossier.refresh_from_db()
    return _detail(request, dossier)
