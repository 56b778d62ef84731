"""Template helpers for procedure pages and catalogue listings."""

from __future__ import annotations

from typing import Any

from django import template
from wagtail.models import Page

register = template.Library()


@register.inclusion_tag("procedure_pages/includes/badge.html")
def procedure_badge(page: Any) -> dict[str, str]:
    """The badge saying what a citizen can do online with this procedure."""
    key, label = page.online_capability
    return {"key": key, "label": label}


@register.simple_tag(takes_context=True)
def query_with(context: dict, **changes: Any) -> str:
    """The current query string with some parameters replaced (None removes one)."""
    params = context["request"].GET.copy()
    for name, value in changes.items():
        if value is None or value == "":
            params.pop(name, None)
        else:
            params[name] = value
    if "page" not in changes:
        params.pop("page", None)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def get_item(mapping: Any, key: str) -> Any:
    """``mapping[key]`` in a template (None when missing)."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.simple_tag(takes_context=True)
def catalogue_link(context: template.Context, procedure: Page) -> str:
    """A procedure's link from the catalogue being shown: on a unit's site, a
    shared procedure opens on that site (``<catalogue>/<slug>/``), where the page
    names the unit as where to go; elsewhere, the page's own URL."""
    request = context.get("request")
    index = context.get("catalogue_index")
    listing = context.get("catalogue")
    if (
        index is None
        or getattr(listing, "is_provincial", True)
        or procedure.path.startswith(index.path)
    ):
        return str(procedure.get_url(request))
    # A unit's catalogue lists only what the unit handles (procedures_handled_by),
    # so the unit's catalogue routes every listed procedure (shared_procedure).
    return f"{index.get_url(request)}{procedure.slug}/"
