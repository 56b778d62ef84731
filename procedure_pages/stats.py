"""Figures of the catalogue for the dashboards (PORTAL.md §5: the dashboards
read this module; it imports nothing above the catalogue).

- procedures (live pages) by the plan's level 1–4 and by the 2022 kind;
- per lead agency: the same, plus its live online services (pages of the models
  registered in ``procedure_pages.online``) and since when it has one: the first
  publication of its earliest online service still live;
- ``online_service_went_live(code)``: when a procedure's online service was
  first published (the go-live date of a priority service).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from wagtail.models import Page

from procedure_pages import online
from procedure_pages.models import OnlineKind, ProcedurePage, ServiceLevel


def _levels() -> dict[int, int]:
    return {int(level): 0 for level in ServiceLevel.values}


def _kinds() -> dict[str, int]:
    return {str(kind): 0 for kind in OnlineKind.values}


@dataclass
class AgencyCatalogue:
    agency_id: int | None
    name: str
    tier: str
    procedures: int = 0
    by_level: dict[int, int] = field(default_factory=_levels)
    by_kind: dict[str, int] = field(default_factory=_kinds)
    online_services: int = 0
    online_since: datetime.datetime | None = None

    @property
    def has_level3(self) -> bool:
        """At least one live online service (the plan's rule for 2020)."""
        return self.online_services > 0


@dataclass
class CatalogueStats:
    procedures: int = 0
    by_level: dict[int, int] = field(default_factory=_levels)
    by_kind: dict[str, int] = field(default_factory=_kinds)
    online_services: int = 0
    agencies: list[AgencyCatalogue] = field(default_factory=list)


def _first_publications() -> dict[str, datetime.datetime | None]:
    """Parent page path → first publication of its earliest live online service."""
    models = online._service_models
    if not models:
        return {}
    firsts: dict[str, datetime.datetime | None] = {}
    rows = Page.objects.live().type(*models).values_list("path", "first_published_at")
    for path, first in rows:
        parent = path[: -Page.steplen]
        known = firsts.get(parent)
        if parent not in firsts or (
            first is not None and (known is None or first < known)
        ):
            firsts[parent] = first
    return firsts


def catalogue_stats() -> CatalogueStats:
    stats = CatalogueStats()
    firsts = _first_publications()
    agencies: dict[int | None, AgencyCatalogue] = {}
    rows = (
        ProcedurePage.objects.live()
        .order_by()
        .values_list(
            "path",
            "level",
            "online_kind",
            "lead_agency_id",
            "lead_agency__name",
            "lead_agency__tier",
        )
    )
    for path, level, kind, agency_id, name, tier in rows:
        agency = agencies.setdefault(
            agency_id, AgencyCatalogue(agency_id, name or "", tier or "")
        )
        for target in (stats, agency):
            target.procedures += 1
            target.by_level[level] = target.by_level.get(level, 0) + 1
            target.by_kind[kind] = target.by_kind.get(kind, 0) + 1
        if path in firsts:
            stats.online_services += 1
            agency.online_services += 1
            first = firsts[path]
            if first is not None and (
                agency.online_since is None or first < agency.online_since
            ):
                agency.online_since = first
    stats.agencies = sorted(
        agencies.values(), key=lambda a: (a.agency_id is None, a.tier, a.name)
    )
    return stats


def online_service_went_live(code: str) -> datetime.datetime | None:
    """First publication of the live online service of procedure ``code``."""
    procedure = ProcedurePage.objects.live().filter(code=code).first()
    if procedure is None:
        return None
    return _first_publications().get(procedure.path)
