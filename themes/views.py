"""The few files browsers ask for at fixed addresses of every site."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

FAVICON = "themes/favicon.ico"


@require_GET
@cache_control(max_age=86400, public=True)
def favicon(request: HttpRequest) -> FileResponse:
    """``/favicon.ico``: browsers ask for it on every site, whatever the page
    links; the same icon the pages link from the static files."""
    path = finders.find(FAVICON)
    if not path or isinstance(path, list):
        raise Http404
    return FileResponse(open(path, "rb"), content_type="image/x-icon")  # noqa: SIM115
