"""Template helpers of the sites app."""

from django import template

from cms.core.links import site_link as build_site_link

register = template.Library()


@register.simple_tag(takes_context=True)
def site_link(context: template.Context, hostname: str) -> str:
    """Absolute link to another site of the portal, on the visitor's scheme/port."""
    return build_site_link(hostname, context.get("request"))


@register.simple_tag(takes_context=True)
def visit_stats(context: template.Context):  # type: ignore[no-untyped-def]
    """The current site's visitor counter (online now, today, week, total)."""
    from sites.visits import stats

    site = context.get("current_site")
    return stats(site) if site is not None else None
