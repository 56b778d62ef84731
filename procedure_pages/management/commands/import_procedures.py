"""``import_procedures FILE [--site HOST] [--dry-run]`` (PORTAL.md §7)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from cms.core.tabular import TabularError
from procedure_pages.transfer import import_file


class Command(BaseCommand):
    help = (
        "Import procedures from CSV, XLSX or JSON: upsert by code, all or nothing "
        "(any bad row aborts with row numbers and nothing is saved)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV (UTF-8, header row), .xlsx or .json")
        parser.add_argument(
            "--site", help="host name of the site whose catalogue receives new rows"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, save nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            self._import(Path(options["file"]), options)

    def _import(self, path: Path, options: dict[str, Any]) -> None:
        try:
            report = import_file(
                path,
                site=options["site"],
                dry_run=options["dry_run"],
                progress=self.stderr,
            )
        except TabularError as failure:
            for error in failure.errors:
                self.stderr.write(str(error))
            raise CommandError(
                _("Import failed: %(count)d error(s), no change was saved.")
                % {"count": failure.count}
            ) from None
        for line in report.summary_lines():
            self.stdout.write(line)
