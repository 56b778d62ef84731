"""Streaming readers for CSV, XLSX and JSON, chosen by the file's extension.

Every reader yields :class:`Row` dicts numbered as a spreadsheet shows them:
the header is row 1, the first data row is row 2, and a quoted CSV cell with
line breaks is still one row (rows are counted as records, not as lines). Blank
rows are skipped but keep their number. Problems that belong to one row (bytes
that are not UTF-8, more cells than the header) go to the table's
:class:`~cms.core.tabular.errors.ErrorList` and the row is not yielded;
problems with the file as a whole raise :class:`TabularError` at once.

Memory does not grow with the file for CSV (the ``csv`` module reads record by
record) and XLSX (openpyxl's read-only mode streams the sheet, after the package
was inflated once under a byte budget: zip bombs and giant cells are refused
before openpyxl builds them). JSON has no standard streaming parser, so a JSON
file is parsed whole.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import os
import re
from collections.abc import Callable, Collection, Generator, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _

from cms.core import archives
from cms.core.archives import ArchiveRefused, ZipLimits, check_zip
from cms.core.tabular.errors import ErrorList, TabularError

FORMATS = ("csv", "xlsx", "json")
# XLSX packages are inflated once under these limits before openpyxl reads
# them (settings IMPORT_MAX_UNPACKED_BYTES and IMPORT_MAX_TEXT_BYTES): a
# generated 100,000-procedure sheet inflates to 224 MB; Excel keeps at most
# 32,767 characters (under 200 KB of escaped UTF-8) in a cell.
DEFAULT_MAX_UNPACKED_BYTES = 512 * 1024 * 1024
DEFAULT_MAX_TEXT_BYTES = 1024 * 1024
MAX_XLSX_MEMBERS = 1000
MAX_XLSX_COLUMNS = 1000
# A spreadsheet runs a cell starting with one of these as a formula; exports
# write "'=x" for "=x" and readers undo it.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

Source = str | os.PathLike[str] | bytes | IO[bytes]

# Undecodable bytes become lone surrogates (errors="surrogateescape"): the row
# they are in is reported instead of the whole file failing at the first one.
_UNDECODABLE = re.compile("[\udc80-\udcff]")


def _not_utf8() -> str:
    return _("The file is not UTF-8 encoded (a character is broken).")


class Row(dict[str, str]):
    """One data row: column name → cell text, with ``number`` as the
    spreadsheet shows it."""

    __slots__ = ("number",)

    def __init__(self, number: int, cells: dict[str, str]) -> None:
        super().__init__(cells)
        self.number = number


def detect_format(name: str, formats: Sequence[str] = FORMATS) -> str:
    """The format named by the file's extension; ``TabularError`` if unsupported."""
    suffix = Path(name).suffix.lower().lstrip(".")
    if suffix not in formats:
        raise TabularError.single(
            _("The file type “.%(suffix)s” is not supported (only %(formats)s).")
            % {"suffix": suffix, "formats": ", ".join(f.upper() for f in formats)}
        )
    return suffix


def cell_text(value: Any) -> str:
    """A spreadsheet or JSON value as the text a CSV cell would hold."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def neutralise(value: str) -> str:
    """Stop a spreadsheet from running a cell as a formula (CSV/XLSX injection)."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def unneutralise(value: str) -> str:
    """Undo :func:`neutralise`: "'=x" was written for "=x"."""
    if value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


class Table:
    """An open tabular file: ``header``, then the data rows by iteration.

    Use as a context manager (or call :meth:`close`). ``errors`` collects the
    problems of single rows; the caller adds its own to the same list.
    """

    format = ""

    def __init__(
        self,
        stream: IO[bytes],
        *,
        errors: ErrorList,
        reopen: Callable[[], IO[bytes]] | None,
        owned: bool,
        formula_guard: bool,
    ) -> None:
        self.header: list[str] = []
        self.header_row = 1
        self.errors = errors
        self._stream = stream
        self._reopen = reopen
        self._owned = owned
        self._guard = formula_guard

    def __iter__(self) -> Iterator[Row]:
        raise NotImplementedError

    def count(self) -> int | None:
        """How many data rows there are (for a progress bar); None if unknown.

        May read the file once more, so call it only when a person watches.
        """
        return None

    def close(self) -> None:
        if self._owned:
            self._stream.close()

    def __enter__(self) -> Table:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _row(self, number: int, values: Sequence[str]) -> Row | None:
        """The row's cells by column name; None (and an error) if it is wrong."""
        header = self.header
        if len(values) > len(header) and any(v.strip() for v in values[len(header) :]):
            self.errors.add(number, _("the row has more cells than the header."))
            return None
        guard = self._guard
        cells = {}
        for index, name in enumerate(header):
            if not name:
                continue
            value = values[index] if index < len(values) else ""
            if guard and value.startswith("'"):
                value = unneutralise(value)
            cells[name] = value
        return Row(number, cells)

    def _set_header(self, number: int, values: Sequence[str]) -> None:
        header = [value.strip() for value in values]
        while header and not header[-1]:
            header.pop()
        self.header = header
        self.header_row = number


def _blank(values: Sequence[str]) -> bool:
    return not any(value.strip() for value in values)


class _CheckedLines:
    """The text lines of a CSV file, noting whether one held undecodable bytes."""

    def __init__(self, text: IO[str]) -> None:
        self._text = text
        self.undecodable = False

    def __iter__(self) -> Iterator[str]:
        for line in self._text:
            if not line.isascii() and _UNDECODABLE.search(line):
                self.undecodable = True
            yield line


class CsvTable(Table):
    """CSV, UTF-8 with or without a byte-order mark, any line ending."""

    format = "csv"

    def __init__(self, stream: IO[bytes], **kwargs: Any) -> None:
        super().__init__(stream, **kwargs)
        self._records = self._read(stream)
        for number, values in self._records:
            if values is None:
                raise TabularError.single(_not_utf8(), number)
            if not _blank(values):
                self._set_header(number, values)
                break
        self.errors.raise_if_any()  # e.g. a CSV syntax error before the header
        if not self.header:
            raise TabularError.single(_("The file is empty."), 1)

    def _read(self, stream: IO[bytes]) -> Generator[tuple[int, list[str] | None]]:
        """(row number, cells) per record; cells None when a byte is not UTF-8."""
        text = io.TextIOWrapper(
            stream, encoding="utf-8-sig", errors="surrogateescape", newline=""
        )
        lines = _CheckedLines(text)
        reader = csv.reader(lines)
        number = 0
        try:
            for values in reader:
                # One record per spreadsheet row, however many lines it spans.
                number += 1
                if lines.undecodable:
                    lines.undecodable = False
                    yield number, None
                else:
                    yield number, values
        except csv.Error as error:
            self.errors.add(
                number + 1,
                _("the file cannot be read from this row on (%(error)s).")
                % {"error": error},
            )
        finally:
            if not stream.closed:
                text.detach()  # the caller owns the byte stream

    def __iter__(self) -> Iterator[Row]:
        for number, values in self._records:
            if values is None:
                self.errors.add(number, _not_utf8())
                continue
            if _blank(values):
                continue
            row = self._row(number, values)
            if row is not None:
                yield row

    def close(self) -> None:
        self._records.close()  # detaches the text layer before the stream closes
        super().close()

    def count(self) -> int | None:
        if self._reopen is None:
            return None
        with self._reopen() as stream:
            text = io.TextIOWrapper(
                stream, encoding="utf-8-sig", errors="replace", newline=""
            )
            try:
                rows = sum(1 for values in csv.reader(text) if not _blank(values))
            except csv.Error:
                return None
        return max(rows - 1, 0)


class XlsxTable(Table):
    """The first sheet of an Excel workbook, streamed (openpyxl read-only).

    Before openpyxl sees the file, the package is inflated once under a budget
    of bytes actually produced (:func:`cms.core.archives.check_zip`): zip bombs,
    giant cells, archives inside the package and unsafe member names are
    refused in bounded memory and time. A sheet that turns out malformed while
    its rows are read is reported from the row reached.
    """

    format = "xlsx"

    def __init__(self, stream: IO[bytes], **kwargs: Any) -> None:
        super().__init__(stream, **kwargs)
        from openpyxl import load_workbook

        _check_package(stream)
        try:
            self._workbook = load_workbook(stream, read_only=True, data_only=True)
            sheet = self._workbook.worksheets[0]
        except Exception as error:  # noqa: BLE001 - any unreadable workbook
            raise TabularError.single(
                _("The Excel file cannot be read: %(error)s")
                % {"error": _describe(error)}
            ) from error
        self._sheet = sheet
        self._reached = 0
        # Rows are cut at MAX_XLSX_COLUMNS cells: a sheet whose dimension claims
        # 16,384 columns would otherwise make every (even empty) row that wide.
        width = sheet.max_column  # the sheet's dimension, when it has one
        self._records = self._read(
            sheet.iter_rows(
                min_row=1,
                max_col=min(width, MAX_XLSX_COLUMNS) if width else None,
                values_only=True,
            )
        )
        try:
            for number, record in self._records:
                values = [cell_text(value) for value in record]
                if not _blank(values):
                    self._set_header(number, values)
                    break
            self.errors.raise_if_any()
        except BaseException:
            self._workbook.close()
            raise
        if not self.header:
            self._workbook.close()
            raise TabularError.single(_("The file is empty."), 1)

    def _read(
        self, records: Iterator[tuple[Any, ...]]
    ) -> Generator[tuple[int, tuple[Any, ...]]]:
        """(row number, values) per row; a sheet that cannot be parsed further
        (malformed XML, a broken zip member) ends the rows with a row error."""
        number = 0
        while True:
            try:
                record = next(records)
            except StopIteration:
                return
            except Exception as error:  # noqa: BLE001 - any parser's error
                self.errors.add(
                    number + 1,
                    _("the sheet is damaged from this row on (%(error)s).")
                    % {"error": _describe(error)},
                )
                return
            number += 1
            yield number, record

    def __iter__(self) -> Iterator[Row]:
        for number, record in self._records:
            if record.count(None) == len(record):
                continue  # blank (cheap: a sheet may claim a million empty rows)
            values = [cell_text(value) for value in record]
            if _blank(values):
                continue
            row = self._row(number, values)
            if row is not None:
                yield row

    def count(self) -> int | None:
        last = self._sheet.max_row  # from the sheet's dimension, when it has one
        return max(last - self.header_row, 0) if last else None

    def close(self) -> None:
        self._records.close()
        self._workbook.close()
        super().close()


def _describe(error: BaseException) -> str:
    """An exception as a short sentence for a person (no traceback)."""
    text = str(error).strip() or type(error).__name__
    return text if len(text) <= 200 else text[:200] + "…"


def _check_package(stream: IO[bytes]) -> None:
    """Refuse an XLSX package that is a bomb or not a plain workbook."""
    limits = ZipLimits(
        max_unpacked_bytes=getattr(
            settings, "IMPORT_MAX_UNPACKED_BYTES", DEFAULT_MAX_UNPACKED_BYTES
        ),
        max_members=MAX_XLSX_MEMBERS,
        max_text_run=getattr(settings, "IMPORT_MAX_TEXT_BYTES", DEFAULT_MAX_TEXT_BYTES),
    )
    try:
        check_zip(stream, limits)
    except ArchiveRefused as refused:
        raise TabularError.single(_refusal(refused, limits)) from None
    except OSError as error:
        raise TabularError.single(
            _("The Excel file cannot be read: %(error)s") % {"error": _describe(error)}
        ) from error


def _refusal(refused: ArchiveRefused, limits: ZipLimits) -> str:
    if refused.reason == archives.TOO_LARGE:
        return _(
            "The Excel file is refused: unpacked, it would take more than "
            "%(limit)d MB (a compressed “zip bomb”, or far too big to import)."
        ) % {"limit": limits.max_unpacked_bytes // (1024 * 1024)}
    if refused.reason == archives.FALSIFIED_SIZE:
        return _(
            "The Excel file is refused: a part unpacks to more than the size it "
            "declares (a compressed “zip bomb”)."
        )
    if refused.reason == archives.LONG_TEXT:
        return _(
            "The Excel file is refused: a cell or value holds more than "
            "%(limit)d KB of text (a cell holds at most 32,767 characters)."
        ) % {"limit": (limits.max_text_run or 0) // 1024}
    if refused.reason == archives.NESTED_ARCHIVE:
        return _(
            "The Excel file is refused: it contains another archive (%(member)s)."
        ) % {"member": refused.member}
    if refused.reason == archives.TOO_MANY_MEMBERS:
        return _("The Excel file is refused: it has too many parts.")
    if refused.reason == archives.UNSAFE_MEMBER:
        return _(
            "The Excel file is refused: the part “%(member)s” is encrypted, "
            "unsafely named or compressed in an unknown way."
        ) % {"member": refused.member}
    return _(
        "The Excel file cannot be read: it is damaged or is not an .xlsx workbook."
    )


class JsonTable(Table):
    """A JSON list of objects (or an object holding one such list); each
    object's number is its position in the list, from 1."""

    format = "json"

    def __init__(self, stream: IO[bytes], **kwargs: Any) -> None:
        super().__init__(stream, **kwargs)
        self._guard = False  # JSON is not opened by a spreadsheet
        try:
            items = json.load(io.TextIOWrapper(stream, encoding="utf-8-sig"))
        except UnicodeDecodeError as error:
            raise TabularError.single(_not_utf8()) from error
        except json.JSONDecodeError as error:
            raise TabularError.single(
                _("Invalid JSON (line %(line)d): %(error)s")
                % {"line": error.lineno, "error": error.msg}
            ) from error
        if isinstance(items, dict):
            lists = [value for value in items.values() if isinstance(value, list)]
            items = lists[0] if len(items) == 1 and lists else None
        if not isinstance(items, list):
            raise TabularError.single(_("The JSON must be a list of objects."))
        header: dict[str, None] = {}
        for item in items:
            if isinstance(item, dict):
                header.update(dict.fromkeys(str(key) for key in item))
        self.header = list(header)
        self.header_row = 0
        self._items = items
        self._count = len(items)

    def __iter__(self) -> Iterator[Row]:
        items, self._items = self._items, []  # let the parsed rows go as we go
        for number, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                self.errors.add(number, _("each item must be an object."))
                continue
            yield Row(
                number,
                {name: cell_text(item.get(name)) for name in self.header},
            )

    def count(self) -> int | None:
        return self._count


_TABLES: dict[str, type[Table]] = {
    "csv": CsvTable,
    "xlsx": XlsxTable,
    "json": JsonTable,
}


def _check_header(
    table: Table, columns: Collection[str] | None, required: Sequence[str]
) -> None:
    errors = ErrorList()
    row = table.header_row or 1
    names = [name for name in table.header if name]
    if columns is not None:
        unknown = [name for name in names if name not in columns]
        if unknown:
            errors.add(
                row,
                _("unknown column(s): %(columns)s") % {"columns": ", ".join(unknown)},
                unknown[0],
            )
    seen: set[str] = set()
    for name in names:
        if name in seen:
            errors.add(
                row, _("the column %(column)s appears twice.") % {"column": name}
            )
        seen.add(name)
    missing = [name for name in required if name not in seen]
    if missing:
        errors.add(
            row,
            _("missing required column(s): %(columns)s")
            % {"columns": ", ".join(missing)},
            missing[0],
        )
    errors.raise_if_any()


def open_table(
    source: Source,
    name: str | None = None,
    *,
    columns: Collection[str] | None = None,
    required: Sequence[str] = (),
    errors: ErrorList | None = None,
    formats: Sequence[str] = FORMATS,
    formula_guard: bool = True,
) -> Table:
    """Open ``source`` (a path, the file's bytes or a binary stream) by the
    extension of ``name`` (default: the path's name) and read its header.

    ``columns``: the names allowed (None: any); ``required``: names that must be
    there. Header problems raise :class:`TabularError`; so does a file that is
    not one of ``formats``, unreadable or empty.
    """
    if name is None:
        if not isinstance(source, str | os.PathLike):
            raise TypeError("name is required unless source is a path")
        name = os.fspath(source)
    fmt = detect_format(name, formats)
    reopen: Callable[[], IO[bytes]] | None
    if isinstance(source, bytes):
        data = source
        stream: IO[bytes] = io.BytesIO(data)
        owned = True

        def reopen() -> IO[bytes]:
            return io.BytesIO(data)

    elif isinstance(source, str | os.PathLike):
        path = Path(source)
        try:
            stream = path.open("rb")
        except OSError as error:
            raise TabularError.single(
                _("Cannot read the file %(path)s: %(error)s")
                % {"path": path.name, "error": error.strerror or error}
            ) from error
        owned = True

        def reopen() -> IO[bytes]:
            return path.open("rb")

    else:
        stream, owned, reopen = source, False, None
    try:
        table = _TABLES[fmt](
            stream,
            errors=errors if errors is not None else ErrorList(),
            reopen=reopen,
            owned=owned,
            formula_guard=formula_guard,
        )
    except BaseException:
        if owned:
            stream.close()
        raise
    try:
        _check_header(table, columns, required)
    except BaseException:
        table.close()
        raise
    return table
