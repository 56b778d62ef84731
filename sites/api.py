"""API v3 router ``units``: the directory of units (PORTAL.md §7).

``GET /api/v3/units/`` lists every administrative unit (kind, parent, site host,
contact data, head of unit), filterable by ``kind`` and ``parent``;
``GET /api/v3/units/{code}`` answers one. Mounted by ``cms.api``.

Also the one way every v3 router reads a ``site`` or ``unit`` parameter:
``site`` is always a site's host name, ``unit`` a unit's code or its site's
host name (``site_by_host``, ``unit_by_reference``).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Max, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja import Path as PathParam
from wagtail.models import Site

from cms.core import api as api_conventions
from cms.core import querystring
from sites.models import AdministrativeUnit, UnitKind

router = Router(tags=["units"])

MAX_REFERENCE_LENGTH = 255


def site_by_host(hostname: str, parameter: str = "site") -> Site:
    """The site with this host name, or ``InvalidParameter`` (a 400 naming it)."""
    text = (hostname or "").strip().lower()[:MAX_REFERENCE_LENGTH]
    site = Site.objects.filter(hostname=text).select_related("root_page").first()
    if site is None:
        raise querystring.InvalidParameter(
            parameter,
            _("no site has the host name %(hostname)s") % {"hostname": text},
        )
    return site


def unit_by_reference(reference: str, parameter: str = "unit") -> AdministrativeUnit:
    """The unit with this code or whose site has this host name."""
    text = (reference or "").strip().lower()[:MAX_REFERENCE_LENGTH]
    unit = (
        AdministrativeUnit.objects.filter(code=text).first()
        or AdministrativeUnit.objects.filter(site_profile__site__hostname=text).first()
    )
    if unit is None:
        raise querystring.InvalidParameter(
            parameter,
            _("no unit has the code or host name %(reference)s") % {"reference": text},
        )
    return unit


class Contact(Schema):
    address: str
    phone: str
    email: str
    working_hours: str


class Unit(Schema):
    code: str
    name: str
    short_name: str
    kind: UnitKind
    parent: str | None = Field(description="The parent unit's code.")
    host: str | None = Field(description="Host name of the unit's site.")
    url: str | None = Field(description="The unit's site.")
    head: str = Field(description="Head of the unit (name and title).")
    contact: Contact
    api_url: str


class UnitList(Schema):
    count: int
    items: list[Unit]


class UnitFilters(Schema):
    kind: UnitKind | None = None
    parent: str | None = Field(
        None,
        max_length=MAX_REFERENCE_LENGTH,
        description="Only the units directly under this unit (its code or its "
        "site's host name).",
    )


def _units() -> QuerySet[AdministrativeUnit]:
    return AdministrativeUnit.objects.select_related(
        "parent", "site_profile__site"
    ).order_by("kind", "name", "pk")


def _site_url(request: HttpRequest, site: Site) -> str:
    scheme = "https" if request.is_secure() else "http"
    port = "" if site.port in (80, 443) else f":{site.port}"
    return f"{scheme}://{site.hostname}{port}/"


def _unit(request: HttpRequest, unit: AdministrativeUnit) -> dict[str, Any]:
    profile = getattr(unit, "site_profile", None)
    site = profile.site if profile is not None else None
    return {
        "code": unit.code,
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "parent": unit.parent.code if unit.parent is not None else None,
        "host": site.hostname if site is not None else None,
        "url": _site_url(request, site) if site is not None else None,
        "head": profile.head_of_unit if profile is not None else "",
        "contact": {
            "address": profile.address if profile is not None else "",
            "phone": profile.phone if profile is not None else "",
            "email": profile.email if profile is not None else "",
            "working_hours": profile.working_hours if profile is not None else "",
        },
        "api_url": request.build_absolute_uri(f"{api_conventions.PREFIX}units/")
        + unit.code,
    }


def _changed(units: QuerySet[AdministrativeUnit]) -> datetime.datetime | None:
    dates = units.order_by().aggregate(
        unit=Max("updated_at"), profile=Max("site_profile__updated_at")
    )
    known = [value for value in dates.values() if value is not None]
    return max(known, default=None)


@router.get(
    "/",
    response={200: UnitList},
    summary="The directory of units",
    description="Every unit that runs procedures: the province, its agencies, "
    "districts and communes (the hierarchy is data: a commune may sit under the "
    "province directly).",
    operation_id="units_list",
)
def list_units(
    request: HttpRequest,
    filters: Query[UnitFilters],
    paging: Query[api_conventions.PageParams],
) -> dict[str, Any]:
    units = _units()
    if filters.kind:
        units = units.filter(kind=filters.kind)
    if filters.parent:
        units = units.filter(parent=unit_by_reference(filters.parent, "parent"))
    api_conventions.set_last_modified(request, _changed(units))
    return api_conventions.page_of(units, paging, lambda unit: _unit(request, unit))


@router.get(
    "/{code}",
    response={200: Unit},
    summary="One unit",
    operation_id="units_detail",
)
def unit_detail(
    request: HttpRequest,
    code: str = PathParam(..., examples=["cao-bang"]),
) -> dict[str, Any]:
    unit = _units().filter(code=code.strip().lower()[:64]).first()
    if unit is None:
        raise Http404(_("No unit has this code."))
    api_conventions.set_last_modified(request, _changed(_units().filter(pk=unit.pk)))
    return _unit(request, unit)
