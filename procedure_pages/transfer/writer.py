"""Writing checked rows into the page tree through Wagtail's public API.

A new procedure is added with ``parent.add_child(instance=page)``; new and
changed procedures are saved as a revision and published with Wagtail's
publish action (``revision.publish(user=...)``), exactly as an editor's
publish: ``page_published`` fires, the revision and the ``wagtail.publish``
audit-log entry exist, workflows and the search index react as usual.

Rows come in chunks; what a chunk needs from the database (its existing
procedures, free slugs) is fetched once per chunk, and agencies, sectors and
catalogue pages once per import, so memory stays flat however long the file.

Placement of a NEW procedure: ``--site`` when given; otherwise the site of its
agency's administrative unit; otherwise (no agency, or an agency without a
site) the provincial portal. Existing procedures (same code) are updated where
they are and never moved.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Page, Site

from cms.core.cache import batched_purge
from cms.core.portal import portal_site
from cms.core.tabular import TabularError
from procedure_pages.models import (
    Agency,
    ProcedureIndexPage,
    ProcedurePage,
    Sector,
    Tier,
)
from procedure_pages.services import catalogue_for_site
from procedure_pages.transfer.columns import IMPORTED_FIELDS, STREAM_FIELDS
from procedure_pages.transfer.indexing import batched_indexing
from procedure_pages.transfer.validation import ParsedRow
from sites.models import AdministrativeUnit

# The audit-log action of one import, per catalogue that received rows
# (registered in wagtail_hooks), besides each page's own wagtail.publish.
IMPORT_ACTION = "procedure_pages.import"


class Codes:
    """The procedure codes of one outcome: all counted, the first few kept.

    An import streams: its report must not grow with the file either.
    """

    KEEP = 20

    def __init__(self) -> None:
        self.count = 0
        self.first: list[str] = []

    def append(self, code: str) -> None:
        self.count += 1
        if len(self.first) < self.KEEP:
            self.first.append(code)

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[str]:
        return iter(self.first)

    def __repr__(self) -> str:
        return f"<Codes {self.count}: {', '.join(self.first)}>"


@dataclass
class ImportReport:
    """What an import did (or, on a dry run, would do)."""

    rows: int = 0
    created: Codes = field(default_factory=Codes)
    updated: Codes = field(default_factory=Codes)
    unchanged: Codes = field(default_factory=Codes)
    new_sectors: list[str] = field(default_factory=list)
    new_agencies: list[str] = field(default_factory=list)
    placed: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False

    def summary_lines(self) -> list[str]:
        lines = [
            _(
                "%(rows)d rows: %(created)d new procedures, %(updated)d updated, "
                "%(unchanged)d unchanged."
            )
            % {
                "rows": self.rows,
                "created": len(self.created),
                "updated": len(self.updated),
                "unchanged": len(self.unchanged),
            }
        ]
        if self.new_sectors:
            lines.append(
                _("New sectors: %(names)s") % {"names": ", ".join(self.new_sectors)}
            )
        if self.new_agencies:
            lines.append(
                _("New agencies: %(names)s") % {"names": ", ".join(self.new_agencies)}
            )
        for where, count in sorted(self.placed.items()):
            lines.append(
                _("Placed %(count)d new procedures in %(where)s")
                % {"count": count, "where": where}
            )
        if self.dry_run:
            lines.append(_("Dry run: no change was saved."))
        return lines


def _stream(block_type: str, values: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"type": block_type, "value": value} for value in values]


def _comparable(raw: Iterable[Any]) -> list[tuple[str, Any]]:
    return [(block["type"], block["value"]) for block in raw]


def _with_ids(raw: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**block, "id": str(uuid.uuid4())} for block in raw]


class Lookup:
    """Agencies and sectors by name (case-insensitive), created when missing.

    Both tables are small (hundreds of rows), so they are read once per import.
    """

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        self.sectors = {s.name.casefold(): s for s in Sector.objects.all()}
        self.agencies = {a.name.casefold(): a for a in Agency.objects.all()}

    def ensure(self, rows: list[ParsedRow]) -> None:
        """Create the sectors and agencies these rows name that do not exist."""
        new_sectors: dict[str, str] = {}
        new_agencies: dict[str, tuple[str, str]] = {}
        for row in rows:
            if row.sector and row.sector.casefold() not in self.sectors:
                new_sectors.setdefault(row.sector.casefold(), row.sector)
            tier = row.values["tier"] or Tier.PROVINCIAL
            for name in [row.agency, row.deciding_agency, *row.co_agencies]:
                if name and name.casefold() not in self.agencies:
                    new_agencies.setdefault(name.casefold(), (name, tier))
        for name in new_sectors.values():
            sector = Sector.objects.create(name=name)
            self.sectors[name.casefold()] = sector
            self.report.new_sectors.append(name)
        if new_agencies:
            units = {
                unit.name.casefold(): unit
                for unit in AdministrativeUnit.objects.filter(
                    name__in=[name for name, _tier in new_agencies.values()]
                )
            }
            for name, tier in new_agencies.values():
                agency = Agency.objects.create(
                    name=name, tier=tier, unit=units.get(name.casefold())
                )
                self.agencies[name.casefold()] = agency
                self.report.new_agencies.append(name)
        self.report.new_sectors.sort()
        self.report.new_agencies.sort()

    def sector(self, name: str) -> Sector | None:
        return self.sectors[name.casefold()] if name else None

    def agency(self, name: str) -> Agency | None:
        return self.agencies[name.casefold()] if name else None


class Placement:
    """The catalogue index page each new procedure goes under."""

    def __init__(self, site_hostname: str | None) -> None:
        self.forced: Site | None = None
        if site_hostname:
            self.forced = Site.objects.filter(hostname=site_hostname).first()
            if self.forced is None:
                raise TabularError.single(
                    _("No site has the host name %(host)s.") % {"host": site_hostname}
                )
        self.portal = portal_site()
        self.site_of_unit = {
            unit_id: site
            for site in Site.objects.select_related("profile")
            if (unit_id := getattr(getattr(site, "profile", None), "unit_id", None))
        }
        self.indexes: dict[int, ProcedureIndexPage] = {}
        self.labels: dict[int, str] = {}

    def site_for(self, agency: Agency | None) -> Site | None:
        if self.forced is not None:
            return self.forced
        if agency is not None and agency.unit_id in self.site_of_unit:
            return self.site_of_unit[agency.unit_id]
        return self.portal

    def index_for(self, agency: Agency | None, row: int) -> ProcedureIndexPage:
        site = self.site_for(agency)
        if site is None:
            raise TabularError.single(
                _(
                    "There is no default site (the provincial portal) to place "
                    "procedures on."
                ),
                row,
            )
        if site.pk not in self.indexes:
            self.indexes[site.pk] = catalogue_for_site(site)
            self.labels[self.indexes[site.pk].pk] = (
                f"{site.site_name} ({site.hostname})"
            )
        return self.indexes[site.pk]

    def label(self, index: ProcedureIndexPage) -> str:
        return self.labels[index.pk]


class TreeWriter:
    """Upserts checked rows by code, chunk by chunk, through Wagtail's API."""

    def __init__(self, *, site: str | None, user: Any, report: ImportReport) -> None:
        self.user = user
        self.report = report
        self.placement = Placement(site)
        self.lookup = Lookup(report)
        # Per catalogue page (by tree path): how many procedures it received.
        self.counts: dict[str, dict[str, int]] = {}

    def write(self, rows: list[ParsedRow]) -> None:
        """Create, update or leave alone each row's procedure."""
        self.lookup.ensure(rows)
        existing = {
            page.code: page
            for page in ProcedurePage.objects.filter(
                code__in=[row.code for row in rows]
            ).prefetch_related("co_processing_agencies")
        }
        new = [row for row in rows if row.code not in existing]
        slugs = self._free_slugs(new)
        with batched_indexing(), batched_purge():
            for row in rows:
                page = existing.get(row.code)
                if page is None:
                    self._create(row, slugs[row.code])
                else:
                    self._update(row, page)

    def finish(self) -> None:
        """One audit-log entry per catalogue that received rows."""
        for parent in Page.objects.filter(path__in=list(self.counts)):
            log(
                instance=parent,
                action=IMPORT_ACTION,
                user=self.user,
                data=self.counts[parent.path],
            )

    # -- one row ----------------------------------------------------------------

    def _values(self, row: ParsedRow, keep_forms: dict[str, Any]) -> dict[str, Any]:
        lookup = self.lookup
        lead = lookup.agency(row.agency)
        deciding = lookup.agency(row.deciding_agency)
        sector = lookup.sector(row.sector)
        values = dict(row.values)
        if values["tier"] is None:
            values["tier"] = lead.tier if lead is not None else Tier.PROVINCIAL
        values["sector_id"] = sector.pk if sector else None
        values["lead_agency_id"] = lead.pk if lead else None
        values["deciding_agency_id"] = deciding.pk if deciding else None
        values["steps"] = _stream("step", ({"description": s} for s in row.steps))
        values["documents"] = _stream(
            "document",
            ({**doc, "form": keep_forms.get(doc["name"])} for doc in row.documents),
        )
        values["legal_basis"] = _stream("legal_document", row.legal_basis)
        return values

    def _co_agencies(self, row: ParsedRow) -> list[Agency]:
        agencies = {self.lookup.agencies[name.casefold()] for name in row.co_agencies}
        return sorted(agencies, key=lambda agency: agency.pk)

    def _create(self, row: ParsedRow, slug: str) -> None:
        values = self._values(row, {})
        parent = self.placement.index_for(self.lookup.agency(row.agency), row.row)
        page = ProcedurePage(code=row.code, slug=slug, live=False)
        if getattr(self.user, "pk", None) is not None:
            page.owner = self.user  # as the editor's create view does
        for name in IMPORTED_FIELDS:
            setattr(page, name, values[name])
        for name in STREAM_FIELDS:
            setattr(page, name, _with_ids(values[name]))
        page.co_processing_agencies = self._co_agencies(row)
        parent.add_child(instance=page)
        self._publish(page)
        self.report.created.append(row.code)
        where = self.placement.label(parent)
        self.report.placed[where] = self.report.placed.get(where, 0) + 1
        self._count(parent.path, "created")

    def _update(self, row: ParsedRow, page: ProcedurePage) -> None:
        keep_forms = {
            block["value"].get("name"): block["value"].get("form")
            for block in page.documents.raw_data
        }
        values = self._values(row, keep_forms)
        co_agencies = self._co_agencies(row)
        dirty = [n for n in IMPORTED_FIELDS if getattr(page, n) != values[n]]
        dirty += [
            name
            for name in STREAM_FIELDS
            if _comparable(getattr(page, name).raw_data) != _comparable(values[name])
        ]
        old_co = sorted(agency.pk for agency in page.co_processing_agencies.all())
        if not dirty and old_co == [agency.pk for agency in co_agencies]:
            self.report.unchanged.append(row.code)
            return
        for name in IMPORTED_FIELDS:
            setattr(page, name, values[name])
        for name in STREAM_FIELDS:
            setattr(page, name, _with_ids(values[name]))
        page.co_processing_agencies = co_agencies
        self._publish(page)
        self.report.updated.append(row.code)
        self._count(page.path[: -Page.steplen], "updated")

    def _publish(self, page: ProcedurePage) -> None:
        """Save a revision and publish it: Wagtail's own publish action.

        The revision is not validated on its own (``clean=False``): the row was
        checked, and publishing validates the page (``full_clean``) anyway.
        """
        revision = page.save_revision(user=self.user, clean=False)
        revision.publish(user=self.user)

    def _count(self, parent_path: str, what: str) -> None:
        counts = self.counts.setdefault(parent_path, {})
        counts[what] = counts.get(what, 0) + 1

    def _free_slugs(self, rows: list[ParsedRow]) -> dict[str, str]:
        """A slug per new row's code, free among its future siblings.

        Codes are unique in the file, so clashes are rare (two codes slugified
        alike, a hand-made page); they get "-2", "-3"… like Wagtail's editor.
        """
        parents = {
            row.code: self.placement.index_for(self.lookup.agency(row.agency), row.row)
            for row in rows
        }
        wanted = {row.code: slugify(row.code) or "thu-tuc" for row in rows}
        by_parent: dict[int, tuple[Page, list[str]]] = {}
        for code, parent in parents.items():
            by_parent.setdefault(parent.pk, (parent, []))[1].append(wanted[code])
        taken = {
            parent_id: set(
                Page.objects.child_of(parent)
                .filter(slug__in=bases)
                .values_list("slug", flat=True)
            )
            for parent_id, (parent, bases) in by_parent.items()
        }
        slugs: dict[str, str] = {}
        for code, base in wanted.items():
            parent = parents[code]
            used = taken[parent.pk]
            slug, suffix = base, 2
            while slug in used or (
                slug != base
                and Page.objects.child_of(parent).filter(slug=slug).exists()
            ):
                slug, suffix = f"{base}-{suffix}", suffix + 1
            used.add(slug)
            slugs[code] = slug
        return slugs
