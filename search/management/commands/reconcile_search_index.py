"""Bring the search records and index back to equal the live objects."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from search import services
from search.models import PendingIndexChange


class Command(BaseCommand):
    help = (
        "Replay index changes Elasticsearch missed (while it was down) and make "
        "the records and the index equal the live pages and forms."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        pending = PendingIndexChange.objects.count()
        report = services.reconcile()
        self.stdout.write(
            f"pending={pending} records +{report.records_written} "
            f"-{report.records_deleted} documents +{report.documents_written} "
            f"-{report.documents_deleted} backend={report.backend}"
        )
