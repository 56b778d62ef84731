"""Template helpers for form lists."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from forms_library import services

register = template.Library()


@register.inclusion_tag("forms_library/includes/form_list.html")
def procedure_forms(page: Any) -> dict[str, Any]:
    """The current forms of a procedure, with a "download all" ZIP link."""
    versions = services.procedure_forms(page)
    return {
        "versions": versions,
        "zip_url": reverse("forms_library:download_procedure", args=[page.pk])
        if len(versions) > 1
        else "",
    }
