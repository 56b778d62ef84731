"""Keep the search current when pages and snippets change.

Handlers only enqueue ``sync_search_entry`` after the transaction commits; the
task itself never raises because of Elasticsearch, so publishing cannot fail or
wait long because of it (a failure becomes a ``PendingIndexChange``).
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from search.records import object_key, source_for
from search.sync import defer
from search.tasks import sync_search_entry

logger = logging.getLogger(__name__)


def enqueue(key: str) -> None:
    """Sync ``key`` after the commit, or queue it in the active deferred batch."""
    if defer(key):
        return

    def run() -> None:
        try:
            sync_search_entry.enqueue(key)
        except Exception:  # noqa: BLE001 - a broken queue must not break publishing
            logger.exception("search: could not enqueue %s", key)

    transaction.on_commit(run)


def _page_changed(sender: Any, instance: Page, **kwargs: Any) -> None:
    if source_for(instance.specific_class or type(instance)) is None:
        return
    enqueue(object_key(instance))


def _page_moved(sender: Any, instance: Page, **kwargs: Any) -> None:
    for page in Page.objects.descendant_of(instance, inclusive=True).specific():
        if source_for(page) is not None:
            enqueue(object_key(page))


def _page_deleted(sender: Any, instance: models.Model, **kwargs: Any) -> None:
    if isinstance(instance, Page) and source_for(type(instance)) is not None:
        enqueue(object_key(instance))


def _snippet_changed(sender: Any, instance: models.Model, **kwargs: Any) -> None:
    if isinstance(instance, Page):
        return
    if source_for(type(instance)) is not None:
        enqueue(object_key(instance))


def _procedures_imported(sender: Any, page_ids: list[int], **kwargs: Any) -> None:
    """Bulk imports bypass page signals; index what they touched in one task."""
    from search.tasks import sync_search_entries

    keys = [f"{sender._meta.label_lower}:{page_id}" for page_id in page_ids]
    if not keys:
        return
    try:
        sync_search_entries.enqueue(keys)
    except Exception:  # noqa: BLE001 - a broken queue must not break an import
        logger.exception("search: could not enqueue %d imported pages", len(keys))


def connect() -> None:
    from procedure_pages.signals import procedures_imported

    procedures_imported.connect(_procedures_imported, dispatch_uid="search-imported")
    page_published.connect(_page_changed, dispatch_uid="search-page-published")
    page_unpublished.connect(_page_changed, dispatch_uid="search-page-unpublished")
    post_page_move.connect(_page_moved, dispatch_uid="search-page-moved")
    post_delete.connect(_page_deleted, dispatch_uid="search-page-deleted")
    post_save.connect(_snippet_changed, dispatch_uid="search-snippet-saved")
    post_delete.connect(_snippet_changed, dispatch_uid="search-snippet-deleted")
