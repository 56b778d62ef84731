"""API v3 router ``services``: the online form of a procedure (PORTAL.md §7).

Mounted by ``cms.api`` on Wagtail's v3 API object.
"""

from __future__ import annotations

import re
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from forms_library.online import versions
from forms_library.online.models import OnlineServicePage
from forms_library.online.submission import receiving_units
from procedure_pages.models import ProcedurePage

router = Router(tags=["services"])
# Procedure codes as published (1.009972, 2.002137…); nothing else is looked up.
CODE_PATTERN = re.compile(r"[0-9A-Za-z.\-]{1,50}")


class ConditionSchema(Schema):
    field: str
    equals: str


class FieldSchema(Schema):
    name: str
    label: str
    type: str
    required: bool
    help: str
    choices: list[str]
    accept: list[str]
    max_bytes: int | None
    max_files: int | None
    show_if: ConditionSchema | None
    example: Any


class StepSchema(Schema):
    title: str
    fields: list[FieldSchema]


class UnitSchema(Schema):
    host: str
    name: str


class ServiceSchema(Schema):
    procedure: str
    title: str
    version: int
    units: list[UnitSchema]
    steps: list[StepSchema]


def online_service(code: str) -> OnlineServicePage | None:
    """The live, public online service of the procedure ``code``."""
    if not CODE_PATTERN.fullmatch(code or ""):
        return None
    procedure = ProcedurePage.objects.live().public().filter(code=code).first()
    if procedure is None:
        return None
    return OnlineServicePage.objects.live().public().child_of(procedure).first()


@router.get(
    "/{procedure_code}",
    response={200: ServiceSchema},
    summary="Online form of a procedure",
    operation_id="services_detail",
)
def service_detail(request: HttpRequest, procedure_code: str) -> dict[str, Any]:
    page = online_service(procedure_code)
    if page is None:
        raise Http404("Thủ tục không có dịch vụ công trực tuyến.")
    version = versions.current_version(page)
    procedure = page.procedure
    return {
        "procedure": procedure.code,
        "title": procedure.name,
        "version": version.number,
        "units": [{"host": u.host, "name": u.name} for u in receiving_units(procedure)],
        "steps": [
            {"title": step["title"], "fields": step["fields"]}
            for step in version.definition
        ],
    }
