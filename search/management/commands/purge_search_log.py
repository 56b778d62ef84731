"""Delete logged searches older than the retention limit (run daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from search.querylog import purge, retention_days


class Command(BaseCommand):
    help = (
        "Delete logged searches and opened results older than "
        "SEARCH_LOG_RETENTION_DAYS (default 180)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"] if options["days"] is not None else retention_days()
        deleted = purge(days)
        self.stdout.write(f"{deleted} rows older than {days} days deleted")
