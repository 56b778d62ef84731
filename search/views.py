"""Thin views over ``search.services``: the search page and the JSON API."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Site

from cms.core import querystring
from cms.core.links import root_url_for
from search.backends.base import SearchFilters
from search.services import log_opened, log_search
from search.services import search as run_search
from search.services import suggest as run_suggest

FACET_LABELS = {
    "sector": _("Sector"),
    "agency": _("Agency"),
    "tier": _("Tier"),
    "level": _("Service level"),
    "online_kind": _("Online public service"),
    "user_type": _("Who can apply"),
    "kind": _("Type"),
}


def local_url(url: str, request: HttpRequest) -> str:
    """A link on the requested host becomes a path; a link to another site of
    the portal keeps the request's scheme and port (``cms.core.links``)."""
    parts = urlsplit(url)
    if not parts.hostname:
        return url
    path = urlunsplit(("", "", parts.path, parts.query, parts.fragment))
    if parts.hostname == request.get_host().rsplit(":", 1)[0]:
        return path
    return root_url_for(parts.hostname, request) + path


_SITE_ID = querystring.integer(min_value=1)
# Longer than any analysed query needs (a procedure's full name is rarely over
# 500 characters); a longer one is a 400, not minutes of query analysis.
MAX_QUERY_LENGTH = 1000
QUERY_PARAMETERS: dict[str, querystring.Converter] = {
    "q": querystring.text(max_length=MAX_QUERY_LENGTH, cut=False),
    "page": querystring.integer(min_value=1),
}


def _site_param(value: str) -> tuple[int | None, bool]:
    """``site`` as an id or a host name; (None, False) when it names no site."""
    value = value.strip()
    if not value:
        return None, True
    try:
        site = Site.objects.filter(pk=_SITE_ID(value)).first()
    except ValueError:
        site = Site.objects.filter(hostname=value.lower()).first()
    return (site.pk, True) if site else (None, False)


def _query(request: HttpRequest) -> tuple[str, int]:
    """The text and page asked for; InvalidParameter (a 400) when unusable."""
    chosen = querystring.parse(request.GET, QUERY_PARAMETERS, strict=True)
    return request.GET.get("q", ""), chosen.get("page", 1)


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """The search page of the current site (its own catalogue and pages)."""
    site = Site.find_for_request(request)
    query, page = _query(request)
    filters = SearchFilters.from_query(request.GET, site.pk if site else None)
    results = run_search(query, filters, page)
    active = filters.active()
    token = log_search(results, site.pk if site else None, "page", bool(active))
    for hit in results.hits:
        hit.url = local_url(hit.url, request)
    facets = [
        {
            "name": name,
            "label": FACET_LABELS.get(name, name),
            "buckets": buckets,
            "active": str(active.get(name, "")),
            # A value's link replaces this facet's filter and keeps the others.
            "base_query": querystring.encode(request.GET, drop=(name, "page")),
        }
        for name, buckets in results.facets.items()
        if buckets
    ]
    response = TemplateResponse(
        request,
        "search/search_results.html",
        {
            "results": results,
            "query": query.strip(),
            "facets": facets,
            "active_filters": active,
            "base_query": querystring.encode(request.GET, drop=("page",)),
            "search_token": token,
        },
    )
    if token:
        # A logged search is one visitor's: a shared cache must not answer the
        # next visitor with it (that search would go unlogged, and its opened
        # results would count for this one).
        patch_cache_control(response, private=True)
    return response


def _unknown_site() -> JsonResponse:
    return JsonResponse(
        {"error": str(_("The chosen site does not exist.")), "parameter": "site"},
        status=400,
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def api_search(request: HttpRequest) -> JsonResponse:
    """``GET /api/v2/search/?q=…`` (contract in PORTAL.md §7)."""
    site_id, known = _site_param(request.GET.get("site", ""))
    if not known:
        return _unknown_site()
    query, page = _query(request)
    filters = SearchFilters.from_query(request.GET, site_id)
    results = run_search(query, filters, page)
    logged = log_search(results, site_id, "api", bool(filters.active()))
    response = JsonResponse(
        {
            "query": results.query,
            "count": results.count,
            "backend": results.backend,
            "page": results.page,
            "did_you_mean": results.did_you_mean,
            "results": [hit.as_api() for hit in results.hits],
            "facets": {
                name: [{"value": value, "count": count} for value, count in buckets]
                for name, buckets in results.facets.items()
            },
        },
        json_dumps_params={"ensure_ascii": False},
    )
    if logged:
        patch_cache_control(response, private=True)  # see search()
    return response


@require_GET
def api_suggest(request: HttpRequest) -> JsonResponse:
    """As-you-type suggestions: ``GET /api/v2/search/suggest/?q=…[&site=]``.

    Without ``site``, those of the site the request is on (the search boxes of
    a unit's pages suggest what that unit's search finds, at its addresses).
    """
    site_id, known = _site_param(request.GET.get("site", ""))
    if not known:
        return _unknown_site()
    if "site" not in request.GET:
        current = Site.find_for_request(request)
        site_id = current.pk if current is not None else None
    query, _page = _query(request)
    suggestions, backend = run_suggest(query, site_id)
    return JsonResponse(
        {
            "query": query,
            "backend": backend,
            "suggestions": [
                {"title": s.title, "url": local_url(s.url, request), "code": s.code}
                for s in suggestions
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


_RANK = querystring.integer(min_value=1, max_value=1000)


@csrf_exempt  # sent by the browser's ping (no form, no token); records a click only
@require_POST
def api_opened(request: HttpRequest) -> HttpResponse:
    """``POST /api/v2/search/opened/?s=<search token>&k=<key>&r=<rank>``: which
    result of a logged search was opened (the results' links ``ping`` it)."""
    try:
        rank = _RANK(request.GET.get("r", ""))
    except ValueError:
        return HttpResponse(status=204)
    log_opened(request.GET.get("s", ""), request.GET.get("k", ""), rank)
    return HttpResponse(status=204)
