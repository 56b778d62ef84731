"""Import and export of the procedure catalogue (CSV, XLSX, JSON).

The columns are the interface of PORTAL.md §7, followed by the extra columns
needed so that export → import reproduces every field (see ``COLUMNS``).

Import is all or nothing: every row is checked first and any error aborts with
row numbers and reasons before anything is written. Writing is done in bulk
(pages are inserted with computed tree paths, never one ``add_child`` per row),
so 1,000 rows take seconds and 100,000 rows scale linearly.

Placement of a NEW procedure: ``--site`` when given; otherwise the site of its
agency's administrative unit; otherwise (no agency, or an agency without a
site) the provincial portal, i.e. the default site. Existing procedures (same
code) are updated where they are and never moved.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from wagtail.log_actions import log
from wagtail.models import Page, Revision, Site

from procedure_pages.models import (
    TITLE_MAX_LENGTH,
    Agency,
    OnlineKind,
    ProcedureIndexPage,
    ProcedurePage,
    ProcedureStatus,
    ProcessingTimeUnit,
    Sector,
    Tier,
    UserType,
    online_kind_for_level,
)
from procedure_pages.services import catalogue_for_site
from procedure_pages.signals import procedures_imported
from sites.models import AdministrativeUnit

# PORTAL.md §7 columns, then the ones that make export → import an identity.
CONTRACT_COLUMNS = [
    "code",
    "name",
    "sector",
    "agency",
    "tier",
    "level",
    "online_kind",
    "user_type",
    "processing_days",
    "fee",
    "applicants",
    "steps",
    "documents",
    "result",
    "legal_basis",
]
EXTRA_COLUMNS = [
    "conditions",
    "channels",
    "processing_time_unit",
    "processing_time_text",
    "fee_amount",
    "deciding_agency",
    "co_agencies",
    "status",
    "sample",
]
COLUMNS = CONTRACT_COLUMNS + EXTRA_COLUMNS
REQUIRED_COLUMNS = ["code", "name"]
ITEM_SEPARATOR = " | "
PART_SEPARATOR = "; "
FORMATS = ("csv", "xlsx", "json")
IMPORT_ACTION = "procedure_pages.import"
QUERY_CHUNK = 500
# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

MAX_LENGTHS = {
    "code": 50,
    "name": 2000,
    "sector": 255,
    "agency": 255,
    "deciding_agency": 255,
    "processing_time_text": 2000,
}
MAX_TEXT_LENGTH = 20000

TIER_WORDS = {
    "tinh": Tier.PROVINCIAL,
    "tỉnh": Tier.PROVINCIAL,
    "cấp tỉnh": Tier.PROVINCIAL,
    "huyen": Tier.DISTRICT,
    "huyện": Tier.DISTRICT,
    "cấp huyện": Tier.DISTRICT,
    "xa": Tier.COMMUNE,
    "xã": Tier.COMMUNE,
    "cấp xã": Tier.COMMUNE,
}
ONLINE_KIND_WORDS = {
    "toan_trinh": OnlineKind.FULL,
    "toàn trình": OnlineKind.FULL,
    "mot_phan": OnlineKind.PARTIAL,
    "một phần": OnlineKind.PARTIAL,
    "none": OnlineKind.NONE,
    "không": OnlineKind.NONE,
}
USER_TYPE_WORDS = {
    "individual": UserType.INDIVIDUAL,
    "cá nhân": UserType.INDIVIDUAL,
    "organisation": UserType.ORGANISATION,
    "organization": UserType.ORGANISATION,
    "tổ chức": UserType.ORGANISATION,
    "both": UserType.BOTH,
    "cá nhân, tổ chức": UserType.BOTH,
}
STATUS_WORDS = {
    "in_force": ProcedureStatus.IN_FORCE,
    "còn hiệu lực": ProcedureStatus.IN_FORCE,
    "suspended": ProcedureStatus.SUSPENDED,
    "tạm dừng": ProcedureStatus.SUSPENDED,
    "abolished": ProcedureStatus.ABOLISHED,
    "bãi bỏ": ProcedureStatus.ABOLISHED,
}
UNIT_WORDS = {
    "working_days": ProcessingTimeUnit.WORKING_DAYS,
    "ngày làm việc": ProcessingTimeUnit.WORKING_DAYS,
    "calendar_days": ProcessingTimeUnit.CALENDAR_DAYS,
    "ngày": ProcessingTimeUnit.CALENDAR_DAYS,
}
CHANNEL_WORDS = {
    "in_person": "channel_in_person",
    "trực tiếp": "channel_in_person",
    "post": "channel_post",
    "bưu chính": "channel_post",
    "online": "channel_online",
    "trực tuyến": "channel_online",
}
CHANNEL_NAMES = {
    "channel_in_person": "in_person",
    "channel_post": "post",
    "channel_online": "online",
}
TRUE_WORDS = {"1", "x", "yes", "true", "có"}
FALSE_WORDS = {"", "0", "no", "false", "không"}

# ProcedurePage fields the importer owns (compared to decide "unchanged").
IMPORTED_FIELDS = [
    "title",
    "full_name",
    "sector_id",
    "lead_agency_id",
    "deciding_agency_id",
    "tier",
    "level",
    "online_kind",
    "user_type",
    "processing_days",
    "processing_time_unit",
    "processing_time_text",
    "fee_amount",
    "fee_text",
    "applicants",
    "result",
    "conditions",
    "channel_in_person",
    "channel_post",
    "channel_online",
    "status",
    "is_sample",
]
STREAM_FIELDS = ["steps", "documents", "legal_basis"]


@dataclass
class RowError:
    row: int
    message: str

    def __str__(self) -> str:
        return f"Dòng {self.row}: {self.message}"


class ImportFailed(Exception):
    """The file cannot be imported; nothing was written."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} lỗi")
        self.errors = errors


@dataclass
class ParsedRow:
    row: int
    code: str
    values: dict[str, Any]
    sector: str
    agency: str
    deciding_agency: str
    co_agencies: list[str]
    steps: list[str]
    documents: list[dict[str, Any]]
    legal_basis: list[dict[str, Any]]


@dataclass
class ImportReport:
    rows: int = 0
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    new_sectors: list[str] = field(default_factory=list)
    new_agencies: list[str] = field(default_factory=list)
    placed: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False

    def summary_lines(self) -> list[str]:
        lines = [
            f"{self.rows} dòng: {len(self.created)} thủ tục mới, "
            f"{len(self.updated)} cập nhật, {len(self.unchanged)} không đổi.",
        ]
        if self.new_sectors:
            lines.append("Lĩnh vực mới: " + ", ".join(self.new_sectors))
        if self.new_agencies:
            lines.append("Cơ quan mới: " + ", ".join(self.new_agencies))
        for where, count in sorted(self.placed.items()):
            lines.append(f"Đặt {count} thủ tục mới vào {where}")
        if self.dry_run:
            lines.append("Chạy thử: không có thay đổi nào được lưu.")
        return lines


Progress = Callable[[int, int], None]


def _no_progress(done: int, total: int) -> None:
    return None


# --- Reading ---------------------------------------------------------------------


def detect_format(name: str) -> str:
    suffix = Path(name).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ImportFailed(
            [
                RowError(
                    0, f"Định dạng tệp “.{suffix}” không hỗ trợ (chỉ CSV, XLSX, JSON)."
                )
            ]
        )
    return suffix


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _unneutralise(value: str) -> str:
    """Undo the export's formula guard: "'=x" was written for "=x"."""
    if value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


def read_rows(
    data: bytes, fmt: str
) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header and (row number, cells) pairs; row numbers as a spreadsheet shows them.

    CSV and XLSX: the header is row 1, the first procedure row 2. JSON: the
    position of the object in the list, from 1.
    """
    if fmt == "json":
        return _read_json(data)
    if fmt == "xlsx":
        return _read_xlsx(data)
    return _read_csv(data)


def _read_csv(data: bytes) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportFailed(
            [RowError(line, "Tệp không đúng mã UTF-8 (lỗi mã hoá ký tự).")]
        ) from error
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise ImportFailed([RowError(1, "Tệp trống.")]) from None
    rows = []
    start = reader.line_num + 1
    for record in reader:
        if any(cell.strip() for cell in record):
            cells = {
                name: _unneutralise(record[i]) if i < len(record) else ""
                for i, name in enumerate(header)
            }
            if len(record) > len(header):
                cells["__extra__"] = "x"
            rows.append((start, cells))
        start = reader.line_num + 1
    return header, rows


def _read_xlsx(data: bytes) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - any unreadable workbook
        raise ImportFailed(
            [RowError(0, f"Không đọc được tệp Excel: {error}")]
        ) from error
    sheet = workbook.worksheets[0]
    rows = []
    header: list[str] = []
    for number, record in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number == 1:
            header = [_cell_text(value).strip() for value in record]
            while header and not header[-1]:
                header.pop()
            continue
        texts = [_cell_text(value) for value in record]
        if any(text.strip() for text in texts):
            cells = {
                name: _unneutralise(texts[i]) if i < len(texts) else ""
                for i, name in enumerate(header)
            }
            rows.append((number, cells))
    workbook.close()
    if not header:
        raise ImportFailed([RowError(1, "Tệp trống.")])
    return header, rows


def _read_json(data: bytes) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    try:
        items = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise ImportFailed(
            [RowError(0, "Tệp không đúng mã UTF-8 (lỗi mã hoá ký tự).")]
        ) from error
    except json.JSONDecodeError as error:
        raise ImportFailed(
            [RowError(error.lineno, f"JSON không hợp lệ: {error.msg}")]
        ) from error
    if isinstance(items, dict) and isinstance(items.get("procedures"), list):
        items = items["procedures"]
    if not isinstance(items, list):
        raise ImportFailed([RowError(0, "JSON phải là một danh sách thủ tục.")])
    header: list[str] = []
    rows = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise ImportFailed([RowError(number, "Mỗi thủ tục phải là một đối tượng.")])
        for key in item:
            if key not in header:
                header.append(key)
        rows.append((number, {key: _cell_text(value) for key, value in item.items()}))
    return header, rows


# --- Checking --------------------------------------------------------------------


def _split_items(value: str) -> list[str]:
    return [
        item.strip() for item in value.split(ITEM_SEPARATOR.strip()) if item.strip()
    ]


def _choice(value: str, words: dict[str, Any], what: str, errors: list[str]) -> Any:
    key = value.strip().lower()
    if key in words:
        return words[key]
    errors.append(f"{what} “{value}” không hợp lệ (cho phép: {', '.join(words)}).")
    return None


def _integer(value: str, what: str, errors: list[str], low: int = 0) -> int | None:
    text = value.strip().replace(".", "") if what == "fee_amount" else value.strip()
    if not text:
        return None
    try:
        number = int(text)
    except ValueError:
        errors.append(f"{what} “{value}” phải là số nguyên.")
        return None
    if number < low:
        errors.append(f"{what} “{value}” không được nhỏ hơn {low}.")
        return None
    return number


def _parse_document(item: str, errors: list[str]) -> dict[str, Any]:
    parts = [part.strip() for part in item.split(";")]
    document = {"name": parts[0], "originals": 1, "copies": 0, "note": ""}
    if len(parts) >= 3:
        try:
            document["originals"] = int(parts[1])
            document["copies"] = int(parts[2])
        except ValueError:
            errors.append(
                f"documents: “{item}” phải có dạng “tên; số bản chính; số bản sao; "
                "ghi chú”."
            )
        document["note"] = "; ".join(parts[3:])
    elif len(parts) == 2:
        errors.append(
            f"documents: “{item}” phải có dạng “tên; số bản chính; số bản sao; "
            "ghi chú”."
        )
    if not document["name"]:
        errors.append("documents: thiếu tên giấy tờ.")
    return document


def _parse_legal(item: str, errors: list[str]) -> dict[str, Any]:
    parts = [part.strip() for part in item.split(";", 3)]
    if len(parts) == 1:
        return {"number": "", "date": None, "issuer": "", "title": parts[0]}
    if len(parts) != 4:
        errors.append(
            f"legal_basis: “{item}” phải có dạng “số hiệu; ngày (dd/mm/yyyy); "
            "cơ quan ban hành; trích yếu”."
        )
        return {}
    date = None
    if parts[1]:
        try:
            date = datetime.datetime.strptime(parts[1], "%d/%m/%Y").date().isoformat()
        except ValueError:
            errors.append(f"legal_basis: ngày “{parts[1]}” phải có dạng dd/mm/yyyy.")
    return {"number": parts[0], "date": date, "issuer": parts[2], "title": parts[3]}


def title_for(name: str) -> str:
    """A page title (≤ 255 characters) for an official name of any length."""
    if len(name) <= TITLE_MAX_LENGTH:
        return name
    cut = name[: TITLE_MAX_LENGTH - 1].rsplit(" ", 1)[0]
    return cut + "…"


def parse_row(number: int, cells: dict[str, str]) -> tuple[ParsedRow | None, list[str]]:
    """Check one row; return its clean values or the reasons it is rejected."""
    errors: list[str] = []
    if "__extra__" in cells:
        errors.append("dòng có nhiều ô hơn tiêu đề.")
    for name, value in cells.items():
        limit = MAX_LENGTHS.get(name, MAX_TEXT_LENGTH)
        if len(value) > limit:
            errors.append(f"{name} dài {len(value)} ký tự, vượt giới hạn {limit}.")
        if "\x00" in value:
            errors.append(f"{name} chứa ký tự không hợp lệ.")
    cell = {name: cells.get(name, "").strip() for name in COLUMNS}
    if not cell["code"]:
        errors.append("thiếu mã thủ tục (code).")
    if not cell["name"]:
        errors.append("thiếu tên thủ tục (name).")
    tier = _choice(cell["tier"], TIER_WORDS, "tier", errors) if cell["tier"] else None
    level = 2
    if cell["level"]:
        parsed_level = _integer(cell["level"], "level", errors)
        if parsed_level is not None and not 1 <= parsed_level <= 4:
            errors.append(f"level “{cell['level']}” phải từ 1 đến 4.")
        elif parsed_level is not None:
            level = parsed_level
    online_kind = (
        _choice(cell["online_kind"], ONLINE_KIND_WORDS, "online_kind", errors)
        if cell["online_kind"]
        else online_kind_for_level(level)
    )
    user_type = (
        _choice(cell["user_type"], USER_TYPE_WORDS, "user_type", errors)
        if cell["user_type"]
        else UserType.BOTH
    )
    status = (
        _choice(cell["status"], STATUS_WORDS, "status", errors)
        if cell["status"]
        else ProcedureStatus.IN_FORCE
    )
    unit = (
        _choice(
            cell["processing_time_unit"], UNIT_WORDS, "processing_time_unit", errors
        )
        if cell["processing_time_unit"]
        else ProcessingTimeUnit.WORKING_DAYS
    )
    channels = {
        "channel_in_person": True,
        "channel_post": False,
        "channel_online": False,
    }
    if cell["channels"]:
        chosen = [
            _choice(item, CHANNEL_WORDS, "channels", errors)
            for item in _split_items(cell["channels"])
        ]
        channels = {name: name in chosen for name in channels}
    sample_word = cell["sample"].lower()
    if sample_word not in TRUE_WORDS | FALSE_WORDS:
        errors.append(f"sample “{cell['sample']}” không hợp lệ (1 hoặc 0).")
    documents = [
        _parse_document(item, errors) for item in _split_items(cell["documents"])
    ]
    legal = [_parse_legal(item, errors) for item in _split_items(cell["legal_basis"])]
    values = {
        "title": title_for(cell["name"]),
        "full_name": cell["name"] if len(cell["name"]) > TITLE_MAX_LENGTH else "",
        "tier": tier,
        "level": level,
        "online_kind": online_kind,
        "user_type": user_type,
        "processing_days": _integer(cell["processing_days"], "processing_days", errors),
        "processing_time_unit": unit,
        "processing_time_text": cell["processing_time_text"],
        "fee_amount": _integer(cell["fee_amount"], "fee_amount", errors),
        "fee_text": cell["fee"],
        "applicants": cell["applicants"],
        "result": cell["result"],
        "conditions": cell["conditions"],
        "status": status,
        "is_sample": sample_word in TRUE_WORDS,
        **channels,
    }
    if errors:
        return None, errors
    return (
        ParsedRow(
            row=number,
            code=cell["code"],
            values=values,
            sector=cell["sector"],
            agency=cell["agency"],
            deciding_agency=cell["deciding_agency"],
            co_agencies=_split_items(cell["co_agencies"]),
            steps=_split_items(cell["steps"]),
            documents=documents,
            legal_basis=legal,
        ),
        [],
    )


def check_rows(
    header: Sequence[str], rows: Iterable[tuple[int, dict[str, str]]]
) -> list[ParsedRow]:
    """Every row checked; raise ``ImportFailed`` listing all problems at once."""
    errors: list[RowError] = []
    unknown = [name for name in header if name and name not in COLUMNS]
    if unknown:
        errors.append(RowError(1, "cột không xác định: " + ", ".join(unknown)))
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        errors.append(RowError(1, "thiếu cột bắt buộc: " + ", ".join(missing)))
    if errors:
        raise ImportFailed(errors)
    parsed: list[ParsedRow] = []
    first_row_of: dict[str, int] = {}
    for number, cells in rows:
        row, problems = parse_row(number, cells)
        errors.extend(RowError(number, problem) for problem in problems)
        code = cells.get("code", "").strip()
        if code:
            if code in first_row_of:
                errors.append(
                    RowError(number, f"mã {code} trùng với dòng {first_row_of[code]}.")
                )
            else:
                first_row_of[code] = number
        if row is not None:
            parsed.append(row)
    if errors:
        raise ImportFailed(errors)
    return parsed


# --- Writing ---------------------------------------------------------------------


def _stream(block_type: str, values: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"type": block_type, "value": value} for value in values]


def _comparable(raw: Iterable[Any]) -> list[tuple[str, Any]]:
    return [(block["type"], block["value"]) for block in raw]


def _with_ids(raw: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**block, "id": str(uuid.uuid4())} for block in raw]


class _Lookup:
    """Agencies and sectors by name (case-insensitive), created in bulk if missing."""

    def __init__(self) -> None:
        self.sectors = {s.name.casefold(): s for s in Sector.objects.all()}
        self.agencies = {a.name.casefold(): a for a in Agency.objects.all()}

    def ensure(self, rows: list[ParsedRow], report: ImportReport) -> None:
        new_sectors: dict[str, str] = {}
        new_agencies: dict[str, tuple[str, str]] = {}
        for row in rows:
            if row.sector and row.sector.casefold() not in self.sectors:
                new_sectors.setdefault(row.sector.casefold(), row.sector)
            tier = row.values["tier"] or Tier.PROVINCIAL
            for name in [row.agency, row.deciding_agency, *row.co_agencies]:
                if name and name.casefold() not in self.agencies:
                    new_agencies.setdefault(name.casefold(), (name, tier))
        if new_sectors:
            Sector.objects.bulk_create([Sector(name=n) for n in new_sectors.values()])
            report.new_sectors = sorted(new_sectors.values())
        if new_agencies:
            units = {
                unit.name.casefold(): unit
                for unit in AdministrativeUnit.objects.filter(
                    name__in=[name for name, _tier in new_agencies.values()]
                )
            }
            Agency.objects.bulk_create(
                [
                    Agency(name=name, tier=tier, unit=units.get(name.casefold()))
                    for name, tier in new_agencies.values()
                ]
            )
            report.new_agencies = sorted(name for name, _tier in new_agencies.values())
        if new_sectors or new_agencies:
            self.__init__()

    def sector_id(self, name: str) -> int | None:
        return self.sectors[name.casefold()].pk if name else None

    def agency(self, name: str) -> Agency | None:
        return self.agencies[name.casefold()] if name else None


class _Placement:
    """The catalogue index page each new procedure goes under."""

    def __init__(self, site_hostname: str | None) -> None:
        self.forced: Site | None = None
        if site_hostname:
            self.forced = Site.objects.filter(hostname=site_hostname).first()
            if self.forced is None:
                raise ImportFailed(
                    [RowError(0, f"Không có trang nào có tên miền {site_hostname}.")]
                )
        # The provincial portal; a stray default (Wagtail's placeholder) without
        # a unit profile loses to it.
        defaults = Site.objects.filter(is_default_site=True).select_related("profile")
        self.default_site = min(
            defaults,
            key=lambda site: (not hasattr(site, "profile"), site.pk),
            default=None,
        )
        self.site_of_unit = {
            unit_id: site
            for site in Site.objects.select_related("profile").all()
            if (unit_id := getattr(getattr(site, "profile", None), "unit_id", None))
        }
        self.indexes: dict[int, ProcedureIndexPage] = {}
        self.labels: dict[int, str] = {}

    def site_for(self, agency: Agency | None) -> Site | None:
        if self.forced is not None:
            return self.forced
        if agency is not None and agency.unit_id in self.site_of_unit:
            return self.site_of_unit[agency.unit_id]
        return self.default_site

    def index_for(self, agency: Agency | None) -> ProcedureIndexPage:
        site = self.site_for(agency)
        if site is None:
            raise ImportFailed(
                [RowError(0, "Chưa có trang mặc định (cổng tỉnh) để đặt thủ tục.")]
            )
        if site.pk not in self.indexes:
            self.indexes[site.pk] = catalogue_for_site(site)
            self.labels[self.indexes[site.pk].pk] = (
                f"{site.site_name} ({site.hostname})"
            )
        return self.indexes[site.pk]

    def label(self, index: ProcedureIndexPage) -> str:
        return self.labels[index.pk]


def _build_values(row: ParsedRow, lookup: _Lookup, keep_forms: dict[str, Any]) -> dict:
    lead = lookup.agency(row.agency)
    deciding = lookup.agency(row.deciding_agency)
    values = dict(row.values)
    if values["tier"] is None:
        values["tier"] = lead.tier if lead is not None else Tier.PROVINCIAL
    values["sector_id"] = lookup.sector_id(row.sector)
    values["lead_agency_id"] = lead.pk if lead else None
    values["deciding_agency_id"] = deciding.pk if deciding else None
    values["steps"] = _stream("step", ({"description": s} for s in row.steps))
    values["documents"] = _stream(
        "document",
        ({**doc, "form": keep_forms.get(doc["name"])} for doc in row.documents),
    )
    values["legal_basis"] = _stream("legal_document", row.legal_basis)
    return values


def _next_steps(parent: Page) -> Iterable[str]:
    """Tree paths for new children of ``parent`` (treebeard's materialised path)."""
    last = parent.get_last_child()
    step = Page._str2int(last.path[-Page.steplen :]) if last else 0
    while True:
        step += 1
        yield Page._get_path(parent.path, parent.depth + 1, step)


def _insert_pages(
    new: list[tuple[ProcedurePage, ProcedureIndexPage]], batch_size: int = 500
) -> None:
    """Insert new procedure pages in bulk under their catalogue pages."""
    content_type = ContentType.objects.get_for_model(ProcedurePage)
    now = timezone.now()
    by_parent: dict[int, list[ProcedurePage]] = {}
    parents: dict[int, ProcedureIndexPage] = {}
    for page, parent in new:
        by_parent.setdefault(parent.pk, []).append(page)
        parents[parent.pk] = parent
    for parent_id, pages in by_parent.items():
        parent = parents[parent_id]
        taken = set(
            Page.objects.filter(
                path__startswith=parent.path, depth=parent.depth + 1
            ).values_list("slug", flat=True)
        )
        paths = _next_steps(parent)
        for page in pages:
            slug = base = slugify(page.code) or "thu-tuc"
            suffix = 2
            while slug in taken:
                slug, suffix = f"{base}-{suffix}", suffix + 1
            taken.add(slug)
            page.slug = slug
            page.path = next(paths)
            page.depth = parent.depth + 1
            page.numchild = 0
            page.url_path = f"{parent.url_path}{slug}/"
            page.locale_id = parent.locale_id
            page.translation_key = uuid.uuid4()
            page.content_type = content_type
            page.draft_title = page.title
            page.live = True
            page.has_unpublished_changes = False
            page.first_published_at = page.last_published_at = now
        Page.objects.filter(pk=parent_id).update(numchild=F("numchild") + len(pages))
    pages = [page for page, _parent in new]
    base_fields = [f for f in Page._meta.local_concrete_fields if not f.primary_key]
    child_fields = ProcedurePage._meta.local_concrete_fields
    database = ProcedurePage.objects.db
    for start in range(0, len(pages), batch_size):
        batch = pages[start : start + batch_size]
        # Multi-table inheritance: Django's bulk_create refuses it, so insert the
        # wagtailcore_page rows (getting their ids back) and then ours.
        ids = Page._base_manager._insert(
            batch,
            fields=base_fields,
            returning_fields=[Page._meta.pk],
            using=database,
        )
        for page, (page_id,) in zip(batch, ids, strict=True):
            page.id = page.page_ptr_id = page_id
        ProcedurePage._base_manager._insert(batch, fields=child_fields, using=database)


def import_rows(
    rows: list[ParsedRow],
    *,
    site: str | None = None,
    dry_run: bool = False,
    progress: Progress = _no_progress,
    user: Any = None,
) -> ImportReport:
    """Upsert checked rows by code, in one transaction (rolled back on dry run)."""
    report = ImportReport(rows=len(rows), dry_run=dry_run)
    try:
        with transaction.atomic():
            _write(rows, site, report, progress, user)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


class _DryRun(Exception):
    pass


def _write(
    rows: list[ParsedRow],
    site: str | None,
    report: ImportReport,
    progress: Progress,
    user: Any,
) -> None:
    placement = _Placement(site)
    lookup = _Lookup()
    lookup.ensure(rows, report)
    existing = _existing_pages([row.code for row in rows])
    co_field = ProcedurePage.co_processing_agencies
    through = co_field.through
    new_pages: list[tuple[ProcedurePage, ProcedureIndexPage]] = []
    changed: list[ProcedurePage] = []
    co_links: dict[str, list[int]] = {}
    total = len(rows)
    for done, row in enumerate(rows, start=1):
        page = existing.get(row.code)
        keep_forms: dict[str, Any] = {}
        if page is not None:
            keep_forms = {
                block["value"].get("name"): block["value"].get("form")
                for block in page.documents.raw_data
            }
        values = _build_values(row, lookup, keep_forms)
        co_ids = sorted({lookup.agency(name).pk for name in row.co_agencies})
        co_links[row.code] = co_ids
        if page is None:
            page = ProcedurePage(code=row.code)
            for name in IMPORTED_FIELDS:
                setattr(page, name, values[name])
            for name in STREAM_FIELDS:
                setattr(page, name, _with_ids(values[name]))
            parent = placement.index_for(lookup.agency(row.agency))
            new_pages.append((page, parent))
            report.created.append(row.code)
            where = placement.label(parent)
            report.placed[where] = report.placed.get(where, 0) + 1
        else:
            dirty = [n for n in IMPORTED_FIELDS if getattr(page, n) != values[n]]
            for name in STREAM_FIELDS:
                if _comparable(getattr(page, name).raw_data) != _comparable(
                    values[name]
                ):
                    dirty.append(name)
            old_co = sorted(agency.pk for agency in page.co_processing_agencies.all())
            if dirty or old_co != co_ids:
                for name in IMPORTED_FIELDS:
                    setattr(page, name, values[name])
                page.draft_title = page.title
                for name in STREAM_FIELDS:
                    setattr(page, name, _with_ids(values[name]))
                changed.append(page)
                report.updated.append(row.code)
            else:
                report.unchanged.append(row.code)
        if done % 200 == 0 or done == total:
            progress(done, total)
    _insert_pages(new_pages)
    if changed:
        ProcedurePage.objects.bulk_update(
            changed, [*IMPORTED_FIELDS, "draft_title", *STREAM_FIELDS], batch_size=200
        )
        _record_revisions(changed)
    touched = [p for p, _parent in new_pages] + changed
    touched_ids = [p.pk for p in touched]
    for chunk in _chunks([p.pk for p in changed]):
        through.objects.filter(procedurepage_id__in=chunk).delete()
    through.objects.bulk_create(
        [
            through(procedurepage_id=p.pk, agency_id=agency_id)
            for p in touched
            for agency_id in co_links[p.code]
        ],
        batch_size=1000,
    )
    _log_import(new_pages, changed, user)
    transaction.on_commit(
        lambda: procedures_imported.send(sender=ProcedurePage, page_ids=touched_ids)
    )


def _chunks(values: list[Any], size: int = QUERY_CHUNK) -> Iterable[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _existing_pages(codes: list[str]) -> dict[str, ProcedurePage]:
    """Procedures with these codes, fetched in chunks (databases cap parameters:
    PostgreSQL at 65,535 per query)."""
    existing: dict[str, ProcedurePage] = {}
    for chunk in _chunks(codes):
        for page in ProcedurePage.objects.filter(code__in=chunk).prefetch_related(
            "co_processing_agencies"
        ):
            existing[page.code] = page
    return existing


def _log_import(
    new_pages: list[tuple[ProcedurePage, ProcedureIndexPage]],
    changed: list[ProcedurePage],
    user: Any,
) -> None:
    """One audit-log entry (Wagtail's log) per catalogue that received rows."""
    counts: dict[str, dict[str, int]] = {}
    for page, _parent in new_pages:
        entry = counts.setdefault(page.path[: -Page.steplen], {})
        entry["created"] = entry.get("created", 0) + 1
    for page in changed:
        entry = counts.setdefault(page.path[: -Page.steplen], {})
        entry["updated"] = entry.get("updated", 0) + 1
    for parent in Page.objects.filter(path__in=list(counts)):
        log(instance=parent, action=IMPORT_ACTION, user=user, data=counts[parent.path])


def _record_revisions(pages: list[ProcedurePage]) -> None:
    """Keep the editor's view in step: pages with revisions get one for the import.

    The admin edits the latest revision, so without this an editor would see the
    values from before the import.
    """
    with_revisions = [page for page in pages if page.latest_revision_id]
    if not with_revisions:
        return
    now = timezone.now()
    content_type = ContentType.objects.get_for_model(ProcedurePage)
    base_type = ContentType.objects.get_for_model(Page)
    revisions = [
        Revision(
            content_type=content_type,
            base_content_type=base_type,
            object_id=str(page.pk),
            created_at=now,
            content=page.serializable_data(),
            object_str=str(page)[:255],
        )
        for page in with_revisions
    ]
    Revision.objects.bulk_create(revisions)
    for page, revision in zip(with_revisions, revisions, strict=True):
        Page.objects.filter(pk=page.pk).update(
            latest_revision_id=revision.pk, live_revision_id=revision.pk
        )


def import_file(
    data: bytes,
    filename: str,
    *,
    site: str | None = None,
    dry_run: bool = False,
    progress: Progress = _no_progress,
    user: Any = None,
) -> ImportReport:
    """Check and import a whole file; on any error raise ``ImportFailed``.

    Nothing is written when it raises.
    """
    header, rows = read_rows(data, detect_format(filename))
    return import_rows(
        check_rows(header, rows),
        site=site,
        dry_run=dry_run,
        progress=progress,
        user=user,
    )


# --- Export ----------------------------------------------------------------------


def neutralise(value: str) -> str:
    """Stop a spreadsheet from running a cell as a formula (CSV/XLSX injection)."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def _document_item(value: dict[str, Any]) -> str:
    name = value.get("name", "")
    originals, copies = value.get("originals", 1), value.get("copies", 0)
    note = value.get("note") or ""
    if originals == 1 and copies == 0 and not note:
        return name
    return PART_SEPARATOR.join(
        [name, str(originals), str(copies), *([note] if note else [])]
    )


def _legal_item(value: dict[str, Any]) -> str:
    number, issuer = value.get("number") or "", value.get("issuer") or ""
    date = value.get("date") or ""
    if not (number or date or issuer):
        return value.get("title", "")
    if date:
        date = datetime.date.fromisoformat(date).strftime("%d/%m/%Y")
    return PART_SEPARATOR.join([number, date, issuer, value.get("title", "")])


def export_rows(
    procedures: Iterable[ProcedurePage] | None = None,
) -> list[dict[str, Any]]:
    """One dict per procedure with ``COLUMNS`` as keys, ordered by code."""
    if procedures is None:
        procedures = (
            ProcedurePage.objects.order_by("code")
            .select_related("sector", "lead_agency", "deciding_agency")
            .prefetch_related("co_processing_agencies")
        )
    rows = []
    for page in procedures:
        rows.append(
            {
                "code": page.code,
                "name": page.name,
                "sector": page.sector.name if page.sector else "",
                "agency": page.lead_agency.name if page.lead_agency else "",
                "tier": page.tier,
                "level": page.level,
                "online_kind": page.online_kind,
                "user_type": page.user_type,
                "processing_days": ""
                if page.processing_days is None
                else page.processing_days,
                "fee": page.fee_text,
                "applicants": page.applicants,
                "steps": ITEM_SEPARATOR.join(
                    b["value"]["description"] for b in page.steps.raw_data
                ),
                "documents": ITEM_SEPARATOR.join(
                    _document_item(b["value"]) for b in page.documents.raw_data
                ),
                "result": page.result,
                "legal_basis": ITEM_SEPARATOR.join(
                    _legal_item(b["value"]) for b in page.legal_basis.raw_data
                ),
                "conditions": page.conditions,
                "channels": ITEM_SEPARATOR.join(
                    CHANNEL_NAMES[name] for name in CHANNEL_NAMES if getattr(page, name)
                ),
                "processing_time_unit": page.processing_time_unit,
                "processing_time_text": page.processing_time_text,
                "fee_amount": "" if page.fee_amount is None else page.fee_amount,
                "deciding_agency": page.deciding_agency.name
                if page.deciding_agency
                else "",
                "co_agencies": ITEM_SEPARATOR.join(
                    sorted(a.name for a in page.co_processing_agencies.all())
                ),
                "status": page.status,
                "sample": "1" if page.is_sample else "0",
            }
        )
    return rows


def export_bytes(filename: str, rows: list[dict[str, Any]] | None = None) -> bytes:
    """The catalogue as CSV, XLSX or JSON (by the file name's extension)."""
    fmt = detect_format(filename)
    rows = export_rows() if rows is None else rows
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=1).encode()
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("procedures")
        sheet.append(COLUMNS)
        for row in rows:
            sheet.append([_safe_cell(row[name]) for name in COLUMNS])
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_safe_cell(row[name]) for name in COLUMNS])
    return buffer.getvalue().encode("utf-8")


def _safe_cell(value: Any) -> Any:
    return neutralise(value) if isinstance(value, str) else value
