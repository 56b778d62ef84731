"""plan_report YEAR FILE: the XLSX reads back, the PDF has the text."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook
from pypdf import PdfReader

pytestmark = pytest.mark.django_db


def test_xlsx(dossiers, tmp_path):
    path = tmp_path / "bao-cao-2026.xlsx"
    call_command("plan_report", "2026", str(path))
    book = load_workbook(path)
    assert book.sheetnames == ["Thủ tục", "Bảy dịch vụ ưu tiên", "Chấm điểm"]
    rows = list(book["Thủ tục"].iter_rows(values_only=True))
    assert rows[0][0] == "Cơ quan thực hiện"
    sxd = next(r for r in rows if r[0] == "Sở Xây dựng")
    assert sxd[:6] == ("Sở Xây dựng", 1, 0, 0, 1, 0)
    priorities = list(book["Bảy dịch vụ ưu tiên"].iter_rows(values_only=True))
    assert len(priorities) == 8
    permit = next(r for r in priorities if r[1] == "Cấp giấy phép xây dựng")
    assert permit[0] == 2014 and permit[3] == 0.5 and permit[4] == "1.009972"
    card = {r[1]: r[2] for r in book["Chấm điểm"].iter_rows(values_only=True)}
    assert card["Tỷ lệ hồ sơ giải quyết đúng hạn"] == "50.0%"
    assert card["Mức độ hài lòng của người dân"] == "chưa có dữ liệu"


def test_pdf(dossiers, tmp_path):
    path = tmp_path / "bao-cao-2026.pdf"
    call_command("plan_report", "2026", str(path))
    text = "".join(p.extract_text() for p in PdfReader(path).pages)
    assert "2026" in text
    assert "Cấp giấy phép xây dựng" in text
    assert "chưa có dữ liệu" in text


def test_bad_arguments(db, tmp_path):
    with pytest.raises(CommandError):
        call_command("plan_report", "2026", str(tmp_path / "x.docx"))
    with pytest.raises(CommandError):
        call_command("plan_report", "1999", str(tmp_path / "x.pdf"))
