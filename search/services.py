"""The search entry point views call. Backends sit behind it (see README)."""

from dataclasses import dataclass

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from wagtail.models import Page, Site

PAGE_SIZE = 20


@dataclass
class SearchOutcome:
    query: str
    page: PaginatorPage | None
    backend: str


def search_site_pages(
    query: str, site: Site | None, page_number: int | str = 1
) -> SearchOutcome:
    """Full-text search over the live pages of one site (database backend)."""
    query = query.strip()
    if not query:
        return SearchOutcome(query="", page=None, backend="database")
    pages = Page.objects.live().public()
    if site is not None:
        pages = pages.descendant_of(site.root_page, inclusive=True)
    results = pages.search(query)
    paginator = Paginator(results, PAGE_SIZE)
    return SearchOutcome(query, paginator.get_page(page_number), backend="database")
