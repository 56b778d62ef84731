"""The full-page cache for anonymous visitors, purged on publish.

Public pages cost tens of milliseconds of rendering and every citizen asks for
the same ones. ``cms.middleware.PageCacheMiddleware`` keeps what an anonymous
visitor was sent in the ``pages`` cache (Redis in production, shared by every
worker and app server) and serves it again until the content changes:

- **What is stored**: a ``GET`` answered ``200`` to a request without a session,
  ``messages`` cookie or ``Authorization`` header, whose response sets no cookie,
  does not vary by cookie, used no CSRF token (no form that posts), touched no
  session and is not marked private, outside ``PAGE_CACHE_EXCLUDED_PATHS``
  (the admin, dossier tracking, online-service forms, the APIs that write). A
  signed-in editor, a citizen with a draft or anyone with a session is never
  served from it and never fills it.
- **Keys**: scheme, host (with port: cross-site links keep it), path, query
  string, language, and the *generation* tokens of the scopes the response
  depends on: ``all``, the request's site, and ``search`` for a query with
  ``q=``. Purging a scope replaces its token with a new random one, so every
  entry of the scope becomes unreachable at once (and expires with its TTL);
  a token lost to eviction is replaced by a new one too, never by an old one.
- **Purges** (``signal_handlers``): publishing, unpublishing or deleting a page
  purges every site that shows it (its own, the portal that aggregates every
  site, and those an app adds through the ``page_cache_sites`` hook: a
  procedure shared by a tier is shown on every unit's site of that tier); a
  move, and a change to a model in ``PAGE_CACHE_PURGE_MODELS`` (sites, units,
  agencies, forms, theme settings…), purge everything; a finished search
  sync purges the search results. A front-end cache (nginx, Varnish, a CDN)
  configured in ``WAGTAILFRONTENDCACHE`` is sent Wagtail's purge requests for
  the page and the listings of those sites.
- **Headers**: a stored page is sent with ``Cache-Control: public, max-age=0,
  s-maxage=PAGE_CACHE_SHARED_MAX_AGE`` and a weak ``ETag`` (a matching
  ``If-None-Match`` gets ``304``); anything else gets ``private`` unless the
  view set its own ``Cache-Control``. Stored pages are compressed once (gzip and,
  with the ``brotli`` package, br) and sent as the client accepts.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import re
import secrets
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import patch_cache_control, patch_vary_headers

try:  # optional: br is offered only when the package is installed
    import brotli
except ImportError:  # pragma: no cover - brotli is in requirements.txt
    brotli = None

logger = logging.getLogger(__name__)

ALL = "all"
SEARCH = "search"
HOOK = "page_cache_sites"
# Headers a stored response keeps (the outer middleware adds the others again).
SKIPPED_HEADERS = {
    "content-length",
    "content-encoding",
    "set-cookie",
    "vary",
    "etag",
    "x-page-cache",
    "date",
}
COMPRESSIBLE = re.compile(r"^(text/|application/(json|javascript|xml))")
MIN_COMPRESS_BYTES = 512
# Bigger query strings are served but never stored (nobody links to them).
MAX_QUERY_LENGTH = 512


def enabled() -> bool:
    return bool(getattr(settings, "PAGE_CACHE_ENABLED", False))


def backend() -> BaseCache:
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "pages")]


def site_scope(site_id: int | None) -> str:
    return f"site:{site_id}"


def _token_key(scope: str) -> str:
    return f"generation:{scope}"


def generations(scopes: list[str]) -> list[str]:
    """The current token of each scope (a new one for a scope that has none)."""
    cache = backend()
    keys = [_token_key(scope) for scope in scopes]
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            cache.add(key, secrets.token_hex(8), None)
        found.update(cache.get_many(missing))
    return [str(found.get(key, "")) for key in keys]


def purge(scopes: Iterable[str]) -> None:
    """Make every stored page of ``scopes`` unreachable, now."""
    tokens = {_token_key(scope): secrets.token_hex(8) for scope in set(scopes)}
    if not tokens:
        return
    try:
        backend().set_many(tokens, None)
    except Exception:  # noqa: BLE001 - a cache outage must not break publishing
        logger.exception("page cache: could not purge %s", sorted(tokens))


def purge_on_commit(scopes: Iterable[str]) -> None:
    """Purge once the transaction commits: a page rendered before the commit
    stays under the old tokens, one rendered after sees the new content."""
    chosen = set(scopes)
    transaction.on_commit(lambda: purge(chosen))


def purge_all() -> None:
    purge([ALL])


# --- what may be stored --------------------------------------------------------


def request_is_cacheable(request: HttpRequest) -> bool:
    """Only anonymous GETs without a session may be served from the cache."""
    if request.method != "GET":
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_LENGTH:
        return False
    path = request.path_info
    return not any(pattern.search(path) for pattern in _excluded_patterns())


_patterns_cache: dict[tuple[str, ...], list[re.Pattern[str]]] = {}


def _excluded_patterns() -> list[re.Pattern[str]]:
    sources = tuple(getattr(settings, "PAGE_CACHE_EXCLUDED_PATHS", ()))
    if sources not in _patterns_cache:
        _patterns_cache[sources] = [re.compile(source) for source in sources]
    return _patterns_cache[sources]


def response_is_public(request: HttpRequest, response: HttpResponseBase) -> bool:
    """A response anybody may be sent: the same for every anonymous visitor."""
    if response.status_code != 200 or response.streaming:
        return False
    if not isinstance(response, HttpResponse):
        return False
    if response.cookies or response.has_header("Set-Cookie"):
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",")}
    if "cookie" in vary or "*" in vary or "authorization" in vary:
        return False
    if "CSRF_COOKIE_NEEDS_UPDATE" in request.META:  # a form with a CSRF token
        return False
    session = getattr(request, "session", None)
    if session is not None and (session.accessed or session.modified):
        return False
    user = getattr(request, "_cached_user", None)  # only if a view looked
    if user is not None and user.is_authenticated:
        return False
    control = response.get("Cache-Control", "").lower()
    return not any(word in control for word in ("private", "no-store", "no-cache"))


# --- entries -----------------------------------------------------------------------


@dataclass
class Entry:
    """A stored response: status, headers and the body in each encoding."""

    status: int
    headers: list[tuple[str, str]]
    bodies: dict[str, bytes]
    etag: str
    stored_at: float = field(default_factory=time.time)


def entry_key(request: HttpRequest, tokens: list[str]) -> str:
    parts = "\n".join(
        [
            request.scheme or "",
            request.get_host().lower(),
            request.path,
            request.META.get("QUERY_STRING", ""),
            getattr(request, "LANGUAGE_CODE", ""),
            *tokens,
        ]
    )
    digest = hashlib.sha256(parts.encode("utf-8", "surrogateescape")).hexdigest()
    return f"page:{digest}"


def scopes_for(request: HttpRequest, site_id: int | None) -> list[str]:
    scopes = [ALL, site_scope(site_id)]
    if "q" in request.GET:  # results come from the search index
        scopes.append(SEARCH)
    return scopes


def make_entry(
    response: HttpResponse, encodings: Iterable[str] = ("gzip", "br")
) -> Entry:
    """``response`` as an entry, its body compressed in each of ``encodings``."""
    body = bytes(response.content)
    bodies = {"identity": body}
    content_type = response.get("Content-Type", "")
    if len(body) >= MIN_COMPRESS_BYTES and COMPRESSIBLE.match(content_type):
        if "gzip" in encodings:
            bodies["gzip"] = gzip.compress(body, compresslevel=6, mtime=0)
        if "br" in encodings and brotli is not None:
            bodies["br"] = brotli.compress(body, quality=5)
    headers = [
        (name, value)
        for name, value in response.items()
        if name.lower() not in SKIPPED_HEADERS
    ]
    etag = f'W/"{hashlib.md5(body, usedforsecurity=False).hexdigest()}"'
    return Entry(response.status_code, headers, bodies, etag)


def accepted_encodings(request: HttpRequest) -> list[str]:
    """``br`` and ``gzip`` as the client accepts them (``;q=0`` refuses one)."""
    accepted = request.META.get("HTTP_ACCEPT_ENCODING", "").lower()
    return [
        encoding
        for encoding in ("br", "gzip")
        if re.search(rf"\b{encoding}\b(?!\s*;\s*q=0(\.0*)?\b)", accepted)
        and (encoding != "br" or brotli is not None)
    ]


def choose_encoding(request: HttpRequest, entry: Entry) -> str:
    for encoding in accepted_encodings(request):
        if encoding in entry.bodies:
            return encoding
    return "identity"


def etag_matches(request: HttpRequest, etag: str) -> bool:
    wanted = request.META.get("HTTP_IF_NONE_MATCH", "")
    if not wanted:
        return False
    if wanted.strip() == "*":
        return True
    bare = etag.removeprefix("W/")
    return any(
        candidate.strip().removeprefix("W/") == bare for candidate in wanted.split(",")
    )


def public_headers(response: HttpResponseBase) -> None:
    """What lets a browser revalidate and a front-end cache hold the page: a
    view's own ``max-age`` (a stylesheet's day) is kept, pages get 0."""
    shared = int(getattr(settings, "PAGE_CACHE_SHARED_MAX_AGE", 60))
    if "max-age" in response.get("Cache-Control", ""):
        patch_cache_control(response, public=True, s_maxage=shared)
    else:
        patch_cache_control(response, public=True, max_age=0, s_maxage=shared)


def respond(request: HttpRequest, entry: Entry, state: str) -> HttpResponse:
    """A response built from ``entry`` (``state``: hit or miss, for the header)."""
    if etag_matches(request, entry.etag):
        response = HttpResponse(status=304)
    else:
        encoding = choose_encoding(request, entry)
        response = HttpResponse(entry.bodies[encoding], status=entry.status)
        if encoding != "identity":
            response["Content-Encoding"] = encoding
    for name, value in entry.headers:
        if response.status_code == 304 and name.lower().startswith("content-"):
            continue
        response[name] = value
    if len(entry.bodies) > 1:
        patch_vary_headers(response, ["Accept-Encoding"])
    response["ETag"] = entry.etag
    response["X-Page-Cache"] = state
    public_headers(response)
    return response


def lookup(key: str) -> Any:
    try:
        return backend().get(key)
    except Exception:  # noqa: BLE001 - a cache outage serves pages uncached
        logger.exception("page cache: lookup failed")
        return None


def store(key: str, entry: Entry) -> None:
    timeout = int(getattr(settings, "PAGE_CACHE_SECONDS", 600))
    try:
        backend().set(key, entry, timeout)
    except Exception:  # noqa: BLE001 - a cache outage serves pages uncached
        logger.exception("page cache: store failed")


# --- purges ----------------------------------------------------------------------


def sites_showing(page: Any) -> set[int]:
    """Ids of the sites whose pages show ``page``: the site it lives on, the
    portal (which aggregates every site's content) and those the apps add
    through the ``page_cache_sites`` hook (``fn(page) -> iterable of site ids``).
    """
    from wagtail import hooks
    from wagtail.models import Site

    url_path = page.url_path or ""
    ids = {
        root.site_id
        for root in Site.get_site_root_paths()
        if url_path.startswith(root.root_path)
    }
    ids.update(Site.objects.filter(is_default_site=True).values_list("pk", flat=True))
    for function in hooks.get_hooks(HOOK):
        ids.update(function(page))
    return ids


def purge_front_end(page: Any, site_ids: set[int]) -> None:
    """Ask the front-end caches of ``WAGTAILFRONTENDCACHE`` (if any) to drop the
    page's URLs and the home pages of the sites that show it, once the
    transaction commits (Wagtail's purge task, run by the task worker)."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch
    from wagtail.models import Site

    batch = PurgeBatch()
    batch.add_page(page)
    for site in Site.objects.filter(pk__in=site_ids):
        batch.add_url(site.root_url + "/")

    def send() -> None:
        try:
            batch.purge()
        except Exception:  # noqa: BLE001 - a front-end cache must not break publishing
            logger.exception("page cache: front-end purge failed for page %s", page.pk)

    transaction.on_commit(send)


# Inside ``batched_purge()`` (an import publishing thousands of pages), the
# pages published in this context are only noted.
_batch: ContextVar[list[Any] | None] = ContextVar("page_cache_batch", default=None)


@contextmanager
def batched_purge() -> Iterator[None]:
    """Publish many pages, purge once: finding the sites that show each page
    costs queries per page (a tier's shared procedure is on every district's
    site), which an import of n procedures would pay n times. At the end of the
    block every stored page is purged (one write) when anything was published."""
    pages: list[Any] = []
    token = _batch.set(pages)
    try:
        yield
    finally:
        _batch.reset(token)
    if pages:
        purge_on_commit([ALL])
        for page in pages:
            purge_front_end(page, set())


def page_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Published or unpublished: purge every site that shows the page."""
    batch = _batch.get()
    if batch is not None:
        batch.append(instance)
        return
    site_ids = sites_showing(instance)
    purge_on_commit(site_scope(site_id) for site_id in site_ids)
    purge_front_end(instance, site_ids)


def page_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A live page is deleted (with its subtree: one signal per page): purge
    everything, which is one write however many pages go."""
    from wagtail.models import Page

    if isinstance(instance, Page) and instance.live:
        purge_on_commit([ALL])
        purge_front_end(instance, set())


def everything_changed(sender: Any, **kwargs: Any) -> None:
    """A page moved (its URL and every listing of it) or shared content
    changed (a site, unit, agency, form, theme…): purge every site."""
    purge_on_commit([ALL])


def search_synced(sender: Any, task_result: Any, **kwargs: Any) -> None:
    """The search index changed: cached search results are stale."""
    module = getattr(getattr(task_result, "task", None), "module_path", "")
    if module.startswith(tuple(getattr(settings, "PAGE_CACHE_SEARCH_TASKS", ()))):
        # Search results, and the parts of pages that list what a query
        # matched (cms.core.fragments: the catalogue's text filter).
        purge([SEARCH, "fragments"])


def purge_models() -> list[type[Model]]:
    """The models of ``PAGE_CACHE_PURGE_MODELS`` (``app_label.Model`` or
    ``app_label.*``), minus ``PAGE_CACHE_IGNORED_MODELS`` and the page types
    (a page is purged when it is published, not when a draft is saved)."""
    from django.apps import apps
    from wagtail.models import Page

    chosen: list[type[Model]] = []
    ignored = {label.lower() for label in settings.PAGE_CACHE_IGNORED_MODELS}
    for label in settings.PAGE_CACHE_PURGE_MODELS:
        app_label, _, model_name = label.partition(".")
        if model_name == "*":
            models = list(apps.get_app_config(app_label).get_models())
        else:
            models = [apps.get_model(app_label, model_name)]
        chosen.extend(
            model
            for model in models
            if model._meta.label_lower not in ignored
            and not issubclass(model, Page)
            and model not in chosen
        )
    return chosen


def connect() -> None:
    """Connected in ``CmsConfig.ready()``."""
    from django.db.models.signals import post_delete, post_save, pre_delete
    from django_tasks.signals import task_finished
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(page_changed, dispatch_uid="page-cache-published")
    page_unpublished.connect(page_changed, dispatch_uid="page-cache-unpublished")
    pre_delete.connect(page_deleted, dispatch_uid="page-cache-deleted")
    post_page_move.connect(everything_changed, dispatch_uid="page-cache-moved")
    task_finished.connect(search_synced, dispatch_uid="page-cache-search")
    models = purge_models()
    for model in models:
        uid = f"page-cache-{model._meta.label_lower}"
        post_save.connect(everything_changed, sender=model, dispatch_uid=f"{uid}-s")
        post_delete.connect(everything_changed, sender=model, dispatch_uid=f"{uid}-d")
    # The parts of pages kept in the cache (cms.core.fragments) follow the same
    # changes, and any page save.
    from cms.core import fragments

    fragments.connect(models)
