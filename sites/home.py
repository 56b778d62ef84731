"""What a unit's home page offers besides its own text: panels the apps add.

The home page is a door to services (search, most used procedures, online
services, tracking, procedures by group and agency), but the sites app sits
below the catalogue and the forms library in the layers and cannot query them.
Each app registers a Wagtail hook ``register_home_page_panels`` instead: a
function that takes a ``HomeRequest`` and returns a ``HomePanel`` (a template
and its context) or None. Panels show in hook order.

The panels add up many rows (counts per sector, agency and tier, the most used
procedures): their HTML is kept in the shared cache (``cms.core.fragments``),
purged with the site's pages on publish, so only the first visitor after a
change pays for it. A panel must therefore be the same for every visitor (no
user, session or CSRF token) and its template may use only ``panel``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe
from wagtail import hooks
from wagtail.models import Page, Site

from cms.core import fragments
from cms.core.portal import is_portal

HOME_PANELS_HOOK = "register_home_page_panels"


@dataclass(frozen=True)
class HomeRequest:
    """What a panel may know: the home page, the request, its site and unit."""

    page: Page
    request: HttpRequest
    site: Site | None
    unit: Any  # sites.models.AdministrativeUnit | None
    is_portal: bool


@dataclass
class HomePanel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


def home_request(page: Page, request: HttpRequest) -> HomeRequest:
    # The request's site (cached on it, the same object the templates use), so
    # its profile and unit are read once per page.
    site = Site.find_for_request(request)
    if site is None or site.root_page_id != page.pk:
        site = page.get_site()
    profile = getattr(site, "profile", None) if site is not None else None
    return HomeRequest(
        page=page,
        request=request,
        site=site,
        unit=profile.unit if profile is not None else None,
        is_portal=is_portal(site),
    )


def home_panels(page: Page, request: HttpRequest) -> list[HomePanel]:
    """Every registered panel that has something to show, in hook order."""
    home = home_request(page, request)
    panels = []
    for build in hooks.get_hooks(HOME_PANELS_HOOK):
        panel = build(home)
        if panel is not None:
            panels.append(panel)
    return panels


def render_panels(panels: list[HomePanel]) -> str:
    """The panels' HTML; a panel's template sees only ``panel`` (its context)."""
    return "".join(
        get_template(panel.template).render({"panel": panel.context})
        for panel in panels
    )


def cached_home_panels(page: Page, request: HttpRequest) -> SafeString:
    """The HTML of every panel of ``page``, from the shared cache when fresh."""
    html = fragments.cached(
        request,
        "home-panels",
        lambda: render_panels(home_panels(page, request)),
        parts=[page.pk],
    )
    return mark_safe(html)  # noqa: S308 - rendered by our templates, autoescaped
