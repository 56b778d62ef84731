"""The procedure catalogue. The catalogue issue fills this app in."""

from django.db import models
from wagtail.admin.panels import FieldPanel

from cms.models import BasePage


class ProcedureIndexPage(BasePage):
    """A site's catalogue of administrative procedures (one per site)."""

    intro = models.TextField("giới thiệu", blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    template = "procedure_pages/procedure_index_page.html"

    class Meta:
        verbose_name = "danh mục thủ tục hành chính"
        verbose_name_plural = "danh mục thủ tục hành chính"
