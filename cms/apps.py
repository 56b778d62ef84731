from django.apps import AppConfig


class CmsConfig(AppConfig):
    """The project core: shared base models, templates and commands."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "cms"
    verbose_name = "Cổng dịch vụ công"

    def ready(self) -> None:
        from cms.core import checks  # noqa: F401  (registers the system checks)
