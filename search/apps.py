from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Public search: Elasticsearch index and its database fallback."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    label = "portal_search"
    verbose_name = "Tìm kiếm"
