from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class SearchConfig(AppConfig):
    """Public search: Elasticsearch index and its database fallback."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    label = "portal_search"
    verbose_name = "Tìm kiếm"

    def ready(self) -> None:
        from search import signal_handlers

        # Every app's documents.py registers its models with search.records (as
        # Wagtail finds wagtail_hooks), so search never names the apps; the
        # handlers are connected afterwards, to the registered models only.
        autodiscover_modules("documents")
        signal_handlers.connect()
