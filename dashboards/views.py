"""The public statistics page: aggregates only, never a dossier code or a name."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_safe
from wagtail.models import Site

from dashboards.rollup import Statistics, statistics
from sites.models import UnitKind

FIRST_YEAR = 2013  # the plan, Decision 1159/QĐ-UBND


def site_units(request: HttpRequest) -> tuple[Any, list[int] | None]:
    """The site's unit and the units its figures cover: the whole province on
    the portal (None: every unit), the unit itself on a unit's site."""
    site = Site.find_for_request(request)
    profile = getattr(site, "profile", None) if site else None
    unit = getattr(profile, "unit", None)
    if unit is None or unit.kind == UnitKind.PROVINCE:
        return unit, None
    return unit, [unit.pk]


def chosen_year(request: HttpRequest) -> int:
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("nam", this_year))
    except ValueError:
        return this_year
    return min(max(year, FIRST_YEAR), this_year)


def chart_data(stats: Statistics) -> dict[str, str]:
    """The chart's series as data- attributes (no inline script under the CSP)."""
    return {
        "labels": json.dumps([f"{m.month:%m/%Y}" for m in stats.by_month]),
        "received": json.dumps([m.received for m in stats.by_month]),
        "on_time": json.dumps([m.on_time for m in stats.by_month]),
        "late": json.dumps([m.late for m in stats.by_month]),
    }


@require_safe
def public_statistics(request: HttpRequest) -> HttpResponse:
    unit, units = site_units(request)
    year = chosen_year(request)
    stats = statistics(
        datetime.date(year, 1, 1), datetime.date(year, 12, 31), units=units
    )
    context = {
        "unit": unit,
        "whole_province": units is None,
        "year": year,
        "years": list(range(timezone.localdate().year, FIRST_YEAR - 1, -1)),
        "stats": stats,
        "chart": chart_data(stats),
    }
    return TemplateResponse(request, "dashboards/public.html", context)
