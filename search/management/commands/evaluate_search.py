"""Print MRR, recall@3 and no-result answers per query kind, part and backend."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from search.connection import get_client
from search.evaluation import HELDOUT_PARTS, PARTS, evaluate, summary_table


class Command(BaseCommand):
    help = (
        "Evaluate search relevance on tests/search/eval (MRR, recall@3, no-result "
        "answers per query kind) for Elasticsearch and the database fallback, on "
        "the tuning part and the held-out part."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--backend",
            choices=["elasticsearch", "database", "both"],
            default="both",
        )
        parser.add_argument("--part", choices=[*PARTS, "both"], default="both")
        parser.add_argument(
            "--heldout-misses",
            action="store_true",
            help="Also list the held-out parts' misses (hidden by default: "
            "reading them invites tuning on them).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        backends = ["elasticsearch", "database"]
        if options["backend"] != "both":
            backends = [options["backend"]]
        if "elasticsearch" in backends and get_client() is None:
            self.stderr.write("ELASTICSEARCH_URL is not set: database only.")
            backends = [b for b in backends if b != "elasticsearch"]
        parts = PARTS if options["part"] == "both" else (options["part"],)
        # Evaluation rows never stay in the database.
        with transaction.atomic():
            reports = evaluate(backends, parts=parts)
            transaction.set_rollback(True)
        for report in reports:
            misses = report.part not in HELDOUT_PARTS or options["heldout_misses"]
            self.stdout.write(report.render(misses=misses))
        self.stdout.write("")
        self.stdout.write("MRR / recall@3 per kind (negatives: answered no result)")
        self.stdout.write(summary_table(reports))
