"""Who may do what on a unit's site: the per-site groups' permissions and the
IT staff who may provision sites."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import (
    AbstractBaseUser,
    AnonymousUser,
    Group,
    Permission,
)
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Page,
    Site,
)

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
SITE_PERMISSIONS = (("themes", "change_themesettings"),)
GLOBAL_PERMISSIONS = (("wagtailadmin", "access_admin"),)


SYSTEM_ADMIN_GROUP = "Quản trị hệ thống"


def can_provision_sites(user: AbstractBaseUser | AnonymousUser) -> bool:
    """IT staff: superusers and members of the system administrators' group."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or user.groups.filter(name=SYSTEM_ADMIN_GROUP).exists()


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
        if not self.permissions:
            self.permissions = {
                (p.content_type.app_label, p.codename): p
                for p in Permission.objects.select_related("content_type").filter(
                    content_type__app_label__in=[
                        "wagtailcore",
                        "wagtailadmin",
                        "wagtaildocs",
                        "wagtailimages",
                        "themes",
                    ]
                )
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
        for p in SITE_PERMISSIONS
    )
