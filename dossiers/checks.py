"""System checks of the dossiers app."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Info, Tags, register

LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.caches, deploy=True)  # type: ignore[type-var]
def check_rate_limit_cache(
    app_configs: list[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    # django-ratelimit counts in the cache: a per-process cache multiplies the
    # limits by the number of workers (still a limit, but a weaker one).
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in LOCAL_CACHES and not settings.DEBUG:
        return [
            Info(
                "Tracking and submission rate limits count per process: the "
                "default cache is not shared between workers.",
                hint="Use a shared cache (Redis or Memcached) in production.",
                id="dossiers.I001",
            )
        ]
    return []
