"""Seed the Cao Bằng demo. Idempotent: re-running changes nothing that exists."""

from collections.abc import Callable

from django.core.management.base import BaseCommand
from django.db import transaction

from cms.core.statistics import refresh_statistics
from dossiers import demo as dossiers_demo
from forms_library import demo as forms_library_demo
from procedure_pages import demo as procedure_pages_demo
from search import demo as search_demo
from sites import demo as sites_demo

# Each app with demo content exposes ``demo.seed(report)``; order matters.
SEEDERS: list[Callable[[Callable[[str], None]], None]] = [
    sites_demo.seed,
    procedure_pages_demo.seed,
    forms_library_demo.seed,
    dossiers_demo.seed,
    search_demo.seed,
]


class Command(BaseCommand):
    help = "Create the Cao Bằng demo content (safe to run again)."

    def handle(self, *args: object, **options: object) -> None:
        with transaction.atomic():
            for seeder in SEEDERS:
                seeder(self.stdout.write)
                refresh_statistics()
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
