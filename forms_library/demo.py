"""Demo forms for the plan's 7 priority procedures, loaded through the importer.

The files are generated here (DOCX and PDF, real and valid, Vietnamese text), put
next to a manifest in a temporary folder and imported with ``import_manifest``,
exactly as an editor's bulk load would be. Re-running changes nothing: the
importer skips forms whose version already exists.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Callable
from pathlib import Path

from forms_library import samples
from forms_library.importer import COLUMNS, import_manifest

# form_number, title, issuing document, agency, procedure code, version,
# effective date, format, body lines
DEMO_FORMS: list[tuple[str, str, str, str, str, str, str, str, list[str]]] = [
    (
        "Mẫu A.I.1",
        "Văn bản đề nghị thực hiện dự án đầu tư",
        "Thông tư 03/2021/TT-BKHĐT",
        "Sở Kế hoạch và Đầu tư",
        "1.009645",
        "2021",
        "2021-06-09",
        "docx",
        ["Nhà đầu tư: ......", "Tên dự án: ......", "Địa điểm thực hiện: ......"],
    ),
    (
        "Mẫu số 01",
        "Đơn đề nghị cấp giấy phép xây dựng",
        "Thông tư 15/2016/TT-BXD",
        "Sở Xây dựng",
        "1.009972",
        "2016",
        "2016-08-15",
        "docx",
        ["Chủ đầu tư: ......", "Địa điểm xây dựng: ......", "Loại công trình: ......"],
    ),
    (
        "Mẫu số 01",
        "Đơn đề nghị cấp giấy phép xây dựng",
        "Nghị định 15/2021/NĐ-CP, Phụ lục II",
        "Sở Xây dựng",
        "1.009972",
        "2021",
        "2021-03-03",
        "docx",
        [
            "Tên chủ đầu tư: ......",
            "Người đại diện: ...... Chức vụ: ......",
            "Địa điểm xây dựng: lô đất số ...... diện tích ...... m²",
            "Cấp công trình: ...... Tổng diện tích sàn: ...... m²",
        ],
    ),
    (
        "Mẫu số 09",
        "Bản kê khai năng lực, kinh nghiệm của tổ chức thiết kế",
        "Nghị định 15/2021/NĐ-CP, Phụ lục II",
        "Sở Xây dựng",
        "1.009972",
        "2021",
        "2021-03-03",
        "pdf",
        ["Tên tổ chức: ......", "Chứng chỉ năng lực số: ......"],
    ),
    (
        "Mẫu số 01",
        "Đơn khiếu nại",
        "Nghị định 124/2020/NĐ-CP",
        "Thanh tra tỉnh",
        "2.002137",
        "2020",
        "2020-12-05",
        "docx",
        [
            "Họ và tên người khiếu nại: ......",
            "Số CCCD: ...... Địa chỉ: ......",
            "Nội dung khiếu nại: ......",
        ],
    ),
    (
        "Mẫu 01",
        "Đơn đề nghị cấp chứng chỉ hành nghề khám bệnh, chữa bệnh",
        "Nghị định 96/2023/NĐ-CP",
        "Sở Y tế",
        "1.004604",
        "2023",
        "2024-01-01",
        "docx",
        [
            "Họ và tên: ......",
            "Văn bằng chuyên môn: ......",
            "Phạm vi hành nghề: ......",
        ],
    ),
    (
        "Mẫu số 02",
        "Văn bản đề nghị cấp giấy phép hoạt động dịch vụ việc làm",
        "Nghị định 23/2021/NĐ-CP",
        "Sở Lao động - Thương binh và Xã hội",
        "1.001865",
        "2021",
        "2021-05-03",
        "docx",
        ["Tên doanh nghiệp: ......", "Mã số doanh nghiệp: ......"],
    ),
    (
        "Phụ lục 19",
        "Đơn đề nghị đổi, cấp lại giấy phép lái xe",
        "Thông tư 12/2017/TT-BGTVT",
        "Sở Giao thông vận tải",
        "1.002809",
        "2017",
        "2017-06-01",
        "pdf",
        ["Họ và tên: ......", "Số giấy phép lái xe: ...... Hạng: ......"],
    ),
    (
        "Mẫu số 04a/ĐK",
        "Đơn đăng ký, cấp giấy chứng nhận quyền sử dụng đất",
        "Thông tư 24/2014/TT-BTNMT",
        "UBND huyện Hòa An",
        "1.003003",
        "2014",
        "2014-07-05",
        "docx",
        ["Người sử dụng đất: ......", "Thửa đất số: ...... Tờ bản đồ số: ......"],
    ),
]


def write_demo_manifest(folder: Path, agencies: set[str], codes: set[str]) -> Path:
    """Generate the form files and their manifest; rows need a known agency."""
    manifest = folder / "bieu-mau.csv"
    with manifest.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([*COLUMNS, "issuing_document"])
        for index, row in enumerate(DEMO_FORMS, start=1):
            number, title, issued_by, agency, code, version, date, fmt, lines = row
            lines = [f"(Ban hành kèm theo {issued_by})", *lines]
            if fmt == "pdf":
                content = samples.pdf_bytes(number, title, lines)
            else:
                content = samples.docx_bytes(number, title, lines)
            name = f"{index:02d} {title}.{fmt}"
            (folder / name).write_bytes(content)
            writer.writerow(
                [
                    number,
                    title,
                    name,
                    agency if agency in agencies else "",
                    code if code in codes else "",
                    version,
                    date,
                    issued_by,
                ]
            )
    return manifest


def seed(report: Callable[[str], None] = print) -> None:
    """Import the demo forms through the importer (idempotent)."""
    from procedure_pages.models import Agency, ProcedurePage

    agencies = set(Agency.objects.values_list("name", flat=True))
    codes = set(ProcedurePage.objects.values_list("code", flat=True))
    with tempfile.TemporaryDirectory() as folder:
        manifest = write_demo_manifest(Path(folder), agencies, codes)
        result = import_manifest(manifest)
    report(
        f"forms    {result.forms_created} created, {result.versions_added} versions "
        f"added, {result.skipped} present"
    )
