"""``import_procedures FILE [--site HOST] [--dry-run]`` (PORTAL.md §7)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from procedure_pages.transfer import ImportFailed, import_file


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
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Không đọc được tệp {path}: {error}") from error
        try:
            report = import_file(
                data,
                path.name,
                site=options["site"],
                dry_run=options["dry_run"],
                progress=self.show_progress,
            )
        except ImportFailed as failure:
            for error in failure.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"Nhập thất bại: {len(failure.errors)} lỗi, không có thay đổi nào "
                "được lưu."
            ) from None
        for line in report.summary_lines():
            self.stdout.write(line)

    def show_progress(self, done: int, total: int) -> None:
        """A progress bar on stderr (only where a person watches a terminal)."""
        width = 30
        filled = width * done // max(total, 1)
        bar = "#" * filled + "." * (width - filled)
        end = "\n" if done == total else ""
        stream = self.stderr
        stream.write(f"\r[{bar}] {done}/{total}", ending=end)
        if hasattr(sys.stderr, "flush"):
            sys.stderr.flush()
