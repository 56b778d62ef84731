"""Form templates, online services and dossiers. The forms issue fills this in."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet

from cms.models import BasePage


class FormLibraryIndexPage(BasePage):
    """A site's library of downloadable form templates (one per site)."""

    intro = models.TextField("giới thiệu", blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    template = "forms_library/form_library_index_page.html"

    class Meta:
        verbose_name = "thư viện biểu mẫu"
        verbose_name_plural = "thư viện biểu mẫu"


@register_snippet
class FormTemplate(models.Model):
    """An official form (mẫu đơn, tờ khai) citizens download.

    Procedures link to it from their dossier components through
    ``SnippetChooserBlock("forms_library.FormTemplate")``.
    """

    form_number = models.CharField("số hiệu mẫu", max_length=100, blank=True)
    title = models.CharField("tên biểu mẫu", max_length=500)

    panels = [FieldPanel("form_number"), FieldPanel("title")]

    class Meta:
        verbose_name = "biểu mẫu"
        verbose_name_plural = "biểu mẫu"

    def __str__(self) -> str:
        return f"{self.form_number} – {self.title}" if self.form_number else self.title
