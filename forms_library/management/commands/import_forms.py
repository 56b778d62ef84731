"""``python manage.py import_forms MANIFEST [--site HOST] [--dry-run]``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Site

from cms.core.tabular import TabularError
from forms_library.importer import import_manifest


class Command(BaseCommand):
    help = (
        "Import form templates from a manifest (CSV, XLSX or JSON; columns "
        "form_number, title, file, agency, procedures, version, effective_date). "
        "All or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("manifest", type=Path)
        parser.add_argument("--site", help="host name of the site that owns the forms")
        parser.add_argument(
            "--dry-run", action="store_true", help="check every row, save nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            self._import(options)

    def _import(self, options: dict[str, Any]) -> None:
        site = None
        if options["site"]:
            site = Site.objects.filter(hostname=options["site"]).first()
            if site is None:
                raise CommandError(_("No site has the host name %s.") % options["site"])
        manifest: Path = options["manifest"]
        if not manifest.is_file():
            raise CommandError(_("The file %s does not exist.") % manifest)
        try:
            result = import_manifest(
                manifest, site=site, dry_run=options["dry_run"], progress=self.stderr
            )
        except TabularError as error:
            for problem in error.errors:
                self.stderr.write(str(problem))
            rows = len({p.row for p in error.errors if p.row}) or error.count
            raise CommandError(
                _("Nothing was imported: %d row(s) have errors.") % rows
            ) from error
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Imported: %(forms)d new forms, %(versions)d versions; "
                    "%(skipped)d rows already present were skipped."
                )
                % {
                    "forms": result.forms_created,
                    "versions": result.versions_added,
                    "skipped": result.skipped,
                }
            )
        )
        if result.dry_run:
            self.stdout.write(_("Dry run: nothing was saved."))
