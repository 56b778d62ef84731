"""Admin: synonyms, concepts and promoted results (snippets), the search report."""

from __future__ import annotations

from typing import Any

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from search import admin_views
from search.models import Concept, PromotedResult, Synonym


class PrefilledCreateView(CreateView):
    """An add form that takes initial values from the query string (the search
    report's "add a synonym / concept / promotion" links)."""

    prefill_fields: tuple[str, ...] = ()

    def get_initial_form_instance(self) -> Any:
        instance = super().get_initial_form_instance() or self.model()
        for name in self.prefill_fields:
            value = " ".join(self.request.GET.get(name, "").split())
            if value:
                setattr(instance, name, value[:100])
        return instance


class SynonymCreateView(PrefilledCreateView):
    prefill_fields = ("term",)


class ConceptCreateView(PrefilledCreateView):
    prefill_fields = ("name", "phrases")


class PromotedResultCreateView(PrefilledCreateView):
    prefill_fields = ("query",)


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "list-ul"
    menu_label = _("Synonyms and abbreviations")
    add_to_admin_menu = False
    add_view_class = SynonymCreateView
    list_display = ["term", "expansions", "is_abbreviation", "enabled"]
    list_filter = ["is_abbreviation", "enabled"]
    search_fields = ["term", "expansions"]


class ConceptViewSet(SnippetViewSet):
    model = Concept
    icon = "help"
    menu_label = _("Concepts (everyday phrasing)")
    add_to_admin_menu = False
    add_view_class = ConceptCreateView
    list_display = ["name", "kind", "phrases", "meanings", "enabled"]
    list_filter = ["kind", "enabled"]
    search_fields = ["name", "phrases", "meanings"]


class PromotedResultViewSet(SnippetViewSet):
    model = PromotedResult
    icon = "pick"
    menu_label = _("Promoted results")
    add_to_admin_menu = False
    add_view_class = PromotedResultCreateView
    list_display = ["query", "page", "site", "sort_order"]
    search_fields = ["query"]


register_snippet(SynonymViewSet)
register_snippet(ConceptViewSet)
register_snippet(PromotedResultViewSet)


class SearchReportMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return admin_views.can_view_report(request.user)


@hooks.register("register_admin_urls")
def register_search_report_urls() -> list:
    return [
        path(
            "search-report/",
            admin_views.SearchReportView.as_view(),
            name="search_report",
        ),
        path(
            "search-report/add-to-concept/",
            admin_views.add_to_concept,
            name="search_report_add_to_concept",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_search_report_menu_item() -> MenuItem:
    return SearchReportMenuItem(
        _("Search queries"),
        reverse("search_report"),
        name="search-queries",
        icon_name="search",
        order=650,
    )
