"""Routing a request to a child page in one query instead of two.

Wagtail's ``Page.route`` finds a child by slug (one query for the base row),
then loads its specific type (a second query). ``BasePage.route`` asks this
module first: the child's id and type for (parent, slug), kept in the shared
cache (``cms.core.fragments``, whose token any page save, move or delete
replaces), then one query on the child's own model. The row read is checked
(same parent, same slug) so a stale entry can only cost the usual queries; a
slug no page has is never stored, Wagtail answers it.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest

from cms.core import fragments


def _locate(parent: Any, slug: str) -> tuple[int, int] | None:
    found = (
        parent.get_children()
        .filter(slug=slug)
        .values_list("pk", "content_type_id")
        .first()
    )
    return (found[0], found[1]) if found is not None else None


def child_for_route(parent: Any, slug: str, request: HttpRequest) -> Any | None:
    """The specific child ``slug`` of ``parent``, or None to let Wagtail look."""
    located = fragments.cached(
        request,
        "route-child",
        lambda: _locate(parent, slug),
        parts=[parent.pk, slug],
    )
    if located is None:
        return None
    pk, content_type_id = located
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if model is None:
        return None
    child: Any = model._default_manager.filter(pk=pk).first()
    steplen = parent.steplen
    if (
        child is None
        or child.slug != slug
        or child.path[:-steplen] != parent.path
        or len(child.path) != len(parent.path) + steplen
    ):
        return None
    child._cached_parent_obj = parent  # as Wagtail's route does
    return child
