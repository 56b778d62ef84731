from django.apps import AppConfig


class ThemesConfig(AppConfig):
    """Per-site look: base templates, static files and theme settings."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "themes"
    verbose_name = "Giao diện"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from wagtail.images import get_image_model

        from themes.context_processors import forget_theme_settings
        from themes.models import ThemeSettings

        # The cached settings hold the logo too.
        for model in (ThemeSettings, get_image_model()):
            uid = f"themes-settings-{model._meta.label_lower}"
            post_save.connect(forget_theme_settings, sender=model, dispatch_uid=uid)
            post_delete.connect(
                forget_theme_settings, sender=model, dispatch_uid=f"{uid}-deleted"
            )
