"""The one place that builds an Elasticsearch client from settings."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from elasticsearch import Elasticsearch


@lru_cache(maxsize=4)
def _client_for(url: str, timeout: float) -> Elasticsearch:
    # Short timeouts and no retries: a slow cluster must degrade to the database
    # fallback quickly instead of holding a citizen's request.
    return Elasticsearch(
        url, request_timeout=timeout, max_retries=0, retry_on_timeout=False
    )


def get_client() -> Elasticsearch | None:
    """Return a client, or None when ELASTICSEARCH_URL is not configured."""
    if not settings.ELASTICSEARCH_URL:
        return None
    return _client_for(settings.ELASTICSEARCH_URL, settings.ELASTICSEARCH_TIMEOUT)


def index_name(name: str) -> str:
    """Prefix an index name so test, demo and production indexes never collide."""
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-{name}"


def is_available() -> bool:
    client = get_client()
    if client is None:
        return False
    try:
        client.cluster.health(timeout="1s")
    except Exception:  # noqa: BLE001 - any transport failure means "not available"
        return False
    return True
