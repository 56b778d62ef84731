"""python manage.py plan_report YEAR FILE: the yearly roadmap and scorecard
report, .xlsx or .pdf by extension (PORTAL.md §7)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dashboards import report


class Command(BaseCommand):
    help = "Write the yearly roadmap and scorecard report (.xlsx or .pdf)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", type=int)
        parser.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        suffix = path.suffix.lower()
        if suffix not in (".xlsx", ".pdf"):
            raise CommandError("FILE must end in .xlsx or .pdf")
        year = options["year"]
        if not 2013 <= year <= 2100:
            raise CommandError("YEAR must be between 2013 and 2100")
        data = report.build(year)
        content = report.to_xlsx(data) if suffix == ".xlsx" else report.to_pdf(data)
        path.write_bytes(content)
        self.stdout.write(f"{path} ({len(content)} bytes)")
