"""Creating and finding the sites of the portal.

The sites issue grows this into full provisioning (groups, collections, standard
child pages); the demo seed and the admin views call only these functions.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from sites.models import HomePage

WAGTAIL_WELCOME_SLUG = "home"


@dataclass
class SiteResult:
    site: Site
    created: bool


def remove_wagtail_welcome_page() -> None:
    """Delete the placeholder site and page that Wagtail's first migration creates."""
    welcome = Page.objects.filter(
        depth=2, slug=WAGTAIL_WELCOME_SLUG, content_type__model="page"
    )
    for page in welcome:
        Site.objects.filter(root_page=page).delete()
        page.delete()


def tree_root() -> Page:
    """The root of the page tree, created when the database has none (a flushed DB)."""
    root = Page.get_first_root_node()
    if root is None:
        language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        Locale.objects.get_or_create(language_code=language)
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    return root


@transaction.atomic
def ensure_site(
    *,
    hostname: str,
    site_name: str,
    slug: str,
    intro: str = "",
    body: str = "",
    is_default: bool = False,
    port: int = 80,
) -> SiteResult:
    """Return the site at ``hostname``, creating it with a home page if missing.

    Existing sites are left exactly as they are, so re-running a seed never
    overwrites an editor's work.
    """
    existing = Site.objects.filter(hostname=hostname, port=port).first()
    if existing is not None:
        return SiteResult(existing, created=False)
    root = tree_root()
    home = HomePage.objects.filter(depth=2, slug=slug).first()
    if home is None:
        home = root.add_child(
            instance=HomePage(title=site_name, slug=slug, intro=intro, body=body)
        )
        home.save_revision().publish()
    site = Site.objects.create(
        hostname=hostname,
        port=port,
        site_name=site_name,
        root_page=home,
        is_default_site=is_default,
    )
    return SiteResult(site, created=True)
