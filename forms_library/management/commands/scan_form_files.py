"""Scan stored form files that are still pending (or all of them) for viruses."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from forms_library import scanning
from forms_library.validation.scanners import get_scanner


class Command(BaseCommand):
    help = (
        "Scan form versions whose file is still pending (clamd was down, or no "
        "scanner was configured when they were saved); --all re-scans every "
        "stored file, e.g. after a signature update."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="Re-scan every file.")

    def handle(self, *args: Any, **options: Any) -> None:
        scanner = get_scanner()
        if scanner is None:
            raise CommandError("No virus scanner is configured (set CLAMD_URL).")
        if not scanner.ping():
            raise CommandError(f"{scanner.describe()} does not answer.")
        outcomes = scanning.scan_versions(everything=options["all"])
        summary = ", ".join(f"{status}: {n}" for status, n in sorted(outcomes.items()))
        self.stdout.write(summary or "Nothing to scan.")
        if outcomes.get("infected"):
            raise CommandError(f"{outcomes['infected']} infected file(s) found.")
