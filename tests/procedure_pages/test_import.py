"""import_procedures / export_procedures: formats, all-or-nothing, round trip."""

import csv
import io
import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook
from wagtail.models import Page

from procedure_pages.models import Agency, ProcedurePage, Sector
from procedure_pages.transfer import COLUMNS
from sites.models import UnitKind
from tests.procedure_pages.factories import site_with_catalogue

pytestmark = pytest.mark.django_db

HEADER = [
    "code",
    "name",
    "sector",
    "agency",
    "tier",
    "level",
    "documents",
    "legal_basis",
    "steps",
    "fee",
]
ROWS = [
    [
        "1.009972",
        "Cấp giấy phép xây dựng",
        "Xây dựng",
        "Sở Xây dựng",
        "tinh",
        "3",
        "Đơn đề nghị; 1; 0; theo mẫu | Bản vẽ thiết kế; 2; 0",
        "50/2014/QH13; 18/06/2014; Quốc hội; Luật Xây dựng",
        "Nộp hồ sơ | Thẩm định | Trả kết quả",
        "=SUM(A1)",
    ],
    [
        "2.000046",
        "Đăng ký khai sinh",
        "Hộ tịch",
        "UBND xã Hưng Đạo",
        "xã",
        "2",
        "Tờ khai",
        "",
        "- Nộp tờ khai",
        "",
    ],
]


@pytest.fixture
def sites():
    portal, portal_index = site_with_catalogue(
        hostname="portal.localhost", name="Tỉnh Cao Bằng", is_default=True
    )
    department, department_index = site_with_catalogue(
        hostname="soxaydung.localhost",
        name="Sở Xây dựng",
        kind=UnitKind.DEPARTMENT,
        parent=portal.profile.unit,
    )
    return {"portal": portal_index, "department": department_index}


def write_csv(path, header, rows, broken=False):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    data = buffer.getvalue().encode("utf-8")
    if broken:  # a legacy-encoded byte in the first data row
        data = data.replace("Cấp".encode(), b"C\xe1p", 1)
    path.write_bytes(data)
    return path


def write_xlsx(path, header, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def write_json(path, header, rows):
    path.write_text(
        json.dumps([dict(zip(header, row, strict=True)) for row in rows]),
        encoding="utf-8",
    )
    return path


class Terminal(StringIO):
    """A stderr that says it is a terminal: the progress bar shows only there."""

    def isatty(self):
        return True


def run(path, *extra):
    out, err = StringIO(), Terminal()
    call_command("import_procedures", str(path), *extra, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def snapshot():
    return {
        "pages": list(Page.objects.order_by("pk").values_list("pk", "title", "path")),
        "procedures": list(
            ProcedurePage.objects.order_by("pk").values(
                "code", "title", "level", "documents", "legal_basis", "steps"
            )
        ),
        "agencies": Agency.objects.count(),
        "sectors": Sector.objects.count(),
    }


@pytest.mark.parametrize("writer", [write_csv, write_xlsx, write_json])
def test_import_happy_path(tmp_path, sites, writer):
    suffix = {write_csv: "csv", write_xlsx: "xlsx", write_json: "json"}[writer]
    path = writer(tmp_path / f"procedures.{suffix}", HEADER, ROWS)

    out, err = run(path)

    assert "2 thủ tục mới" in out
    assert "Cơ quan mới: Sở Xây dựng, UBND xã Hưng Đạo" in out
    assert "2/2" in err  # the progress bar
    permit = ProcedurePage.objects.get(code="1.009972")
    assert permit.live and permit.title == "Cấp giấy phép xây dựng"
    assert permit.level == 3 and permit.online_kind == "mot_phan"
    assert permit.sector.name == "Xây dựng"
    # The agency was matched to the unit of the same name: its site receives it.
    assert permit.get_parent().pk == sites["department"].pk
    assert [d.value["name"] for d in permit.documents] == [
        "Đơn đề nghị",
        "Bản vẽ thiết kế",
    ]
    assert permit.documents[1].value["copies"] == 0
    assert permit.documents[1].value["originals"] == 2
    assert permit.documents[0].value["note"] == "theo mẫu"
    assert permit.legal_basis[0].value["issuer"] == "Quốc hội"
    assert permit.legal_basis[0].value["date"].isoformat() == "2014-06-18"
    assert [s.value["description"] for s in permit.steps] == [
        "Nộp hồ sơ",
        "Thẩm định",
        "Trả kết quả",
    ]
    birth = ProcedurePage.objects.get(code="2.000046")
    assert birth.tier == "xa" and birth.online_kind == "none"
    # No site for that agency: the provincial portal's catalogue.
    assert birth.get_parent().pk == sites["portal"].pk
    # The tree stays consistent (treebeard's own check).
    assert Page.find_problems() == ([], [], [], [], [])
    sites["portal"].refresh_from_db()
    assert sites["portal"].numchild == 1


def test_site_option_places_new_rows(tmp_path, sites):
    path = write_csv(tmp_path / "p.csv", HEADER, ROWS)

    run(path, "--site", "soxaydung.localhost")

    assert ProcedurePage.objects.child_of(sites["department"]).count() == 2


def test_reimport_changes_nothing(tmp_path, sites):
    path = write_csv(tmp_path / "p.csv", HEADER, ROWS)
    run(path)
    before = snapshot()

    out, _err = run(path)

    assert "2 không đổi" in out
    assert snapshot() == before


def test_reimport_updates_changed_rows_in_place(tmp_path, sites):
    run(write_csv(tmp_path / "p.csv", HEADER, ROWS))
    changed = [list(ROWS[0]), ROWS[1]]
    changed[0][1] = "Cấp giấy phép xây dựng (sửa đổi)"
    changed[0][5] = "4"

    out, _err = run(write_csv(tmp_path / "q.csv", HEADER, changed))

    assert "1 cập nhật, 1 không đổi" in out
    page = ProcedurePage.objects.get(code="1.009972")
    assert page.title == "Cấp giấy phép xây dựng (sửa đổi)" and page.level == 4
    assert ProcedurePage.objects.count() == 2


def test_dry_run_saves_nothing(tmp_path, sites):
    before = snapshot()

    out, _err = run(write_csv(tmp_path / "p.csv", HEADER, ROWS), "--dry-run")

    assert "2 thủ tục mới" in out and "Chạy thử" in out
    assert snapshot() == before


BAD_ROWS = {
    "unknown tier": (4, "tinh-thanh", "tier"),
    "level outside 1-4": (5, "5", "level"),
    "missing name": (1, "", "thiếu tên"),
    "over-long value": (0, "9" * 51, "vượt giới hạn"),
}


@pytest.mark.parametrize("case", list(BAD_ROWS))
def test_bad_row_aborts_everything(tmp_path, sites, case):
    column, value, reason = BAD_ROWS[case]
    rows = [list(row) for row in ROWS] + [list(ROWS[0])]
    rows[2][0] = "1.000003"
    rows[2][column] = value
    before = snapshot()

    with pytest.raises(CommandError, match="1 lỗi"):
        run(write_csv(tmp_path / "bad.csv", HEADER, rows))

    assert snapshot() == before


def error_lines(tmp_path, header, rows, **kwargs):
    path = write_csv(tmp_path / "bad.csv", header, rows, **kwargs)
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_procedures", str(path), stdout=StringIO(), stderr=err)
    return err.getvalue()


def test_errors_name_every_bad_row(tmp_path, sites):
    rows = [list(row) for row in ROWS] + [list(ROWS[0]), list(ROWS[1])]
    rows[1][5] = "0"  # row 3
    rows[3][4] = "quận"  # row 5: unknown tier, and a duplicate of row 3's code
    before = snapshot()

    err = error_lines(tmp_path, HEADER, rows)

    assert "Dòng 3: level “0” phải từ 1 đến 4." in err
    assert "Dòng 4: mã 1.009972 trùng với dòng 2." in err
    assert "Dòng 5: tier “quận” không hợp lệ" in err
    assert "Dòng 5: mã 2.000046 trùng với dòng 3." in err
    assert snapshot() == before


def test_unknown_online_kind_is_rejected(tmp_path, sites):
    header = [*HEADER, "online_kind"]
    rows = [[*ROWS[0], "toan_trinh"], [*ROWS[1], "truc_tuyen_het"]]
    before = snapshot()

    err = error_lines(tmp_path, header, rows)

    assert "Dòng 3: online_kind “truc_tuyen_het” không hợp lệ" in err
    assert snapshot() == before


def test_broken_encoding_is_rejected(tmp_path, sites):
    before = snapshot()

    err = error_lines(tmp_path, HEADER, ROWS, broken=True)

    assert "Dòng 2: Tệp không đúng mã UTF-8" in err
    assert snapshot() == before


def test_unknown_column_is_rejected(tmp_path, sites):
    err = error_lines(tmp_path, [*HEADER, "nam"], [[*row, "x"] for row in ROWS])

    assert "Dòng 1: cột không xác định: nam" in err
    assert ProcedurePage.objects.count() == 0


def test_exit_status_is_non_zero_on_error(tmp_path, sites):
    # A real process: Django turns the command's error into exit status 1. The
    # rows are rejected before the database is touched.
    bad = write_csv(tmp_path / "bad.csv", HEADER, [["1.1", ""]])
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"}

    result = subprocess.run(
        [sys.executable, "manage.py", "import_procedures", str(bad)],
        capture_output=True,
        env=env,
        cwd=settings.BASE_DIR,
    )

    assert result.returncode == 1
    assert "Dòng 2: thiếu tên thủ tục" in result.stderr.decode()


@pytest.mark.parametrize("suffix", ["csv", "xlsx", "json"])
def test_export_import_round_trip_is_identical(tmp_path, sites, suffix):
    long_name = "Thủ tục " + "rất dài " * 60
    rows = [list(row) for row in ROWS] + [
        ["3.000001", long_name, "", "", "huyện", "1", "", "", "", "@cmd"]
    ]
    run(write_csv(tmp_path / "p.csv", HEADER, rows))
    first = tmp_path / f"first.{suffix}"
    call_command("export_procedures", str(first), stdout=StringIO())
    before = snapshot()

    out, _err = run(first)
    second = tmp_path / f"second.{suffix}"
    call_command("export_procedures", str(second), stdout=StringIO())

    assert "3 không đổi" in out
    assert snapshot() == before
    assert ProcedurePage.objects.get(code="3.000001").name == long_name.strip()
    if suffix == "xlsx":
        first_cells = [list(r) for r in load_workbook(first).active.values]
        second_cells = [list(r) for r in load_workbook(second).active.values]
        assert first_cells == second_cells
        assert first_cells[0] == COLUMNS
    else:
        assert first.read_bytes() == second.read_bytes()


def test_export_neutralises_formulas(tmp_path, sites):
    run(write_csv(tmp_path / "p.csv", HEADER, ROWS))
    path = tmp_path / "out.csv"

    call_command("export_procedures", str(path), stdout=StringIO())

    rows = list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))
    by_code = {row["code"]: row for row in rows}
    assert by_code["1.009972"]["fee"] == "'=SUM(A1)"
    assert by_code["2.000046"]["steps"] == "'- Nộp tờ khai"
    assert (
        ProcedurePage.objects.get(code="2.000046").steps[0].value["description"]
        == "- Nộp tờ khai"
    )


# --- Through Wagtail's publish path ------------------------------------------------


@pytest.fixture
def published():
    """Pages ``page_published`` was sent for, in order."""
    from wagtail.signals import page_published

    seen = []

    def receiver(sender, instance, revision, **kwargs):
        seen.append((sender, instance.pk, revision.pk))

    page_published.connect(receiver, dispatch_uid="test-import-published")
    yield seen
    page_published.disconnect(dispatch_uid="test-import-published")


def test_import_publishes_each_procedure_like_an_editor(tmp_path, sites, published):
    from wagtail.models import PageLogEntry, ReferenceIndex

    run(write_csv(tmp_path / "p.csv", HEADER, ROWS))

    pages = list(ProcedurePage.objects.order_by("code"))
    assert [p.code for p in pages] == ["1.009972", "2.000046"]
    # page_published: once per procedure, with its published revision.
    assert sorted(published) == sorted(
        (ProcedurePage, p.pk, p.live_revision_id) for p in pages
    )
    for page in pages:
        # A normal revision: the latest, live, holding the imported content.
        assert page.live and not page.has_unpublished_changes
        assert page.latest_revision_id == page.live_revision_id
        assert page.revisions.count() == 1
        revision = page.latest_revision
        assert revision.content["code"] == page.code
        assert revision.as_object().title == page.title
        assert page.first_published_at and page.last_published_at
        actions = set(
            PageLogEntry.objects.filter(page=page).values_list("action", flat=True)
        )
        assert {"wagtail.create", "wagtail.publish"} <= actions
        assert (
            PageLogEntry.objects.get(page=page, action="wagtail.publish").revision_id
            == revision.pk
        )
        # Wagtail's own indexes are kept as for an editor's publish.
        assert list(ProcedurePage.objects.filter(pk=page.pk).search(page.title))
        assert ReferenceIndex.objects.filter(object_id=str(page.pk)).exists()


def test_reimport_publishes_only_changed_procedures(tmp_path, sites, published):
    run(write_csv(tmp_path / "p.csv", HEADER, ROWS))
    published.clear()
    changed = [list(ROWS[0]), ROWS[1]]
    changed[0][1] = "Cấp giấy phép xây dựng (sửa đổi)"

    run(write_csv(tmp_path / "q.csv", HEADER, changed))

    page = ProcedurePage.objects.get(code="1.009972")
    assert [pk for _sender, pk, _revision in published] == [page.pk]
    assert page.revisions.count() == 2
    assert page.latest_revision_id == page.live_revision_id
    assert page.latest_revision.content["title"] == "Cấp giấy phép xây dựng (sửa đổi)"
    assert list(ProcedurePage.objects.filter(pk=page.pk).search("sửa đổi"))


def test_a_failed_import_publishes_nothing_for_good(tmp_path, sites, published):
    from wagtail.models import PageLogEntry, Revision

    rows = [list(row) for row in ROWS] + [["1.000003", ""]]  # row 4: no name

    with pytest.raises(CommandError):
        run(write_csv(tmp_path / "bad.csv", HEADER, rows))

    assert ProcedurePage.objects.count() == 0
    assert not Revision.objects.filter(content_type__model="procedurepage").exists()
    assert (
        not PageLogEntry.objects.filter(action="wagtail.publish")
        .exclude(page__depth__lte=3)
        .exists()
    )


def test_csv_row_numbers_count_records_not_lines(tmp_path, sites):
    rows = [list(row) for row in ROWS] + [list(ROWS[0])]
    rows[0][8] = "Nộp hồ sơ\nThẩm định\nTrả kết quả"  # row 2 spans three lines
    rows[1][9] = "Miễn phí\n(theo Nghị định)"  # row 3 spans two lines
    rows[2][0], rows[2][5] = "1.000003", "9"  # row 4: the bad cell

    err = error_lines(tmp_path, HEADER, rows)

    assert err.splitlines() == ["Dòng 4: level “9” phải từ 1 đến 4."]


def test_no_progress_bar_off_a_terminal(tmp_path, sites):
    err = StringIO()

    call_command(
        "import_procedures",
        str(write_csv(tmp_path / "p.csv", HEADER, ROWS)),
        stdout=StringIO(),
        stderr=err,
    )

    assert err.getvalue() == ""


def live_procedure_keys():
    from procedure_pages.documents import ProcedureSource
    from search.records import object_key

    return {object_key(page) for page in ProcedureSource().get_queryset()}


def test_search_matches_the_catalogue_after_an_import(
    tmp_path, sites, settings, django_capture_on_commit_callbacks
):
    """No custom signal: the import publishes through Wagtail inside the
    search's deferred sync, which runs once after the commit."""
    from search import services
    from search.models import SearchRecord

    settings.ELASTICSEARCH_URL = ""
    services.reset_availability()
    with django_capture_on_commit_callbacks(execute=True):
        run(write_csv(tmp_path / "p.csv", HEADER, ROWS))

    records = set(
        SearchRecord.objects.filter(key__startswith="procedure_pages.").values_list(
            "key", flat=True
        )
    )
    assert len(live_procedure_keys()) == 2
    assert records == live_procedure_keys()
    results = services.search("cap giay phep xay dung", backend="database")
    assert [hit.code for hit in results.hits][:1] == ["1.009972"]


@pytest.mark.elasticsearch
def test_elasticsearch_matches_the_catalogue_after_an_import(
    tmp_path, sites, django_capture_on_commit_callbacks
):
    from search import services
    from search.connection import get_client
    from search.index import SearchIndex
    from search.models import DEFAULT_COLLECTION

    if get_client() is None:
        pytest.skip("ELASTICSEARCH_URL is not set")
    index = SearchIndex(DEFAULT_COLLECTION)
    index.drop()
    services.reset_availability()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            run(write_csv(tmp_path / "p.csv", HEADER, ROWS))
        index.refresh()

        assert set(index.fingerprints()) == live_procedure_keys()
        results = services.search("dang ky khai sinh")
        assert results.backend == "elasticsearch"
        assert [hit.code for hit in results.hits][:1] == ["2.000046"]
    finally:
        index.drop()
