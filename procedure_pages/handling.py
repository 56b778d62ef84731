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

from django.db.models import Q, QuerySet
from wagtail.models import Site

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
    unit: AdministrativeUnit, procedures: QuerySet[ProcedurePage] | None = None
) -> QuerySet[ProcedurePage]:
    """The procedures ``unit`` handles (from ``procedures``, all by default)."""
    if procedures is None:
        procedures = ProcedurePage.objects.all()
    handled = Q(lead_agency__unit=unit)
    tier = UNIT_KIND_TIER.get(unit.kind)
    if tier is not None:
        handled |= Q(tier=tier)
    root_path = _site_root_path(unit)
    if root_path is not None:
        handled |= Q(path__startswith=root_path)
    changes = UnitProcedureChange.objects.filter(unit=unit)
    handled |= Q(pk__in=changes.filter(change=HandlingChange.ADDS).values("procedure"))
    return procedures.filter(handled).exclude(
        pk__in=changes.filter(change=HandlingChange.EXCLUDES).values("procedure")
    )


def units_handling(procedure: ProcedurePage) -> QuerySet[AdministrativeUnit]:
    """Units that receive dossiers of ``procedure``, by name."""
    handled = Q(pk__in=[])
    kind = TIER_UNIT_KIND.get(procedure.tier)
    if kind is not None:
        handled |= Q(kind=kind)
    if procedure.lead_agency_id is not None:
        handled |= Q(agencies__procedures_led=procedure)
    site = procedure.get_site()
    if site is not None:
        handled |= Q(site_profile__site=site) & ~Q(kind=UnitKind.PROVINCE)
    changes = UnitProcedureChange.objects.filter(procedure=procedure)
    handled |= Q(pk__in=changes.filter(change=HandlingChange.ADDS).values("unit"))
    return (
        AdministrativeUnit.objects.filter(handled)
        .exclude(pk__in=changes.filter(change=HandlingChange.EXCLUDES).values("unit"))
        .distinct()
        .order_by("name")
    )


def handles(unit: AdministrativeUnit, procedure: ProcedurePage) -> bool:
    """True when ``unit`` receives dossiers of ``procedure``."""
    return units_handling(procedure).filter(pk=unit.pk).exists()
