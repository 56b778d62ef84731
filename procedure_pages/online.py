"""Which procedures have an online service (level 3/4), without naming who
provides it.

The online service pages live in an app above the catalogue (``forms_library``):
it registers its page model here at start-up, and the catalogue filters on "has a
live online service" through that registration (PORTAL.md §5: apps register what
they add with the app below).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from wagtail.models import Page

_service_models: list[type[Page]] = []


def register_online_service_model(model: type[Page]) -> None:
    """Declare a page type that is a procedure's online service (a child page)."""
    if model not in _service_models:
        _service_models.append(model)


def has_online_service(_value: object = True) -> Q:
    """Procedures with a live, public online-service child page."""
    if not _service_models:
        return Q(pk__in=[])
    services = (
        Page.objects.live()
        .public()
        .type(*_service_models)
        .filter(path__startswith=OuterRef("path"), depth=OuterRef("depth") + 1)
    )
    return Q(Exists(services))
