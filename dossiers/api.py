"""API v3 router ``dossiers``: submit and track (PORTAL.md §7).

The staff endpoints (list, detail, actions with a token) come with the
processing desk; they will use the same transition table.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited
from ninja import Router, Schema, Status
from wagtail.api.v3.errors import problem_response

from dossiers import services
from dossiers.models import Dossier
from dossiers.views import TRACK_GROUP
from forms_library.api import online_service
from forms_library.online.submission import submit_api
from forms_library.online.views import SUBMIT_GROUP

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
