"""The public statistics page: aggregates only, never a dossier code or a name."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_safe
from wagtail.models import Site

from dashboards import charts
from dashboards.rollup import statistics
from sites.models import UnitKind

FIRST_YEAR = 2013  # the plan, Decision 1159/QĐ-UBND

# The label of the link every site's footer has to this page (the theme links
# the URL, an interface: PORTAL.md §7); translated with this app's messages.
FOOTER_LINK = gettext_noop("Statistics")


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
        "charts": {
            "by_month": charts.by_month(stats),
            "by_unit": charts.by_unit(stats),
        },
    }
    return TemplateResponse(request, "dashboards/public.html", context)
