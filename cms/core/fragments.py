"""Parts of public pages kept in the shared cache: what every page of a site
repeats (its menu) and what a page works out from many rows (the home page's
panels, the catalogue's facets), purged with the page cache and on any page save.

The page cache (``cms.core.cache``) serves whole pages to anonymous visitors;
these fragments make a page that is rendered anyway (the cache off, a visitor
with a session, a query string seen for the first time) cheaper. A fragment is
keyed by:

- the generation tokens of the page cache's scopes ``all`` and the request's
  site, so a publish that purges a site's pages purges its fragments too, and
  of the ``fragments`` scope, which any page save or delete, a view restriction
  change and every model of ``PAGE_CACHE_PURGE_MODELS`` purge **at once** (and
  again when the transaction commits, so a render racing the commit cannot keep
  the old content under the new token);
- the scheme and host (with its port) of the request: fragments hold links to
  other sites on the visitor's scheme and port;
- the active language and what the caller adds (a query string, a page id).

Only what is the same for every visitor may be stored: never anything that
depends on the user, the session, a CSRF token or a private page. A fragment
lives ``FRAGMENT_CACHE_SECONDS`` at most, which bounds how late figures the
purges do not follow (downloads behind "most used") can be.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import translation

from cms.core import cache as page_cache

logger = logging.getLogger(__name__)

FRAGMENTS = "fragments"
TOKENS_ATTRIBUTE = "_fragment_tokens"
T = TypeVar("T")


def enabled() -> bool:
    return bool(getattr(settings, "FRAGMENT_CACHE_ENABLED", True))


def timeout() -> int:
    return int(getattr(settings, "FRAGMENT_CACHE_SECONDS", 300))


def request_site_id(request: HttpRequest) -> int | None:
    from wagtail.models import Site

    site = Site.find_for_request(request)
    return site.pk if site is not None else None


def tokens(request: HttpRequest) -> list[str] | None:
    """The generation tokens of ``all``, the request's site and ``fragments``,
    read once per request (one cache round trip); None without a cache."""
    found = getattr(request, TOKENS_ATTRIBUTE, None)
    if found is None:
        scopes = [
            page_cache.ALL,
            page_cache.site_scope(request_site_id(request)),
            FRAGMENTS,
        ]
        try:
            found = page_cache.generations(scopes)
        except Exception:  # noqa: BLE001 - without the cache, compute
            logger.exception("fragments: no generation tokens")
            found = []
        if not all(found):  # a cache that lost or refused a token
            found = []
        setattr(request, TOKENS_ATTRIBUTE, found)
    return found or None


def key(request: HttpRequest, name: str, parts: Iterable[Any] = ()) -> str | None:
    """The key of fragment ``name`` for this request, None when not cacheable."""
    if not enabled():
        return None
    current = tokens(request)
    if current is None:
        return None
    text = "\n".join(
        [
            name,
            request.scheme or "",
            request.get_host().lower(),
            translation.get_language() or "",
            *current,
            *(str(part) for part in parts),
        ]
    )
    digest = hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()
    return f"fragment:{digest}"


def cached(
    request: HttpRequest | None,
    name: str,
    build: Callable[[], T],
    parts: Iterable[Any] = (),
) -> T:
    """``build()``'s value from the shared cache, computed and stored on a miss.

    The value must be picklable and the same for every visitor of this site.
    """
    # A preview shows a draft: never stored, never served from the cache.
    preview = request is not None and getattr(request, "is_preview", False)
    chosen = key(request, name, parts) if request is not None and not preview else None
    if chosen is None:
        return build()
    found = page_cache.lookup(chosen)
    if found is not None:
        return found
    value = build()
    try:
        page_cache.backend().set(chosen, value, timeout())
    except Exception:  # noqa: BLE001 - a cache outage renders, never fails
        logger.exception("fragments: store failed for %s", name)
    return value


# --- purges ------------------------------------------------------------------------


def _purge() -> None:
    page_cache.purge([FRAGMENTS])


def purge_now_and_on_commit() -> None:
    """Every fragment is stale: now (this process sees it at once, tests too)
    and once the transaction commits (a render that read the old rows between
    the two stored them under a token that is already gone). One purge per
    transaction, however many pages it saves (a seed saves thousands)."""
    _purge()
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return
    if not any(entry[1] is _purge for entry in connection.run_on_commit):
        transaction.on_commit(_purge)


def connect(purge_models: list[type]) -> None:
    """Connected by ``cms.core.cache.connect``: page saves and deletes (any page
    type, drafts included: cheap and always right), view restrictions and the
    models whose change purges every cached page."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Page, PageViewRestriction
    from wagtail.signals import page_published, page_unpublished, post_page_move

    def page_saved(sender: Any, instance: Any = None, **kwargs: Any) -> None:
        if isinstance(instance, Page):
            purge_now_and_on_commit()

    def anything(sender: Any, **kwargs: Any) -> None:
        purge_now_and_on_commit()

    post_save.connect(page_saved, dispatch_uid="fragments-page-saved", weak=False)
    post_delete.connect(page_saved, dispatch_uid="fragments-page-deleted", weak=False)
    for signal, uid in (
        (page_published, "published"),
        (page_unpublished, "unpublished"),
        (post_page_move, "moved"),
    ):
        signal.connect(anything, dispatch_uid=f"fragments-{uid}", weak=False)
    for model in {PageViewRestriction, *purge_models}:
        uid = f"fragments-{model._meta.label_lower}"
        post_save.connect(anything, sender=model, dispatch_uid=f"{uid}-s", weak=False)
        post_delete.connect(anything, sender=model, dispatch_uid=f"{uid}-d", weak=False)


# --- data without a request --------------------------------------------------------


def cached_data(
    name: str,
    build: Callable[[], T],
    parts: Iterable[Any] = (),
    site_id: int | None = None,
) -> T:
    """``build()``'s value (data, not HTML: no host, scheme or language in the
    key) from the shared cache, purged like the fragments (``all``, the site of
    ``site_id`` when given, ``fragments``)."""
    if not enabled():
        return build()
    scopes = [page_cache.ALL, FRAGMENTS]
    if site_id is not None:
        scopes.append(page_cache.site_scope(site_id))
    try:
        current = page_cache.generations(scopes)
    except Exception:  # noqa: BLE001 - without the cache, compute
        logger.exception("fragments: no generation tokens")
        return build()
    if not all(current):
        return build()
    text = "\n".join([name, *current, *(str(part) for part in parts)])
    digest = hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()
    chosen = f"data:{digest}"
    found_value = page_cache.lookup(chosen)
    if found_value is not None:
        return found_value
    value = build()
    try:
        page_cache.backend().set(chosen, value, timeout())
    except Exception:  # noqa: BLE001 - a cache outage computes, never fails
        logger.exception("fragments: store failed for %s", name)
    return value
