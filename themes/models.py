"""Per-site theme settings, editable by each site's own editors."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from themes.registry import DEFAULT_THEME, theme_choices

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter the colour as #RRGGBB."))


@register_setting(icon="view")
class ThemeSettings(BaseSiteSetting):
    """Look of one site: which theme folder, colours, banner and footer text."""

    theme = models.CharField(
        "giao diện", max_length=40, choices=theme_choices, default=DEFAULT_THEME
    )
    primary_colour = models.CharField(
        "màu chủ đạo", max_length=7, default="#b3141c", validators=[hex_colour]
    )
    banner_text = models.CharField("dòng chữ trên băng rôn", max_length=255, blank=True)
    footer_contact = models.TextField("thông tin liên hệ ở chân trang", blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="biểu trưng",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Để trống: dùng quốc huy.",
    )

    panels = [
        FieldPanel("theme"),
        FieldPanel("primary_colour"),
        FieldPanel("banner_text"),
        FieldPanel("footer_contact"),
        FieldPanel("logo"),
    ]

    class Meta:
        verbose_name = "giao diện trang"
