"""API v3 router ``search`` (PORTAL.md §7), mounted by ``cms.api``.

``GET /api/v3/search/?q=…`` has the semantics of ``/api/v2/search/``: the same
query service (``search.services``), filters, facets, highlights and "did you
mean", best match first. In v3, ``site`` is a site's host name as everywhere
else in v3 (default: the site the request is sent to). ``GET
/api/v3/search/suggest?q=…`` completes what was typed.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from wagtail.models import Site

from cms.core import querystring
from search.backends.base import SearchFilters
from search.services import MAX_PAGE
from search.services import search as run_search
from search.services import suggest as run_suggest

router = Router(tags=["search"])

# As /api/v2/search/: longer than any analysed query needs.
MAX_QUERY_LENGTH = 1000
MAX_PAGE_SIZE = 50


class SearchParams(Schema):
    q: str = Field(
        "", max_length=MAX_QUERY_LENGTH, description="What the citizen typed."
    )
    sector: str | None = Field(
        None, max_length=querystring.MAX_TEXT_LENGTH, description="Sector name."
    )
    agency: str | None = Field(
        None, max_length=querystring.MAX_TEXT_LENGTH, description="Agency name."
    )
    tier: str | None = Field(
        None, max_length=querystring.MAX_TEXT_LENGTH, description="tinh, huyen, xa."
    )
    level: int | None = Field(None, ge=1, le=4)
    online_kind: str | None = Field(
        None,
        max_length=querystring.MAX_TEXT_LENGTH,
        description="toan_trinh, mot_phan, none.",
    )
    kind: str | None = Field(
        None,
        max_length=querystring.MAX_TEXT_LENGTH,
        description="What was found: procedure, form, page.",
    )
    site: str | None = Field(
        None,
        max_length=255,
        description="Host name of a site: what its search finds, at its "
        "addresses. Default: the site the request is sent to.",
    )
    page: int = Field(1, ge=1, le=MAX_PAGE)
    limit: int = Field(10, ge=1, le=MAX_PAGE_SIZE, description="Results per page.")


class Hit(Schema):
    code: str
    title: str
    url: str
    agency: str
    sector: str
    tier: str
    level: int | None
    online_kind: str
    highlight: str = Field(description="The title with <mark> around matches.")


class Bucket(Schema):
    value: Any
    count: int


class SearchAnswer(Schema):
    query: str
    count: int
    backend: str = Field(description="elasticsearch or database")
    page: int
    did_you_mean: str | None
    results: list[Hit]
    facets: dict[str, list[Bucket]]


class SuggestParams(Schema):
    q: str = Field("", max_length=MAX_QUERY_LENGTH)
    site: str | None = Field(None, max_length=255)


class Suggestion(Schema):
    title: str
    url: str
    code: str


class SuggestAnswer(Schema):
    query: str
    backend: str
    suggestions: list[Suggestion]


def _site_id(request: HttpRequest, hostname: str | None) -> int | None:
    # ``site`` means one thing across v3 (sites.api.site_by_host); search sits
    # below sites, so it reads the host name itself, with the same answer.
    if hostname:
        text = hostname.strip().lower()[:255]
        site = Site.objects.filter(hostname=text).first()
        if site is None:
            raise querystring.InvalidParameter(
                "site", querystring.names_nothing().reason
            )
        return int(site.pk)
    current = Site.find_for_request(request)
    return int(current.pk) if current is not None else None


@router.get(
    "/",
    response={200: SearchAnswer},
    summary="Search procedures, forms and pages",
    description="Understands Vietnamese typed without diacritics, with wrong "
    "tones, abbreviations, colloquial words, codes and typos.",
    operation_id="search",
)
def search(request: HttpRequest, params: Query[SearchParams]) -> dict[str, Any]:
    site_id = _site_id(request, params.site)
    filters = SearchFilters.from_query(request.GET, site_id)
    results = run_search(params.q, filters, params.page, page_size=params.limit)
    return {
        "query": results.query,
        "count": results.count,
        "backend": results.backend,
        "page": results.page,
        "did_you_mean": results.did_you_mean or None,
        "results": [hit.as_api() for hit in results.hits],
        "facets": {
            name: [{"value": value, "count": count} for value, count in buckets]
            for name, buckets in results.facets.items()
        },
    }


@router.get(
    "/suggest",
    response={200: SuggestAnswer},
    summary="Suggestions as one types",
    operation_id="search_suggest",
)
def suggest(request: HttpRequest, params: Query[SuggestParams]) -> dict[str, Any]:
    site_id = _site_id(request, params.site)
    suggestions, backend = run_suggest(params.q, site_id)
    return {
        "query": params.q,
        "backend": backend,
        "suggestions": [
            {"title": s.title, "url": s.url, "code": s.code} for s in suggestions
        ],
    }
