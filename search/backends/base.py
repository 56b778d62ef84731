"""What both search backends share: filters, hits, results and suggestions.

Each backend (``elasticsearch``, ``database``) takes the same ``QueryPlan``
(``search.analysis``) and ``SearchFilters`` and returns the same
``SearchResults``; ``search.services`` picks one and falls back.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from cms.core import querystring
from search.analysis import QueryPlan
from search.records import SiteScope
from search.vietnamese import highlight, snippet

FACET_FIELDS = (
    "sector",
    "agency",
    "tier",
    "level",
    "online_kind",
    "user_type",
    "kind",
)
FILTER_FIELDS = FACET_FIELDS
# How the filters are read from a query string (the search page and its API).
# Sector and agency are names here, tier and kind the stored values: the search
# does not know the apps' choices, and a value that matches nothing finds nothing.
QUERY_FILTERS: dict[str, querystring.Converter] = {
    "sector": querystring.text(),
    "agency": querystring.text(),
    "tier": querystring.text(),
    "level": querystring.integer(min_value=1, max_value=4),
    "online_kind": querystring.text(),
    "user_type": querystring.text(),
    "kind": querystring.text(),
}


@dataclass
class SearchFilters:
    """Facet filters and the site scope (None: across all sites).

    ``scope`` says what else the site finds (``search.records.site_scope``);
    ``search.services`` fills it in from ``site_id``.
    """

    sector: str = ""
    agency: str = ""
    tier: str = ""
    level: int | None = None
    online_kind: str = ""
    user_type: str = ""
    kind: str = ""
    site_id: int | None = None
    scope: SiteScope | None = None

    @property
    def audiences(self) -> tuple[str, ...]:
        return self.scope.audiences if self.scope is not None else ()

    @classmethod
    def from_query(
        cls, params: Mapping[str, str], site_id: int | None = None
    ) -> SearchFilters:
        """The filters of a request; a value no filter can use raises
        ``querystring.InvalidParameter`` (answered with a 400 naming it)."""
        return cls(
            site_id=site_id, **querystring.parse(params, QUERY_FILTERS, strict=True)
        )

    def active(self) -> dict[str, Any]:
        return {
            name: getattr(self, name)
            for name in FILTER_FIELDS
            if getattr(self, name) not in ("", None)
        }


@dataclass
class SearchHit:
    key: str
    kind: str
    code: str
    title: str
    url: str
    agency: str = ""
    sector: str = ""
    tier: str = ""
    level: int | None = None
    online_kind: str = ""
    score: float = 0.0
    highlight: str = ""
    snippet: str = ""
    promoted: bool = False
    # Where it is found and its path below a site's base (SiteScope.local_url).
    site_ids: tuple[str, ...] = ()
    local_path: str = ""
    user_type: str = ""
    # What the no-result floor reads (search.relevance): the folded searchable
    # text and the body; not shown.
    match_text: str = field(default="", repr=False)
    body: str = field(default="", repr=False)
    # How well it answers the query (0–1, search.relevance), set on page one.
    quality: float | None = None

    def as_api(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "title": self.title,
            "url": self.url,
            "agency": self.agency,
            "sector": self.sector,
            "tier": self.tier,
            "level": self.level,
            "online_kind": self.online_kind,
            "highlight": self.highlight,
        }


@dataclass
class SearchResults:
    query: str
    backend: str
    count: int = 0
    hits: list[SearchHit] = field(default_factory=list)
    facets: dict[str, list[tuple[Any, int]]] = field(default_factory=dict)
    page: int = 1
    page_size: int = 10
    did_you_mean: str = ""
    interpreted_as: str = ""
    # Nothing matched well enough (search.relevance.MATCH_FLOOR): no hits, and
    # the sectors of what nearly matched as related groups to browse.
    no_match: bool = False
    related: list[tuple[Any, int]] = field(default_factory=list)
    # Concepts the query was understood through ("Kết hôn").
    concepts: list[str] = field(default_factory=list)
    # Listing by filters alone (no text): browse a sector, an agency…
    browsing: bool = False

    @property
    def page_count(self) -> int:
        return max(1, math.ceil(self.count / self.page_size))

    @property
    def has_next(self) -> bool:
        return self.page < self.page_count

    @property
    def has_previous(self) -> bool:
        return self.page > 1


@dataclass
class Suggestion:
    title: str
    url: str
    code: str = ""
    kind: str = ""
    site_ids: tuple[str, ...] = ()
    local_path: str = ""


def localise(
    items: list[SearchHit] | list[Suggestion], scope: SiteScope | None
) -> None:
    """Point hits found through a site's audiences at that site's own address."""
    if scope is None:
        return
    for item in items:
        url = scope.local_url(item.kind, item.local_path, item.site_ids)
        if url:
            item.url = url


def hit_from(source: Any, plan: QueryPlan, score: float) -> SearchHit:
    """A hit from an Elasticsearch ``_source`` dict or a ``SearchRecord`` row."""
    get: Callable[..., Any] = (
        source.get
        if isinstance(source, dict)
        else lambda n, d="": getattr(source, n, d)
    )
    words = plan.highlight_words
    return SearchHit(
        key=get("key", ""),
        kind=get("kind", ""),
        code=get("code", ""),
        title=get("title", ""),
        url=get("url", ""),
        agency=get("agency", ""),
        sector=get("sector", ""),
        tier=get("tier", ""),
        level=get("level", None),
        online_kind=get("online_kind", ""),
        score=score,
        highlight=highlight(get("title", ""), words),
        snippet=snippet(get("body", "") or "", words),
        site_ids=tuple(str(s) for s in get("site_ids", ()) or ()),
        local_path=get("local_path", "") or "",
        user_type=get("user_type", "") or "",
        match_text=get("search_folded", "") or "",
        body=get("body", "") or "",
    )
