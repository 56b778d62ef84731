"""Template helpers for form lists."""

from __future__ import annotations

from typing import Any

from django import template
from django.template import Context
from django.urls import reverse

from forms_library import access, services

register = template.Library()


@register.inclusion_tag("forms_library/includes/form_list.html", takes_context=True)
def procedure_forms(context: Context, page: Any) -> dict[str, Any]:
    """The current forms of a procedure this visitor may download, with a
    "download all" ZIP link."""
    versions = access.downloadable(
        services.procedure_forms(page), context.get("request")
    )
    return {
        "versions": versions,
        "zip_url": reverse("forms_library:download_procedure", args=[page.pk])
        if len(versions) > 1
        else "",
    }
