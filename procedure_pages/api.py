"""The catalogue through the APIs: v2's ``ProceduresAPIViewSet`` and v3's router.

API v3 (``router``, mounted at ``/api/v3/procedures/`` by ``cms.api``):
``GET /`` lists live, public procedures with the catalogue's filters plus
``updated_since`` (incremental sync), ``unit`` (what a unit handles, its tier's
shared procedures included: ``procedure_pages.handling``), ``site`` and ``q``;
``GET /{code}`` answers the full structured record. Apps above add to the
record (its forms, its online service) with ``register_detail_extension``,
called from the wiring: this module never imports them.

API v2 (below): ``GET /api/v2/procedures/``, the catalogue page's filters.

Filters: ``sector`` and ``agency`` (ids), ``tier``, ``level``, ``online_kind``,
``user_type`` (choice values, as in the import columns) and ``site`` (host name).
Without ``site``, a sub-site's host answers with its own procedures and the
provincial portal's host with every site's (like the catalogue pages).
Pagination and field selection are Wagtail API v2's (``limit``, ``offset``,
``fields``); detail at ``/api/v2/procedures/<id>/``.

Every parameter is read through ``cms.core.querystring`` (strict): a value the
API cannot use is a 400 ``{"message", "parameter"}`` naming it, never a 500.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any, Literal

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Max, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja import Path as PathParam
from rest_framework import status
from rest_framework.response import Response
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.models import Site

from cms.core import api as api_conventions
from cms.core import querystring
from cms.core.portal import is_portal
from procedure_pages.handling import (
    procedures_handled_by,
    unit_of_site,
    units_handling,
)
from procedure_pages.models import (
    OnlineKind,
    ProcedurePage,
    ProcedureStatus,
    ProcessingTimeUnit,
    Tier,
    UserType,
)
from procedure_pages.services import (
    FILTERS,
    MAX_QUERY_LENGTH,
    SORTS,
    apply_filters,
    matching_text,
    parse_filters,
)
from sites.api import site_by_host, unit_by_reference

# Wagtail's page filters take a page id (or "root"); checked before Wagtail
# looks the page up, which on this specific model fails with an error of its own.
PAGE_REFERENCES = ("child_of", "descendant_of", "ancestor_of", "translation_of")
_PAGE_ID = querystring.integer(min_value=1)


def _page_reference(raw: str) -> str | int:
    return raw if raw == "root" else _PAGE_ID(raw)


class ProceduresAPIViewSet(PagesAPIViewSet):
    model = ProcedurePage
    name = "procedures"
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(FILTERS)
    listing_default_fields = [
        *PagesAPIViewSet.listing_default_fields,
        "code",
        "tier",
        "level",
        "online_kind",
        "user_type",
        "sector_name",
        "agency_name",
    ]

    def _site_scope(self) -> Site | None:
        """The site whose procedures are listed; None means every site."""
        hostname = self.request.GET.get("site")
        if hostname:
            site = Site.objects.filter(hostname=hostname).first()
            if site is None:
                message = _("No site has the host name %(hostname)s.") % {
                    "hostname": hostname
                }
                raise querystring.InvalidParameter("site", message, message=message)
            return site
        site = Site.find_for_request(self.request)
        return None if site is None or is_portal(site) else site

    def check_query_parameters(self, queryset: QuerySet) -> None:
        super().check_query_parameters(queryset)
        querystring.parse(
            self.request.GET,
            dict.fromkeys(PAGE_REFERENCES, _page_reference),
            strict=True,
        )

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        try:
            return super().filter_queryset(queryset)
        except ObjectDoesNotExist as error:
            # Wagtail looks the referenced page up among procedures only.
            name = next(
                (n for n in PAGE_REFERENCES if n in self.request.GET), "child_of"
            )
            raise querystring.InvalidParameter(
                name, querystring.names_nothing().reason
            ) from error

    def get_base_queryset(self) -> QuerySet:
        procedures = ProcedurePage.objects.live().public()
        site = self._site_scope()
        if site is not None:
            procedures = procedures.descendant_of(site.root_page)
        return procedures

    def get_queryset(self) -> QuerySet:
        chosen = parse_filters(self.request.GET)
        procedures = apply_filters(self.get_base_queryset(), chosen)
        return procedures.select_related("sector", "lead_agency").order_by("code")

    def handle_exception(self, exc: Exception) -> Any:
        if isinstance(exc, querystring.InvalidParameter):
            return Response(
                {"message": exc.message, "parameter": exc.name},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return super().handle_exception(exc)


# --- API v3 --------------------------------------------------------------------------

router = Router(tags=["procedures"])
# Procedure codes as published (1.009972, 2.002137…); nothing else is looked up.
CODE_PATTERN = re.compile(r"^[0-9A-Za-z.\-]{1,50}$")


class Ref(Schema):
    """A sector or an agency: its id (the catalogue's filter value) and name."""

    id: int
    name: str


class UnitRef(Schema):
    code: str
    name: str
    host: str | None


class ProcedureSummary(Schema):
    code: str
    title: str
    name: str = Field(description="The official name in full.")
    url: str = Field(description="The procedure's page.")
    api_url: str
    tier: Tier
    level: int = Field(ge=1, le=4)
    online_kind: OnlineKind
    user_type: UserType
    status: ProcedureStatus
    sector: Ref | None
    agency: Ref | None
    last_published_at: datetime.datetime | None


class ProcedureList(Schema):
    count: int
    items: list[ProcedureSummary]


class Step(Schema):
    description: str


class DossierComponent(Schema):
    name: str
    originals: int
    copies: int
    note: str
    form_id: int | None = Field(description="See `forms` and /api/v3/forms/{id}.")


class LegalReference(Schema):
    number: str
    date: datetime.date | None
    issuer: str
    title: str


class Channels(Schema):
    in_person: bool
    post: bool
    online: bool


class ProcessingTime(Schema):
    days: int | None
    unit: ProcessingTimeUnit
    note: str


class Fee(Schema):
    amount: int | None = Field(description="In đồng; null when not a fixed sum.")
    text: str


class ProcedureForm(Schema):
    """A form of the procedure, current version, downloadable by anyone."""

    id: int
    form_number: str
    title: str
    version: str
    effective_date: datetime.date
    format: str
    size: int
    download_url: str


class OnlineService(Schema):
    url: str = Field(description="The online form's page.")
    api_url: str = Field(description="Its definition: GET /api/v3/services/{code}.")
    version: int


class ProcedureDetail(ProcedureSummary):
    is_sample: bool
    deciding_agency: Ref | None
    co_processing_agencies: list[Ref]
    steps: list[Step]
    channels: Channels
    documents: list[DossierComponent]
    processing_time: ProcessingTime
    applicants: str
    result: str
    fee: Fee
    conditions: str
    legal_basis: list[LegalReference]
    units: list[UnitRef] = Field(description="Units that receive its dossiers.")
    forms: list[ProcedureForm]
    online_service: OnlineService | None


class ProcedureFilters(Schema):
    """The catalogue's filters (same values as its page and /api/v2/procedures/)."""

    sector: int | None = Field(None, ge=1, le=querystring.INT64_MAX)
    agency: int | None = Field(
        None, ge=1, le=querystring.INT64_MAX, description="Lead agency id."
    )
    tier: Tier | None = None
    level: int | None = Field(None, ge=1, le=4)
    online_kind: OnlineKind | None = None
    user_type: UserType | None = None
    online: Literal["1"] | None = Field(
        None, description="1: only procedures with a live online service."
    )
    unit: str | None = Field(
        None,
        max_length=255,
        description="What a unit handles (its tier's shared procedures, those "
        "it leads, its own): the unit's code or its site's host name.",
    )
    site: str | None = Field(
        None,
        max_length=255,
        description="Host name of a site: what its catalogue lists (the portal's "
        "lists every procedure). Default: the site the request is sent to.",
    )
    updated_since: datetime.datetime | None = Field(
        None, description="Only procedures published at or after this instant."
    )
    q: str | None = Field(
        None, max_length=MAX_QUERY_LENGTH, description="Words of the name or code."
    )
    sort: Literal["code", "name", "-updated"] = "code"


# Adds fields to a procedure's record from an app above (forms, online service).
DetailExtension = Callable[[HttpRequest, ProcedurePage], dict[str, Any]]
_detail_extensions: list[DetailExtension] = []


def register_detail_extension(extension: DetailExtension) -> None:
    """Let an app above the catalogue fill fields of ``ProcedureDetail``."""
    if extension not in _detail_extensions:
        _detail_extensions.append(extension)


def _ref(obj: Any) -> dict[str, Any] | None:
    return {"id": obj.pk, "name": obj.name} if obj is not None else None


def site_procedures(site: Site) -> QuerySet[ProcedurePage]:
    """Live, public procedures a site's catalogue lists (``services``' rule)."""
    procedures = ProcedurePage.objects.live().public()
    if is_portal(site):
        return procedures
    unit = unit_of_site(site)
    if unit is None:
        return procedures.descendant_of(site.root_page)
    return procedures_handled_by(unit, procedures)


def _listed(request: HttpRequest, filters: ProcedureFilters) -> QuerySet[ProcedurePage]:
    procedures = ProcedurePage.objects.live().public()
    if filters.site:
        procedures = site_procedures(site_by_host(filters.site, "site"))
    elif not filters.unit:
        site = Site.find_for_request(request)
        if site is not None:
            procedures = site_procedures(site)
    if filters.unit:
        procedures = procedures_handled_by(
            unit_by_reference(filters.unit, "unit"), procedures
        )
    if filters.q and filters.q.strip():
        procedures = matching_text(procedures, filters.q)
    procedures = apply_filters(procedures, parse_filters(request.GET))
    if filters.updated_since is not None:
        since = filters.updated_since
        if since.tzinfo is None:
            since = since.replace(tzinfo=datetime.UTC)
        procedures = procedures.filter(last_published_at__gte=since)
    return procedures


def _summary(request: HttpRequest, page: ProcedurePage) -> dict[str, Any]:
    return {
        "code": page.code,
        "title": page.title,
        "name": page.name,
        "url": page.get_full_url(request) or "",
        "api_url": request.build_absolute_uri(f"{api_conventions.PREFIX}procedures/")
        + page.code,
        "tier": page.tier,
        "level": page.level,
        "online_kind": page.online_kind,
        "user_type": page.user_type,
        "status": page.status,
        "sector": _ref(page.sector),
        "agency": _ref(page.lead_agency),
        "last_published_at": page.last_published_at,
    }


@router.get(
    "/",
    response={200: ProcedureList},
    summary="Procedures of the catalogue",
    description="Live, public procedures, filtered like the catalogue page. "
    "For incremental sync, pass the time of your last sync as `updated_since` "
    "and `sort=-updated`.",
    operation_id="procedures_list",
)
def list_procedures(
    request: HttpRequest,
    filters: Query[ProcedureFilters],
    paging: Query[api_conventions.PageParams],
) -> dict[str, Any]:
    procedures = _listed(request, filters)
    api_conventions.set_last_modified(
        request,
        procedures.order_by().aggregate(latest=Max("last_published_at"))["latest"],
    )
    procedures = procedures.select_related("sector", "lead_agency").order_by(
        *SORTS[filters.sort]
    )
    return api_conventions.page_of(
        procedures, paging, lambda page: _summary(request, page)
    )


def _documents(page: ProcedurePage) -> list[dict[str, Any]]:
    components = []
    for block in page.documents.raw_data:
        value = block.get("value") or {}
        form = value.get("form")
        components.append(
            {
                "name": str(value.get("name") or ""),
                "originals": int(value.get("originals") or 0),
                "copies": int(value.get("copies") or 0),
                "note": str(value.get("note") or ""),
                "form_id": form if isinstance(form, int) else None,
            }
        )
    return components


def _legal_basis(page: ProcedurePage) -> list[dict[str, Any]]:
    references = []
    for block in page.legal_basis:
        value = block.value
        references.append(
            {
                "number": value.get("number") or "",
                "date": value.get("date"),
                "issuer": value.get("issuer") or "",
                "title": value.get("title") or "",
            }
        )
    return references


def procedure_by_code(code: str) -> ProcedurePage | None:
    """The live, public procedure with this code."""
    if not CODE_PATTERN.fullmatch(code or ""):
        return None
    return (
        ProcedurePage.objects.live()
        .public()
        .select_related("sector", "lead_agency", "deciding_agency")
        .filter(code=code)
        .first()
    )


@router.get(
    "/{code}",
    response={200: ProcedureDetail},
    summary="One procedure, the full record",
    description="Every field of the national publication standard, the units "
    "that receive its dossiers, its forms (download URLs) and its online "
    "service if any.",
    operation_id="procedures_detail",
)
def procedure_detail(
    request: HttpRequest,
    code: str = PathParam(..., examples=["1.009972"]),
) -> dict[str, Any]:
    page = procedure_by_code(code)
    if page is None:
        raise Http404(_("No procedure has this code."))
    api_conventions.set_last_modified(request, page.last_published_at)
    record = {
        **_summary(request, page),
        "is_sample": page.is_sample,
        "deciding_agency": _ref(page.deciding_agency),
        "co_processing_agencies": [
            _ref(agency) for agency in page.co_processing_agencies.order_by("name")
        ],
        "steps": [
            {"description": str(block.value.get("description") or "")}
            for block in page.steps
        ],
        "channels": {
            "in_person": page.channel_in_person,
            "post": page.channel_post,
            "online": page.channel_online,
        },
        "documents": _documents(page),
        "processing_time": {
            "days": page.processing_days,
            "unit": page.processing_time_unit,
            "note": page.processing_time_text,
        },
        "applicants": page.applicants,
        "result": page.result,
        "fee": {"amount": page.fee_amount, "text": page.fee_text},
        "conditions": page.conditions,
        "legal_basis": _legal_basis(page),
        "units": [
            {
                "code": unit.code,
                "name": unit.name,
                "host": unit.site_profile.site.hostname
                if hasattr(unit, "site_profile")
                else None,
            }
            for unit in units_handling(page).select_related("site_profile__site")
        ],
        "forms": [],
        "online_service": None,
    }
    for extension in _detail_extensions:
        record.update(extension(request, page))
    return record
