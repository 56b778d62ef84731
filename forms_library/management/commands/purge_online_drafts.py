"""Delete expired drafts of online applications and their files."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from forms_library.online.drafts import purge_expired


class Command(BaseCommand):
    help = (
        "Delete drafts of online applications not touched for ONLINE_DRAFT_TTL_DAYS "
        "days, with their files (run daily, e.g. from cron)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = purge_expired()
        self.stdout.write(f"Purged {count} expired draft(s).")
