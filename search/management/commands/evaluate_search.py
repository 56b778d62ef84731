"""Print MRR, recall@3 and failures per query kind for both search backends."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from search.connection import get_client
from search.evaluation import evaluate


class Command(BaseCommand):
    help = (
        "Evaluate search relevance on tests/search/eval (MRR, recall@3 per query "
        "kind) for Elasticsearch and the database fallback."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--backend",
            choices=["elasticsearch", "database", "both"],
            default="both",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        backends = ["elasticsearch", "database"]
        if options["backend"] != "both":
            backends = [options["backend"]]
        if "elasticsearch" in backends and get_client() is None:
            self.stderr.write("ELASTICSEARCH_URL is not set: database only.")
            backends = [b for b in backends if b != "elasticsearch"]
        # Evaluation rows never stay in the database.
        with transaction.atomic():
            reports = evaluate(backends)
            transaction.set_rollback(True)
        for report in reports:
            self.stdout.write(report.render())
