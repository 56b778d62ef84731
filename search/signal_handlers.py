"""Keep the search current when indexed pages and objects change.

Only the models a ``documents.py`` registered are listened to (``connect()``
passes ``sender=``), so saving any other model never runs search code.
Handlers enqueue ``sync_search_entry`` after the transaction commits, or queue
the key in the active ``search.sync.deferred_sync()`` batch; the
task itself never raises because of Elasticsearch, so publishing cannot fail or
wait long because of it (a failure becomes a ``PendingIndexChange``).
"""

from __future__ import annotations

import logging
from typing import Any

from django.apps import apps
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
    enqueue(object_key(instance))


def _page_moved(sender: Any, instance: Page, **kwargs: Any) -> None:
    for page in Page.objects.descendant_of(instance, inclusive=True).specific():
        if source_for(page) is not None:
            enqueue(object_key(page))


def _object_changed(sender: Any, instance: models.Model, **kwargs: Any) -> None:
    enqueue(object_key(instance))


def indexed_models() -> list[type[models.Model]]:
    """Every installed model a registered source indexes (subclasses included)."""
    return [model for model in apps.get_models() if source_for(model) is not None]


def connect() -> None:
    """Connect the handlers to the indexed models only (after ``documents.py``).

    A page is synced when it is published, unpublished or deleted (saving a
    draft changes nothing that is found); any other model on save and delete.
    A move changes the URL of every page below the moved one, whatever its
    type, so ``post_page_move`` listens to every page.
    """
    post_page_move.connect(_page_moved, dispatch_uid="search-page-moved")
    for model in indexed_models():
        uid = f"search-{model._meta.label_lower}"
        if issubclass(model, Page):
            page_published.connect(
                _page_changed, sender=model, dispatch_uid=f"{uid}-published"
            )
            page_unpublished.connect(
                _page_changed, sender=model, dispatch_uid=f"{uid}-unpublished"
            )
        else:
            post_save.connect(
                _object_changed, sender=model, dispatch_uid=f"{uid}-saved"
            )
        post_delete.connect(
            _object_changed, sender=model, dispatch_uid=f"{uid}-deleted"
        )
