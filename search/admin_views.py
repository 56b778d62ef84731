"""The editors' search report: what citizens search for and what they miss.

Reads ``search.querylog.search_report``; each query row links to the ways of
fixing it: a synonym or a new concept (forms prefilled with the query), the
query added to an existing concept in one click, or a promoted result.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from search.models import Concept, PromotedResult, SearchQuery, Synonym
from search.querylog import search_report

PERIODS = (7, 30, 90)
VIEW_PERMISSION = "portal_search.view_searchquery"


def can_view_report(user: Any) -> bool:
    return bool(user.is_active and user.has_perm(VIEW_PERMISSION))


def _add_url(model: type, **initial: str) -> str:
    viewset = model.snippet_viewset  # type: ignore[attr-defined]
    return reverse(viewset.get_url_name("add")) + "?" + urlencode(initial)


class SearchReportView(WagtailAdminTemplateMixin, TemplateView):
    """Top queries, queries with no result, queries whose results are not
    opened, searches per day with the share that found nothing."""

    template_name = "search/admin/report.html"
    page_title = gettext_lazy("Search queries")
    header_icon = "search"
    breadcrumbs_items: list[dict[str, Any]] = []

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not can_view_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def _days(self) -> int:
        try:
            days = int(self.request.GET.get("days", "30"))
        except ValueError:
            days = 30
        return days if days in PERIODS else 30

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        report = search_report(days=self._days())
        user = self.request.user
        context.update(
            report=report,
            periods=PERIODS,
            chart=report.chart_data(),
            concepts=Concept.objects.order_by("name").only("pk", "name")
            if user.has_perm("portal_search.change_concept")
            else [],
            can_add_synonym=user.has_perm("portal_search.add_synonym"),
            can_add_concept=user.has_perm("portal_search.add_concept"),
            can_promote=user.has_perm("portal_search.add_promotedresult"),
        )
        for rows in (report.top, report.no_results, report.unopened):
            for row in rows:
                row.actions = {
                    "synonym": _add_url(Synonym, term=row.query),
                    "concept": _add_url(Concept, name=row.query, phrases=row.query),
                    "promote": _add_url(PromotedResult, query=row.query),
                }
        return context


@require_POST
def add_to_concept(request: HttpRequest) -> HttpResponse:
    """One click: the query becomes one more phrase of an existing concept."""
    if not (
        can_view_report(request.user)
        and request.user.has_perm("portal_search.change_concept")
    ):
        raise PermissionDenied
    concept = get_object_or_404(Concept, pk=request.POST.get("concept") or 0)
    query = " ".join(request.POST.get("query", "").split())[:100]
    known = SearchQuery.objects.filter(query=query).exists()
    if not known:
        messages.error(request, _("That query is not in the search log."))
    elif concept.add_phrase(query):
        concept.save()
        messages.success(
            request,
            _("“%(query)s” now means what “%(concept)s” means.")
            % {"query": query, "concept": concept.name},
        )
    else:
        messages.info(
            request,
            _("“%(concept)s” already has “%(query)s”.")
            % {"query": query, "concept": concept.name},
        )
    back = request.POST.get("next", "")
    if not back.startswith(reverse("search_report")):
        back = reverse("search_report")
    return HttpResponseRedirect(back)
