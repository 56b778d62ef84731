"""Base classes every app's pages share."""

from datetime import date
from typing import Any

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page


class BasePage(Page):
    """Common parent of the portal's page types.

    Pages render through the current site's theme (see ``themes``), so a page
    template only fills blocks of ``theme.base_template``.
    """

    search_description_help = "Mô tả ngắn hiển thị trên kết quả tìm kiếm."

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        context = super().get_context(request, *args, **kwargs)
        context["breadcrumbs"] = self.get_ancestors().filter(depth__gt=1).specific()
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

    day = models.DateField(_("ngày"))
    count = models.PositiveBigIntegerField(_("số lượt"), default=0)

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
