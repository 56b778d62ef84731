"""Puts the current site's theme into every template context."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from wagtail.models import Site

from themes.registry import get_theme

VERSION_KEY = "themes:settings-version"
SETTINGS_SECONDS = 60 * 60


def forget_theme_settings(**kwargs: Any) -> None:
    """Connected to ``ThemeSettings`` (and images) saves: every site's cached
    settings are read again, in every process sharing the cache."""
    cache.set(VERSION_KEY, secrets.token_hex(6), None)


def _key(site_id: int) -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, secrets.token_hex(6), None)
        version = cache.get(VERSION_KEY, "")
    return f"themes:settings:{version}:{site_id}"


def theme_settings(request: HttpRequest, site: Site) -> Any:
    """The site's ``ThemeSettings`` (with its logo) from the shared cache, put
    where Wagtail's ``for_request`` looks first, so the templates'
    ``settings.themes.ThemeSettings`` reuse it: no query on a warm cache."""
    from themes.models import ThemeSettings

    attribute = ThemeSettings.get_cache_attr_name()
    if hasattr(request, attribute):
        return getattr(request, attribute)
    found = cache.get(_key(site.pk))
    if not isinstance(found, ThemeSettings):
        found, _created = ThemeSettings.objects.select_related("logo").get_or_create(
            site=site
        )
        # The key read again: creating the settings has just renewed it.
        cache.set(_key(site.pk), found, SETTINGS_SECONDS)
    found._request = request  # as for_request does (page URLs of the setting)
    setattr(request, attribute, found)
    return found


def theme(request: HttpRequest) -> dict:
    site = Site.find_for_request(request)
    theme_key = None
    if site is not None:
        theme_key = theme_settings(request, site).theme
    return {"theme": get_theme(theme_key), "current_site": site}
