"""Puts the current site's theme into every template context."""

from django.http import HttpRequest
from wagtail.models import Site

from themes.registry import get_theme


def theme(request: HttpRequest) -> dict:
    site = Site.find_for_request(request)
    theme_key = None
    if site is not None:
        from themes.models import ThemeSettings

        theme_key = ThemeSettings.for_site(site).theme
    return {"theme": get_theme(theme_key), "current_site": site}
