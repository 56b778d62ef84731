"""Print every site and its address (``make demo`` shows where they are)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from sites.models import SiteProfile, UnitKind


class Command(BaseCommand):
    help = "List the portal's sites with their addresses, grouped by kind."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=80)

    def handle(self, *args: object, **options: object) -> None:
        port = int(str(options["port"]))
        suffix = "" if port == 80 else f":{port}"
        profiles = SiteProfile.objects.select_related("site", "unit").order_by(
            "unit__name"
        )
        for kind, label in UnitKind.choices:
            rows = [p for p in profiles if p.unit.kind == kind]
            if not rows:
                continue
            self.stdout.write(f"{label} ({len(rows)}):")
            for profile in rows:
                self.stdout.write(
                    f"  http://{profile.site.hostname}{suffix}/  {profile.unit.name}"
                )
