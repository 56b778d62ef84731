"""Refuse requests for host names that no site answers to."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _
from wagtail.models import Site

HOSTNAMES_CACHE_KEY = "portal_sites:hostnames"
# Local names that serve the default site, so ``make demo`` works on
# http://127.0.0.1:8000/ and Django's test client (``testserver``) keeps working.
# Production sets SITES_DEFAULT_HOSTS to ``[]`` or its own list.
DEFAULT_HOSTS = ("localhost", "127.0.0.1", "testserver")


def site_hostnames() -> frozenset[str]:
    """Host names of every Wagtail site, cached until a site changes."""
    hostnames = cache.get(HOSTNAMES_CACHE_KEY)
    if hostnames is None:
        hostnames = frozenset(Site.objects.values_list("hostname", flat=True))
        cache.set(HOSTNAMES_CACHE_KEY, hostnames, None)
    return hostnames


def is_site_hostname(hostname: str) -> bool:
    """Whether a site answers to ``hostname``; a cache hit costs no query.

    A miss is checked against the database, because a site created by another
    process (another worker with its own local cache) must answer at once.
    """
    if hostname in site_hostnames():
        return True
    if Site.objects.filter(hostname=hostname).exists():
        forget_hostnames()
        return True
    return False


def forget_hostnames(**kwargs: object) -> None:
    cache.delete(HOSTNAMES_CACHE_KEY)


def connect_signals() -> None:
    """Called from ``AppConfig.ready``: a changed site invalidates the cache."""
    post_save.connect(forget_hostnames, sender=Site, dispatch_uid="sites_host_save")
    post_delete.connect(forget_hostnames, sender=Site, dispatch_uid="sites_host_del")


class UnknownHostMiddleware:
    """Answer 400 Bad Request for a host name that is not one of our sites.

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
        hostname = request.get_host().rsplit(":", 1)[0].lower().rstrip(".")
        if hostname not in self.default_hosts and not is_site_hostname(hostname):
            return HttpResponseBadRequest(
                _("This portal has no site at %(hostname)s.") % {"hostname": hostname},
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


class VisitCounterMiddleware:
    """Count visits of public pages (marked by the ``before_serve_page`` hook)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        site = getattr(request, "portal_counted_site", None)
        if site is not None and response.status_code == 200:
            from sites.visits import record

            record(request, response, site)
        return response
