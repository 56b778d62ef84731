"""Admin integration of the sites app: audit log action, provisioning view."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from sites import admin_scope
from sites.contact_admin import contact_viewset
from sites.permissions import can_provision_sites
from sites.provisioning import PROVISION_ACTION
from sites.sections import SECTION_HOOK, contact_section, directory_section
from sites.views import provision_site_view


@hooks.register("register_log_actions")
def register_provision_action(actions):
    actions.register_action(
        PROVISION_ACTION, _("Create a unit's site"), _("Created a unit's site")
    )


@hooks.register("register_admin_urls")
def register_provision_url():
    return [path("tao-trang-don-vi/", provision_site_view, name="sites_provision")]


class ProvisionMenuItem(MenuItem):
    def is_shown(self, request):
        return can_provision_sites(request.user)


@hooks.register("register_settings_menu_item")
def register_provision_menu_item():
    return ProvisionMenuItem(
        _("Create a unit's site"),
        reverse("sites_provision"),
        icon_name="site",
        order=150,
    )


# The portal's directory first, the contact page last (the apps' sections between).
hooks.register(SECTION_HOOK, directory_section, order=-100)
hooks.register(SECTION_HOOK, contact_section, order=100)


# Editors see only their own pages in the admin's listings (sites/admin_scope.py).
hooks.register("construct_page_chooser_queryset", admin_scope.scope_chooser_pages)
for _action in admin_scope.SCOPED_BULK_ACTIONS:
    hooks.register("register_bulk_action", _action, order=100)


# Settings → contact details of the editor's own site (sites/contact_admin.py).
hooks.register("register_admin_viewset", lambda: contact_viewset)
