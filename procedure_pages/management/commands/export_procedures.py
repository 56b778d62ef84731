"""``export_procedures FILE``: the catalogue in the importer's columns."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from cms.core.tabular import TabularError, detect_format, progress_bar
from procedure_pages.models import ProcedurePage
from procedure_pages.transfer import export_rows, write_export
from procedure_pages.transfer.export import CHUNK_SIZE


class Command(BaseCommand):
    help = (
        "Export every procedure to CSV, XLSX or JSON with the columns "
        "import_procedures reads (formula-like cells are neutralised)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="target .csv, .xlsx or .json")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            self._export(Path(options["file"]))

    def _export(self, path: Path) -> None:
        try:
            detect_format(path.name)
        except TabularError as failure:
            raise CommandError(str(failure.errors[0])) from None
        procedures: QuerySet[ProcedurePage] = (
            ProcedurePage.objects.order_by("code")
            .select_related("sector", "lead_agency", "deciding_agency")
            .prefetch_related("co_processing_agencies")
        )
        rows = progress_bar(
            export_rows(procedures.iterator(chunk_size=CHUNK_SIZE)),
            stream=self.stderr,
            total=procedures.count,
        )
        try:
            count = write_export(path, rows)
        except OSError as error:
            raise CommandError(
                _("Cannot write the file %(path)s: %(error)s")
                % {"path": path, "error": error.strerror or error}
            ) from error
        self.stdout.write(
            _("Exported %(count)d procedures to %(path)s.")
            % {"count": count, "path": path}
        )
