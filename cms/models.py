"""Base classes every app's pages share."""

from django.db import models
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
