"""Deliver the outbox's due notices without the task queue: the safety net of a
cron job (every few minutes), or a small worker with ``--loop``."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from dossiers import outbox
from dossiers.models import DeliveryStatus, Notification


class Command(BaseCommand):
    help = (
        "Send the notices to applicants that are due (pending, or left by a "
        "worker that stopped); --retry-failed queues the failed ones again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="Keep running.")
        parser.add_argument(
            "--interval", type=float, default=30.0, help="Seconds between passes."
        )
        parser.add_argument("--limit", type=int, default=500)
        parser.add_argument("--retry-failed", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["retry_failed"]:
            count = outbox.resend(
                Notification.objects.filter(status=DeliveryStatus.FAILED)
            )
            self.stdout.write(f"queued again {count} failed notices")
        while True:
            counts = outbox.deliver_due(limit=options["limit"])
            summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
            self.stdout.write(summary or "nothing due")
            if not options["loop"]:
                return
            time.sleep(options["interval"])
