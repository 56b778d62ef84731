"""Admin: editors maintain synonyms/abbreviations and promoted results."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from search.models import PromotedResult, Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "list-ul"
    menu_label = _("Synonyms and abbreviations")
    add_to_admin_menu = False
    list_display = ["term", "expansions", "is_abbreviation", "enabled"]
    list_filter = ["is_abbreviation", "enabled"]
    search_fields = ["term", "expansions"]


class PromotedResultViewSet(SnippetViewSet):
    model = PromotedResult
    icon = "pick"
    menu_label = _("Promoted results")
    add_to_admin_menu = False
    list_display = ["query", "page", "site", "sort_order"]
    search_fields = ["query"]


register_snippet(SynonymViewSet)
register_snippet(PromotedResultViewSet)
