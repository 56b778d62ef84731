"""Which units handle which procedures: the one place that answers it.

A procedure is published once, for a tier (PORTAL.md §3), and shared:

- every district-level unit handles every district-tier procedure, every commune
  every commune-tier one;
- a department handles the provincial procedures it leads (``lead_agency.unit``);
- a procedure placed under a unit's own site is that unit's;
- ``UnitProcedureChange`` rows add a procedure to a unit or take it away.

The catalogue of a unit's site, the "where to go" box of a procedure page shown
on that site, and the receiving units a citizen may choose when submitting online
all come from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from wagtail.models import Page, Site

from cms.core import fragments
from cms.core.portal import is_portal
from procedure_pages.models import (
    HandlingChange,
    ProcedurePage,
    Tier,
    UnitProcedureChange,
)
from sites.models import AdministrativeUnit, UnitKind

# The unit kind that handles every procedure of a shared tier.
TIER_UNIT_KIND: dict[str, str] = {
    Tier.DISTRICT: UnitKind.DISTRICT,
    Tier.COMMUNE: UnitKind.COMMUNE,
}
UNIT_KIND_TIER: dict[str, str] = {kind: tier for tier, kind in TIER_UNIT_KIND.items()}


def _site_root_path(unit: AdministrativeUnit) -> str | None:
    site = Site.objects.filter(profile__unit=unit).select_related("root_page").first()
    return site.root_page.path if site is not None else None


def procedures_handled_by(
    unit: AdministrativeUnit,
    procedures: QuerySet[ProcedurePage] | None = None,
    site: Site | None = None,
) -> QuerySet[ProcedurePage]:
    """The procedures ``unit`` handles (from ``procedures``, all by default).

    ``site``: the unit's site when the caller has it (spares its lookup).
    """
    if procedures is None:
        procedures = ProcedurePage.objects.all()
    handled = Q(lead_agency__unit=unit)
    tier = UNIT_KIND_TIER.get(unit.kind)
    if tier is not None:
        handled |= Q(tier=tier)
    root_path = site.root_page.path if site is not None else _site_root_path(unit)
    if root_path is not None:
        handled |= Q(path__startswith=root_path)
    changes = UnitProcedureChange.objects.filter(unit=unit)
    handled |= Q(pk__in=changes.filter(change=HandlingChange.ADDS).values("procedure"))
    return procedures.filter(handled).exclude(
        pk__in=changes.filter(change=HandlingChange.EXCLUDES).values("procedure")
    )


def units_handling(
    procedure: ProcedurePage, request: HttpRequest | None = None
) -> QuerySet[AdministrativeUnit]:
    """Units that receive dossiers of ``procedure``, by name (``request``: its
    site root paths, read once per request, spare a cache read)."""
    handled = Q(pk__in=[])
    kind = TIER_UNIT_KIND.get(procedure.tier)
    if kind is not None:
        handled |= Q(kind=kind)
    if procedure.lead_agency_id is not None:
        handled |= Q(agencies__procedures_led=procedure)
    # The site it lives on, from Wagtail's cached site root paths (no query).
    parts = procedure.get_url_parts(request)
    if parts is not None:
        handled |= Q(site_profile__site_id=parts[0]) & ~Q(kind=UnitKind.PROVINCE)
    changes = UnitProcedureChange.objects.filter(procedure=procedure)
    handled |= Q(pk__in=changes.filter(change=HandlingChange.ADDS).values("unit"))
    return (
        AdministrativeUnit.objects.filter(handled)
        .exclude(pk__in=changes.filter(change=HandlingChange.EXCLUDES).values("unit"))
        .distinct()
        .order_by("name")
    )


def handles(
    unit: AdministrativeUnit,
    procedure: ProcedurePage,
    request: HttpRequest | None = None,
) -> bool:
    """True when ``unit`` receives dossiers of ``procedure``."""
    return units_handling(procedure, request).filter(pk=unit.pk).exists()


# --- a shared procedure shown on a unit's site ------------------------------------

# Set on the request when a unit's catalogue serves a procedure published once for
# its tier (the page lives in the portal's catalogue).
CATALOGUE_ATTRIBUTE = "procedure_catalogue"


def unit_of_site(site: Site | None) -> AdministrativeUnit | None:
    profile = getattr(site, "profile", None) if site is not None else None
    return profile.unit if profile is not None else None


def shared_procedure(
    index: Page, slug: str, site: Site | None = None
) -> ProcedurePage | None:
    """The live procedure ``slug`` a unit's catalogue shows although it lives
    elsewhere (its tier's shared record), or None.

    The portal's catalogue and a catalogue's own children route as usual.
    ``site``: the request's site (cached with its profile and unit), used when
    the catalogue is on it; otherwise the catalogue's site is looked up.
    """
    if site is None or not index.path.startswith(site.root_page.path):
        site = index.get_site()
    unit = None if is_portal(site) else unit_of_site(site)
    if unit is None or index.get_children().filter(slug=slug).exists():
        return None
    live = ProcedurePage.objects.live().public().filter(slug=slug)
    return procedures_handled_by(unit, live).first()


@dataclass
class WhereToGo:
    """Where a citizen hands in a dossier of a procedure, as the site shows it."""

    unit: AdministrativeUnit | None
    profile: Any
    units: list[AdministrativeUnit]


def where_to_go(procedure: ProcedurePage, request: HttpRequest) -> WhereToGo:
    """The unit of the site the citizen is on when it handles the procedure (its
    address and hours come from the site's profile); on the portal, every unit
    that receives it, for the citizen to pick theirs. From the shared cache
    (``cms.core.fragments``: purged when a page, unit or agency changes)."""
    return fragments.cached(
        request,
        "where-to-go",
        lambda: find_where_to_go(procedure, request),
        parts=[procedure.pk],
    )


def find_where_to_go(procedure: ProcedurePage, request: HttpRequest) -> WhereToGo:
    site = Site.find_for_request(request)
    unit = None if is_portal(site) else unit_of_site(site)
    if unit is not None and handles(unit, procedure, request):
        return WhereToGo(unit=unit, profile=getattr(site, "profile", None), units=[])
    units = list(
        units_handling(procedure, request).select_related("site_profile__site")
    )
    if len(units) == 1:
        only = units[0]
        return WhereToGo(
            unit=only, profile=getattr(only, "site_profile", None), units=[]
        )
    return WhereToGo(unit=None, profile=None, units=units)


def sites_showing(page: Page) -> list[int]:
    """Ids of the sites that show ``page`` or a page below a procedure (its
    online service): the sites of every unit that handles the procedure (a
    tier's shared procedure is on every unit's site of that tier). The page
    cache purges them when the page is published (``page_cache_sites`` hook)."""
    steplen = Page.steplen
    paths = [page.path[:end] for end in range(steplen, len(page.path) + 1, steplen)]
    procedure = ProcedurePage.objects.filter(path__in=paths).order_by("-depth").first()
    if procedure is None:
        return []
    return list(
        Site.objects.filter(profile__unit__in=units_handling(procedure)).values_list(
            "pk", flat=True
        )
    )
