"""The record type indexed apps produce, and the registry of indexed models.

Each indexed app has a ``documents.py`` that registers a source::

    @register
    class ProcedureSource(IndexedSource):
        model = ProcedurePage
        def get_queryset(self): ...      # every object that should be found
        def to_entry(self, obj): ...     # SearchEntry, or None to drop it

``search`` imports those modules when Django starts (``SearchConfig.ready``).

Where an entry is found: on the sites in ``site_ids`` (its own and the portal),
and on every site whose scope (``site_scope``) shares one of its
``audiences`` tokens, unless the scope holds one of its ``excluded`` tokens.
Apps that know what a site stands for register a scope provider
(``register_site_scope``): the catalogue makes a district's site match
``tier:huyen`` and ``unit:<id>``, so a procedure published once for the district
tier is found, once, on every district's site, and opened there at the site's
own address (``local_path`` below the provider's base URL for that kind).
Only what an anonymous visitor may see is indexed: a source's ``get_queryset``
leaves out restricted objects, and ``dependencies`` (a restriction saved or
deleted, an override of who handles a procedure…) re-sync what they change.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import asdict, dataclass, field
from itertools import islice
from typing import Any, ClassVar

from django.contrib.contenttypes.models import ContentType
from django.db import models
from wagtail.models import Page, Site

from cms.core.portal import portal_site
from search.vietnamese import fold, normalise, word_prefixes


@dataclass
class SearchEntry:
    """One object as the search sees it, whatever its model."""

    key: str
    kind: str
    title: str
    url: str = ""
    code: str = ""
    agency: str = ""
    sector: str = ""
    tier: str = ""
    level: int | None = None
    online_kind: str = ""
    user_type: str = ""
    site_ids: list[int] = field(default_factory=list)
    # Tokens of the sites that also find it ("tier:huyen", "unit:12"), and of
    # those that must not although they match (a unit that opted out).
    audiences: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    # Its address below a site's base URL for its kind ("1-000894/"), used on a
    # site that finds it through ``audiences`` (see ``SiteScope.localise``).
    local_path: str = ""
    # Secondary text: steps, documents, result, legal basis, page body…
    body: str = ""
    # Extra words the object should be found by (e.g. a form's number).
    keywords: str = ""

    @property
    def title_normalised(self) -> str:
        return normalise(self.title)

    @property
    def title_folded(self) -> str:
        return fold(self.title)

    @property
    def search_folded(self) -> str:
        """Every field a query may hit, folded (the database fallback's haystack)."""
        parts = [self.title, self.code, self.sector, self.agency, self.keywords]
        return fold(" ".join(p for p in parts if p))

    def fingerprint(self) -> str:
        payload = json.dumps(asdict(self), sort_keys=True, ensure_ascii=False)
        return hashlib.sha1(payload.encode(), usedforsecurity=False).hexdigest()

    def to_document(self) -> dict[str, Any]:
        """The Elasticsearch source for this entry (see ``search.index``)."""
        return {
            "key": self.key,
            "kind": self.kind,
            "code": self.code,
            "title": self.title,
            "title_exact": self.title_normalised,
            "title_folded": self.title_folded,
            "url": self.url,
            "agency": self.agency,
            "sector": self.sector,
            "agency_folded": fold(self.agency),
            "sector_folded": fold(self.sector),
            "tier": self.tier,
            "level": self.level,
            "online_kind": self.online_kind,
            "user_type": self.user_type,
            "site_ids": [str(s) for s in self.site_ids],
            "audiences": list(self.audiences),
            "excluded": list(self.excluded),
            "local_path": self.local_path,
            "body": self.body,
            "body_folded": fold(self.body),
            "keywords_folded": fold(self.keywords),
            "search_folded": self.search_folded,
            "suggest": {
                "input": word_prefixes(self.title),
                # "all" lets a suggestion query without a site match every entry.
                "contexts": {
                    "site": [*(str(s) for s in self.site_ids), *self.audiences, "all"]
                },
            },
            "fingerprint": self.fingerprint(),
        }

    def record_fields(self) -> dict[str, Any]:
        """Column values of this entry's ``SearchRecord`` row."""
        return {
            "kind": self.kind,
            "code": self.code,
            "title": self.title[:500],
            "url": self.url[:500],
            "agency": self.agency[:255],
            "sector": self.sector[:255],
            "tier": self.tier,
            "level": self.level,
            "online_kind": self.online_kind,
            "user_type": self.user_type,
            "sites": _joined(str(s) for s in self.site_ids),
            "audiences": _joined(self.audiences),
            "excluded": _joined(self.excluded),
            "local_path": self.local_path[:255],
            "body": self.body,
            "title_folded": self.title_folded[:500],
            "search_folded": self.search_folded,
            "body_folded": fold(self.body),
            "fingerprint": self.fingerprint(),
        }


def _joined(tokens: Iterable[str]) -> str:
    """``"|a|b|"``: a column a ``contains "|a|"`` lookup matches exactly."""
    tokens = list(tokens)
    return "|" + "|".join(tokens) + "|" if tokens else ""


ENTRY_CHUNK = 500


class IndexedSource:
    """Turns one model's objects into ``SearchEntry`` records."""

    model: ClassVar[type[models.Model]]

    def get_queryset(self) -> models.QuerySet:
        """Every object that should currently be findable."""
        raise NotImplementedError

    def to_entry(self, obj: models.Model) -> SearchEntry | None:
        raise NotImplementedError

    def is_indexable(self, obj: models.Model) -> bool:
        return self.get_queryset().filter(pk=obj.pk).exists()

    def dependencies(self) -> Mapping[type[models.Model], Dependency]:
        """Other models whose saving or deleting changes this source's entries:
        ``{model: function(instance) -> keys to re-sync}`` (a restriction on a
        collection, a unit's override of the procedures it handles…). The
        signal handlers listen to these models only."""
        return {}

    def entries(self) -> Iterator[SearchEntry]:
        objects = self.get_queryset().iterator(chunk_size=ENTRY_CHUNK)
        while chunk := list(islice(objects, ENTRY_CHUNK)):
            # Built a chunk at a time: the shared lookups never span a yield.
            with entry_batch():
                built = [self.to_entry(obj) for obj in chunk]
            yield from (entry for entry in built if entry is not None)


Dependency = Callable[[Any], Iterable[str]]


def object_key(obj: models.Model) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def keys_of(model: type[models.Model], pks: Iterable[Any]) -> list[str]:
    """Record keys of ``model`` objects by primary key (no object loaded)."""
    label = model._meta.label_lower
    return [f"{label}:{pk}" for pk in pks]


def page_keys_below(page_id: int | None) -> list[str]:
    """Keys of the indexed pages at or below a page (its restriction covers
    them all), read from the tree without loading the pages."""
    page = Page.objects.filter(pk=page_id).only("path", "depth").first()
    if page is None:
        return []
    rows = Page.objects.filter(path__startswith=page.path).values_list(
        "pk", "content_type_id"
    )
    keys = []
    for pk, content_type_id in rows:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is not None and source_for(model) is not None:
            keys.append(f"{model._meta.label_lower}:{pk}")
    return keys


_registry: dict[str, IndexedSource] = {}


def register(source_class: type[IndexedSource]) -> type[IndexedSource]:
    """Class decorator: index the model of ``source_class``."""
    _registry[source_class.model._meta.label_lower] = source_class()
    return source_class


def sources() -> list[IndexedSource]:
    return list(_registry.values())


def source_for(
    obj_or_label: models.Model | type[models.Model] | str,
) -> IndexedSource | None:
    """The source indexing this object, model class or label (None: not indexed)."""
    if isinstance(obj_or_label, str):
        return _registry.get(obj_or_label)
    model = obj_or_label if isinstance(obj_or_label, type) else type(obj_or_label)
    for klass in model.__mro__:
        meta = getattr(klass, "_meta", None)
        if meta is not None and meta.label_lower in _registry:
            return _registry[meta.label_lower]
    return None


def resolve(key: str) -> tuple[IndexedSource | None, models.Model | None]:
    """Find the source and the (specific) object behind a record key."""
    label, _, pk = key.partition(":")
    source = _registry.get(label)
    if source is None:
        return None, None
    obj = source.model._default_manager.filter(pk=pk).first()
    return source, obj


_portal_ids: ContextVar[tuple[int, ...] | None] = ContextVar(
    "search_portal_ids", default=None
)


@contextmanager
def entry_batch() -> Iterator[None]:
    """Look the portal up once for the many entries built inside the block."""
    if _portal_ids.get() is not None:
        yield
        return
    token = _portal_ids.set(tuple(_lookup_portal_ids()))
    try:
        yield
    finally:
        _portal_ids.reset(token)


def _lookup_portal_ids() -> list[int]:
    site = portal_site()
    return [site.pk] if site is not None else []


def portal_site_ids() -> list[int]:
    """Sites that aggregate every sub-site's content (the provincial portal)."""
    cached = _portal_ids.get()
    return list(cached) if cached is not None else _lookup_portal_ids()


def site_ids_for_page(page: models.Model) -> list[int]:
    """The page's own site plus the portal, which finds everything."""
    # get_url_parts() names the site without the query get_site() adds.
    parts = page.get_url_parts()  # type: ignore[attr-defined]
    ids = set(portal_site_ids())
    if parts is not None:
        ids.add(parts[0])
    return sorted(ids)


# -- what a site's search finds -------------------------------------------------


@dataclass
class SiteScope:
    """What searching on one site finds, and where it opens the results.

    A record is found when its ``site_ids`` hold ``site_id``, or its
    ``audiences`` share a token with ``audiences`` here, and its ``excluded``
    share none. A record found through its audiences opens at
    ``local_bases[kind] + local_path`` (the site's own address for it).
    """

    site_id: int
    audiences: tuple[str, ...] = ()
    local_bases: dict[str, str] = field(default_factory=dict)

    def finds_directly(self, site_ids: Iterable[Any]) -> bool:
        return str(self.site_id) in {str(s) for s in site_ids}

    def local_url(self, kind: str, local_path: str, site_ids: Iterable[Any]) -> str:
        """The address on this site of a record found through its audiences
        ("" when it opens at its own URL)."""
        base = self.local_bases.get(kind)
        if not base or not local_path or self.finds_directly(site_ids):
            return ""
        return base + local_path


@dataclass
class ScopeExtension:
    """What a provider adds to a site's scope."""

    audiences: list[str] = field(default_factory=list)
    local_bases: dict[str, str] = field(default_factory=dict)


ScopeProvider = Callable[[Site], ScopeExtension | None]
_scope_providers: list[ScopeProvider] = []


def register_site_scope(provider: ScopeProvider) -> ScopeProvider:
    """Decorator: ``provider(site)`` says what else the site's search finds."""
    if provider not in _scope_providers:
        _scope_providers.append(provider)
    return provider


def site_scope(site_id: int) -> SiteScope:
    """The scope of a site's search (a few queries, at query time: a unit added
    or a procedure's tier changed needs no re-indexing of anything else)."""
    scope = SiteScope(site_id=site_id)
    site = Site.objects.filter(pk=site_id).select_related("root_page").first()
    if site is None:
        return scope
    audiences: list[str] = []
    for provider in _scope_providers:
        extension = provider(site)
        if extension is None:
            continue
        audiences.extend(extension.audiences)
        scope.local_bases.update(extension.local_bases)
    scope.audiences = tuple(dict.fromkeys(audiences))
    return scope


def stream_text(value: Any) -> str:
    """The plain text inside a StreamField / StructBlock / RichText value."""
    from django.utils.html import strip_tags
    from wagtail.rich_text import RichText

    parts: list[str] = []

    def walk(item: Any) -> None:
        if item is None or isinstance(item, bool | int | float):
            return
        if isinstance(item, RichText):
            parts.append(strip_tags(item.source))
        elif isinstance(item, str):
            parts.append(strip_tags(item))
        elif hasattr(item, "raw_data") and hasattr(item, "__iter__"):  # StreamValue
            for child in item:
                walk(child.value)
        elif isinstance(item, dict):  # StructValue
            for child in item.values():
                walk(child)
        elif isinstance(item, list | tuple):
            for child in item:
                walk(child)

    walk(value)
    return " ".join(p.strip() for p in parts if p and p.strip())
