"""Admin integration: safe serving of every Wagtail document, one current version."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from forms_library import scanning, services
from forms_library.models import LIBRARY_SLUG, FormLibraryIndexPage, FormTemplate
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
