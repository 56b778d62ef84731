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
