"""Writing rows back out as CSV, XLSX or JSON (what the readers read), streamed."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

from cms.core.tabular.readers import neutralise


def _safe(value: Any) -> Any:
    return neutralise(value) if isinstance(value, str) else value


def write_table(
    target: IO[bytes],
    fmt: str,
    columns: Sequence[str],
    rows: Iterable[Mapping[str, Any]],
    *,
    sheet_name: str = "data",
) -> int:
    """Write ``rows`` (dicts keyed by ``columns``) to ``target``; return how many.

    CSV (UTF-8) and XLSX cells that a spreadsheet would run as a formula are
    neutralised (see ``neutralise``); JSON is a list of objects, as
    ``json.dumps(rows, indent=1)`` would write it, one row at a time.
    """
    count = 0
    if fmt == "json":
        target.write(b"[")
        for row in rows:
            item = json.dumps(
                {name: row.get(name, "") for name in columns},
                ensure_ascii=False,
                indent=1,
            )
            lead = b"\n " if count == 0 else b",\n "
            target.write(lead + item.replace("\n", "\n ").encode())
            count += 1
        target.write(b"\n]" if count else b"]")
        return count
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(sheet_name)
        sheet.append(list(columns))
        for row in rows:
            sheet.append([_safe(row.get(name, "")) for name in columns])
            count += 1
        workbook.save(target)
        return count
    text = io.TextIOWrapper(target, encoding="utf-8", newline="")
    writer = csv.writer(text)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_safe(row.get(name, "")) for name in columns])
        count += 1
    text.flush()
    text.detach()
    return count
