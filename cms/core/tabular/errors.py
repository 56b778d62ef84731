"""The one error type of every tabular import: row-numbered problems."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

# Past this many problems a file is clearly the wrong one: keep counting, stop
# storing (memory must not grow with a broken 100,000-row file).
MAX_STORED_ERRORS = 1000


@dataclass(frozen=True)
class RowError:
    """One problem: the row as the spreadsheet shows it (header = 1; 0 = the
    file as a whole), a sentence, and the column when one is to blame."""

    row: int
    message: str
    column: str = ""

    def __str__(self) -> str:
        if self.row <= 0:
            return self.message
        return _("Row %(row)d: %(message)s") % {
            "row": self.row,
            "message": self.message,
        }


class TabularError(Exception):
    """The file cannot be imported; nothing was saved. ``errors`` name each
    problem; ``count`` is how many there were (``errors`` stops at a limit)."""

    def __init__(self, errors: list[RowError], count: int | None = None) -> None:
        self.errors = errors
        self.count = len(errors) if count is None else count
        super().__init__("\n".join(str(error) for error in errors))

    @classmethod
    def single(cls, message: str, row: int = 0, column: str = "") -> TabularError:
        return cls([RowError(row, message, column)])


class ErrorList:
    """Problems collected while reading and applying a file, in order."""

    def __init__(self, limit: int = MAX_STORED_ERRORS) -> None:
        self._errors: list[RowError] = []
        self._count = 0
        self._limit = limit

    def add(self, row: int, message: str, column: str = "") -> None:
        self._count += 1
        if len(self._errors) < self._limit:
            self._errors.append(RowError(row, message, column))

    def extend(self, errors: list[RowError]) -> None:
        for error in errors:
            self.add(error.row, error.message, error.column)

    def __bool__(self) -> bool:
        return self._count > 0

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[RowError]:
        return iter(self._errors)

    def as_exception(self) -> TabularError:
        errors = list(self._errors)
        if self._count > len(errors):
            errors.append(
                RowError(
                    0,
                    _("… and %(count)d more problems.")
                    % {"count": self._count - len(errors)},
                )
            )
        return TabularError(errors, count=self._count)

    def raise_if_any(self) -> None:
        if self:
            raise self.as_exception()
