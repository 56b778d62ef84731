"""System checks of the dossiers app."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register

# A cache that keeps nothing: django-ratelimit never reaches a limit.
NO_CACHE = "django.core.cache.backends.dummy.DummyCache"


@register(Tags.caches)
def check_rate_limit_cache(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    # Rate limits (tracking, submissions) count in the default cache. A
    # per-process cache (LocMemCache) still limits, per worker; production
    # should share one (README: online services).
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend == NO_CACHE:
        return [
            Warning(
                "The default cache keeps nothing: tracking lookups and "
                "submissions are not rate-limited.",
                hint="Use a shared cache (Redis or Memcached).",
                id="dossiers.W001",
            )
        ]
    return []
