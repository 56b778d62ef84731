"""Provision one unit's site, or many from a file (kind,name,hostname,parent)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from cms.core.tabular import TabularError, progress_bar
from sites.models import UnitKind
from sites.provisioning import (
    ProvisioningBatchError,
    ProvisioningError,
    SiteSpec,
    provision_many,
    provision_site,
)
from sites.units_file import read_specs


class Command(BaseCommand):
    help = (
        "Create a unit's site with its pages, editor groups, collection, workflow "
        "and theme settings. Safe to run again: an existing site is left unchanged."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kind", choices=UnitKind.values)
        parser.add_argument("--name", help="Official Vietnamese name of the unit.")
        parser.add_argument("--hostname", help="Host name of the new site.")
        parser.add_argument("--parent", default="", help="Host name of the parent.")
        parser.add_argument(
            "--from-file",
            type=Path,
            help="CSV file (UTF-8, header kind,name,hostname,parent); XLSX or "
            "JSON by extension.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            self._handle(options)

    def _handle(self, options: dict[str, Any]) -> None:
        path = options["from_file"]
        if path:
            if any(options[key] for key in ("kind", "name", "hostname", "parent")):
                raise CommandError(
                    _(
                        "--from-file cannot be combined with "
                        "--kind/--name/--hostname/--parent."
                    )
                )
            self._from_file(Path(str(path)), options)
            return
        missing = [f"--{k}" for k in ("kind", "name", "hostname") if not options[k]]
        if missing:
            raise CommandError(
                _("Missing arguments: %(arguments)s.")
                % {"arguments": ", ".join(missing)}
            )
        spec = SiteSpec(
            kind=str(options["kind"]),
            name=str(options["name"]),
            hostname=str(options["hostname"]),
            parent=str(options["parent"] or ""),
        )
        try:
            result = provision_site(spec)
        except ProvisioningError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(result.message)

    def _from_file(self, path: Path, options: dict[str, Any]) -> None:
        try:
            specs = read_specs(path)
        except TabularError as error:
            raise CommandError(str(error)) from error
        total = len(specs)
        started = time.monotonic()
        try:
            results = provision_many(
                progress_bar(specs, stream=self.stderr, total=total)
            )
        except ProvisioningBatchError as error:
            raise CommandError(
                "\n".join([_("No site was created because of errors:"), *error.errors])
            ) from error
        created = sum(1 for r in results if r.created)
        elapsed = time.monotonic() - started
        if int(str(options.get("verbosity", 1))) > 1:
            for result in results:
                self.stdout.write(result.message)
        self.stdout.write(
            _(
                "%(rows)d rows: %(created)d new sites, %(existing)d already there, "
                "unchanged (%(seconds).1f s)."
            )
            % {
                "rows": total,
                "created": created,
                "existing": total - created,
                "seconds": elapsed,
            }
        )
