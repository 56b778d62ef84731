"""``purge_import_uploads [--hours N] [--enqueue]``: delete the files of import
dry runs never confirmed nor cancelled, once older than N hours (default: the
setting IMPORT_UPLOAD_MAX_AGE_HOURS, 24). Run it from cron, e.g. hourly:
``15 * * * * manage.py purge_import_uploads``."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from procedure_pages import import_uploads


class Command(BaseCommand):
    help = "Delete the uploaded files of import dry runs that were never confirmed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--hours",
            type=float,
            help="age limit in hours (default: IMPORT_UPLOAD_MAX_AGE_HOURS, 24)",
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="queue the purge for the task worker instead",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        hours = options["hours"]
        if hours is not None and hours < 0:
            raise CommandError("--hours must not be negative")
        if options["enqueue"]:
            if hours is not None:
                raise CommandError("--enqueue purges with the setting's age only")
            from procedure_pages.tasks import purge_import_uploads

            result = purge_import_uploads.enqueue()
            self.stdout.write(f"queued: {result.id}")
            return
        older_than = None if hours is None else datetime.timedelta(hours=hours)
        purged = import_uploads.purge_stale_uploads(older_than)
        for name in purged:
            self.stdout.write(f"deleted {name}")
        self.stdout.write(f"{len(purged)} file(s) deleted")
