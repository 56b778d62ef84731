"""Who may get a form's file: the one privacy check every way out applies.

A form version's file is a Wagtail document; its collection's view restrictions
(login, password, groups) decide who may download it. The single download, the
procedure's ZIP, the library and detail pages, the procedure page's list, the API
and the search index all ask this module, so a private form cannot leak through
a path that forgot the check.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from wagtail.models import Collection, CollectionViewRestriction

from forms_library.models import FormTemplate, FormVersion
from forms_library.scanning import is_servable


def restricted_collection_ids() -> set[int]:
    """Collections with a view restriction of their own or on an ancestor."""
    paths = CollectionViewRestriction.objects.values_list(
        "collection__path", flat=True
    ).distinct()
    if not paths:
        return set()
    below = Q()
    for path in paths:
        below |= Q(path__startswith=path)
    return set(Collection.objects.filter(below).values_list("pk", flat=True))


def is_public(version: FormVersion) -> bool:
    """True when anyone, signed in or not, may download this version."""
    return not version.document.collection.get_view_restrictions().exists()


def may_download(version: FormVersion, request: HttpRequest) -> bool:
    """Wagtail's collection privacy, as its own document view applies it; and
    never a file the virus scanner has not cleared (``scanning.is_servable``)."""
    return is_servable(version) and all(
        restriction.accept_request(request)
        for restriction in version.document.collection.get_view_restrictions()
    )


def downloadable(
    versions: Iterable[FormVersion], request: HttpRequest | None
) -> list[FormVersion]:
    """The versions this request may download (public ones without a request)."""
    if request is None:
        return [v for v in versions if is_public(v) and is_servable(v)]
    return [version for version in versions if may_download(version, request)]


def public_forms(forms: QuerySet[FormTemplate]) -> QuerySet[FormTemplate]:
    """Forms whose files sit in no restricted collection (listings, API, search)."""
    restricted = restricted_collection_ids()
    if not restricted:
        return forms
    return forms.exclude(versions__document__collection_id__in=restricted)
