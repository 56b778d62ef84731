"""The few files browsers ask for at fixed addresses of every site."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.models import Site

from themes.context_processors import theme_settings

FAVICON = "themes/favicon.ico"
DEFAULT_COLOUR = "#b3141c"


@require_GET
@cache_control(max_age=86400, public=True)
def site_colours(request: HttpRequest) -> HttpResponse:
    """``/giao-dien.css``: the site's colours as CSS custom properties.

    A stylesheet rather than an inline ``<style>``: an inline one needs the
    request's CSP nonce, which a page served from the cache cannot carry. Pages
    link it with the colour in the query (``?v=``), so a new colour is a new
    address and browsers may keep each one for a day.
    """
    from themes.models import hex_colour

    site = Site.find_for_request(request)
    colour = theme_settings(request, site).primary_colour if site else ""
    try:
        hex_colour(colour)
    except ValidationError:  # anything but #RRGGBB falls back
        colour = DEFAULT_COLOUR
    return HttpResponse(
        f":root{{--primary:{colour}}}\n", content_type="text/css; charset=utf-8"
    )


@require_GET
@cache_control(max_age=86400, public=True)
def favicon(request: HttpRequest) -> FileResponse:
    """``/favicon.ico``: browsers ask for it on every site, whatever the page
    links; the same icon the pages link from the static files."""
    path = finders.find(FAVICON)
    if not path or isinstance(path, list):
        raise Http404
    return FileResponse(open(path, "rb"), content_type="image/x-icon")  # noqa: SIM115
