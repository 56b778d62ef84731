"""The one definition of "the provincial portal".

The portal is Wagtail's default site. Provisioning the province's unit makes its
site the default (``sites.provisioning``) and a system check (``sites.checks``)
keeps exactly one default site, owned by the province once units exist. Every
app asks these two functions instead of deciding for itself.
"""

from __future__ import annotations

from wagtail.models import Site


def portal_site() -> Site | None:
    """The provincial portal's site, or None before any site exists."""
    return Site.objects.filter(is_default_site=True).order_by("pk").first()


def is_portal(site: Site | None) -> bool:
    """True for the provincial portal, which aggregates every unit's content."""
    return site is not None and bool(site.is_default_site)
