"""The plan's roadmap (Decision 1159/QĐ-UBND) and a local Decision 766
scorecard, computed from the apps' ``stats.py`` only.

The seven priority services are configuration (PORTAL.md §1): a procedure is
found by one of its codes or, failing that, by its title. Its go-live date is
the first publication of its online service; it is late when it went live after
its planned year, or has not gone live and the planned year is over.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dossiers.stats import dossier_stats
from procedure_pages.models import ProcedurePage
from procedure_pages.stats import (
    AgencyCatalogue,
    CatalogueStats,
    catalogue_stats,
    online_service_went_live,
)


@dataclass(frozen=True)
class PriorityService:
    year: int
    name: str
    lead_agency: str
    budget_bn_vnd: Decimal
    codes: tuple[str, ...] = ()


PRIORITY_SERVICES: tuple[PriorityService, ...] = (
    PriorityService(
        2014, "Cấp giấy phép đầu tư", "Sở Kế hoạch và Đầu tư", Decimal("0.5")
    ),
    PriorityService(
        2014,
        "Cấp giấy phép xây dựng",
        "Sở Xây dựng",
        Decimal("0.5"),
        ("1.009972",),
    ),
    PriorityService(
        2014,
        "Giải quyết khiếu nại, tố cáo",
        "Thanh tra tỉnh; UBND các huyện, thành phố",
        Decimal("1.0"),
    ),
    PriorityService(
        2015, "Cấp giấy đăng ký hành nghề y, dược", "Sở Y tế", Decimal("0.5")
    ),
    PriorityService(
        2015,
        "Cấp giấy phép giới thiệu việc làm",
        "Sở Lao động - Thương binh và Xã hội",
        Decimal("0.5"),
    ),
    PriorityService(
        2015, "Cấp, đổi giấy phép lái xe", "Sở Giao thông vận tải", Decimal("0.5")
    ),
    PriorityService(
        2015,
        "Cấp GCN quyền sử dụng đất cho hộ gia đình, cá nhân",
        "UBND các huyện, thành phố",
        Decimal("0.5"),
        ("1.003003",),
    ),
)


@dataclass
class PriorityStatus:
    service: PriorityService
    procedure_code: str | None
    went_live: datetime.datetime | None
    late: bool


def _procedure_code(service: PriorityService) -> str | None:
    live = ProcedurePage.objects.live()
    for code in service.codes:
        if live.filter(code=code).exists():
            return code
    found = live.filter(title__iexact=service.name).values_list("code", flat=True)
    return found.first()


def priority_status(today: datetime.date | None = None) -> list[PriorityStatus]:
    today = today or timezone.localdate()
    rows = []
    for service in PRIORITY_SERVICES:
        code = _procedure_code(service)
        went_live = online_service_went_live(code) if code else None
        if went_live is None:
            late = today.year > service.year
        else:
            late = timezone.localtime(went_live).year > service.year
        rows.append(PriorityStatus(service, code, went_live, late))
    return rows


@dataclass
class Indicator:
    group: str
    label: str
    # None: cannot be computed from the portal's data ("chưa có dữ liệu").
    value: str | None
    formula: str = ""


@dataclass
class Scorecard:
    year: int
    indicators: list[Indicator] = field(default_factory=list)


def _percent(part: int, whole: int) -> str | None:
    if not whole:
        return None
    return f"{100 * part / whole:.1f}%"


def scorecard(
    year: int,
    units: list[int] | None = None,
    catalogue: CatalogueStats | None = None,
    today: datetime.date | None = None,
) -> Scorecard:
    """Decision 766's five groups, for the dossiers of ``year`` (of ``units``,
    or of the province) and the current catalogue."""
    catalogue = catalogue or catalogue_stats()
    dossiers = dossier_stats(
        datetime.date(year, 1, 1), datetime.date(year, 12, 31), units, today
    ).total
    online_capable = catalogue.by_kind.get("toan_trinh", 0) + catalogue.by_kind.get(
        "mot_phan", 0
    )
    card = Scorecard(year)
    card.indicators = [
        Indicator(
            str(_("Transparency")),
            str(_("Procedures published")),
            str(catalogue.procedures),
            str(_("Live procedure pages.")),
        ),
        Indicator(
            str(_("Transparency")),
            str(_("Dossiers whose progress is public")),
            _percent(dossiers.received, dossiers.received),
            str(_("Online dossiers are all trackable by code.")),
        ),
        Indicator(
            str(_("Transparency")),
            str(_("Procedures published with complete information")),
            None,
        ),
        Indicator(
            str(_("Progress and results")),
            str(_("Decided on time")),
            _percent(dossiers.on_time, dossiers.finished),
            str(_("On time / results ready.")),
        ),
        Indicator(
            str(_("Progress and results")),
            str(_("Late dossiers")),
            str(dossiers.late),
            str(_("Extended, finished after the appointment date, or open past it.")),
        ),
        Indicator(
            str(_("Progress and results")),
            str(_("Average processing time in working days")),
            None,
        ),
        Indicator(str(_("Digitisation")), str(_("Dossiers stored digitally")), None),
        Indicator(
            str(_("Online service provision")),
            str(_("Procedures offered online")),
            _percent(online_capable, catalogue.procedures),
            str(_("Full or partial online kind / live procedures.")),
        ),
        Indicator(
            str(_("Online service provision")),
            str(_("Dossiers submitted online among all dossiers")),
            None,
        ),
        Indicator(str(_("Satisfaction")), str(_("Citizens' satisfaction")), None),
    ]
    return card


def agencies_for(
    catalogue: CatalogueStats, unit_ids: set[int] | None
) -> list[AgencyCatalogue]:
    """Every agency (None), or only those of the given units."""
    if unit_ids is None:
        return catalogue.agencies
    from procedure_pages.models import Agency

    allowed = set(
        Agency.objects.filter(unit_id__in=unit_ids).values_list("pk", flat=True)
    )
    return [a for a in catalogue.agencies if a.agency_id in allowed]
