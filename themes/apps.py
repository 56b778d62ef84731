from django.apps import AppConfig


class ThemesConfig(AppConfig):
    """Per-site look: base templates, static files and theme settings."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "themes"
    verbose_name = "Giao diện"
