"""Build a new versioned search index from the live objects and swap the alias."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from search import services
from search.connection import get_client
from search.records import sources


class Command(BaseCommand):
    help = (
        "Rebuild the search: refresh the database records, fill a new versioned "
        "Elasticsearch index (progress on stderr) and swap the alias atomically; "
        "search keeps answering from the old index meanwhile."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        total = sum(source.get_queryset().count() for source in sources())
        started = time.monotonic()

        def progress(done: int) -> None:
            if done % 100 and done != total:
                return
            width = 30
            filled = int(width * done / total) if total else width
            rate = done / max(time.monotonic() - started, 1e-6)
            self.stderr.write(
                f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} "
                f"({rate:.0f}/s)",
                ending="",
            )

        if get_client() is None:
            report = services.reconcile()
            self.stdout.write(
                f"ELASTICSEARCH_URL is not set: {report.records_written} database "
                f"records written, {report.records_deleted} removed."
            )
            return
        try:
            name, count = services.rebuild(progress=progress)
        except Exception as error:  # noqa: BLE001 - report it as a command error
            raise CommandError(
                f"Rebuild failed, the old index stays: {error}"
            ) from error
        self.stderr.write("")
        elapsed = time.monotonic() - started
        self.stdout.write(f"Indexed {count} objects into {name} in {elapsed:.1f}s.")
