"""Bulk load of form templates from a manifest, all or nothing.

Columns: ``form_number,title,file,agency,procedures,version,effective_date``;
``file`` is relative to the manifest, ``procedures`` are procedure codes
separated by `` | ``; an optional ``issuing_document`` column names the legal
document that issued the form. The manifest is read through the tabular
framework (``cms.core.tabular``: CSV, XLSX or JSON, rows numbered as a
spreadsheet shows them). Every row and every file is checked (files through the
one upload validator) and stored in one transaction, kept only when every row
is good; stored files are removed again otherwise (and on a dry run). A row
whose form and version already exist is skipped, so running the same manifest
twice changes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from django.core.files import File
from django.core.management.base import OutputWrapper
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.models import Collection, Site

from cms.core.tabular import (
    ErrorList,
    Row,
    TabularError,
    all_or_nothing,
    open_table,
    progress_bar,
)
from forms_library.models import FormStatus, FormTemplate, FormVersion
from forms_library.services import keep_one_current
from forms_library.validation import UploadRejected, ValidatedUpload, validate_upload
from procedure_pages.models import Agency, ProcedurePage

if TYPE_CHECKING:
    from collections.abc import Iterable

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

# The manifest's errors are the tabular framework's (kept under the old name).
ManifestError = TabularError


@dataclass
class ManifestRow:
    line: int
    form_number: str
    title: str
    path: Path
    agency: Agency | None
    procedures: list[ProcedurePage]
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
    dry_run: bool = False


def _parse_date(value: str) -> datetime.date | None:
    if not value:
        return datetime.date.today()
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


class RowChecker:
    """Checks manifest rows against the catalogue and the files on disk."""

    def __init__(self, base: Path, errors: ErrorList) -> None:
        self.base = base
        self.errors = errors
        self._agencies: dict[str, Agency | None] = {}

    def _agency(self, name: str) -> Agency | None:
        if name not in self._agencies:
            self._agencies[name] = Agency.objects.filter(
                Q(name=name) | Q(short_name=name)
            ).first()
        return self._agencies[name]

    def check(self, record: Row) -> ManifestRow | None:
        """The row's clean values, or None after adding its problems."""
        number = record.number
        problems = len(self.errors)

        def problem(column: str, message: str) -> None:
            self.errors.add(number, message, column)

        title = record.get("title", "").strip()
        if not title:
            problem("title", _("the title is empty"))
        agency = None
        agency_name = record.get("agency", "").strip()
        if agency_name:
            agency = self._agency(agency_name)
            if agency is None:
                problem("agency", _("unknown agency “%s”") % agency_name)
        codes = [
            code.strip()
            for code in record.get("procedures", "").split("|")
            if code.strip()
        ]
        procedures = list(ProcedurePage.objects.filter(code__in=codes))
        unknown = sorted(set(codes) - {page.code for page in procedures})
        if unknown:
            problem("procedures", _("unknown procedure codes: %s") % ", ".join(unknown))
        effective_text = record.get("effective_date", "").strip()
        effective = _parse_date(effective_text)
        if effective is None:
            problem(
                "effective_date",
                _("the effective date “%s” is not YYYY-MM-DD or DD/MM/YYYY")
                % effective_text,
            )
        relative = record.get("file", "").strip()
        path = (self.base / relative).resolve()
        checked = None
        if not relative:
            problem("file", _("the file column is empty"))
        elif not path.is_relative_to(self.base):
            problem(
                "file", _("the file “%s” is outside the manifest's folder") % relative
            )
        elif not path.is_file():
            problem("file", _("the file “%s” does not exist") % relative)
        else:
            try:
                with path.open("rb") as handle:
                    checked = validate_upload(File(handle), name=path.name)
            except UploadRejected as rejection:
                problem("file", f"{relative}: {' '.join(rejection.messages)}")
        if len(self.errors) > problems or effective is None:
            return None
        return ManifestRow(
            line=number,
            form_number=record.get("form_number", "").strip(),
            title=title,
            path=path,
            agency=agency,
            procedures=procedures,
            version=record.get("version", "").strip() or "1",
            effective_date=effective,
            issuing_document=record.get("issuing_document", "").strip(),
            checked=checked,
        )


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


def store_row(
    row: ManifestRow, site: Site | None, collection: Collection, result: ImportResult
) -> None:
    """Store one checked row (the caller holds the transaction)."""
    Document = get_document_model()
    form = _find_form(row, site)
    if form is not None and form.versions.filter(version=row.version).exists():
        result.skipped += 1
        return
    if form is None:
        form = FormTemplate(
            form_number=row.form_number,
            title=row.title,
            agency=row.agency,
            site=site,
        )
        result.forms_created += 1
    if row.issuing_document:
        form.issuing_document = row.issuing_document
    if row.checked is None:  # set by RowChecker for every stored row
        raise ValueError(row)
    with row.path.open("rb") as handle:
        document = Document(title=row.title, collection=collection)
        document.file.save(row.checked.storage_name, File(handle), save=False)
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


def _remove_files(names: Iterable[str]) -> None:
    storage = get_document_model()._meta.get_field("file").storage
    for name in names:
        storage.delete(name)


def import_manifest(
    manifest: Path,
    site: Site | None = None,
    *,
    dry_run: bool = False,
    progress: IO[str] | OutputWrapper | None = None,
) -> ImportResult:
    """Check and store every row, all or nothing (``TabularError`` names each
    problem by row). ``progress``: a stream for the progress bar (a terminal)."""
    result = ImportResult(dry_run=dry_run)
    collection = _collection(site)
    try:
        with open_table(manifest, required=COLUMNS) as table:
            checker = RowChecker(manifest.resolve().parent, table.errors)
            records: Iterable[Row] = (
                progress_bar(table, stream=progress, total=table.count)
                if progress is not None
                else table
            )
            with all_or_nothing(table.errors, dry_run=dry_run):
                for record in records:
                    row = checker.check(record)
                    if row is not None and not table.errors:
                        store_row(row, site, collection, result)
    except BaseException:
        _remove_files(result.stored_files)
        raise
    if dry_run:
        _remove_files(result.stored_files)
        result.stored_files = []
    return result
