"""The directory of every unit's site (the portal's "Danh bạ" page)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sites.models import SiteProfile, UnitKind


@dataclass
class DirectoryEntry:
    name: str
    hostname: str
    kind: str
    unit_code: str
    parent_code: str
    parent_name: str


@dataclass
class DirectoryGroup:
    kind: str
    label: str
    entries: list[DirectoryEntry]


@dataclass
class Directory:
    groups: list[DirectoryGroup]
    districts: list[DirectoryEntry]
    selected_district: DirectoryEntry | None

    def __iter__(self) -> Iterator[DirectoryGroup]:
        return iter(self.groups)


def directory(district_code: str = "") -> Directory:
    """Every sub-site grouped by kind; with a district, only its communes.

    One query, whatever the number of sites.
    """
    profiles = (
        SiteProfile.objects.select_related("site", "unit", "unit__parent")
        .exclude(unit__kind=UnitKind.PROVINCE)
        .order_by("unit__name")
    )
    entries = [
        DirectoryEntry(
            name=p.unit.name,
            hostname=p.site.hostname,
            kind=p.unit.kind,
            unit_code=p.unit.code,
            parent_code=p.unit.parent.code if p.unit.parent else "",
            parent_name=p.unit.parent.name if p.unit.parent else "",
        )
        for p in profiles
    ]
    districts = [e for e in entries if e.kind == UnitKind.DISTRICT]
    selected = next((d for d in districts if d.unit_code == district_code), None)
    if selected is not None:
        entries = [e for e in entries if e.parent_code == selected.unit_code]
    groups = [
        DirectoryGroup(
            kind=kind, label=label, entries=[e for e in entries if e.kind == kind]
        )
        for kind, label in UnitKind.choices
        if kind != UnitKind.PROVINCE
    ]
    return Directory(
        groups=[g for g in groups if g.entries],
        districts=districts,
        selected_district=selected,
    )
