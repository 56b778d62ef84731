"""Import and export of the procedure catalogue (CSV, XLSX, JSON).

The columns are the interface of PORTAL.md §7, followed by the extra columns
needed so that export → import reproduces every field (see ``COLUMNS``).

- ``reading``: the file through the tabular framework (``cms.core.tabular``);
- ``validation``: one row's cells → clean values, or row-numbered problems;
- ``writer``: the page tree, through Wagtail's ``add_child`` and publish action;
- ``importing``: ``import_file``, which streams the three, all or nothing;
- ``export``: the catalogue back out in the same columns.
"""

from cms.core.tabular import FORMATS, RowError, TabularError
from procedure_pages.transfer.columns import COLUMNS, CONTRACT_COLUMNS, EXTRA_COLUMNS
from procedure_pages.transfer.export import export_bytes, export_rows, write_export
from procedure_pages.transfer.importing import import_file
from procedure_pages.transfer.validation import ParsedRow, parse_row, title_for
from procedure_pages.transfer.writer import IMPORT_ACTION, ImportReport

# The name the callers knew before the tabular framework: the same error type.
ImportFailed = TabularError

__all__ = [
    "COLUMNS",
    "CONTRACT_COLUMNS",
    "EXTRA_COLUMNS",
    "FORMATS",
    "IMPORT_ACTION",
    "ImportFailed",
    "ImportReport",
    "ParsedRow",
    "RowError",
    "TabularError",
    "export_bytes",
    "export_rows",
    "import_file",
    "parse_row",
    "title_for",
    "write_export",
]
