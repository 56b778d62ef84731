"""The roadmap and Decision 766 dashboards in the Wagtail admin."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from dashboards import charts
from dashboards.roadmap import (
    agencies_for,
    priority_status,
    progress_by_year,
    scorecard,
)
from dashboards.views import FIRST_YEAR
from procedure_pages.stats import catalogue_stats

# Members see every agency (the provincial IT office, the province's leaders).
LEADERS_GROUP = "Lãnh đạo"


def visible_units(user: Any) -> set[int] | None:
    """None: every agency; a set: the units whose leaders the user is among;
    PermissionDenied otherwise."""
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied
    if user.is_superuser or user.groups.filter(name=LEADERS_GROUP).exists():
        return None
    from dossiers.models import UnitDesk

    units = set(
        UnitDesk.objects.filter(leaders_group__user=user).values_list(
            "unit_id", flat=True
        )
    )
    if not units:
        raise PermissionDenied
    return units


def can_see(user: Any) -> bool:
    try:
        visible_units(user)
    except PermissionDenied:
        return False
    return True


def roadmap(request: HttpRequest) -> HttpResponse:
    units = visible_units(request.user)
    this_year = timezone.localdate().year
    try:
        year = min(max(int(request.GET.get("nam", this_year)), FIRST_YEAR), this_year)
    except ValueError:
        year = this_year
    catalogue = catalogue_stats()
    agencies = agencies_for(catalogue, units)
    priorities = priority_status()
    whole_province = units is None
    progress = progress_by_year(agencies, priorities, FIRST_YEAR, this_year)
    context = {
        "year": year,
        "years": list(range(this_year, FIRST_YEAR - 1, -1)),
        "agencies": agencies,
        "priorities": priorities,
        "progress": progress,
        "progress_chart": charts.progress(progress, whole_province),
        "card": scorecard(
            year, sorted(units) if units is not None else None, catalogue
        ),
        "whole_province": whole_province,
    }
    return TemplateResponse(request, "dashboards/admin/roadmap.html", context)


def report_file(request: HttpRequest, year: int, ext: str) -> HttpResponse:
    """The yearly report for download (the province's viewers only)."""
    from dashboards import report

    if visible_units(request.user) is not None:
        raise PermissionDenied
    if not FIRST_YEAR <= year <= timezone.localdate().year or ext not in (
        "xlsx",
        "pdf",
    ):
        raise PermissionDenied
    data = report.build(year)
    if ext == "xlsx":
        content = report.to_xlsx(data)
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content = report.to_pdf(data)
        kind = "application/pdf"
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="bao-cao-{year}.{ext}"'
    return response
