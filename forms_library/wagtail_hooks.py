"""Admin integration: safe serving of every Wagtail document, one current version."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any, cast

from django.db.models import QuerySet, Sum
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.models import Page, Site
from wagtail.permission_policies.sites import SitePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
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
from sites.permissions import MODERATORS, OwnSiteObjectMixin
from sites.sections import SectionRequest


class FormTemplatePermissionPolicy(SitePermissionPolicy):
    """Form templates are managed per site, like pages: a site's editors add and
    change its forms, its moderators delete them too (``GroupSitePermission``
    rows that provisioning grants through ``register_site_permissions``). A
    global permission (a user's or group's own) covers every site, forms without
    a site included: the provincial administrators'."""

    def covers_every_site(self, user: Any, actions: list[str]) -> bool:
        return bool(user.is_superuser) or self._user_has_global_permission(
            user, actions
        )

    def sites_for(self, user: Any, actions: list[str]) -> QuerySet[Site]:
        return self.sites_user_has_any_permission_for(user, actions)


form_permission_policy = FormTemplatePermissionPolicy(FormTemplate)
register_permission_policy(FormTemplate, form_permission_policy)
MANAGE = ["add", "change", "delete"]


@hooks.register("register_site_permissions")
def form_template_site_permissions(role: str) -> list[tuple[str, str]]:
    """What a new site's groups may do with the site's form templates."""
    actions = ["add", "change", *(["delete"] if role == MODERATORS else [])]
    return [("forms_library", f"{action}_formtemplate") for action in actions]


class FormTemplateAdminForm(WagtailAdminModelForm):
    """The site field offers the editor's own sites only (theirs by default)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = self.for_user
        field = self.fields.get("site")
        if user is None or field is None:
            return
        if form_permission_policy.covers_every_site(user, ["add", "change"]):
            return
        sites = form_permission_policy.sites_for(user, ["add", "change"])
        field.queryset = sites
        field.required = True
        field.empty_label = None
        if self.instance.pk is None and not self.initial.get("site"):
            first = sites.order_by("pk").first()
            if first is not None:
                self.initial["site"] = first.pk


class OwnSiteFormsMixin(OwnSiteObjectMixin):
    """An editor reaches only the forms of their own sites (404 otherwise)."""

    site_actions = tuple(MANAGE)


def _own(view_class: type) -> type:
    return type(view_class.__name__, (OwnSiteFormsMixin, view_class), {})


class FormTemplateViewSet(SnippetViewSet):
    """Form templates in the admin, with their all-time download count; each
    editor sees and edits the forms of their own site(s) only."""

    model = FormTemplate
    icon = "doc-full"
    menu_label = _("Form templates")
    # A menu item of its own: what a department's editors come for.
    add_to_admin_menu = True
    menu_order = 250
    list_display = ["form_number", "title", "agency", "site", "total_downloads"]
    list_filter = ["agency"]
    search_fields = ["title", "form_number"]
    edit_view_class = _own(snippet_views.EditView)
    delete_view_class = _own(snippet_views.DeleteView)
    copy_view_class = _own(snippet_views.CopyView)
    usage_view_class = _own(snippet_views.UsageView)
    history_view_class = _own(snippet_views.HistoryView)
    inspect_view_class = _own(snippet_views.InspectView)

    def get_edit_handler(self):
        return ObjectList(
            FormTemplate.panels, base_form_class=FormTemplateAdminForm
        ).bind_to_model(FormTemplate)

    def get_queryset(self, request: HttpRequest) -> QuerySet[FormTemplate] | None:
        if form_permission_policy.covers_every_site(request.user, MANAGE):
            return None  # every form (the default listing)
        return FormTemplate.objects.filter(
            site__in=form_permission_policy.sites_for(request.user, MANAGE)
        )


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
    # A FileResponse (services.attachment_response), iterated synchronously.
    streamed = cast(FileResponse, services.document_response(document))
    response = HttpResponse(b"".join(cast(Iterator[bytes], streamed.streaming_content)))
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
    services = list(
        OnlineServicePage.objects.live().public().only("path", "slug", "url_path")
    )
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
