"""One tabular import framework for every importer (procedures, forms, units).

Reading (CSV, XLSX, JSON by extension, streamed, rows numbered as a spreadsheet
shows them), one error type with row-numbered messages, all-or-nothing
application with a dry-run switch, and the progress bar of the commands::

    with open_table(path, columns=COLUMNS, required=["code"]) as table:
        with all_or_nothing(table.errors, dry_run=dry_run):
            for row in progress_bar(table, stream=self.stderr, total=table.count):
                ...  # check the row (table.errors.add(row.number, ...)), write it

``all_or_nothing`` rolls back and raises :class:`TabularError` if any problem
was collected, and rolls back quietly on a dry run.
"""

from cms.core.tabular.apply import all_or_nothing, chunked
from cms.core.tabular.errors import ErrorList, RowError, TabularError
from cms.core.tabular.progress import is_terminal, progress_bar
from cms.core.tabular.readers import (
    FORMATS,
    FORMULA_PREFIXES,
    Row,
    Source,
    Table,
    cell_text,
    detect_format,
    neutralise,
    open_table,
    unneutralise,
)
from cms.core.tabular.writers import write_table

__all__ = [
    "FORMATS",
    "FORMULA_PREFIXES",
    "ErrorList",
    "Row",
    "RowError",
    "Source",
    "Table",
    "TabularError",
    "all_or_nothing",
    "cell_text",
    "chunked",
    "detect_format",
    "is_terminal",
    "neutralise",
    "open_table",
    "progress_bar",
    "unneutralise",
    "write_table",
]
