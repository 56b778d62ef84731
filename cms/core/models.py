"""Base classes every app's pages share."""

from datetime import date
from typing import Any
from urllib.parse import urlsplit

from django.db import models, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from wagtail.models import Page

from cms.core import fragments
from cms.core.links import root_url_for


class BasePage(Page):
    """Common parent of the portal's page types.

    Pages render through the current site's theme (see ``themes``), so a page
    template only fills blocks of ``theme.base_template``.
    """

    search_description_help = "Mô tả ngắn hiển thị trên kết quả tìm kiếm."

    class Meta:
        abstract = True

    def get_url_parts(
        self, request: HttpRequest | None = None
    ) -> tuple[int, str, str] | None:
        """Wagtail's URL parts, with another site's root on this request's scheme
        and port, so cross-site links work wherever the portal is served."""
        parts = super().get_url_parts(request)
        if parts is None or request is None:
            return parts
        site_id, root_url, page_path = parts
        hostname = urlsplit(root_url).hostname
        if hostname:
            root_url = root_url_for(hostname, request)
        return site_id, root_url, page_path

    def route(self, request: HttpRequest, path_components: list[str]) -> Any:
        """Wagtail's routing, finding a child page in one query rather than two
        when the shared cache knows its id and type (``cms.core.routing``)."""
        if path_components:
            from cms.core.routing import child_for_route

            child = child_for_route(self, path_components[0], request)
            if child is not None:
                return child.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_view_restrictions(self) -> Any:
        """Wagtail's restrictions of this page, without its two queries when no
        page above it (itself included) is private or an alias: the common
        case, known from the shared cache (``cms.core.restrictions``)."""
        from wagtail.models import PageViewRestriction

        from cms.core import restrictions

        if self.path and restrictions.none_apply(self.path):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Titles and URLs only: plain pages (no query per page type), and none
        # at all for a site's home page.
        # From the shared cache (cms.core.fragments: purged on any page save).
        context["breadcrumbs"] = (
            fragments.cached(
                request,
                "breadcrumbs",
                lambda: list(self.get_ancestors().filter(depth__gt=1)),
                parts=[self.pk, self.path],
            )
            if self.depth > 2
            else []
        )
        return context


class TimestampedModel(models.Model):
    """Adds created/updated timestamps to non-page models."""

    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        abstract = True


class DailyCounter(models.Model):
    """An aggregate count per day of one thing (visits of a site, downloads of a
    form): a number, nothing about who. Subclasses add the key field(s) and a
    unique constraint on (key…, day)."""

    day = models.DateField("ngày")
    count = models.PositiveBigIntegerField("số lượt", default=0)

    class Meta:
        abstract = True

    @classmethod
    def increment(cls, day: date | None = None, **key: Any) -> None:
        """Add one to the row of ``key`` for ``day`` (today by default).

        One UPDATE in the common case; the day's first hit inserts, and a racing
        second insert falls back to the UPDATE (the unique constraint decides).
        """
        day = day or timezone.localdate()
        rows = cls._default_manager.filter(day=day, **key)
        if rows.update(count=F("count") + 1):
            return
        with transaction.atomic():
            _counter, created = cls._default_manager.get_or_create(
                day=day, defaults={"count": 1}, **key
            )
        if not created:
            rows.update(count=F("count") + 1)
