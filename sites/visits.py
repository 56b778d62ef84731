"""Visitor counter: aggregate numbers per site, nothing about any visitor.

Pages do not count: they are the same for everyone and served from the page
cache. Their script asks ``/luot-truy-cap/`` (``sites.views.visit_counter``),
which counts and answers the numbers the footer shows. A visit is counted when
a browser asks without the ``portal_visit`` cookie (valid 30 minutes, value
``1``: no identifier). "Online now" counts browsers that showed up without the
5-minute ``portal_online`` cookie in the last five one-minute buckets of the
shared cache. A request that belongs to a counted visit writes nothing; a new
visit costs one UPDATE (an INSERT on the day's first).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q, Sum
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from wagtail.models import Site

from sites.models import VisitCounter

VISIT_COOKIE = "portal_visit"
ONLINE_COOKIE = "portal_online"
VISIT_SECONDS = 30 * 60
ONLINE_MINUTES = 5


@dataclass(frozen=True)
class VisitStats:
    online: int
    today: int
    this_week: int
    total: int


def _minute(now_ts: float) -> int:
    return int(now_ts // 60)


def _online_key(site_id: int, minute: int) -> str:
    return f"portal_sites:online:{site_id}:{minute}"


def count_visit(site: Site, day: date | None = None) -> None:
    """Add one visit to the site's counter for ``day`` (today by default)."""
    VisitCounter.increment(day, site=site)


def count_online(site: Site) -> None:
    key = _online_key(site.pk, _minute(timezone.now().timestamp()))
    cache.add(key, 0, timeout=(ONLINE_MINUTES + 1) * 60)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=(ONLINE_MINUTES + 1) * 60)


def record(request: HttpRequest, response: HttpResponse, site: Site) -> None:
    """Count this request for ``site`` and set the two anonymous cookies."""
    if VISIT_COOKIE not in request.COOKIES:
        count_visit(site)
        response.set_cookie(
            VISIT_COOKIE,
            "1",
            max_age=VISIT_SECONDS,
            httponly=True,
            samesite="Lax",
            secure=settings.VISIT_COOKIE_SECURE,
        )
    if ONLINE_COOKIE not in request.COOKIES:
        count_online(site)
        response.set_cookie(
            ONLINE_COOKIE,
            "1",
            max_age=ONLINE_MINUTES * 60,
            httponly=True,
            samesite="Lax",
            secure=settings.VISIT_COOKIE_SECURE,
        )


def stats(site: Site) -> VisitStats:
    """Online now, today, this week (from Monday) and total.

    One indexed aggregate query per render, always: a time-limited cache would
    make the cost of a page depend on when it is asked for.
    """
    minute = _minute(timezone.now().timestamp())
    online = sum(
        cache.get_many(
            [_online_key(site.pk, minute - n) for n in range(ONLINE_MINUTES)]
        ).values()
    )
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    totals = VisitCounter.objects.filter(site=site).aggregate(
        today=Sum("count", filter=Q(day=today)),
        week=Sum("count", filter=Q(day__gte=monday)),
        total=Sum("count"),
    )
    return VisitStats(
        online, totals["today"] or 0, totals["week"] or 0, totals["total"] or 0
    )
