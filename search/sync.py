"""Batch the search synchronisation of many changes into one task.

Outside a ``deferred_sync()`` block every change enqueues its own
``sync_search_entry`` task once the transaction commits. Inside one, the
signal handlers only remember the keys of what changed; when the outermost
block exits, one ``sync_search_entries`` task for all of them is enqueued
after the surrounding transaction commits (nothing if it is rolled back)::

    with transaction.atomic(), deferred_sync():
        for row in rows:
            page.save_revision().publish()   # queued, not synced

Blocks nest (only the outermost one flushes). The state lives in a context
variable, so threads and async tasks each have their own batch.

Syncing a key re-reads the object from the database, so a key queued by a
change later rolled back to a savepoint costs one sync and changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

from search.tasks import sync_search_entries

logger = logging.getLogger(__name__)

# One task per this many keys: a task's arguments are stored by a real queue
# backend, and a 100,000-row import should not become one 5 MB row.
BATCH_SIZE = 1000


class SyncBatch:
    """The keys queued by the active ``deferred_sync()`` block, in order."""

    def __init__(self) -> None:
        self._keys: dict[str, None] = {}

    def add(self, key: str) -> None:
        self._keys[key] = None

    @property
    def keys(self) -> list[str]:
        return list(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


_current: ContextVar[SyncBatch | None] = ContextVar("search_sync_batch", default=None)


def is_deferred() -> bool:
    return _current.get() is not None


def defer(key: str) -> bool:
    """Queue ``key`` in the active batch; False when no batch is active."""
    batch = _current.get()
    if batch is None:
        return False
    batch.add(key)
    return True


@contextmanager
def deferred_sync(using: str | None = None) -> Iterator[SyncBatch]:
    """Queue search changes and sync them in one task after the commit."""
    outer = _current.get()
    if outer is not None:
        yield outer
        return
    batch = SyncBatch()
    token = _current.set(batch)
    try:
        yield batch
    finally:
        _current.reset(token)
        # Also after an exception: what was committed before it must be synced;
        # if the surrounding transaction rolls back, on_commit drops this.
        if batch:
            keys = batch.keys
            transaction.on_commit(lambda: enqueue_batch(keys), using=using)


def enqueue_batch(keys: Iterable[str]) -> None:
    """Enqueue ``sync_search_entries`` for ``keys``, ``BATCH_SIZE`` at a time."""
    keys = list(keys)
    for start in range(0, len(keys), BATCH_SIZE):
        chunk = keys[start : start + BATCH_SIZE]
        try:
            sync_search_entries.enqueue(chunk)
        except Exception:  # noqa: BLE001 - a broken queue must not break publishing
            logger.exception("search: could not enqueue %d changes", len(chunk))
