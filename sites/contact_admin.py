"""The admin screen for a site's contact data (address, phone, e-mail, working
hours, head of unit), which the footer, the contact page, the home page and a
procedure's "where to go" box show.

Like Wagtail's site settings, the right to edit it is granted per site
(``GroupSitePermission`` with ``portal_sites.change_siteprofile``; provisioning
gives it to the site's editors and moderators): an editor sees and edits their
own site's data only. Profiles are created by provisioning, never here.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from sites.models import SiteProfile
from sites.permissions import SiteScopedPermissionPolicy

# Profiles come with their site (provisioning) and go with it.
READ_ONLY_ACTIONS = frozenset({"add", "delete"})


class ContactPermissionPolicy(SiteScopedPermissionPolicy):
    """Change a profile where the user may (per site, or everywhere with the
    global permission); add and delete are nobody's."""

    refused_actions = READ_ONLY_ACTIONS


permission_policy = ContactPermissionPolicy(SiteProfile)
register_permission_policy(SiteProfile, permission_policy)


def editable_profiles(user: Any) -> QuerySet[SiteProfile]:
    return permission_policy.instances_user_has_permission_for(
        user, "change"
    ).select_related("site", "unit")


class ContactIndexView(generic.IndexView):
    """The sites whose contact data the user may edit; straight to the form
    when there is only one (an editor's own site)."""

    any_permission_required = ["change"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        profiles = editable_profiles(request.user)
        if not self.is_searching and not request.GET.get("p"):
            only = profiles[:2]
            if len(only) == 1:
                return redirect(self.get_edit_url(only[0]))
        return super().get(request, *args, **kwargs)

    def get_base_queryset(self) -> QuerySet[SiteProfile]:
        return editable_profiles(self.request.user).order_by("unit__kind", "unit__name")

    @property
    def columns(self) -> list[Column]:
        return [
            TitleColumn(
                "unit",
                label=pgettext_lazy("contact data listing", "Unit"),
                url_name=self.edit_url_name,
            ),
            Column("site", label=pgettext_lazy("contact data listing", "Site")),
            Column("phone", label=pgettext_lazy("contact data listing", "Phone")),
            Column("email", label=pgettext_lazy("contact data listing", "E-mail")),
        ]


class ContactEditView(generic.EditView):
    """Editing one site's contact data: only where the user may."""

    def get_object(self, queryset: Any = None) -> SiteProfile:
        profile = super().get_object(queryset)
        if not permission_policy.user_has_permission_for_instance(
            self.request.user, "change", profile
        ):
            raise PermissionDenied
        return profile

    def get_page_subtitle(self) -> str:
        return self.object.unit.name


class SiteContactViewSet(ModelViewSet):
    """Settings → "Contact details" of the user's site(s)."""

    model = SiteProfile
    icon = "mail"
    menu_label = _("Contact details")
    menu_order = 160
    add_to_settings_menu = True
    url_prefix = "thong-tin-lien-he"
    name = "site_contacts"
    index_view_class = ContactIndexView
    edit_view_class = ContactEditView
    copy_view_enabled = False
    inspect_view_enabled = False
    search_fields = ["unit__name", "site__hostname"]
    search_backend_name = None  # the database's own filter: not a search index
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("working_hours"),
                FieldPanel("head_of_unit"),
            ],
            heading=_("How citizens reach the unit"),
            help_text=_(
                "Shown in the footer of every page of the site, on its home and "
                "contact pages, and where procedures say where to hand in a dossier."
            ),
        )
    ]


contact_viewset = SiteContactViewSet()
