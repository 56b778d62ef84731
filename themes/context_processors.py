"""Puts the current site's theme into every template context."""

from django.http import HttpRequest
from wagtail.models import Site

from themes.registry import get_theme


def theme(request: HttpRequest) -> dict:
    site = Site.find_for_request(request)
    theme_key = None
    if site is not None:
        from themes.models import ThemeSettings

        # for_request caches on the request, so the templates' own
        # ``settings.themes.ThemeSettings`` lookups reuse this one query.
        theme_key = ThemeSettings.for_request(request).theme
    return {"theme": get_theme(theme_key), "current_site": site}
