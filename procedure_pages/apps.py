from django.apps import AppConfig


class ProcedurePagesConfig(AppConfig):
    """The catalogue of administrative procedures."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "procedure_pages"
    verbose_name = "Thủ tục hành chính"

    def ready(self) -> None:
        from procedure_pages import questions

        questions.connect()
