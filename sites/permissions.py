"""Who may do what on a unit's site: the per-site groups' permissions and the
IT staff who may provision sites."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from django.contrib.auth.models import (
    AbstractBaseUser,
    AnonymousUser,
    Group,
    Permission,
    PermissionsMixin,
)
from django.http import Http404
from wagtail import hooks
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Page,
    Site,
)
from wagtail.permission_policies.sites import SitePermissionPolicy
from wagtail.permissions import policy_registry

EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
MODERATOR_PAGE_PERMISSIONS = (
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
)
EDITOR_COLLECTION_PERMISSIONS = (
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
)
MODERATOR_COLLECTION_PERMISSIONS = (
    *EDITOR_COLLECTION_PERMISSIONS,
    ("wagtaildocs", "delete_document"),
    ("wagtailimages", "delete_image"),
)
# Granted for the group's own site only (``GroupSitePermission``): its theme and
# its contact data (``sites.contact_admin``). The apps above add theirs through
# the ``register_site_permissions`` hook (``site_permissions``).
SITE_PERMISSIONS = (
    ("themes", "change_themesettings"),
    ("portal_sites", "change_siteprofile"),
)
SITE_PERMISSIONS_HOOK = "register_site_permissions"
EDITORS = "editors"
MODERATORS = "moderators"
GLOBAL_PERMISSIONS = (("wagtailadmin", "access_admin"),)


def site_permissions(role: str) -> list[tuple[str, str]]:
    """(app label, codename) of every per-site permission a site's ``role``
    group (``EDITORS`` or ``MODERATORS``) gets on its site.

    An app above registers ``register_site_permissions``: a function of the role
    returning its own pairs (the forms library: add and change form templates,
    moderators delete them too), so provisioning never names the apps above.
    """
    pairs = list(SITE_PERMISSIONS)
    for extra in hooks.get_hooks(SITE_PERMISSIONS_HOOK):
        pairs.extend(pair for pair in extra(role) if pair not in pairs)
    return pairs


SYSTEM_ADMIN_GROUP = "Quản trị hệ thống"


def can_provision_sites(user: AbstractBaseUser | AnonymousUser) -> bool:
    """IT staff: superusers and members of the system administrators' group."""
    if not (user.is_authenticated and user.is_active):
        return False
    # The project's user model (auth.User) has permissions and groups.
    member = cast(PermissionsMixin, user)
    return member.is_superuser or member.groups.filter(name=SYSTEM_ADMIN_GROUP).exists()


def ensure_system_admin_group() -> Group:
    """The group whose members may provision sites (and reach the admin)."""
    group, _created = Group.objects.get_or_create(name=SYSTEM_ADMIN_GROUP)
    group.permissions.add(PermissionCache().permission("wagtailadmin", "access_admin"))
    return group


@dataclass
class PermissionCache:
    """Permission rows looked up once per batch, so each site costs the same."""

    permissions: dict[tuple[str, str], Permission] = field(default_factory=dict)

    def permission(self, app_label: str, codename: str) -> Permission:
        # Every permission row at once (a few hundred): the per-site ones come
        # from any app (``site_permissions``).
        if not self.permissions:
            self.permissions = {
                (p.content_type.app_label, p.codename): p
                for p in Permission.objects.select_related("content_type")
            }
        return self.permissions[(app_label, codename)]


def grant_site_permissions(
    cache: PermissionCache,
    site: Site,
    home: Page,
    collection: Collection,
    group: Group,
    page_permissions: Iterable[str],
    collection_permissions: Iterable[tuple[str, str]],
    per_site_permissions: Iterable[tuple[str, str]] = SITE_PERMISSIONS,
) -> None:
    group.permissions.add(*(cache.permission(*p) for p in GLOBAL_PERMISSIONS))
    GroupPagePermission.objects.bulk_create(
        GroupPagePermission(
            group=group, page=home, permission=cache.permission("wagtailcore", name)
        )
        for name in page_permissions
    )
    GroupCollectionPermission.objects.bulk_create(
        GroupCollectionPermission(
            group=group, collection=collection, permission=cache.permission(*p)
        )
        for p in collection_permissions
    )
    GroupSitePermission.objects.bulk_create(
        GroupSitePermission(group=group, site=site, permission=cache.permission(*p))
        for p in per_site_permissions
    )


class SiteScopedPermissionPolicy(SitePermissionPolicy):
    """Objects managed per site (``GroupSitePermission``, or everywhere with the
    global permission), some of whose actions are nobody's: objects that are
    created elsewhere (by provisioning, by citizens) list them in
    ``refused_actions``."""

    refused_actions: frozenset[str] = frozenset()

    def user_has_permission(self, user: Any, action: str) -> bool:
        return action not in self.refused_actions and super().user_has_permission(
            user, action
        )

    def user_has_any_permission(self, user: Any, actions: Any) -> bool:
        allowed = [a for a in actions if a not in self.refused_actions]
        return bool(allowed) and super().user_has_any_permission(user, allowed)

    def user_has_any_permission_for_instance(
        self, user: Any, actions: Any, instance: Any
    ) -> bool:
        allowed = [a for a in actions if a not in self.refused_actions]
        return bool(allowed) and super().user_has_any_permission_for_instance(
            user, allowed, instance
        )


class OwnSiteObjectMixin:
    """For an admin view of one object managed per site: an object of a site
    the user has no permission on is not found (404), whatever id is typed."""

    request: Any
    site_actions: tuple[str, ...] = ("change",)

    def get_object(self, *args: Any, **kwargs: Any) -> Any:
        obj = super().get_object(*args, **kwargs)  # type: ignore[misc]
        policy = policy_registry.get_by_type(type(obj))
        if not policy.user_has_any_permission_for_instance(
            self.request.user, list(self.site_actions), obj
        ):
            raise Http404
        return obj
