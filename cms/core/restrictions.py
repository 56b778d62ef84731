"""Which pages may have a view restriction, known without two queries per page.

Wagtail checks a page's view restrictions on every request it serves (its
``before_serve_page`` hook): one query for the page's ancestors (aliases point
to their source's restrictions), one for the restrictions. Almost no page of a
portal is private, so ``BasePage.get_view_restrictions`` asks this module first:
the paths of the pages that carry a restriction or are aliases ("guarded"),
read from the shared cache. A page none of whose ancestors (itself included)
is guarded has no restriction; any other page gets Wagtail's own queries.

The list is keyed by the ``fragments`` generation token (``cms.core.fragments``),
which a restriction's save or delete and any page save or move replace at once
and again on commit: a render racing the change stores its list under a token
that is already gone. Without the cache, Wagtail's queries run.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.core.signals import request_finished, request_started

from cms.core import cache as page_cache
from cms.core.fragments import FRAGMENTS

logger = logging.getLogger(__name__)

# The guarded paths read during this request (a page's routing and its
# template may ask several times): kept only while a request is being answered,
# forgotten when it ends (a task worker or a shell reads them every time).
_memo = threading.local()


def _request_started(**kwargs: Any) -> None:
    _memo.__dict__.clear()
    _memo.in_request = True


def _request_finished(**kwargs: Any) -> None:
    _memo.__dict__.clear()


request_started.connect(_request_started, dispatch_uid="restrictions-started")
request_finished.connect(_request_finished, dispatch_uid="restrictions-finished")


def _compute() -> tuple[str, ...]:
    from wagtail.models import Page, PageViewRestriction

    restricted = PageViewRestriction.objects.values_list("page__path", flat=True)
    aliases = Page.objects.filter(alias_of__isnull=False).values_list("path", flat=True)
    return tuple(sorted({*restricted, *aliases}))


def guarded_paths() -> tuple[str, ...] | None:
    """Paths of the pages with a view restriction or that are aliases; None
    when the shared cache cannot say (then nothing is assumed)."""
    found = getattr(_memo, "paths", None)
    if found is not None:
        return found
    try:
        (token,) = page_cache.generations([FRAGMENTS])
    except Exception:  # noqa: BLE001 - without the cache, Wagtail's queries
        logger.exception("restrictions: no generation token")
        return None
    if not token:
        return None
    key = f"restrictions:guarded:{token}"
    found = page_cache.lookup(key)
    if not isinstance(found, tuple):
        found = _compute()
        try:
            page_cache.backend().set(key, found, None)
        except Exception:  # noqa: BLE001 - computed again next time
            logger.exception("restrictions: store failed")
    if getattr(_memo, "in_request", False):
        _memo.paths = found
    return found


def none_apply(path: str) -> bool:
    """True when no view restriction can apply to the page at ``path``."""
    guarded = guarded_paths()
    if guarded is None:
        return False
    return not any(path.startswith(prefix) for prefix in guarded)
