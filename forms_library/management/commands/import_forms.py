"""``python manage.py import_forms MANIFEST.csv [--site HOST]``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Site

from forms_library.importer import ManifestError, import_manifest


class Command(BaseCommand):
    help = (
        "Import form templates from a CSV manifest (columns form_number, title, "
        "file, agency, procedures, version, effective_date). All or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("manifest", type=Path)
        parser.add_argument("--site", help="host name of the site that owns the forms")

    def progress(self, done: int, total: int, name: str) -> None:
        width = 30
        filled = width * done // max(total, 1)
        sys.stderr.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name[:40]:<40}"
        )
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()

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
            result = import_manifest(manifest, site=site, progress=self.progress)
        except ManifestError as error:
            for line in error.errors:
                self.stderr.write(line)
            raise CommandError(
                _("Nothing was imported: %d row(s) have errors.") % len(error.errors)
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
