"""Bulk load of form templates from a CSV manifest, all or nothing.

Columns: ``form_number,title,file,agency,procedures,version,effective_date``;
``file`` is relative to the manifest, ``procedures`` are procedure codes
separated by `` | ``; an optional ``issuing_document`` column names the legal
document that issued the form. Every row and every file is checked first (files through
the one upload validator); only when all are good is anything stored, in one
transaction. A row whose form and version already exist is skipped, so running
the same manifest twice changes nothing.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.models import Collection, Site

from forms_library.models import FormStatus, FormTemplate, FormVersion
from forms_library.services import keep_one_current
from forms_library.validation import UploadRejected, ValidatedUpload, validate_upload

COLUMNS = (
    "form_number",
    "title",
    "file",
    "agency",
    "procedures",
    "version",
    "effective_date",
)
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
Progress = Callable[[int, int, str], None]


class ManifestError(Exception):
    """The manifest cannot be imported; ``errors`` name each bad row."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ManifestRow:
    line: int
    form_number: str
    title: str
    path: Path
    agency: object | None
    procedures: list[object]
    version: str
    effective_date: datetime.date
    issuing_document: str = ""
    checked: ValidatedUpload | None = None


@dataclass
class ImportResult:
    forms_created: int = 0
    versions_added: int = 0
    skipped: int = 0
    stored_files: list[str] = field(default_factory=list)


def _parse_date(value: str) -> datetime.date | None:
    if not value:
        return datetime.date.today()
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def read_manifest(
    manifest: Path, progress: Progress | None = None
) -> list[ManifestRow]:
    """Parse and check every row and file; raise :class:`ManifestError` if any fails."""
    from procedure_pages.models import Agency, ProcedurePage

    base = manifest.resolve().parent
    try:
        text = manifest.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ManifestError([_("Cannot read the manifest: %s") % error]) from error
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ManifestError(
            [_("The manifest lacks the columns: %s") % ", ".join(missing)]
        )
    records = list(reader)
    rows: list[ManifestRow] = []
    errors: list[str] = []
    for index, record in enumerate(records, start=2):
        if progress:
            progress(index - 1, len(records), record.get("file") or "")
        row_errors: list[str] = []
        title = (record.get("title") or "").strip()
        if not title:
            row_errors.append(_("the title is empty"))
        agency = None
        agency_name = (record.get("agency") or "").strip()
        if agency_name:
            agency = Agency.objects.filter(
                Q(name=agency_name) | Q(short_name=agency_name)
            ).first()
            if agency is None:
                row_errors.append(_("unknown agency “%s”") % agency_name)
        codes = [
            c.strip() for c in (record.get("procedures") or "").split("|") if c.strip()
        ]
        procedures = list(ProcedurePage.objects.filter(code__in=codes))
        unknown = sorted(set(codes) - {p.code for p in procedures})
        if unknown:
            row_errors.append(_("unknown procedure codes: %s") % ", ".join(unknown))
        effective = _parse_date((record.get("effective_date") or "").strip())
        if effective is None:
            row_errors.append(
                _("the effective date “%s” is not YYYY-MM-DD or DD/MM/YYYY")
                % record.get("effective_date")
            )
        relative = (record.get("file") or "").strip()
        path = (base / relative).resolve()
        checked = None
        if not relative:
            row_errors.append(_("the file column is empty"))
        elif not path.is_relative_to(base):
            row_errors.append(
                _("the file “%s” is outside the manifest's folder") % relative
            )
        elif not path.is_file():
            row_errors.append(_("the file “%s” does not exist") % relative)
        else:
            try:
                with path.open("rb") as handle:
                    checked = validate_upload(File(handle), name=path.name)
            except UploadRejected as rejection:
                row_errors.append(f"{relative}: {' '.join(rejection.messages)}")
        if row_errors:
            errors.append(
                _("Row %(line)d: %(errors)s")
                % {
                    "line": index,
                    "errors": "; ".join(row_errors),
                }
            )
            continue
        rows.append(
            ManifestRow(
                line=index,
                form_number=(record.get("form_number") or "").strip(),
                title=title,
                path=path,
                agency=agency,
                procedures=procedures,
                version=(record.get("version") or "").strip() or "1",
                effective_date=effective,  # type: ignore[arg-type]
                issuing_document=(record.get("issuing_document") or "").strip(),
                checked=checked,
            )
        )
    if errors:
        raise ManifestError(errors)
    return rows


def _find_form(row: ManifestRow, site: Site | None) -> FormTemplate | None:
    forms = FormTemplate.objects.filter(agency=row.agency, site=site)
    if row.form_number:
        return forms.filter(form_number=row.form_number, title=row.title).first()
    return forms.filter(form_number="", title=row.title).first()


def _collection(site: Site | None) -> Collection:
    profile = getattr(site, "profile", None) if site else None
    if profile is not None and profile.collection_id:
        return profile.collection
    return Collection.get_first_root_node()


def store_rows(
    rows: list[ManifestRow], site: Site | None, progress: Progress | None = None
) -> ImportResult:
    """Store checked rows in one transaction; stored files are removed on failure."""
    Document = get_document_model()
    result = ImportResult()
    collection = _collection(site)
    try:
        with transaction.atomic():
            for number, row in enumerate(rows, start=1):
                if progress:
                    progress(number, len(rows), row.path.name)
                form = _find_form(row, site)
                if (
                    form is not None
                    and form.versions.filter(version=row.version).exists()
                ):
                    result.skipped += 1
                    continue
                if form is None:
                    form = FormTemplate(
                        form_number=row.form_number,
                        title=row.title,
                        agency=row.agency,  # type: ignore[misc]
                        site=site,
                    )
                    result.forms_created += 1
                if row.issuing_document:
                    form.issuing_document = row.issuing_document
                assert row.checked is not None  # noqa: S101 (set by read_manifest)
                with row.path.open("rb") as handle:
                    document = Document(title=row.title, collection=collection)
                    document.file.save(
                        row.checked.storage_name, File(handle), save=False
                    )
                    result.stored_files.append(document.file.name)
                    document._set_document_file_metadata()
                    document.save()
                form.save()
                FormVersion.objects.create(
                    form=form,
                    document=document,
                    version=row.version,
                    effective_date=row.effective_date,
                    status=FormStatus.CURRENT,
                )
                if row.procedures:
                    form.procedures.add(*row.procedures)
                    form.save()
                keep_one_current(form)
                result.versions_added += 1
    except BaseException:
        storage = Document._meta.get_field("file").storage
        for name in result.stored_files:
            storage.delete(name)
        raise
    return result


def import_manifest(
    manifest: Path, site: Site | None = None, progress: Progress | None = None
) -> ImportResult:
    """Check everything, then store everything (or raise :class:`ManifestError`)."""
    rows = read_manifest(manifest, progress)
    return store_rows(rows, site, progress)
