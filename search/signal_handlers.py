"""Keep the search current when indexed pages and objects change.

Only the models a ``documents.py`` registered are listened to (``connect()``
passes ``sender=``), so saving any other model never runs search code.
What a visitor may see also follows privacy: a page view restriction saved or
deleted re-syncs every indexed page at and below its page (``.public()`` in the
sources then leaves them out or puts them back), and each source's
``dependencies()`` (a collection's restriction for form templates, a unit's
override for procedures…) re-sync the entries they change.
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
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from search.records import Dependency, object_key, page_keys_below, source_for, sources
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


def _restriction_changed(
    sender: Any, instance: PageViewRestriction, **kwargs: Any
) -> None:
    for key in page_keys_below(instance.page_id):
        enqueue(key)


def _dependency_handler(functions: list[Dependency]) -> Any:
    def changed(sender: Any, instance: models.Model, **kwargs: Any) -> None:
        for function in functions:
            for key in function(instance):
                enqueue(key)

    return changed


# Keep the dependency handlers alive: signals hold weak references by default.
_dependency_handlers: dict[type[models.Model], Any] = {}


def dependency_models() -> dict[type[models.Model], list[Dependency]]:
    """``{model: [functions]}`` gathered from every source's ``dependencies()``."""
    gathered: dict[type[models.Model], list[Dependency]] = {}
    for source in sources():
        for model, function in source.dependencies().items():
            gathered.setdefault(model, []).append(function)
    return gathered


def indexed_models() -> list[type[models.Model]]:
    """Every installed model a registered source indexes (subclasses included)."""
    return [model for model in apps.get_models() if source_for(model) is not None]


def connect() -> None:
    """Connect the handlers to the indexed models only (after ``documents.py``).

    A page is synced when it is published, unpublished or deleted (saving a
    draft changes nothing that is found); any other model on save and delete.
    A move changes the URL of every page below the moved one, whatever its
    type, so ``post_page_move`` listens to every page. A view restriction
    changes who may see the pages below it; the sources' dependencies change
    their entries.
    """
    post_page_move.connect(_page_moved, dispatch_uid="search-page-moved")
    for signal in (post_save, post_delete):
        signal.connect(
            _restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"search-page-restriction-{signal is post_save}",
        )
    for model, functions in dependency_models().items():
        handler = _dependency_handlers.setdefault(model, _dependency_handler(functions))
        uid = f"search-dependency-{model._meta.label_lower}"
        post_save.connect(handler, sender=model, dispatch_uid=f"{uid}-saved")
        post_delete.connect(handler, sender=model, dispatch_uid=f"{uid}-deleted")
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
