from django.apps import AppConfig


class FormsLibraryConfig(AppConfig):
    """Form templates, online services and citizens' dossiers."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "forms_library"
    verbose_name = "Biểu mẫu và hồ sơ"

    def ready(self) -> None:
        # Importing checks registers the system checks.
        from forms_library import checks, signal_handlers  # noqa: F401

        signal_handlers.connect()

        from forms_library.online.models import OnlineServicePage
        from procedure_pages.online import register_online_service_model

        register_online_service_model(OnlineServicePage)
