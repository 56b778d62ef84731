"""Find the request's site once, from the shared cache, and refuse host names
that no site answers to."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.request import split_domain_port
from django.utils.translation import gettext as _
from wagtail.models import Site
from wagtail.models.sites import get_site_for_hostname
from wagtail.signals import page_published, page_unpublished, post_page_move

VERSION_KEY = "portal_sites:version"
# Local names that serve the default site, so ``make demo`` works on
# http://127.0.0.1:8000/ and Django's test client (``testserver``) keeps working.
# Production sets SITES_DEFAULT_HOSTS to ``[]`` or its own list.
DEFAULT_HOSTS = ("localhost", "127.0.0.1", "testserver")
KNOWN_HOST_SECONDS = 60 * 60
UNKNOWN_HOST_SECONDS = 60


@dataclass(frozen=True)
class HostMatch:
    """What a host name answers: whether a site has exactly that name, and the
    site Wagtail serves for it (the default one when no name matches)."""

    known: bool
    site: Site | None


def _version() -> str:
    """A token replaced whenever a site, its profile or its home page changes:
    every cached lookup of the previous token is forgotten at once, in every
    process that shares the cache."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, secrets.token_hex(6), None)
        version = cache.get(VERSION_KEY) or ""
    return str(version)


def forget_sites(**kwargs: Any) -> None:
    cache.set(VERSION_KEY, secrets.token_hex(6), None)


def match_host(hostname: str, port: int | str | None) -> HostMatch:
    """The site for ``hostname``/``port`` as Wagtail finds it, with its home
    page, profile, unit and parent unit, from the cache: one cache read in the
    common case, the database only after a change (or for an unknown name)."""
    key = f"portal_sites:host:{_version()}:{hostname}:{port}"
    match = cache.get(key)
    if isinstance(match, HostMatch):
        return match
    known = Site.objects.filter(hostname=hostname).exists()
    try:
        found = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        site = None
    else:
        # The footer and the home page read the profile and its units.
        site = (
            Site.objects.select_related("root_page", "profile__unit__parent")
            .filter(pk=found.pk)
            .first()
        )
    match = HostMatch(known=known, site=site)
    cache.set(key, match, KNOWN_HOST_SECONDS if known else UNKNOWN_HOST_SECONDS)
    return match


def default_site() -> Site | None:
    """The default site (the provincial portal), from the cache like
    ``match_host``: the footer's "back to the portal" link on every page."""
    key = f"portal_sites:default:{_version()}"
    found = cache.get(key)
    if isinstance(found, HostMatch):
        return found.site
    site = Site.objects.filter(is_default_site=True).order_by("pk").first()
    cache.set(key, HostMatch(known=site is not None, site=site), KNOWN_HOST_SECONDS)
    return site


def _root_page_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if Site.objects.filter(root_page_id=instance.pk).exists():
        forget_sites()


def connect_signals() -> None:
    """Called from ``AppConfig.ready``: a changed site, profile, unit or home
    page (its address, its menu) forgets every cached lookup."""
    from sites.models import AdministrativeUnit, SiteProfile

    for model in (Site, SiteProfile, AdministrativeUnit):
        label = model._meta.label_lower
        post_save.connect(forget_sites, sender=model, dispatch_uid=f"{label}-sites")
        post_delete.connect(
            forget_sites, sender=model, dispatch_uid=f"{label}-sites-del"
        )
    for signal in (page_published, page_unpublished):
        signal.connect(_root_page_changed, dispatch_uid=f"sites-root-{id(signal)}")
    post_page_move.connect(_root_page_changed, dispatch_uid="sites-root-moved")


class UnknownHostMiddleware:
    """Find the request's site (``Site.find_for_request`` then costs nothing)
    and answer 400 Bad Request for a host name that is not one of our sites.

    Wagtail would serve the default site for any host; for a multi-site portal
    that means a mistyped or hostile host name shows the provincial portal under
    a name that is not its own. Only the names in ``SITES_DEFAULT_HOSTS`` fall
    back to the default site.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.default_hosts = frozenset(
            getattr(settings, "SITES_DEFAULT_HOSTS", DEFAULT_HOSTS)
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # get_host() checks ALLOWED_HOSTS first: nothing is cached for others.
        hostname = split_domain_port(request.get_host())[0].rstrip(".")
        match = match_host(hostname, request.get_port())
        if hostname not in self.default_hosts and not match.known:
            return HttpResponseBadRequest(
                _("This portal has no site at %(hostname)s.") % {"hostname": hostname},
                content_type="text/plain; charset=utf-8",
            )
        request._wagtail_site = match.site  # type: ignore[attr-defined]
        return self.get_response(request)
