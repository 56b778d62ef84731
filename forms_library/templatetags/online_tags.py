"""The procedure page's "Nộp hồ sơ trực tuyến" button, when a service exists."""

from __future__ import annotations

from typing import Any

from django import template
from django.template import Context

from forms_library.online.models import ONLINE_SLUG, OnlineServicePage

register = template.Library()


@register.inclusion_tag(
    "forms_library/online/includes/apply_button.html", takes_context=True
)
def online_service_button(context: Context, procedure: Any) -> dict[str, Any]:
    """A real button to the procedure's live online service, on the site being
    viewed (a shared procedure is served under each unit's catalogue)."""
    request = context.get("request")
    live = OnlineServicePage.objects.live().public().child_of(procedure).exists()
    url = ""
    if live and request is not None:
        base = request.path if request.path.endswith("/") else f"{request.path}/"
        url = f"{base}{ONLINE_SLUG}/"
    return {"url": url, "procedure": procedure}
