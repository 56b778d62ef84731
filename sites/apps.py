from django.apps import AppConfig


class SitesConfig(AppConfig):
    """The site tree: the provincial portal and one sub-site per unit."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "sites"
    label = "portal_sites"
    verbose_name = "Trang thông tin đơn vị"

    def ready(self) -> None:
        from sites.middleware import connect_signals

        connect_signals()
