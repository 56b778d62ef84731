"""``export_procedures FILE``: the catalogue in the importer's columns."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from procedure_pages.transfer import ImportFailed, export_bytes, export_rows


class Command(BaseCommand):
    help = (
        "Export every procedure to CSV, XLSX or JSON with the columns "
        "import_procedures reads (formula-like cells are neutralised)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="target .csv, .xlsx or .json")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        rows = export_rows()
        try:
            data = export_bytes(path.name, rows)
        except ImportFailed as failure:
            raise CommandError(str(failure.errors[0])) from None
        path.write_bytes(data)
        self.stdout.write(f"Đã xuất {len(rows)} thủ tục vào {path}.")
