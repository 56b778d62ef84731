from django.apps import AppConfig


class CmsConfig(AppConfig):
    """The project core: shared base models, templates and commands."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "cms"
    verbose_name = "Cổng dịch vụ công"

    def ready(self) -> None:
        # Importing the checks registers them; the page cache connects its purges.
        from cms import health
        from cms.core import cache, checks  # noqa: F401

        cache.connect()
        health.connect()  # the task workers' heartbeat for /readyz
