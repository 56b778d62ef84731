"""cms.core.tabular: reading CSV/XLSX/JSON, row numbers, errors, atomic apply."""

import csv
import io
import json

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import translation
from openpyxl import Workbook, load_workbook

from cms.core.tabular import (
    ErrorList,
    TabularError,
    all_or_nothing,
    chunked,
    open_table,
    progress_bar,
    write_table,
)


class Terminal(io.StringIO):
    """A stream that says it is a terminal (where the progress bar shows)."""

    def isatty(self):
        return True


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def write_csv(path, rows, bom=False, newline="\r\n"):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=newline).writerows(rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode())
    return path


def check_levels(table):
    """A consumer's own check: ``level`` must be a number (errors by row)."""
    good = []
    for row in table:
        if not row["level"].isdigit():
            table.errors.add(row.number, f"level “{row['level']}”", "level")
        else:
            good.append((row.number, row["code"]))
    return good


@pytest.mark.parametrize("bom", [False, True])
@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_csv_rows_with_line_breaks_keep_spreadsheet_row_numbers(tmp_path, bom, newline):
    path = write_csv(
        tmp_path / "p.csv",
        [
            ["code", "level", "steps"],
            ["1.1", "2", "Nộp hồ sơ\nThẩm định\nTrả kết quả"],  # row 2, 3 lines
            ["1.2", "3", "Một bước"],  # row 3
            ["1.3", "2", "Dòng một\r\nDòng hai"],  # row 4, 2 lines
            ["1.4", "ba", "x"],  # row 5: the bad cell
            ["1.5", "4", "y"],  # row 6
        ],
        bom=bom,
        newline=newline,
    )

    with open_table(path, columns=["code", "level", "steps"]) as table:
        assert table.header == ["code", "level", "steps"]
        good = check_levels(table)

    assert good == [(2, "1.1"), (3, "1.2"), (4, "1.3"), (6, "1.5")]
    assert [(e.row, e.column) for e in table.errors] == [(5, "level")]
    assert [str(e) for e in table.errors] == ["Dòng 5: level “ba”"]


def test_csv_keeps_line_breaks_inside_cells_and_counts_blank_rows(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes(b'code,steps\n1.1,"a\nb"\n\n1.2,c\n')

    with open_table(path) as table:
        rows = [(row.number, dict(row)) for row in table]

    assert rows == [
        (2, {"code": "1.1", "steps": "a\nb"}),
        (4, {"code": "1.2", "steps": "c"}),
    ]


def test_csv_bytes_that_are_not_utf8_are_reported_on_their_row(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes(b'code,name\n1.1,"hai\ndong"\n1.2,C\xe1p\n1.3,ok\n')

    with open_table(path) as table:
        codes = [row["code"] for row in table]

    assert codes == ["1.1", "1.3"]
    assert [str(e) for e in table.errors] == [
        "Dòng 3: Tệp không đúng mã UTF-8 (lỗi mã hoá ký tự)."
    ]


def test_csv_extra_cells_are_an_error_of_that_row(tmp_path):
    path = write_csv(tmp_path / "p.csv", [["a", "b"], ["1", "2"], ["3", "4", "5"]])

    with open_table(path) as table:
        assert [row.number for row in table] == [2]

    assert [e.row for e in table.errors] == [3]


def test_header_problems_raise_at_once(tmp_path):
    path = write_csv(tmp_path / "p.csv", [["code", "nam", "code"], ["1", "2", "3"]])

    with pytest.raises(TabularError) as caught:
        open_table(path, columns=["code", "name"], required=["code", "name"])

    assert [str(e) for e in caught.value.errors] == [
        "Dòng 1: cột không xác định: nam",
        "Dòng 1: cột code lặp lại.",
        "Dòng 1: thiếu cột bắt buộc: name",
    ]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("p.txt", b"a", "Định dạng tệp “.txt” không hỗ trợ"),
        ("p.csv", b"", "Dòng 1: Tệp trống."),
        ("p.csv", b"\xff\xfea,b\n", "Dòng 1: Tệp không đúng mã UTF-8"),
        ("p.xlsx", b"not a zip", "Không đọc được tệp Excel"),
        ("p.json", b"[{]", "JSON không hợp lệ (dòng 1)"),
        ("p.json", b'{"a": 1}', "JSON phải là một danh sách"),
    ],
)
def test_unreadable_files_raise_one_error(name, data, message):
    with pytest.raises(TabularError) as caught:
        open_table(data, name)

    assert str(caught.value.errors[0]).startswith(message)


def test_xlsx_row_numbers_are_the_sheet_rows(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["code", "level", "steps"])
    sheet.append(["1.1", 2, "a\nb"])  # row 2
    sheet.append([])  # row 3, blank
    sheet.append(["1.2", "ba", "=cmd"])  # row 4
    sheet.append(["1.3", 4.0, "'=SUM(A1)"])  # row 5
    workbook.save(tmp_path / "p.xlsx")

    with open_table(tmp_path / "p.xlsx") as table:
        assert table.count() == 4
        rows = {row.number: dict(row) for row in table}

    assert list(rows) == [2, 4, 5]
    assert rows[2] == {"code": "1.1", "level": "2", "steps": "a\nb"}
    assert rows[5]["level"] == "4"  # a whole float reads as an integer
    assert rows[5]["steps"] == "=SUM(A1)"  # the export's formula guard undone
    with open_table(tmp_path / "p.xlsx") as table:
        check_levels(table)
    assert [str(e) for e in table.errors] == ["Dòng 4: level “ba”"]


def test_json_rows_are_numbered_by_position(tmp_path):
    path = tmp_path / "p.json"
    items = [
        {"code": "1.1", "level": 2},
        {"code": "1.2", "level": "ba", "sample": True},
        "not an object",
        {"code": "1.4", "level": None},
    ]
    path.write_text(json.dumps({"procedures": items}), encoding="utf-8")

    with open_table(path) as table:
        assert table.header == ["code", "level", "sample"]
        rows = [(row.number, dict(row)) for row in table]

    assert rows == [
        (1, {"code": "1.1", "level": "2", "sample": ""}),
        (2, {"code": "1.2", "level": "ba", "sample": "1"}),
        (4, {"code": "1.4", "level": "", "sample": ""}),
    ]
    assert [str(e) for e in table.errors] == ["Dòng 3: mỗi mục phải là một đối tượng."]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_written_tables_read_back_identically(tmp_path, fmt):
    columns = ["code", "name", "fee"]
    rows = [
        {"code": "1.1", "name": "Cấp phép\nxây dựng", "fee": "=SUM(A1)"},
        {"code": "1.2", "name": "Đăng ký", "fee": "-"},
    ]
    path = tmp_path / f"out.{fmt}"
    with path.open("wb") as handle:
        assert write_table(handle, fmt, columns, rows) == 2

    if fmt == "csv":
        assert "'=SUM(A1)" in path.read_text(encoding="utf-8")
    if fmt == "xlsx":
        cells = list(load_workbook(path).active.values)
        assert cells[1][2] == "'=SUM(A1)"  # never a live formula
    with open_table(path) as table:
        assert [dict(row) for row in table] == rows


def test_all_or_nothing_keeps_good_files(db):
    with all_or_nothing(ErrorList()):
        Group.objects.create(name="a")

    assert Group.objects.filter(name="a").exists()


def test_all_or_nothing_rolls_back_on_any_error(db, django_capture_on_commit_callbacks):
    errors = ErrorList()

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(TabularError) as caught,
        all_or_nothing(errors),
    ):
        Group.objects.create(name="a")
        transaction.on_commit(lambda: None)
        errors.add(7, "sai", "level")

    assert not Group.objects.filter(name="a").exists()
    assert callbacks == []  # nothing runs "after the commit" of a rolled-back file
    assert caught.value.count == 1
    assert str(caught.value) == "Dòng 7: sai"


def test_all_or_nothing_dry_run_saves_nothing_and_does_not_raise(db):
    with all_or_nothing(ErrorList(), dry_run=True):
        Group.objects.create(name="a")

    assert not Group.objects.filter(name="a").exists()


def test_all_or_nothing_rolls_back_when_the_block_raises(db):
    with pytest.raises(ZeroDivisionError), all_or_nothing(ErrorList()):
        Group.objects.create(name="a")
        1 / 0  # noqa: B018

    assert not Group.objects.filter(name="a").exists()


def test_error_list_stops_storing_but_keeps_counting():
    errors = ErrorList(limit=2)
    for row in range(2, 7):
        errors.add(row, "sai")

    failure = errors.as_exception()

    assert failure.count == 5
    assert [str(e) for e in failure.errors] == [
        "Dòng 2: sai",
        "Dòng 3: sai",
        "… và 3 lỗi khác.",
    ]


def test_chunked():
    assert list(chunked(range(5), 2)) == [[0, 1], [2, 3], [4]]
    assert list(chunked([], 2)) == []


def test_progress_bar_only_on_a_terminal(tmp_path):
    path = write_csv(tmp_path / "p.csv", [["code"], ["1"], ["2"]])
    quiet, terminal = io.StringIO(), Terminal()

    with open_table(path) as table:
        assert [r["code"] for r in progress_bar(table, stream=quiet)] == ["1", "2"]
    with open_table(path) as table:
        shown = [
            r["code"] for r in progress_bar(table, stream=terminal, total=table.count)
        ]

    assert shown == ["1", "2"]
    assert quiet.getvalue() == ""
    assert "2/2" in terminal.getvalue()
