"""Provision one unit's site, or many from a CSV file (kind,name,hostname,parent)."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sites.models import UnitKind
from sites.provisioning import (
    ProvisioningBatchError,
    ProvisioningError,
    ProvisionResult,
    SiteSpec,
    provision_many,
    provision_site,
    read_specs,
)


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
            help="CSV file (UTF-8, header kind,name,hostname,parent).",
        )

    def handle(self, *args: object, **options: object) -> None:
        path = options["from_file"]
        if path:
            if any(options[key] for key in ("kind", "name", "hostname", "parent")):
                raise CommandError(
                    "--from-file không dùng cùng --kind/--name/--hostname/--parent."
                )
            self._from_file(Path(str(path)), options)
            return
        missing = [f"--{k}" for k in ("kind", "name", "hostname") if not options[k]]
        if missing:
            raise CommandError(f"Thiếu tham số: {', '.join(missing)}.")
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

    def _from_file(self, path: Path, options: dict) -> None:
        try:
            specs = read_specs(path)
        except ProvisioningError as error:
            raise CommandError(str(error)) from error
        total = len(specs)
        started = time.monotonic()
        done = 0

        def progress(row: int, result: ProvisionResult | None) -> None:
            nonlocal done
            done += 1
            width = 30
            filled = width * done // total if total else width
            bar = "#" * filled + "-" * (width - filled)
            end = "\n" if done == total else ""
            self.stderr.write(f"\r[{bar}] {done}/{total}", ending=end)
            self.stderr.flush()

        try:
            results = provision_many(specs, progress=progress)
        except ProvisioningBatchError as error:
            raise CommandError(
                "Không tạo trang nào vì có lỗi:\n" + "\n".join(error.errors)
            ) from error
        created = sum(1 for r in results if r.created)
        elapsed = time.monotonic() - started
        if int(str(options.get("verbosity", 1))) > 1:
            for result in results:
                self.stdout.write(result.message)
        self.stdout.write(
            f"{total} dòng: {created} trang mới, {total - created} đã có, "
            f"không đổi ({elapsed:.1f} giây)."
        )
