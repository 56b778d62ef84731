"""import_forms: progress, all-or-nothing, idempotent; the demo uses it."""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from openpyxl import Workbook
from wagtail.documents import get_document_model

from forms_library import samples
from forms_library.importer import COLUMNS
from forms_library.models import FormStatus, FormTemplate, FormVersion
from tests.forms_library.test_validation import EXE
from tests.procedure_pages.factories import (
    AgencyFactory,
    ProcedurePageFactory,
    site_with_catalogue,
)

pytestmark = pytest.mark.django_db

Document = get_document_model()


def stored_documents() -> set[str]:
    root = Path(settings.MEDIA_ROOT) / "documents"
    return {p.name for p in root.glob("*")} if root.exists() else set()


@pytest.fixture
def catalogue():
    site, index = site_with_catalogue(
        hostname="soxaydung.caobang.localhost", name="Sở Xây dựng"
    )
    agency = AgencyFactory(name="Sở Xây dựng")
    first = ProcedurePageFactory(parent=index, code="1.009972", lead_agency=agency)
    second = ProcedurePageFactory(parent=index, code="1.009973", lead_agency=agency)
    return site, agency, first, second


def write_manifest(folder: Path, rows: list[dict[str, str]]) -> Path:
    manifest = folder / "manifest.csv"
    with manifest.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return manifest


def good_rows(folder: Path) -> list[dict[str, str]]:
    (folder / "files").mkdir(exist_ok=True)
    (folder / "files" / "Đơn đề nghị.docx").write_bytes(
        samples.docx_bytes("Mẫu số 01", "Đơn đề nghị cấp giấy phép xây dựng", ["x"])
    )
    (folder / "files" / "Bản kê khai.pdf").write_bytes(
        samples.text_pdf_bytes(["Ban ke khai"])
    )
    return [
        {
            "form_number": "Mẫu số 01",
            "title": "Đơn đề nghị cấp giấy phép xây dựng",
            "file": "files/Đơn đề nghị.docx",
            "agency": "Sở Xây dựng",
            "procedures": "1.009972 | 1.009973",
            "version": "2021",
            "effective_date": "03/03/2021",
        },
        {
            "form_number": "Mẫu số 09",
            "title": "Bản kê khai năng lực",
            "file": "files/Bản kê khai.pdf",
            "agency": "",
            "procedures": "1.009972",
            "version": "",
            "effective_date": "2021-03-03",
        },
    ]


class Terminal(StringIO):
    """A stderr that says it is a terminal: the progress bar shows only there."""

    def isatty(self) -> bool:
        return True


def run(manifest: Path, *args: str) -> tuple[str, str]:
    out, err = StringIO(), Terminal()
    call_command("import_forms", str(manifest), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_stores_forms_versions_and_links(tmp_path, catalogue):
    site, agency, first, second = catalogue
    manifest = write_manifest(tmp_path, good_rows(tmp_path))
    out, err = run(manifest, "--site", site.hostname)
    assert "2 biểu mẫu mới" in out
    permit = FormTemplate.objects.get(form_number="Mẫu số 01")
    assert permit.agency == agency
    assert permit.site == site
    assert set(permit.procedures.all()) == {first.specific, second.specific}
    version = permit.current_version
    assert (version.version, str(version.effective_date)) == ("2021", "2021-03-03")
    assert version.document.file.name.endswith(".docx")
    assert "nghi" not in version.document.file.name  # never the uploaded name
    assert (
        FormTemplate.objects.get(form_number="Mẫu số 09").current_version.version == "1"
    )
    assert "2/2" in err  # the progress bar

    # Running the same manifest again changes nothing.
    out, _ = run(manifest, "--site", site.hostname)
    assert "bỏ qua 2" in out
    assert FormVersion.objects.count() == 2


def test_new_version_supersedes_the_old_one(tmp_path, catalogue):
    rows = good_rows(tmp_path)
    run(write_manifest(tmp_path, rows[:1]))
    rows[0].update(version="2024", effective_date="2024-01-01")
    run(write_manifest(tmp_path, rows[:1]))
    form = FormTemplate.objects.get()
    statuses = dict(form.versions.values_list("version", "status"))
    assert statuses == {"2021": FormStatus.SUPERSEDED, "2024": FormStatus.CURRENT}


def test_one_rejected_file_means_nothing_is_stored(tmp_path, catalogue):
    rows = good_rows(tmp_path)
    (tmp_path / "files" / "to-khai.pdf").write_bytes(EXE)
    rows.append({**rows[1], "form_number": "Mẫu 10", "file": "files/to-khai.pdf"})
    rows.append({**rows[1], "form_number": "Mẫu 11", "procedures": "9.999999"})
    rows.append({**rows[1], "form_number": "Mẫu 12", "file": "../ngoai.pdf"})
    rows.append({**rows[1], "form_number": "Mẫu 13", "effective_date": "năm ngoái"})
    before = stored_documents()
    with pytest.raises(CommandError) as caught:
        run(write_manifest(tmp_path, rows))
    assert "4" in str(caught.value)
    assert FormTemplate.objects.count() == 0
    assert Document.objects.count() == 0
    assert stored_documents() == before


def test_errors_are_numbered_by_row_and_in_vietnamese(tmp_path, catalogue):
    rows = good_rows(tmp_path)
    (tmp_path / "files" / "to-khai.pdf").write_bytes(EXE)
    rows[1]["file"] = "files/to-khai.pdf"
    rows[0]["agency"] = "Sở Không Có"
    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_forms",
            str(write_manifest(tmp_path, rows)),
            stdout=StringIO(),
            stderr=err,
        )
    lines = err.getvalue()
    assert "Dòng 2:" in lines and "Sở Không Có" in lines
    assert "Dòng 3:" in lines and "tệp thực thi" in lines


def test_missing_columns_and_unknown_site_fail(tmp_path, catalogue):
    manifest = tmp_path / "bad.csv"
    manifest.write_text("form_number,title\nMẫu 1,Đơn\n", encoding="utf-8")
    with pytest.raises(CommandError):
        run(manifest)
    good = write_manifest(tmp_path, good_rows(tmp_path))
    with pytest.raises(CommandError):
        run(good, "--site", "khong-co.localhost")
    assert FormTemplate.objects.count() == 0


def test_demo_seed_gives_the_priority_procedures_real_forms(demo_site, client):
    from forms_library.demo import DEMO_FORMS
    from procedure_pages.models import ProcedurePage

    codes = {row[4] for row in DEMO_FORMS}
    assert len(codes) == 7
    for code in codes:
        page = ProcedurePage.objects.get(code=code)
        assert page.form_templates.exists(), code
    permit = FormTemplate.objects.get(
        title="Đơn đề nghị cấp giấy phép xây dựng", agency__name="Sở Xây dựng"
    )
    assert [v.version for v in permit.versions.all()] == ["2021", "2016"]
    assert permit.current_version.version == "2021"
    count = FormVersion.objects.count()
    call_command("seed_demo", stdout=StringIO())
    assert FormVersion.objects.count() == count


def test_dry_run_checks_everything_and_stores_nothing(tmp_path, catalogue):
    before = stored_documents()

    out, _ = run(write_manifest(tmp_path, good_rows(tmp_path)), "--dry-run")

    assert "2 biểu mẫu mới" in out and "Chạy thử" in out
    assert FormTemplate.objects.count() == 0
    assert Document.objects.count() == 0
    assert stored_documents() == before


def test_row_numbers_count_rows_not_lines(tmp_path, catalogue):
    rows = good_rows(tmp_path)
    rows[0]["title"] = "Đơn đề nghị\ncấp giấy phép\nxây dựng"  # one row, three lines
    rows[1]["agency"] = "Sở Không Có"
    err = StringIO()

    with pytest.raises(CommandError):
        call_command(
            "import_forms",
            str(write_manifest(tmp_path, rows)),
            stdout=StringIO(),
            stderr=err,
        )

    assert err.getvalue().splitlines() == ["Dòng 3: không có cơ quan “Sở Không Có”"]
    assert FormTemplate.objects.count() == 0


def test_an_excel_manifest_imports_the_same(tmp_path, catalogue):
    rows = good_rows(tmp_path)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append([row[name] for name in COLUMNS])
    workbook.save(tmp_path / "manifest.xlsx")

    out, _ = run(tmp_path / "manifest.xlsx")

    assert "2 biểu mẫu mới" in out
    assert FormVersion.objects.count() == 2


def test_no_progress_bar_off_a_terminal(tmp_path, catalogue):
    err = StringIO()

    call_command(
        "import_forms",
        str(write_manifest(tmp_path, good_rows(tmp_path))),
        stdout=StringIO(),
        stderr=err,
    )

    assert err.getvalue() == ""
