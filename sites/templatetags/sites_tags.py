"""Template helpers of the sites app."""

from django import template

from cms.core.links import site_link as build_site_link

register = template.Library()


@register.simple_tag(takes_context=True)
def site_link(context: template.Context, hostname: str) -> str:
    """Absolute link to another site of the portal, on the visitor's scheme/port."""
    return build_site_link(hostname, context.get("request"))


@register.simple_tag(takes_context=True)
def portal_home(context: template.Context) -> dict[str, str] | None:
    """The provincial portal's name and address, for a sub-site's "back to the
    portal" link; None on the portal itself."""
    from cms.core.portal import is_portal
    from sites.middleware import default_site

    site = context.get("current_site")
    if site is None or is_portal(site):
        return None
    request = context.get("request")
    cached = getattr(request, "_portal_home", None)
    if cached is not None:
        return cached
    portal = default_site()  # cms.core.portal.portal_site(), cached
    if portal is None:
        return None
    link = {
        "name": portal.site_name or portal.hostname,
        "url": build_site_link(portal.hostname, request),
    }
    if request is not None:
        request._portal_home = link
    return link


@register.simple_tag(takes_context=True)
def site_menu(context: template.Context) -> list[dict[str, str]]:
    """The current site's menu (its home page's live children shown in menus):
    ``url``, ``title`` and ``description`` of each, from the shared cache
    (``cms.core.fragments``: purged on any page save), worked out once per
    request; the header and the home page's quick links share it."""
    from cms.core import fragments

    request = context.get("request")
    site = context.get("current_site")
    if site is None:
        return []
    cached = getattr(request, "_site_menu", None)
    if cached is not None:
        return cached

    def build() -> list[dict[str, str]]:
        return [
            {
                "url": item.get_url(request) or "",
                "title": item.title,
                "description": item.search_description,
            }
            for item in site.root_page.get_children().live().in_menu()
        ]

    menu = fragments.cached(request, "site-menu", build, parts=[site.pk])
    if request is not None:
        request._site_menu = menu
    return menu
