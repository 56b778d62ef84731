"""Demo forms, loaded through the forms importer.

- The plan's 7 priority procedures keep their realistic forms
  (``demo_data/priority_forms.json``: numbers, issuing documents, versions).
- Every sample procedure whose vocabulary row names a form (``procedure_pages/
  demo_data/procedures.csv``) gets it: one form per title and agency, shared by
  the procedures that use it (cấp, cấp lại, gia hạn … of one object), a sample
  document marked as such. A sample form with the title of a priority form of
  the same agency is that form: the procedures are linked to it.

The files are generated here (DOCX, and one in fifty a text PDF, through
``forms_library.samples``: a PDF with its embedded font costs ~30 DOCX), put
next to a manifest in a temporary folder and imported with ``import_manifest``,
exactly as an editor's bulk load would be, the search synchronised once for all.
Re-running changes nothing: forms that exist are not generated again (their
missing procedure links are added).
"""

from __future__ import annotations

import csv
import json
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from forms_library import samples
from forms_library.importer import COLUMNS, import_manifest
from search.sync import deferred_sync

DATA = Path(__file__).with_name("demo_data")
PRIORITY_FORMS: list[dict[str, Any]] = json.loads(
    (DATA / "priority_forms.json").read_text(encoding="utf-8")
)
PRIORITY_KEYS = (
    "form_number",
    "title",
    "issuing_document",
    "agency",
    "procedure",
    "version",
    "effective_date",
    "format",
    "lines",
)
# The priority forms as tuples, in PRIORITY_KEYS order (kept for callers).
DEMO_FORMS = [tuple(form[key] for key in PRIORITY_KEYS) for form in PRIORITY_FORMS]

SAMPLE_NOTE = "(Biểu mẫu minh họa – dữ liệu mẫu của bản trình diễn)"
SAMPLE_VERSION = "2025"
SAMPLE_EFFECTIVE_DATE = "2025-01-01"
PDF_EVERY = 50  # one sample form in 50 is a PDF, the others DOCX
APPLICANT_LINES = {
    "individual": [
        "Họ và tên người đề nghị: ......",
        "Ngày, tháng, năm sinh: ...... Giới tính: ......",
        "Số định danh cá nhân: ......",
        "Nơi cư trú: ......",
        "Số điện thoại: ...... Thư điện tử: ......",
    ],
    "organisation": [
        "Tên tổ chức đề nghị: ......",
        "Mã số doanh nghiệp / mã số thuế: ......",
        "Địa chỉ trụ sở chính: ......",
        "Người đại diện theo pháp luật: ...... Chức vụ: ......",
        "Số điện thoại: ...... Thư điện tử: ......",
    ],
    "both": [
        "Tên tổ chức, cá nhân đề nghị: ......",
        "Số định danh cá nhân hoặc mã số doanh nghiệp: ......",
        "Địa chỉ: ......",
        "Số điện thoại: ...... Thư điện tử: ......",
    ],
}
CLOSING_LINES = [
    "Nội dung đề nghị: ......",
    "Giấy tờ kèm theo: ......",
    "Tôi (chúng tôi) cam đoan những thông tin trên là đúng sự thật và chịu trách "
    "nhiệm trước pháp luật.",
    "Cao Bằng, ngày ...... tháng ...... năm ......",
]


@dataclass
class ManifestEntry:
    """One manifest row and the file it names."""

    form_number: str
    title: str
    agency: str
    codes: list[str]
    version: str
    effective_date: str
    issuing_document: str
    fmt: str
    lines: list[str] = field(default_factory=list)


def sample_lines(agency: str, user_type: str, procedures: list[str]) -> list[str]:
    """The body of a sample form: who asks, for which procedure, the pledge."""
    lines = [SAMPLE_NOTE, f"Cơ quan tiếp nhận: {agency}"]
    lines += APPLICANT_LINES.get(user_type, APPLICANT_LINES["both"])
    if len(procedures) == 1:
        lines.append(f"Đề nghị giải quyết thủ tục: {procedures[0]}")
    else:
        lines.append("Đề nghị giải quyết thủ tục (đánh dấu X vào ô phù hợp):")
        lines += [f"[ ] {name}" for name in procedures]
    return lines + CLOSING_LINES


def write_manifest(folder: Path, entries: Iterable[ManifestEntry]) -> Path:
    """Generate each entry's file and the manifest naming them."""
    manifest = folder / "bieu-mau.csv"
    with manifest.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([*COLUMNS, "issuing_document"])
        for index, entry in enumerate(entries, start=1):
            maker = samples.pdf_bytes if entry.fmt == "pdf" else samples.docx_bytes
            name = f"mau-{index:04d}.{entry.fmt}"
            (folder / name).write_bytes(
                maker(entry.form_number, entry.title, entry.lines)
            )
            writer.writerow(
                [
                    entry.form_number,
                    entry.title,
                    name,
                    entry.agency,
                    " | ".join(entry.codes),
                    entry.version,
                    entry.effective_date,
                    entry.issuing_document,
                ]
            )
    return manifest


def priority_entries(agencies: set[str], codes: set[str]) -> list[ManifestEntry]:
    """The priority forms (rows need a known agency and procedure)."""
    return [
        ManifestEntry(
            form_number=form["form_number"],
            title=form["title"],
            agency=form["agency"] if form["agency"] in agencies else "",
            codes=[form["procedure"]] if form["procedure"] in codes else [],
            version=form["version"],
            effective_date=form["effective_date"],
            issuing_document=form["issuing_document"],
            fmt=form["format"],
            lines=[f"(Ban hành kèm theo {form['issuing_document']})", *form["lines"]],
        )
        for form in PRIORITY_FORMS
    ]


def sample_entries(
    existing: dict[tuple[str, str], Any], agencies: set[str], codes: set[str]
) -> tuple[list[ManifestEntry], int]:
    """Manifest entries for the sample forms not stored yet, and how many
    procedure links were added to forms that exist (``existing``: form by
    title and agency name)."""
    from procedure_pages import demo as procedure_demo
    from procedure_pages.models import ProcedurePage

    entries: list[ManifestEntry] = []
    linked = 0
    numbers: dict[str, int] = {}
    for form in procedure_demo.sample_forms(settings.DEMO_SAMPLE_SCALE):
        numbers[form.agency] = numbers.get(form.agency, 0) + 1
        present = [code for code, _name in form.procedures if code in codes]
        if not present or form.agency not in agencies:
            continue
        stored = existing.get((form.title, form.agency))
        if stored is not None:
            missing = ProcedurePage.objects.filter(code__in=present).exclude(
                form_templates=stored
            )
            if missing.exists():
                linked += missing.count()
                stored.procedures.add(*missing)
                stored.save()  # a ParentalManyToManyField is saved with its form
            continue
        entries.append(
            ManifestEntry(
                form_number=f"Mẫu số {numbers[form.agency]:02d}",
                title=form.title,
                agency=form.agency,
                codes=present,
                version=SAMPLE_VERSION,
                effective_date=SAMPLE_EFFECTIVE_DATE,
                issuing_document="",
                fmt="pdf" if len(entries) % PDF_EVERY == PDF_EVERY - 1 else "docx",
                lines=sample_lines(
                    form.agency,
                    form.user_type,
                    [name for code, name in form.procedures if code in present],
                ),
            )
        )
    return entries, linked


def _existing_forms() -> dict[tuple[str, str], Any]:
    from forms_library.models import FormTemplate

    return {
        (form.title, form.agency.name): form
        for form in FormTemplate.objects.filter(
            site=None, agency__isnull=False
        ).select_related("agency")
    }


def _import(entries: list[ManifestEntry]) -> Any:
    with tempfile.TemporaryDirectory() as folder:
        return import_manifest(write_manifest(Path(folder), entries))


def seed(report: Callable[[str], None] = print) -> None:
    """Import the priority forms, then the sample forms (idempotent); the
    search is synchronised once, for every form, after the commit."""
    started = time.monotonic()
    with deferred_sync():
        _seed(report, started)


def _seed(report: Callable[[str], None], started: float) -> None:
    from procedure_pages.models import Agency, ProcedurePage

    agencies = set(Agency.objects.values_list("name", flat=True))
    codes = set(ProcedurePage.objects.values_list("code", flat=True))
    result = _import(priority_entries(agencies, codes))
    report(
        f"forms    {result.forms_created} created, {result.versions_added} versions "
        f"added, {result.skipped} present (priority procedures)"
    )
    entries, linked = sample_entries(_existing_forms(), agencies, codes)
    created = _import(entries).forms_created if entries else 0
    with_form = ProcedurePage.objects.filter(form_templates__isnull=False).distinct()
    report(
        f"forms    {created} sample forms created, {linked} procedures linked; "
        f"{with_form.count()} of {len(codes)} procedures have a form "
        f"({time.monotonic() - started:.1f} s)"
    )
