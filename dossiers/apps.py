from django.apps import AppConfig


class DossiersConfig(AppConfig):
    """Dossiers (hồ sơ): codes, working days, receipts, tracking, the lifecycle."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "dossiers"
    verbose_name = "Hồ sơ trực tuyến"

    def ready(self) -> None:
        from dossiers import checks, services  # noqa: F401 - registers checks
        from dossiers.models import Dossier
        from forms_library.online import handoff

        # forms_library sits below us: it hands finished applications over
        # through this registration, never by importing dossiers.
        handoff.register(
            receiver=services.receive,
            submission_class=Dossier,
            replayed=services.replayed,
        )
