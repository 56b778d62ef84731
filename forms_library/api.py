"""API v3 routers of the forms library (PORTAL.md §7), mounted by ``cms.api``.

- ``services`` (``router``): ``GET /api/v3/services/{procedure_code}``, the
  online form of a procedure.
- ``forms`` (``forms_router``): ``GET /api/v3/forms/`` and ``/{id}``, form
  templates with their versions and effective dates; only forms anyone may
  download (``access``), with download URLs through the safe views.
- What a procedure's record (``/api/v3/procedures/{code}``) shows of this app:
  its forms and its online service (``procedure_forms``, ``procedure_service``,
  registered with ``procedure_pages.api`` by the wiring).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja import Path as PathParam

from cms.core import api as api_conventions
from cms.core import querystring
from forms_library import access, services
from forms_library.models import FormStatus, FormTemplate, FormVersion
from forms_library.online import versions
from forms_library.online.models import OnlineServicePage
from forms_library.online.submission import receiving_units
from procedure_pages.api import procedure_by_code
from procedure_pages.models import ProcedurePage
from sites.api import site_by_host

router = Router(tags=["services"])
forms_router = Router(tags=["forms"])


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
    procedure = procedure_by_code(code)
    if procedure is None:
        return None
    return OnlineServicePage.objects.live().public().child_of(procedure).first()


@router.get(
    "/{procedure_code}",
    response={200: ServiceSchema},
    summary="Online form of a procedure",
    operation_id="services_detail",
)
def service_detail(
    request: HttpRequest,
    procedure_code: str = PathParam(..., examples=["1.009972"]),
) -> dict[str, Any]:
    page = online_service(procedure_code)
    if page is None:
        raise Http404(_("This procedure has no online service."))
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


# --- forms ---------------------------------------------------------------------------


class FormAgency(Schema):
    id: int
    name: str


class FormFile(Schema):
    version: str
    effective_date: datetime.date
    status: FormStatus
    format: str = Field(description="File extension: pdf, docx, xlsx…")
    size: int = Field(description="Bytes.")
    download_url: str


class FormSummary(Schema):
    id: int
    form_number: str
    title: str
    issuing_document: str
    agency: FormAgency | None
    procedures: list[str] = Field(description="Codes of the procedures using it.")
    current: FormFile | None = Field(description="The version in force.")
    api_url: str


class FormDetail(FormSummary):
    versions: list[FormFile] = Field(description="Every version, newest first.")


class FormList(Schema):
    count: int
    items: list[FormSummary]


class FormFilters(Schema):
    site: str | None = Field(
        None,
        max_length=255,
        description="Host name of a site: the forms of its library (the portal's "
        "has every form). Default: every form.",
    )
    procedure: str | None = Field(
        None, max_length=50, description="Code of a procedure using the form."
    )
    agency: int | None = Field(None, ge=1, le=querystring.INT64_MAX)
    sector: int | None = Field(None, ge=1, le=querystring.INT64_MAX)
    q: str | None = Field(
        None, max_length=querystring.MAX_TEXT_LENGTH, description="Title or number."
    )


def _file(request: HttpRequest, version: FormVersion) -> dict[str, Any]:
    kind = version.file_kind
    return {
        "version": version.version,
        "effective_date": version.effective_date,
        "status": version.status,
        "format": kind.extension if kind else "",
        "size": version.file_size,
        "download_url": request.build_absolute_uri(version.get_download_url()),
    }


def _public_versions(form: FormTemplate) -> list[FormVersion]:
    # Public (no restricted collection) and cleared by the virus scanner.
    return access.downloadable(form.versions.all(), None)


def _form(request: HttpRequest, form: FormTemplate, detail: bool) -> dict[str, Any]:
    files = _public_versions(form)
    current = form.current_version
    body: dict[str, Any] = {
        "id": form.pk,
        "form_number": form.form_number,
        "title": form.title,
        "issuing_document": form.issuing_document,
        "agency": {"id": form.agency.pk, "name": form.agency.name}
        if form.agency is not None
        else None,
        "procedures": sorted(page.code for page in form.procedures.all() if page.live),
        "current": _file(request, current) if current in files else None,
        "api_url": request.build_absolute_uri(f"{api_conventions.PREFIX}forms/")
        + str(form.pk),
    }
    if detail:
        body["versions"] = [_file(request, version) for version in files]
    return body


def _public_forms() -> QuerySet[FormTemplate]:
    return services.with_versions(
        services.forms_for_site(None).prefetch_related("procedures")
    )


@forms_router.get(
    "/",
    response={200: FormList},
    summary="Form templates",
    description="Official forms anyone may download, with the version in force.",
    operation_id="forms_list",
)
def list_forms(
    request: HttpRequest,
    filters: Query[FormFilters],
    paging: Query[api_conventions.PageParams],
) -> dict[str, Any]:
    forms = services.forms_for_site(
        site_by_host(filters.site, "site") if filters.site else None
    )
    if filters.procedure:
        forms = forms.filter(procedures__code=filters.procedure.strip())
    if filters.agency:
        forms = forms.filter(agency_id=filters.agency)
    if filters.sector:
        forms = forms.filter(procedures__sector_id=filters.sector)
    if filters.q and filters.q.strip():
        text = filters.q.strip()
        forms = forms.filter(Q(title__icontains=text) | Q(form_number__icontains=text))
    forms = services.with_versions(
        FormTemplate.objects.filter(pk__in=forms.values("pk")).prefetch_related(
            "procedures"
        )
    ).order_by("form_number", "title", "pk")
    return api_conventions.page_of(
        forms, paging, lambda form: _form(request, form, detail=False)
    )


@forms_router.get(
    "/{form_id}",
    response={200: FormDetail},
    summary="One form template, every version",
    operation_id="forms_detail",
)
def form_detail(
    request: HttpRequest,
    form_id: int = PathParam(..., ge=1, le=querystring.INT64_MAX),
) -> dict[str, Any]:
    form = _public_forms().filter(pk=form_id).first() if form_id > 0 else None
    if form is None or not _public_versions(form):
        raise Http404(_("No form has this number."))
    return _form(request, form, detail=True)


# --- what a procedure's record shows of this app -------------------------------------


def procedure_forms(request: HttpRequest, page: ProcedurePage) -> dict[str, Any]:
    """The current version of each of the procedure's forms anyone may download."""
    forms = []
    for version in access.downloadable(services.procedure_forms(page), None):
        form = version.form
        kind = version.file_kind
        forms.append(
            {
                "id": form.pk,
                "form_number": form.form_number,
                "title": form.title,
                "version": version.version,
                "effective_date": version.effective_date,
                "format": kind.extension if kind else "",
                "size": version.file_size,
                "download_url": request.build_absolute_uri(version.get_download_url()),
            }
        )
    return {"forms": forms}


def procedure_service(request: HttpRequest, page: ProcedurePage) -> dict[str, Any]:
    """The procedure's live online service, if any."""
    service = OnlineServicePage.objects.live().public().child_of(page).first()
    if service is None:
        return {"online_service": None}
    return {
        "online_service": {
            "url": service.get_full_url(request) or "",
            "api_url": request.build_absolute_uri(
                f"{api_conventions.PREFIX}services/{page.code}"
            ),
            "version": versions.current_version(service).number,
        }
    }
