"""Admin integration: safe serving of every Wagtail document, one current version."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.core.text import vietnamese_sort_key
from forms_library import scanning, services
from forms_library.models import (
    LIBRARY_SLUG,
    FormDownloadCount,
    FormLibraryIndexPage,
    FormTemplate,
    OnlineServicePage,
)
from procedure_pages.home import catalogue_for_home
from procedure_pages.services import listing_queryset
from sites.home import HomePanel, HomeRequest
from sites.sections import SectionRequest


class FormTemplateViewSet(SnippetViewSet):
    """Form templates in the admin, with their all-time download count."""

    model = FormTemplate
    icon = "doc-full"
    menu_label = _("Form templates")
    list_display = ["form_number", "title", "agency", "site", "total_downloads"]
    list_filter = ["agency"]
    search_fields = ["title", "form_number"]


register_snippet(FormTemplateViewSet)


# order=100: after Wagtail's own hook that enforces collection privacy.
@hooks.register("before_serve_document", order=100)
def serve_document_safely(document: Any, request: HttpRequest) -> HttpResponse:
    """Wagtail's ``/documents/`` path answers with the portal's download headers.

    Wagtail only accepts a plain ``HttpResponse`` from this hook, so the file
    (at most ``UPLOAD_MAX_BYTES``) is read into memory here.
    """
    if not scanning.document_is_servable(document):
        raise Http404
    streamed = services.document_response(document)
    response = HttpResponse(b"".join(streamed.streaming_content))
    for header, value in streamed.items():
        response[header] = value
    return response


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def supersede_older_versions(request: HttpRequest, instance: Any) -> None:
    if isinstance(instance, FormTemplate):
        services.keep_one_current(instance)


@hooks.register("register_site_sections", order=20)
def forms_library_section(request: SectionRequest) -> list[Page]:
    """Every unit's site has its forms library."""
    return [
        FormLibraryIndexPage(
            title="Biểu mẫu",
            slug=LIBRARY_SLUG,
            intro=f"Mẫu đơn, tờ khai của {request.name} để tải về.",
            show_in_menus=True,
        )
    ]


@hooks.register("register_procedure_usage")
def form_downloads(since: date) -> dict[int, int]:
    """How often a procedure's forms were downloaded since ``since`` (the most
    used procedures on the home pages)."""
    rows = (
        FormDownloadCount.objects.filter(day__gte=since, form__procedures__isnull=False)
        .values("form__procedures")
        .annotate(n=Sum("count"))
    )
    return {row["form__procedures"]: row["n"] for row in rows}


@hooks.register("register_home_page_panels", order=20)
def online_services_panel(home: HomeRequest) -> HomePanel | None:
    """The online services a citizen can use from this site: all of them on the
    portal, those of the procedures the unit handles on a unit's site."""
    services = list(OnlineServicePage.objects.live().public().only("path", "slug"))
    if not services:
        return None
    by_parent = {service.path[: -Page.steplen]: service for service in services}
    index, listed = catalogue_for_home(home)
    procedures = listing_queryset(listed.filter(path__in=by_parent))
    items = []
    for procedure in sorted(procedures, key=lambda p: vietnamese_sort_key(p.title)):
        service = by_parent[procedure.path]
        if index is None or home.is_portal or procedure.path.startswith(index.path):
            url = service.get_url(home.request)
        else:
            url = f"{index.get_url(home.request)}{procedure.slug}/{service.slug}/"
        items.append((procedure, url))
    if not items:
        return None
    return HomePanel("forms_library/includes/home_online.html", {"services": items})
