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
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dashboards.indicators import GROUPS, INDICATORS
from dashboards.models import IndicatorPoints
from dashboards.rollup import statistics
from dossiers.stats import satisfaction
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
    # Today's name of the investment licence (Law on Investment 2014, 2020).
    PriorityService(
        2014,
        "Cấp giấy phép đầu tư",
        "Sở Kế hoạch và Đầu tư",
        Decimal("0.5"),
        ("1.009645",),
    ),
    PriorityService(
        2014,
        "Cấp giấy phép xây dựng",
        "Sở Xây dựng",
        Decimal("0.5"),
        ("1.009972",),
    ),
    # First complaints at the provincial level only: denunciations (tố cáo)
    # and the districts' procedures are not in the catalogue (README).
    PriorityService(
        2014,
        "Giải quyết khiếu nại, tố cáo",
        "Thanh tra tỉnh; UBND các huyện, thành phố",
        Decimal("1.0"),
        ("2.002137",),
    ),
    # The medical practice certificate; the pharmacy one is not in the
    # catalogue (README).
    PriorityService(
        2015,
        "Cấp giấy đăng ký hành nghề y, dược",
        "Sở Y tế",
        Decimal("0.5"),
        ("1.004604",),
    ),
    # Today's name: licence for employment service activities.
    PriorityService(
        2015,
        "Cấp giấy phép giới thiệu việc làm",
        "Sở Lao động - Thương binh và Xã hội",
        Decimal("0.5"),
        ("1.001865",),
    ),
    # The exchange of a licence; a first licence follows the driving test, not
    # in the catalogue (README).
    PriorityService(
        2015,
        "Cấp, đổi giấy phép lái xe",
        "Sở Giao thông vận tải",
        Decimal("0.5"),
        ("1.002809",),
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
class YearProgress:
    year: int
    # Agencies whose first online service went live by the end of the year.
    agencies_online: int
    # Priority services live by the end of the year, and planned by then.
    priorities_live: int
    priorities_planned: int


def progress_by_year(
    agencies: list[AgencyCatalogue],
    priorities: list[PriorityStatus],
    first_year: int,
    last_year: int,
) -> list[YearProgress]:
    """Year by year, from the first publications (``online_since``, go-live)."""
    since = [
        timezone.localtime(a.online_since).year for a in agencies if a.online_since
    ]
    live = [timezone.localtime(p.went_live).year for p in priorities if p.went_live]
    return [
        YearProgress(
            year,
            sum(1 for y in since if y <= year),
            sum(1 for y in live if y <= year),
            sum(1 for p in priorities if p.service.year <= year),
        )
        for year in range(first_year, last_year + 1)
    ]


@dataclass
class Indicator:
    group: str
    label: str
    # None: cannot be computed from the portal's data ("chưa có dữ liệu").
    value: str | None
    formula: str = ""
    key: str = ""
    # The share (0..1) points are earned in proportion to, when there is one.
    share: float | None = None
    max_points: Decimal | None = None
    points: Decimal | None = None
    # The dossiers behind the figure, in the desk (its permissions apply).
    drill_down: str = ""


@dataclass
class GroupPoints:
    group: str
    # Points earned and the maximum, over the indicators with data and points.
    points: Decimal
    max_points: Decimal
    # Configured points left out because their indicator has no data.
    missing_points: Decimal


@dataclass
class Scorecard:
    year: int
    indicators: list[Indicator] = field(default_factory=list)
    groups: list[GroupPoints] = field(default_factory=list)


def _percent(part: int, whole: int) -> str | None:
    if not whole:
        return None
    return f"{100 * part / whole:.1f}%"


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def desk_link(year: int, **filters: str) -> str:
    """The desk's inbox filtered to the dossiers received in ``year`` (and
    ``filters``): the desk shows a user only the dossiers of their units."""
    query = {
        "submit_time_after": f"{year}-01-01",
        "submit_time_before": f"{year}-12-31",
        **filters,
    }
    return f"{reverse('dossiers_desk:index')}?{urlencode(query)}"


def _satisfaction(
    year: int, units: list[int] | None
) -> tuple[str | None, float | None]:
    """The satisfied share (score 4-5) of the ratings given in ``year`` on the
    units' dossiers (None: no rating, no data)."""
    found = satisfaction(datetime.date(year, 1, 1), datetime.date(year, 12, 31), units)
    if not found.ratings or found.satisfied_share is None:
        return None, None
    value = str(
        _("%(share).1f%% satisfied of %(count)d ratings (average %(average).2f/5)")
        % {
            "share": 100 * found.satisfied_share,
            "count": found.ratings,
            "average": found.average,
        }
    )
    return value, found.satisfied_share


def _award(card: Scorecard) -> None:
    """Points from the configuration (``IndicatorPoints``): max × share for an
    indicator with a share; nothing for one without data (never estimated)."""
    configured = dict(IndicatorPoints.objects.values_list("indicator", "max_points"))
    groups: dict[str, GroupPoints] = {}
    for indicator in card.indicators:
        maximum = configured.get(indicator.key)
        if maximum is None:
            continue
        indicator.max_points = maximum
        group = groups.setdefault(
            indicator.group,
            GroupPoints(indicator.group, Decimal(0), Decimal(0), Decimal(0)),
        )
        if indicator.share is None:
            group.missing_points += maximum
            continue
        indicator.points = (maximum * Decimal(str(indicator.share))).quantize(
            Decimal("0.01")
        )
        group.points += indicator.points
        group.max_points += maximum
    card.groups = [groups[str(g)] for g in GROUPS if str(g) in groups]


def scorecard(
    year: int,
    units: list[int] | None = None,
    catalogue: CatalogueStats | None = None,
    today: datetime.date | None = None,
) -> Scorecard:
    """Decision 766's five groups, for the dossiers of ``year`` (of ``units``,
    or of the province) and the current catalogue."""
    catalogue = catalogue or catalogue_stats()
    dossiers = statistics(
        datetime.date(year, 1, 1), datetime.date(year, 12, 31), units, today
    ).total
    online_capable = catalogue.by_kind.get("toan_trinh", 0) + catalogue.by_kind.get(
        "mot_phan", 0
    )
    satisfaction_value, satisfied_share = _satisfaction(year, units)
    average_days = dossiers.average_processing_days
    rows: dict[str, tuple] = {
        "procedures_published": (
            str(catalogue.procedures),
            _("Live procedure pages."),
            None,
            "",
        ),
        "progress_public": (
            _percent(dossiers.received, dossiers.received),
            _("Online dossiers are all trackable by code."),
            _share(dossiers.received, dossiers.received),
            "",
        ),
        "complete_information": (None, "", None, ""),
        "on_time": (
            _percent(dossiers.on_time, dossiers.finished),
            _("On time / results ready."),
            _share(dossiers.on_time, dossiers.finished),
            "",
        ),
        "late": (
            str(dossiers.late),
            _("Extended, finished after the appointment date, or open past it."),
            None,
            "",
        ),
        "overdue": (
            str(dossiers.overdue),
            _("Open with the clock running past the appointment date."),
            None,
            desk_link(year, due="overdue") if dossiers.overdue else "",
        ),
        "processing_days": (
            None if average_days is None else f"{average_days:.1f}",
            _(
                "Working days from the day a dossier counts from to its result, "
                "less the days the clock stood still, averaged over results ready."
            ),
            None,
            "",
        ),
        "digitised": (None, "", None, ""),
        "online_procedures": (
            _percent(online_capable, catalogue.procedures),
            _("Full or partial online kind / live procedures."),
            _share(online_capable, catalogue.procedures),
            "",
        ),
        "online_dossiers": (None, "", None, ""),
        "satisfaction": (
            satisfaction_value,
            _("Ratings of 4 or 5 out of 5 / ratings given in the year."),
            satisfied_share,
            "",
        ),
    }
    card = Scorecard(year)
    for key, (group, label) in INDICATORS.items():
        value, formula, share, link = rows[key]
        card.indicators.append(
            Indicator(
                str(group),
                str(label),
                value,
                str(formula),
                key=key,
                share=share,
                drill_down=link,
            )
        )
    _award(card)
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
