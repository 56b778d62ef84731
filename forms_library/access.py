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


def _in_restricted_collection(version: FormVersion, restricted: set[int]) -> bool:
    return version.document.collection_id in restricted


def is_public(version: FormVersion, restricted: set[int] | None = None) -> bool:
    """True when anyone, signed in or not, may download this version.

    ``restricted``: ``restricted_collection_ids()`` when the caller checks many
    versions (one query for all, instead of two per version).
    """
    if restricted is None:
        restricted = restricted_collection_ids()
    return not _in_restricted_collection(version, restricted)


def may_download(
    version: FormVersion, request: HttpRequest, restricted: set[int] | None = None
) -> bool:
    """Wagtail's collection privacy, as its own document view applies it; and
    never a file the virus scanner has not cleared (``scanning.is_servable``).
    A version outside every restricted collection has no restriction to pass."""
    if not is_servable(version):
        return False
    if restricted is None:
        restricted = restricted_collection_ids()
    if not _in_restricted_collection(version, restricted):
        return True
    return all(
        restriction.accept_request(request)
        for restriction in version.document.collection.get_view_restrictions()
    )


def downloadable(
    versions: Iterable[FormVersion], request: HttpRequest | None
) -> list[FormVersion]:
    """The versions this request may download (public ones without a request);
    the restricted collections are looked up once for the whole list."""
    versions = list(versions)
    if not versions:
        return []
    restricted = restricted_collection_ids()
    if request is None:
        return [v for v in versions if is_public(v, restricted) and is_servable(v)]
    return [v for v in versions if may_download(v, request, restricted)]


def public_forms(forms: QuerySet[FormTemplate]) -> QuerySet[FormTemplate]:
    """Forms whose files sit in no restricted collection (listings, API, search)."""
    restricted = restricted_collection_ids()
    if not restricted:
        return forms
    return forms.exclude(versions__document__collection_id__in=restricted)
