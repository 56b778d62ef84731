"""The catalogue's panel on a unit's home page: most used procedures, procedures
for citizens and for businesses, and (on the portal) by agency.

"Most used" adds up what the apps know about a procedure's use over the last
``USAGE_DAYS`` days: each app registers a ``register_procedure_usage`` hook, a
function of the first day returning counts per procedure id (the forms library:
downloads of the procedure's forms; dossiers can add submissions). Procedures
nobody used yet are ranked by what a citizen can do online (level 4 first).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from wagtail import hooks

from procedure_pages.models import (
    Agency,
    ProcedureIndexPage,
    ProcedurePage,
    Sector,
    Tier,
    UserType,
)
from procedure_pages.services import (
    agency_sort_key,
    listing_queryset,
    procedures_for_catalogue,
)
from sites.home import HomePanel, HomeRequest

USAGE_HOOK = "register_procedure_usage"
USAGE_DAYS = 90
POPULAR_COUNT = 8
SECTORS_PER_GROUP = 6


def usage_counts(since: date) -> Counter[int]:
    """Uses per procedure id since ``since``, summed over the registered sources."""
    counts: Counter[int] = Counter()
    for source in hooks.get_hooks(USAGE_HOOK):
        counts.update(source(since))
    return counts


def popular_procedures(
    procedures: QuerySet[ProcedurePage], limit: int = POPULAR_COUNT
) -> list[ProcedurePage]:
    """The ``limit`` most used of ``procedures``; the most online ones fill up."""
    counts = usage_counts(timezone.localdate() - timedelta(days=USAGE_DAYS))
    top_ids = [pk for pk, _count in counts.most_common(limit * 20)]
    used = sorted(
        listing_queryset(procedures.filter(pk__in=top_ids)),
        key=lambda procedure: (-counts[procedure.pk], procedure.code),
    )[:limit]
    if len(used) < limit:
        used += listing_queryset(
            procedures.exclude(pk__in=[p.pk for p in used]).order_by("-level", "code")
        )[: limit - len(used)]
    return used


def procedure_link(
    procedure: ProcedurePage,
    index: ProcedureIndexPage,
    request: HttpRequest,
    *,
    on_portal: bool,
) -> str:
    """A procedure's address on the site being viewed: a unit's catalogue serves
    the shared procedures it handles at ``<catalogue>/<slug>/``."""
    if on_portal or procedure.path.startswith(index.path):
        return str(procedure.get_url(request))
    return f"{index.get_url(request)}{procedure.slug}/"


@dataclass
class SectorLink:
    sector: Sector
    count: int


@dataclass
class AudienceGroup:
    key: str
    user_type: str
    sectors: list[SectorLink]


def audience_groups(procedures: QuerySet[ProcedurePage]) -> list[AudienceGroup]:
    """The sectors with most procedures for citizens, and for businesses and
    organisations (a procedure for both counts for both); one GROUP BY."""
    rows = (
        procedures.order_by()
        .exclude(sector=None)
        .values("sector_id", "user_type")
        .annotate(n=Count("pk"))
    )
    totals: Counter[int] = Counter()
    per_audience: dict[str, Counter[int]] = {
        UserType.INDIVIDUAL: Counter(),
        UserType.ORGANISATION: Counter(),
    }
    for row in rows:
        totals[row["sector_id"]] += row["n"]
        for audience, counts in per_audience.items():
            if row["user_type"] in (audience, UserType.BOTH):
                counts[row["sector_id"]] += row["n"]
    tops = {
        audience: [pk for pk, _n in counts.most_common(SECTORS_PER_GROUP)]
        for audience, counts in per_audience.items()
    }
    sectors = Sector.objects.in_bulk([pk for ids in tops.values() for pk in ids])
    return [
        AudienceGroup(
            key="citizens" if audience == UserType.INDIVIDUAL else "businesses",
            user_type=audience,
            sectors=[SectorLink(sectors[pk], totals[pk]) for pk in ids],
        )
        for audience, ids in tops.items()
        if ids
    ]


@dataclass
class AgencyLink:
    agency: Agency
    count: int


@dataclass
class TierLink:
    tier: str
    label: str
    count: int


def agency_links(
    procedures: QuerySet[ProcedurePage],
) -> tuple[list[AgencyLink], list[TierLink]]:
    """Provincial agencies with their procedure counts (Vietnamese order), and
    the district and commune tiers as a whole (every district handles the same
    list, every commune too)."""
    by_agency = dict(
        procedures.order_by()
        .filter(tier=Tier.PROVINCIAL)
        .exclude(lead_agency=None)
        .values_list("lead_agency_id")
        .annotate(n=Count("pk"))
    )
    agencies = sorted(
        Agency.objects.filter(pk__in=by_agency).only("id", "name", "tier"),
        key=agency_sort_key,
    )
    by_tier = dict(procedures.order_by().values_list("tier").annotate(n=Count("pk")))
    tiers = [
        TierLink(tier, str(label), by_tier[tier])
        for tier, label in Tier.choices
        if tier != Tier.PROVINCIAL and by_tier.get(tier)
    ]
    return [AgencyLink(a, by_agency[a.pk]) for a in agencies], tiers


CATALOGUE_ATTRIBUTE = "_home_catalogue"


def catalogue_for_home(
    home: HomeRequest,
) -> tuple[ProcedureIndexPage | None, QuerySet[ProcedurePage]]:
    """The home's catalogue and what it lists, looked up once per request."""
    cached = getattr(home.request, CATALOGUE_ATTRIBUTE, None)
    if cached is None:
        index = ProcedureIndexPage.objects.child_of(home.page).live().first()
        procedures = (
            procedures_for_catalogue(index, home.site)
            if index is not None
            else ProcedurePage.objects.none()
        )
        cached = (index, procedures)
        setattr(home.request, CATALOGUE_ATTRIBUTE, cached)
    return cached


def popular_panel(home: HomeRequest) -> HomePanel | None:
    """The site's most used procedures, linking on the site being viewed."""
    index, procedures = catalogue_for_home(home)
    if index is None:
        return None
    popular = [
        (
            procedure,
            procedure_link(procedure, index, home.request, on_portal=home.is_portal),
        )
        for procedure in popular_procedures(procedures)
    ]
    if not popular:
        return None
    return HomePanel(
        "procedure_pages/includes/home_popular.html",
        {
            "catalogue_url": index.get_url(home.request),
            "popular": popular,
            "is_portal": home.is_portal,
            "unit": home.unit,
        },
    )


def browse_panel(home: HomeRequest) -> HomePanel | None:
    """Procedures for citizens and for businesses; on the portal, by agency."""
    index, procedures = catalogue_for_home(home)
    if index is None:
        return None
    context: dict[str, Any] = {
        "catalogue_url": index.get_url(home.request),
        "audiences": audience_groups(procedures),
    }
    if home.is_portal:
        context["agencies"], context["tiers"] = agency_links(procedures)
    return HomePanel("procedure_pages/includes/home_browse.html", context)
