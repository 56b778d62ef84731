"""The catalogue back out, in the importer's columns (export → import changes
nothing). Streamed: procedures are read from the database and written a chunk
at a time."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from cms.core.tabular import detect_format, write_table
from procedure_pages.models import ProcedurePage
from procedure_pages.transfer.columns import (
    CHANNEL_NAMES,
    COLUMNS,
    ITEM_SEPARATOR,
    PART_SEPARATOR,
)

CHUNK_SIZE = 500


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


def export_row(page: ProcedurePage) -> dict[str, Any]:
    """One procedure with ``COLUMNS`` as keys."""
    return {
        "code": page.code,
        "name": page.name,
        "sector": page.sector.name if page.sector else "",
        "agency": page.lead_agency.name if page.lead_agency else "",
        "tier": page.tier,
        "level": page.level,
        "online_kind": page.online_kind,
        "user_type": page.user_type,
        "processing_days": "" if page.processing_days is None else page.processing_days,
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
        "deciding_agency": page.deciding_agency.name if page.deciding_agency else "",
        "co_agencies": ITEM_SEPARATOR.join(
            sorted(a.name for a in page.co_processing_agencies.all())
        ),
        "status": page.status,
        "sample": "1" if page.is_sample else "0",
    }


def export_rows(
    procedures: Iterable[ProcedurePage] | None = None,
) -> Iterator[dict[str, Any]]:
    """One dict per procedure with ``COLUMNS`` as keys, ordered by code."""
    if procedures is None:
        procedures = (
            ProcedurePage.objects.order_by("code")
            .select_related("sector", "lead_agency", "deciding_agency")
            .prefetch_related("co_processing_agencies")
            .iterator(chunk_size=CHUNK_SIZE)
        )
    for page in procedures:
        yield export_row(page)


def write_export(path: Path, rows: Iterable[Mapping[str, Any]] | None = None) -> int:
    """Write the catalogue (or ``rows``) to ``path`` by its extension; return
    how many procedures were written."""
    fmt = detect_format(path.name)
    with path.open("wb") as handle:
        return write_table(
            handle,
            fmt,
            COLUMNS,
            export_rows() if rows is None else rows,
            sheet_name="procedures",
        )


def export_bytes(
    filename: str, rows: Iterable[Mapping[str, Any]] | None = None
) -> bytes:
    """The catalogue (or ``rows``) as CSV, XLSX or JSON bytes, by the name's
    extension (for small exports and tests; ``write_export`` streams)."""
    buffer = io.BytesIO()
    write_table(
        buffer,
        detect_format(filename),
        COLUMNS,
        export_rows() if rows is None else rows,
        sheet_name="procedures",
    )
    return buffer.getvalue()
