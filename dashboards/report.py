"""The yearly roadmap and scorecard report (PORTAL.md §7: plan_report), as XLSX
(openpyxl) or PDF (WeasyPrint), in Vietnamese."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dashboards.roadmap import PriorityStatus, Scorecard, priority_status, scorecard
from procedure_pages.stats import AgencyCatalogue, catalogue_stats


@dataclass
class Report:
    year: int
    agencies: list[AgencyCatalogue]
    priorities: list[PriorityStatus]
    card: Scorecard


def build(year: int) -> Report:
    with translation.override("vi"):
        catalogue = catalogue_stats()
        return Report(
            year,
            catalogue.agencies,
            priority_status(),
            scorecard(year, None, catalogue),
        )


def _cell(value: Any) -> Any:
    """Text a spreadsheet would run as a formula is written as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _date(value: Any) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y") if value else ""


def to_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook

    with translation.override("vi"):
        book = Workbook()
        sheet = book.active
        sheet.title = _("Procedures")
        sheet.append(
            [
                _("Agency"),
                _("Procedures"),
                _("Level 1"),
                _("Level 2"),
                _("Level 3"),
                _("Level 4"),
                _("Full online"),
                _("Partly online"),
                _("Has a level-3 service"),
                _("Online since"),
            ]
        )
        for a in report.agencies:
            sheet.append(
                [
                    _cell(a.name or _("No agency")),
                    a.procedures,
                    *a.by_level.values(),
                    a.by_kind.get("toan_trinh", 0),
                    a.by_kind.get("mot_phan", 0),
                    _("Yes") if a.has_level3 else _("No"),
                    _date(a.online_since),
                ]
            )
        sheet = book.create_sheet(_("The seven priority services"))
        sheet.append(
            [
                _("Planned year"),
                _("Service"),
                _("Lead agency"),
                _("Budget (bn VND)"),
                _("Procedure code"),
                _("Went live"),
                _("Status"),
            ]
        )
        for p in report.priorities:
            sheet.append(
                [
                    p.service.year,
                    p.service.name,
                    p.service.lead_agency,
                    float(p.service.budget_bn_vnd),
                    p.procedure_code or "",
                    _date(p.went_live),
                    _("Late") if p.late else _("On schedule"),
                ]
            )
        sheet = book.create_sheet(_("Scorecard"))
        sheet.append([_("Group"), _("Indicator"), _("Value"), _("How it is computed")])
        for i in report.card.indicators:
            sheet.append(
                [
                    i.group,
                    i.label,
                    i.value if i.value is not None else _("no data"),
                    i.formula,
                ]
            )
        out = io.BytesIO()
        book.save(out)
    return out.getvalue()


def to_pdf(report: Report) -> bytes:
    from weasyprint import HTML

    with translation.override("vi"):
        html = render_to_string("dashboards/report.html", {"report": report})
    return HTML(string=html).write_pdf()
