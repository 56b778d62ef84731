"""Opening a procedure file through the tabular framework."""

from __future__ import annotations

from cms.core.tabular import Source, Table, open_table
from procedure_pages.transfer.columns import COLUMNS, REQUIRED_COLUMNS


def open_procedures(source: Source, filename: str | None = None) -> Table:
    """The file's rows (CSV, XLSX or JSON by extension), streamed.

    Raises ``TabularError`` for an unsupported, unreadable or empty file and for
    unknown or missing columns; problems of single rows go to ``table.errors``.
    """
    return open_table(source, filename, columns=COLUMNS, required=REQUIRED_COLUMNS)
