"""Wagtail's own per-save indexing, done once per page and chunk during an import.

Every save of a page makes Wagtail update its admin search index (through
modelsearch) and its reference index. Publishing a new page the editor's way
saves it three times (``add_child``, ``save_revision``, ``publish``), and
modelsearch's database backends recompute an average over the whole index
table on every add: page by page, importing n procedures would cost O(n²).

Inside :func:`batched_indexing`, saves of procedures made in *this* context
(thread or task) are only noted; :meth:`IndexBatch.flush` then indexes them
with one ``add_bulk`` per search backend and updates each page's reference
index once. Saves anywhere else (an editor in another thread) are indexed as
always, by modelsearch's own handler: the receiver that replaces it for
``ProcedurePage`` calls it unchanged outside a batch.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db.models.signals import post_save
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from procedure_pages.models import ProcedurePage

_pending: ContextVar[dict[int, None] | None] = ContextVar(
    "procedure_index_batch", default=None
)
_install_lock = threading.Lock()
_installed = False


def _index_on_save(sender: Any, instance: ProcedurePage, **kwargs: Any) -> None:
    """modelsearch's post-save handler, deferred while a batch is open here."""
    pending = _pending.get()
    if pending is not None and not kwargs.get("raw", False):
        pending[instance.pk] = None
        return
    post_save_signal_handler(instance, **kwargs)


def _install() -> None:
    """Route ProcedurePage saves through :func:`_index_on_save` (once).

    Done on first use rather than at start-up because modelsearch connects its
    handlers in its own ``ready()``, after this app's. When modelsearch does not
    index procedures automatically, nothing is replaced and nothing is deferred.
    """
    global _installed
    with _install_lock:
        if _installed:
            return
        if post_save.disconnect(post_save_signal_handler, sender=ProcedurePage):
            post_save.connect(
                _index_on_save,
                sender=ProcedurePage,
                weak=False,
                dispatch_uid="procedure_pages.transfer.index_on_save",
            )
        _installed = True


class IndexBatch:
    """The procedures saved since the last :meth:`flush`."""

    def __init__(self) -> None:
        self.pending: dict[int, None] = {}

    def flush(self) -> None:
        """Index the pending procedures now: search index in bulk, then the
        reference index of each (what modelsearch's and Wagtail's per-save
        tasks would have done, once instead of three times)."""
        if not self.pending:
            return
        ids = list(self.pending)
        self.pending.clear()
        pages = list(ProcedurePage.get_indexed_objects().filter(pk__in=ids))
        indexed = [
            instance
            for page in pages
            if (instance := page.get_indexed_instance()) is not None
        ]
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(ProcedurePage, indexed)
        if ReferenceIndex.is_indexed(ProcedurePage):
            for page in pages:
                ReferenceIndex.create_or_update_for_object(page)


@contextmanager
def batched_indexing() -> Iterator[IndexBatch]:
    """Defer Wagtail's indexing of the procedures saved in the block to
    :meth:`IndexBatch.flush` (also called when the block ends normally)."""
    _install()
    batch = IndexBatch()
    token = _pending.set(batch.pending)
    try:
        with disable_reference_index_auto_update():
            yield batch
        batch.flush()
    finally:
        _pending.reset(token)
