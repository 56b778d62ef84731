from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    """Public statistics, roadmap and Decision 766 dashboards, reports: the top
    of the layers, reading the apps' ``stats.py`` (PORTAL.md §5)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "dashboards"
    verbose_name = "Thống kê, báo cáo"
