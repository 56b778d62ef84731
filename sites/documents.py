"""How the search sees the sites' ordinary content pages (``StandardPage``)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.html import strip_tags

from search.models import RecordKind
from search.records import (
    IndexedSource,
    SearchEntry,
    object_key,
    register,
    site_ids_for_page,
)
from sites.models import StandardPage


@register
class StandardPageSource(IndexedSource):
    """Live public content pages, found by their title, intro and body."""

    model = StandardPage

    def get_queryset(self) -> QuerySet[StandardPage]:
        return StandardPage.objects.live().public()

    def to_entry(self, obj: StandardPage) -> SearchEntry | None:  # type: ignore[override]
        page = obj
        body = " ".join(
            p for p in (getattr(page, "intro", ""), strip_tags(str(page.body))) if p
        )
        return SearchEntry(
            key=object_key(page),
            kind=RecordKind.PAGE,
            title=page.title,
            url=page.url or "",
            site_ids=site_ids_for_page(page),
            body=body[:20000],
        )
