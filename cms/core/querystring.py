"""One way to read filters from a query string and to write links back to it.

Listings (the catalogue, the search page, their APIs) declare their parameters
as converters and read them with ``parse()``: a parameter that is absent,
blank or invalid is simply left out, never an error, so a hand-edited or stale
URL still shows a page::

    FILTERS = {"sector": integer(min_value=1), "tier": one_of(Tier)}
    chosen = parse(request.GET, FILTERS)      # {"sector": 12, "tier": Tier.X}

``encode()`` writes the query string of a link that changes some parameters
and keeps the others (facet links, pagination).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.http import QueryDict

Converter = Callable[[str], Any]

MAX_TEXT_LENGTH = 255


def _digits(raw: str) -> int:
    # int() also takes "+3", "1_000" and non-ASCII digits; a URL parameter
    # holding those was not written by our links, so it is not a number here.
    if not (raw.isascii() and raw.isdigit()):
        raise ValueError(raw)
    return int(raw)


def text(max_length: int = MAX_TEXT_LENGTH) -> Converter:
    """Any text, cut to ``max_length`` characters."""

    def convert(raw: str) -> str:
        return raw[:max_length]

    return convert


def integer(min_value: int | None = None, max_value: int | None = None) -> Converter:
    """A whole number written in ASCII digits, within the bounds if given."""

    def convert(raw: str) -> int:
        value = _digits(raw)
        if min_value is not None and value < min_value:
            raise ValueError(raw)
        if max_value is not None and value > max_value:
            raise ValueError(raw)
        return value

    return convert


def one_of(values: Iterable[Any], cast: Converter = str) -> Converter:
    """One of ``values`` (e.g. a ``TextChoices`` class), returned as that value.

    ``cast`` turns the text into the values' type first (``int`` for
    ``IntegerChoices``); an enumeration's member is returned, not the raw text.
    """
    allowed = {value: value for value in values}
    if cast is int:
        cast = _digits

    def convert(raw: str) -> Any:
        value = cast(raw)
        if value not in allowed:
            raise ValueError(raw)
        return allowed[value]

    return convert


def parse(params: Mapping[str, str], spec: Mapping[str, Converter]) -> dict[str, Any]:
    """The declared parameters that hold a valid value, converted.

    Values are stripped; a blank one, or one the converter rejects with
    ``ValueError``/``TypeError``, is left out. Undeclared parameters are ignored.
    With a repeated parameter, the last value counts (as ``QueryDict.get``).
    """
    chosen: dict[str, Any] = {}
    for name, convert in spec.items():
        raw = params.get(name)
        if not isinstance(raw, str):
            continue
        raw = raw.strip()
        if not raw:
            continue
        try:
            chosen[name] = convert(raw)
        except (ValueError, TypeError):
            continue
    return chosen


def page_number(value: object, max_page: int | None = None) -> int:
    """A 1-based page number from a raw value; anything invalid is page 1."""
    if isinstance(value, bool):
        number = 1
    elif isinstance(value, int):
        number = value
    else:
        try:
            number = _digits(str(value or "").strip() or "1")
        except ValueError:
            number = 1
    number = max(number, 1)
    return min(number, max_page) if max_page is not None else number


def encode(
    params: QueryDict,
    changes: Mapping[str, Any] | None = None,
    drop: Iterable[str] = (),
) -> str:
    """``params`` as a query string (no ``?``), with ``changes`` and ``drop``.

    A change to ``None`` or ``""`` removes that parameter; ``drop`` removes
    parameters whatever their value (e.g. ``page`` when a filter changes).
    """
    result = params.copy()
    for name in drop:
        result.pop(name, None)
    for name, value in (changes or {}).items():
        if value is None or value == "":
            result.pop(name, None)
        else:
            result[name] = str(value)
    return result.urlencode()
