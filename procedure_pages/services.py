"""Catalogue logic: where procedures live and how a catalogue page lists them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from wagtail.models import Site

from cms.core import fragments, querystring
from cms.core.portal import is_portal
from cms.core.text import vietnamese_sort_key
from procedure_pages.handling import procedures_handled_by, unit_of_site
from procedure_pages.models import (
    CATALOGUE_SLUG,
    Agency,
    OnlineKind,
    ProcedureIndexPage,
    ProcedurePage,
    Sector,
    ServiceLevel,
    Tier,
    UserType,
)
from procedure_pages.online import has_online_service

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
SORTS = {
    "code": ("code",),
    "name": ("title", "code"),
    "-updated": ("-last_published_at", "code"),
}
DEFAULT_SORT = "code"


def catalogue_for_site(site: Site) -> ProcedureIndexPage:
    """The catalogue index page of a site, created under its home page if missing."""
    index = ProcedureIndexPage.objects.child_of(site.root_page).order_by("path").first()
    if index is None:
        index = site.root_page.add_child(
            instance=ProcedureIndexPage(
                title="Thủ tục hành chính", slug=CATALOGUE_SLUG, show_in_menus=True
            )
        )
    return index


def is_provincial_catalogue(
    index: ProcedureIndexPage, site: Site | None = None
) -> bool:
    """True for the provincial portal's catalogue, which aggregates every site's."""
    return is_portal(site if site is not None else index.get_site())


def catalogue_site(index: ProcedureIndexPage, request: HttpRequest) -> Site | None:
    """The catalogue's site: the request's (cached, with its profile and unit)
    when the catalogue is on it, as it is when a visitor opens it."""
    site = Site.find_for_request(request)
    if site is not None and index.path.startswith(site.root_page.path):
        return site
    return index.get_site()


def procedures_for_catalogue(
    index: ProcedureIndexPage, site: Site | None = None
) -> QuerySet[ProcedurePage]:
    """Live procedures a catalogue lists: all of them on the portal; on a unit's
    site what the unit handles (its tier's shared procedures, those it leads,
    its own); on a site without a unit, the pages below the catalogue.

    ``site``: the catalogue's site when the caller has it (spares its lookup).
    """
    procedures = ProcedurePage.objects.live()
    if site is None:
        site = index.get_site()
    if is_portal(site):
        return procedures
    unit = unit_of_site(site)
    if unit is None:
        return procedures.descendant_of(index)
    return procedures_handled_by(unit, procedures, site=site)


# The filters of a catalogue listing (query parameter → model field, how to read
# it). Ids for sector and agency, choice values for the rest, so the same URLs
# work in the HTML catalogue and in /api/v2/procedures/.
FILTERS: dict[str, tuple[str | Callable[[Any], Q], querystring.Converter]] = {
    "sector": ("sector_id", querystring.integer()),
    "agency": ("lead_agency_id", querystring.integer()),
    "tier": ("tier", querystring.one_of(Tier)),
    "online_kind": ("online_kind", querystring.one_of(OnlineKind)),
    "level": ("level", querystring.one_of(ServiceLevel, cast=int)),
    "user_type": ("user_type", querystring.one_of(UserType)),
    # online=1: procedures a citizen can submit online (a live online service).
    "online": (has_online_service, querystring.one_of(["1"])),
}


# How a listing is shown: sort order, page size (capped at MAX_PAGE_SIZE), page.
LISTING_OPTIONS: dict[str, querystring.Converter] = {
    "sort": querystring.one_of(SORTS),
    "per_page": querystring.integer(min_value=1),
    "page": querystring.integer(min_value=1),
}


def parse_filters(params: Mapping[str, str]) -> dict[str, Any]:
    """The filter values of query parameters; a value that is not one of the
    filter's raises ``querystring.InvalidParameter`` (answered with a 400)."""
    return querystring.parse(
        params,
        {name: convert for name, (_field, convert) in FILTERS.items()},
        strict=True,
    )


def apply_filters(
    procedures: QuerySet[ProcedurePage], chosen: Mapping[str, Any]
) -> QuerySet[ProcedurePage]:
    for name, value in chosen.items():
        field = FILTERS[name][0]
        condition = field(value) if callable(field) else Q(**{field: value})
        procedures = procedures.filter(condition)
    return procedures


def sort_procedures(
    procedures: QuerySet[ProcedurePage], sort: str
) -> QuerySet[ProcedurePage]:
    return procedures.order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT]))


def listing_queryset(procedures: QuerySet[ProcedurePage]) -> QuerySet[ProcedurePage]:
    """Only what a listing row shows, joined in one query."""
    return procedures.select_related("sector", "lead_agency").only(
        "id",
        "title",
        "slug",
        "url_path",
        "path",
        "depth",
        "code",
        "full_name",
        "tier",
        "level",
        "online_kind",
        "user_type",
        "is_sample",
        "sector__name",
        "lead_agency__name",
        "locale_id",
        "live",
    )


@dataclass
class Facet:
    value: str
    label: str
    count: int
    selected: bool


CHOICES: dict[str, list[tuple[Any, str]]] = {
    "tier": Tier.choices,
    "online_kind": OnlineKind.choices,
    "level": ServiceLevel.choices,
    "user_type": UserType.choices,
}


class CatalogueListing:
    """What a catalogue page shows, worked out when the template asks: a page
    whose HTML comes from the shared cache (the catalogue template's fragment)
    runs none of the queries below. The counts and the filters' options come
    from the shared cache too (``cms.core.fragments``, purged on publish)."""

    def __init__(
        self,
        *,
        request: HttpRequest,
        index: ProcedureIndexPage,
        site: Site | None,
        chosen: dict[str, Any],
        sort: str,
        per_page: int,
        page_number: Any,
        query: str = "",
    ) -> None:
        self.request = request
        self.index = index
        self.site = site
        self.chosen = chosen
        self.sort = sort
        self.per_page = per_page
        self.page_number = page_number
        self.query = query
        self.choices = CHOICES

    def _parts(self) -> list[Any]:
        return [self.index.pk, self.site.pk if self.site is not None else None]

    @cached_property
    def listed(self) -> QuerySet[ProcedurePage]:
        return procedures_for_catalogue(self.index, self.site)

    @cached_property
    def procedures(self) -> QuerySet[ProcedurePage]:
        """What the text query matches among the listed procedures."""
        if not self.query:
            return self.listed
        return matching_text(self.listed, self.query)

    @cached_property
    def _facets(self) -> tuple[list[Facet], list[Facet], int]:
        return fragments.cached(
            self.request,
            "catalogue-facets",
            lambda: _facets_and_total(self.procedures, self.chosen),
            parts=[*self._parts(), self.query, sorted(self.chosen.items())],
        )

    @property
    def counts_by_kind(self) -> list[Facet]:
        return self._facets[0]

    @property
    def counts_by_level(self) -> list[Facet]:
        return self._facets[1]

    @property
    def total(self) -> int:
        return self._facets[2]

    @cached_property
    def _options(self) -> tuple[list[Sector], list[Agency]]:
        return fragments.cached(
            self.request,
            "catalogue-options",
            lambda: catalogue_options(self.listed),
            parts=self._parts(),
        )

    @property
    def sectors(self) -> list[Sector]:
        return self._options[0]

    @property
    def agencies(self) -> list[Agency]:
        return self._options[1]

    @cached_property
    def page(self) -> PaginatorPage:
        filtered = listing_queryset(
            sort_procedures(apply_filters(self.procedures, self.chosen), self.sort)
        )
        paginator = Paginator(filtered, self.per_page)
        paginator.count = self.total  # known from the facets: spares a COUNT(*)
        return paginator.get_page(self.page_number)

    @cached_property
    def is_provincial(self) -> bool:
        return is_provincial_catalogue(self.index, self.site)

    @property
    def agency_groups(self) -> list[AgencyGroup]:
        return agency_groups(self.agencies)


def facet_counts(
    procedures: QuerySet[ProcedurePage],
    chosen: Mapping[str, Any],
    name: str,
    choices: list[tuple[Any, str]],
) -> list[Facet]:
    """Counts per value of one filter, under every other chosen filter."""
    others = {key: value for key, value in chosen.items() if key != name}
    model_field = FILTERS[name][0]
    if not isinstance(model_field, str):  # facets count plain fields
        raise TypeError(f"{name} is not a plain field")
    rows = (
        apply_filters(procedures, others)
        .order_by()
        .values(model_field)
        .annotate(n=Count("pk"))
    )
    counts = {row[model_field]: row["n"] for row in rows}
    return [
        Facet(str(value), label, counts.get(value, 0), chosen.get(name) == value)
        for value, label in choices
    ]


def _facets_and_total(
    procedures: QuerySet[ProcedurePage], chosen: Mapping[str, Any]
) -> tuple[list[Facet], list[Facet], int]:
    """Counts per kind and per level, and the total under the chosen filters.

    Every procedure has exactly one kind, so the total is read off the kind
    counts: no separate COUNT query. Without a kind or level filter, one
    GROUP BY gives both facets (one scan instead of three on big catalogues).
    """
    kind_choices, level_choices = OnlineKind.choices, ServiceLevel.choices
    if "online_kind" in chosen or "level" in chosen:
        kinds = facet_counts(procedures, chosen, "online_kind", kind_choices)
        levels = facet_counts(procedures, chosen, "level", level_choices)
    else:
        rows = (
            apply_filters(procedures, chosen)
            .order_by()
            .values("online_kind", "level")
            .annotate(n=Count("pk"))
        )
        by_kind: dict[Any, int] = {}
        by_level: dict[Any, int] = {}
        for row in rows:
            by_kind[row["online_kind"]] = by_kind.get(row["online_kind"], 0) + row["n"]
            by_level[row["level"]] = by_level.get(row["level"], 0) + row["n"]
        kinds = [
            Facet(str(v), label, by_kind.get(v, 0), False) for v, label in kind_choices
        ]
        levels = [
            Facet(str(v), label, by_level.get(v, 0), False)
            for v, label in level_choices
        ]
    if "online_kind" in chosen:
        total = sum(facet.count for facet in kinds if facet.selected)
    else:
        total = sum(facet.count for facet in kinds)
    return kinds, levels, total


# Provincial agencies (departments) first, then districts, then communes.
TIER_ORDER: dict[str, int] = {Tier.PROVINCIAL: 0, Tier.DISTRICT: 1, Tier.COMMUNE: 2}


def agency_sort_key(agency: Agency) -> tuple[int, Any]:
    """Departments, then districts, then communes; alphabetically in Vietnamese
    order within each tier (a database's collation does not know it)."""
    return TIER_ORDER.get(agency.tier, len(TIER_ORDER)), vietnamese_sort_key(
        agency.name
    )


@dataclass
class AgencyGroup:
    tier: str
    label: str
    agencies: list[Agency]


def agency_groups(agencies: list[Agency]) -> list[AgencyGroup]:
    """Agencies by tier in the order citizens look for them (for optgroups)."""
    ordered = sorted(agencies, key=agency_sort_key)
    return [
        AgencyGroup(
            tier, str(label), [agency for agency in ordered if agency.tier == tier]
        )
        for tier, label in sorted(Tier.choices, key=lambda c: TIER_ORDER[c[0]])
        if any(agency.tier == tier for agency in ordered)
    ]


MAX_QUERY_LENGTH = 200


def matching_text(
    procedures: QuerySet[ProcedurePage], query: str
) -> QuerySet[ProcedurePage]:
    """Procedures whose name or code holds every word of ``query``, typed with or
    without diacritics ("dang ky ket hon" finds "Đăng ký kết hôn").

    The folded titles are the search index's records (one row per live
    procedure, kept in sync on publish); the search page ranks, this only
    narrows the catalogue's list and keeps its filters.
    """
    from search.models import DEFAULT_COLLECTION, RecordKind, SearchRecord
    from search.vietnamese import folded_tokens

    words = folded_tokens(query[:MAX_QUERY_LENGTH])
    if not words:
        return procedures
    records = SearchRecord.objects.filter(
        collection=DEFAULT_COLLECTION, kind=RecordKind.PROCEDURE
    )
    for word in words:
        records = records.filter(
            Q(title_folded__contains=word) | Q(code__icontains=word)
        )
    keys = records.values_list("key", flat=True)
    pks = [
        int(key.rsplit(":", 1)[1]) for key in keys if key.rsplit(":", 1)[1].isdigit()
    ]
    return procedures.filter(pk__in=pks)


def catalogue_options(
    listed: QuerySet[ProcedurePage],
) -> tuple[list[Sector], list[Agency]]:
    """Only the sectors and agencies a catalogue has procedures of, in
    Vietnamese order (the filters' options)."""
    sectors = sorted(
        Sector.objects.filter(pk__in=listed.order_by().values("sector_id")).only(
            "id", "name"
        ),
        key=lambda sector: vietnamese_sort_key(sector.name),
    )
    agencies = sorted(
        Agency.objects.filter(pk__in=listed.order_by().values("lead_agency_id")).only(
            "id", "name", "tier"
        ),
        key=agency_sort_key,
    )
    return sectors, agencies


def catalogue_listing(
    index: ProcedureIndexPage, request: HttpRequest
) -> CatalogueListing:
    """Everything a catalogue page shows: filtered, sorted, paginated, counted.

    A fixed number of queries whatever the page size: the rows come with their
    sector and agency in one query, the counts from one or two GROUP BYs.
    """
    chosen = parse_filters(request.GET)  # a wrong value: 400, before anything
    options = querystring.parse(request.GET, LISTING_OPTIONS, strict=True)
    return CatalogueListing(
        request=request,
        index=index,
        site=catalogue_site(index, request),
        chosen=chosen,
        sort=options.get("sort", DEFAULT_SORT),
        per_page=min(options.get("per_page", PAGE_SIZE), MAX_PAGE_SIZE),
        page_number=options.get("page"),
        query=request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH],
    )
