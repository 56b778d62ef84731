"""python manage.py rollup_dossier_stats [--since DATE] [--days N] [--enqueue]

Without options: the nightly roll-up (dashboards.rollup's rule), run each night
after midnight, e.g. from cron ``30 0 * * * manage.py rollup_dossier_stats``.
``--since DATE`` rewrites the days from DATE (to yesterday, or ``--days N``
days); ``--days N`` alone the last N days up to yesterday. A range is a
partial run: it leaves the dashboards' coverage as it was."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from cms.core.tabular.progress import progress_bar
from dashboards import rollup


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"not a date (YYYY-MM-DD): {text}") from error


class Command(BaseCommand):
    help = "Roll up the dossiers' daily figures for the dashboards."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", type=_date, help="first day (YYYY-MM-DD)")
        parser.add_argument("--days", type=int, help="number of days")
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="queue the nightly roll-up for the task worker instead",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        since, count = options["since"], options["days"]
        if count is not None and count < 1:
            raise CommandError("--days must be at least 1")
        if options["enqueue"]:
            if since or count:
                raise CommandError("--enqueue runs the nightly rule only")
            from dashboards.tasks import rollup_dossier_stats

            result = rollup_dossier_stats.enqueue()
            self.stdout.write(f"queued: {result.id}")
            return
        today = timezone.localdate()
        yesterday = today - datetime.timedelta(days=1)
        days = None
        if since is not None or count is not None:
            if since is None:
                since = yesterday - datetime.timedelta(days=count - 1)
            last = since + datetime.timedelta(days=count - 1) if count else yesterday
            days = [
                since + datetime.timedelta(days=n)
                for n in range((last - since).days + 1)
            ]

        def progress(items: list[datetime.date]) -> Any:
            return progress_bar(
                items, stream=self.stderr, total=len(items), unit="ngày"
            )

        record = rollup.run(today, days, progress)
        assert record.finished_at is not None  # noqa: S101 - set by run()
        seconds = (record.finished_at - record.started_at).total_seconds()
        self.stdout.write(
            f"{record.days} days, {record.dossiers} dossiers rolled up in "
            f"{seconds:.1f} s"
        )
