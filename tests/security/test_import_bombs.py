"""Hostile XLSX files given to the procedure import (command and admin upload).

Each file is generated here: a real workbook from openpyxl whose sheet member is
rewritten with :mod:`zipfile` streaming, so a 2.5 GiB cell costs 2.5 MB on disk
and never sits in the test's memory. They must be refused with a clear message,
in bounded memory and time, before openpyxl builds anything; a malformed sheet
is reported from the row reached, never as a traceback or a 500.
"""

from __future__ import annotations

import io
import os
import re
import resource
import struct
import subprocess
import sys
import time
import tracemalloc
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from http import HTTPStatus
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from cms.core.tabular import open_table
from procedure_pages.models import ProcedurePage
from tests.procedure_pages.factories import site_with_catalogue

pytestmark = pytest.mark.django_db

HOST = "portal.localhost"
SHEET = "xl/worksheets/sheet1.xml"
GIANT_CELL_BYTES = 2560 * 1024 * 1024  # 2.5 GiB
MIB = 1024 * 1024
TAIL = b"</sheetData></worksheet>"


def head(last_row: int) -> bytes:
    """The sheet's start, with the dimension element Excel writes."""
    return (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + f'<dimension ref="A1:B{last_row}"/><sheetData>'.encode()
    )


def cell(ref: str, text: str) -> bytes:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def row(number: int, code: str, name: str) -> bytes:
    return (
        f'<row r="{number}">'.encode()
        + cell(f"A{number}", code)
        + cell(f"B{number}", name)
        + b"</row>"
    )


HEADER_ROW = row(1, "code", "name")


class _FlushedBlocks:
    """A deflate compressor that compresses each write on its own (full flush:
    the output of one write does not depend on the ones before), so the
    compressed form of the same 1 MiB block is computed once and repeated. It
    makes a 2.5 GiB member in seconds instead of a minute of deflating; the
    stream is ordinary deflate that any inflater reads."""

    def __init__(self) -> None:
        self._known: dict[bytes, bytes] = {}

    def compress(self, data: bytes) -> bytes:
        if data not in self._known:
            compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
            packed = compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)
            if len(data) < 2 * MIB:
                self._known[data] = packed
            return packed
        return self._known[data]

    def flush(self) -> bytes:
        return zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS).flush()


def write_xlsx(
    path: Path,
    sheet: Iterable[bytes],
    *,
    extra: dict | None = None,
    fast: bool = False,
) -> Path:
    """A workbook made by openpyxl, its first sheet replaced by ``sheet``'s
    chunks (streamed into the zip), plus ``extra`` members. ``fast``: the sheet
    is compressed by :class:`_FlushedBlocks` (zipfile still writes the headers,
    the sizes and the CRC of the real content)."""
    workbook = Workbook()
    workbook.active.append(["code", "name"])
    source = io.BytesIO()
    workbook.save(source)
    with (
        zipfile.ZipFile(source) as original,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for info in original.infolist():
            if info.filename != SHEET:
                out.writestr(info.filename, original.read(info.filename))
                continue
            with out.open(SHEET, "w", force_zip64=True) as member:
                if fast:
                    assert hasattr(member, "_compressor")
                    member._compressor = _FlushedBlocks()
                for chunk in sheet:
                    member.write(chunk)
        for name, data in (extra or {}).items():
            out.writestr(name, data)
    return path


def giant_cell(size: int) -> Iterator[bytes]:
    """A sheet whose row 2 has a name cell of ``size`` bytes of text."""
    yield head(2) + HEADER_ROW + b'<row r="2">' + cell("A2", "1.000001")
    yield b'<c r="B2" t="inlineStr"><is><t>'
    block = b"A" * MIB
    for _ in range(size // MIB):
        yield block
    yield b"</t></is></c></row>" + TAIL


def good_rows(count: int) -> Iterator[bytes]:
    yield head(count + 1) + HEADER_ROW
    for number in range(2, count + 2):
        yield row(number, f"1.{number:06d}", f"Thủ tục số {number}")
    yield TAIL


@pytest.fixture(scope="module")
def giant_xlsx(tmp_path_factory) -> Path:
    """The review's file: one cell of 2.5 GiB, about 2.6 MB compressed."""
    path = tmp_path_factory.mktemp("bombs") / "giant-cell.xlsx"
    return write_xlsx(path, giant_cell(GIANT_CELL_BYTES), fast=True)


@pytest.fixture
def catalogue():
    return site_with_catalogue(hostname=HOST, name="Cổng tỉnh", is_default=True)[1]


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("boss", "b@example.com", "pw")
    client.force_login(user)
    return client


def import_errors(path: Path) -> str:
    """What ``import_procedures --dry-run`` writes when it refuses the file."""
    err = StringIO()
    with pytest.raises(CommandError, match="no change was saved|không có thay đổi"):
        call_command(
            "import_procedures", str(path), "--dry-run", stdout=StringIO(), stderr=err
        )
    return err.getvalue()


def measured(path: Path) -> tuple[str, float, float]:
    """The refusal, its time and the peak of Python allocations (MB) meanwhile."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        errors = import_errors(path)
    finally:
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] / MIB
        tracemalloc.stop()
    return errors, elapsed, peak


def test_giant_cell_is_refused_in_bounded_memory_and_time(giant_xlsx, catalogue):
    assert giant_xlsx.stat().st_size < 4 * MIB  # the bomb is small on disk
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    errors, elapsed, peak = measured(giant_xlsx)

    rss_growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - rss_before
    print(
        f"\n2.5 GiB cell: refused in {elapsed:.2f} s, Python peak {peak:.1f} MB, "
        f"max RSS growth {rss_growth:.1f} MB"
    )
    assert "Tệp Excel bị từ chối: khi giải nén sẽ chiếm hơn 512 MB" in errors
    assert "Traceback" not in errors
    assert peak < 50 and rss_growth < 200
    assert elapsed < 30  # generous: the refusal takes well under a second


def test_giant_cell_under_the_budget_is_refused_by_its_length(tmp_path, catalogue):
    # 64 MB of text in one cell: within the package budget, but no cell is
    # longer than 32,767 characters; refused after inflating about 1 MB.
    path = write_xlsx(tmp_path / "cell.xlsx", giant_cell(64 * MIB))

    errors, elapsed, peak = measured(path)

    assert (
        "Tệp Excel bị từ chối: một ô hoặc giá trị chứa hơn 1024 KB văn bản"
    ) in errors
    assert peak < 20 and elapsed < 10


def _set_size(data: bytearray, fixed: int, extra: int, extra_length: int) -> None:
    """Write the uncompressed size, in the zip64 extra field when there is one
    (its first value, after the 4-byte field header) or in the fixed field."""
    if extra_length and data[extra : extra + 2] == b"\x01\x00":
        data[extra + 4 : extra + 12] = struct.pack("<Q", SIZE_LIE)
    else:
        data[fixed : fixed + 4] = struct.pack("<L", SIZE_LIE)


SIZE_LIE = 1000


def falsify(data: bytearray, local: int, directory: int) -> None:
    """Make the sheet's local header and directory entry claim SIZE_LIE bytes."""
    name_length, extra_length = struct.unpack("<HH", data[local + 26 : local + 30])
    _set_size(data, local + 22, local + 30 + name_length, extra_length)
    entry = data.index(b"PK\x01\x02", directory)
    while data[entry + 46 : entry + 46 + len(SHEET)] != SHEET.encode():
        entry = data.index(b"PK\x01\x02", entry + 4)
    name_length, extra_length = struct.unpack("<HH", data[entry + 28 : entry + 32])
    _set_size(data, entry + 24, entry + 46 + name_length, extra_length)


def test_bomb_with_falsified_sizes_is_refused(tmp_path, catalogue):
    # 13 MB of plain rows whose directory (and local header) claim 1,000 bytes:
    # refused as soon as the inflating passes what was declared.
    path = write_xlsx(tmp_path / "lying.xlsx", good_rows(100_000))
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo(SHEET)
        real_size = info.file_size
        directory = archive.start_dir
    assert real_size > 10 * MIB
    falsify(data, info.header_offset, directory)
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo(SHEET).file_size == SIZE_LIE  # what a tool believes

    errors, elapsed, peak = measured(path)

    assert (
        "Tệp Excel bị từ chối: một phần của tệp khi giải nén lớn hơn kích thước "
        "đã khai báo"
    ) in errors
    assert peak < 20 and elapsed < 10


def test_package_over_the_budget_is_refused(tmp_path, catalogue, settings):
    settings.IMPORT_MAX_UNPACKED_BYTES = MIB
    path = write_xlsx(tmp_path / "big.xlsx", good_rows(20_000))

    errors = import_errors(path)

    assert "khi giải nén sẽ chiếm hơn 1 MB" in errors


def test_archive_inside_the_package_is_refused(tmp_path, catalogue):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as nested:
        nested.writestr("a.txt", b"0" * 10_000)
    path = write_xlsx(
        tmp_path / "nested.xlsx",
        good_rows(1),
        extra={"xl/embeddings/data.bin": inner.getvalue()},
    )

    errors = import_errors(path)

    assert "chứa một tệp nén khác (xl/embeddings/data.bin)" in errors


def malformed(good: int) -> Iterator[bytes]:
    """``good`` correct rows, then a row whose XML is broken."""
    yield from list(good_rows(good))[:-1]
    number = good + 2
    yield f'<row r="{number}"><c r="A{number}"><v>1</v></row>'.encode() + TAIL


ROW_ERROR = re.compile(r"Dòng (\d+): bảng tính bị hỏng từ dòng này trở đi \(.+\)")


def test_malformed_sheet_is_reported_from_the_row_reached(tmp_path, catalogue):
    # Rows 2 to 301 are right, row 302 is broken (all in the first chunk of
    # rows, so nothing is written before the error is known).
    path = write_xlsx(tmp_path / "broken.xlsx", malformed(300))

    errors = import_errors(path)

    found = ROW_ERROR.search(errors)
    assert found, errors
    assert found.group(1) == "302"
    assert "mismatched tag: line 2, column" in errors
    assert "Traceback" not in errors
    assert ProcedurePage.objects.count() == 0


def test_malformed_sheet_without_dimension_is_refused_as_a_whole(tmp_path, catalogue):
    # Without a <dimension>, openpyxl reads the whole sheet when it opens it:
    # the file is refused with the parser's place of the error.
    sheet = b"".join(malformed(3)).replace(b'<dimension ref="A1:B4"/>', b"")
    path = write_xlsx(tmp_path / "broken.xlsx", [sheet])

    errors = import_errors(path)

    assert "Không đọc được tệp Excel: mismatched tag: line 2, column" in errors
    assert "Traceback" not in errors


def test_malformed_sheet_command_exits_non_zero_without_traceback(tmp_path):
    # A real process, as an operator runs it. The file is refused before the
    # database is touched.
    path = write_xlsx(tmp_path / "broken.xlsx", malformed(3))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"}

    result = subprocess.run(
        [sys.executable, "manage.py", "import_procedures", str(path), "--dry-run"],
        capture_output=True,
        env=env,
        cwd=settings.BASE_DIR,
        check=False,
    )

    stderr = result.stderr.decode()
    assert result.returncode == 1
    assert "Dòng 5: bảng tính bị hỏng từ dòng này trở đi (mismatched tag" in stderr
    assert "Nhập thất bại: 1 lỗi" in stderr
    assert "Traceback" not in stderr


def test_admin_upload_of_a_malformed_sheet_answers_200_with_the_message(
    admin_client, catalogue, tmp_path
):
    path = write_xlsx(tmp_path / "broken.xlsx", malformed(3))

    response = admin_client.post(
        reverse("procedure_pages_import"),
        {"file": SimpleUploadedFile("broken.xlsx", path.read_bytes())},
        HTTP_HOST=HOST,
    )

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Dòng 5: bảng tính bị hỏng từ dòng này trở đi (mismatched tag" in html
    assert 'name="token"' not in html


def test_admin_upload_of_a_bomb_answers_200_with_the_message(
    admin_client, catalogue, tmp_path
):
    path = write_xlsx(tmp_path / "cell.xlsx", giant_cell(8 * MIB))

    response = admin_client.post(
        reverse("procedure_pages_import"),
        {"file": SimpleUploadedFile("cell.xlsx", path.read_bytes())},
        HTTP_HOST=HOST,
    )

    assert response.status_code == HTTPStatus.OK
    assert "Tệp Excel bị từ chối: một ô hoặc giá trị chứa hơn" in (
        response.content.decode()
    )


def test_sheet_claiming_a_million_wide_rows_is_read_in_bounded_time(tmp_path):
    # The dimension claims 16,384 columns and a last row 1,048,576: openpyxl
    # pads every missing row to the claimed width. Rows are cut at 1,000
    # cells and empty ones skipped cheaply: seconds, not the minutes of
    # converting a billion empty cells.
    sheet = (
        b"".join(good_rows(2))
        .replace(b'<dimension ref="A1:B3"/>', b'<dimension ref="A1:XFD1048576"/>')
        .replace(
            b"</sheetData>",
            b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>',
        )
    )
    path = write_xlsx(tmp_path / "wide.xlsx", [sheet])
    started = time.perf_counter()

    with open_table(path, required=["code"]) as table:
        codes = [row["code"] for row in table]

    elapsed = time.perf_counter() - started
    print(f"\nmillion claimed rows: read in {elapsed:.2f} s")
    assert codes == ["1.000002", "1.000003"]
    assert not table.errors
    assert elapsed < 60  # generous: about 3 s on a busy 2-core machine


def test_a_legitimate_workbook_still_imports(tmp_path, catalogue):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["code", "name", "agency", "tier", "level"])
    sheet.append(["1.000111", "Cấp phép khai thác khoáng sản", "Sở TN&MT", "tinh", 3])
    sheet.append(["1.000112", "Gia hạn giấy phép khai thác", "Sở TN&MT", "tinh", 2])
    path = tmp_path / "good.xlsx"
    workbook.save(path)

    call_command("import_procedures", str(path), stdout=StringIO(), stderr=StringIO())

    assert set(ProcedurePage.objects.values_list("code", flat=True)) == {
        "1.000111",
        "1.000112",
    }
