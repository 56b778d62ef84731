"""Background work of the search (Wagtail 8's django-tasks)."""

from __future__ import annotations

from django_tasks import task

from search import services


@task()
def sync_search_entries(keys: list[str]) -> dict[str, int]:
    """Re-index many objects (e.g. a bulk import); counts per outcome."""
    return services.sync_keys(keys)


@task()
def sync_search_entry(key: str) -> str:
    """Re-index one object by its record key; Elasticsearch failures are recorded."""
    return services.sync_key(key)
