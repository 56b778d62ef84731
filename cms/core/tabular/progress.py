"""The one progress bar of the import commands (tqdm), on a terminal only."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any, TypeVar

from django.core.management.base import OutputWrapper
from django.utils.translation import gettext as _
from tqdm import tqdm

T = TypeVar("T")


class _Stream:
    """What tqdm writes to: a text stream, or a command's ``self.stderr``
    (Django's wrapper would end every carriage-return update with a newline)."""

    def __init__(self, out: IO[str] | OutputWrapper) -> None:
        self._out = out

    def write(self, text: str) -> None:
        if isinstance(self._out, OutputWrapper):
            self._out.write(text, ending="")
        else:
            self._out.write(text)

    def flush(self) -> None:
        self._out.flush()


def is_terminal(stream: Any) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def progress_bar(
    items: Iterable[T],
    *,
    stream: IO[str] | OutputWrapper,
    total: int | Callable[[], int | None] | None = None,
    description: str = "",
    unit: str | None = None,
) -> Iterator[T]:
    """Iterate over ``items``, drawing a bar on ``stream`` when it is a terminal.

    ``total`` may be a function: it is only called when the bar is shown (e.g.
    counting a file's rows reads the file once more). Elsewhere (a pipe, a log,
    a test) nothing is written and the items pass through unchanged.
    """
    if not is_terminal(stream):
        return iter(items)
    count = total() if callable(total) else total
    return iter(
        tqdm(
            items,
            total=count,
            file=_Stream(stream),
            desc=description or None,
            unit=unit or _("row"),
            mininterval=0.25,
            dynamic_ncols=True,
        )
    )
