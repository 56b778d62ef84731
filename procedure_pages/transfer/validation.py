"""Checking one row of a procedure file: clean values, or the reasons it is wrong.

Pure functions of the cells (no database): what needs the database (agencies,
sectors, where a new procedure goes) is the writer's job.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from cms.core.tabular import ErrorList, Row
from procedure_pages.models import (
    TITLE_MAX_LENGTH,
    ProcedureStatus,
    ProcessingTimeUnit,
    UserType,
    online_kind_for_level,
)
from procedure_pages.transfer.columns import (
    CHANNEL_WORDS,
    COLUMNS,
    FALSE_WORDS,
    ITEM_SEPARATOR,
    MAX_LENGTHS,
    MAX_TEXT_LENGTH,
    ONLINE_KIND_WORDS,
    STATUS_WORDS,
    TIER_WORDS,
    TRUE_WORDS,
    UNIT_WORDS,
    USER_TYPE_WORDS,
)


@dataclass
class ParsedRow:
    """A checked row: model values plus the names the writer resolves."""

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


def split_items(value: str) -> list[str]:
    """The items of a multi-valued cell (`` | `` between them)."""
    return [
        item.strip() for item in value.split(ITEM_SEPARATOR.strip()) if item.strip()
    ]


def title_for(name: str) -> str:
    """A page title (≤ 255 characters) for an official name of any length."""
    if len(name) <= TITLE_MAX_LENGTH:
        return name
    cut = name[: TITLE_MAX_LENGTH - 1].rsplit(" ", 1)[0]
    return cut + "…"


class _Problems(list[tuple[str, str]]):
    """(column, message) pairs found in one row."""

    def add(self, column: str, message: str) -> None:
        self.append((column, message))


def _choice(value: str, words: dict[str, Any], column: str, problems: _Problems) -> Any:
    key = value.strip().lower()
    if key in words:
        return words[key]
    problems.add(
        column,
        _("%(column)s “%(value)s” is not valid (allowed: %(allowed)s).")
        % {"column": column, "value": value, "allowed": ", ".join(words)},
    )
    return None


def _integer(value: str, column: str, problems: _Problems, low: int = 0) -> int | None:
    text = value.strip().replace(".", "") if column == "fee_amount" else value.strip()
    if not text:
        return None
    try:
        number = int(text)
    except ValueError:
        problems.add(
            column,
            _("%(column)s “%(value)s” must be a whole number.")
            % {"column": column, "value": value},
        )
        return None
    if number < low:
        problems.add(
            column,
            _("%(column)s “%(value)s” must not be less than %(low)d.")
            % {"column": column, "value": value, "low": low},
        )
        return None
    return number


def _document_format_problem(item: str) -> str:
    return _("documents: “%(item)s” must read “name; originals; copies; note”.") % {
        "item": item
    }


def _parse_document(item: str, problems: _Problems) -> dict[str, Any]:
    parts = [part.strip() for part in item.split(";")]
    document = {"name": parts[0], "originals": 1, "copies": 0, "note": ""}
    if len(parts) >= 3:
        try:
            document["originals"] = int(parts[1])
            document["copies"] = int(parts[2])
        except ValueError:
            problems.add("documents", _document_format_problem(item))
        document["note"] = "; ".join(parts[3:])
    elif len(parts) == 2:
        problems.add("documents", _document_format_problem(item))
    if not document["name"]:
        problems.add("documents", _("documents: a document has no name."))
    return document


def _parse_legal(item: str, problems: _Problems) -> dict[str, Any]:
    parts = [part.strip() for part in item.split(";", 3)]
    if len(parts) == 1:
        return {"number": "", "date": None, "issuer": "", "title": parts[0]}
    if len(parts) != 4:
        problems.add(
            "legal_basis",
            _(
                "legal_basis: “%(item)s” must read “number; date (dd/mm/yyyy); "
                "issuer; title”."
            )
            % {"item": item},
        )
        return {}
    date = None
    if parts[1]:
        try:
            date = datetime.datetime.strptime(parts[1], "%d/%m/%Y").date().isoformat()
        except ValueError:
            problems.add(
                "legal_basis",
                _("legal_basis: the date “%(date)s” must read dd/mm/yyyy.")
                % {"date": parts[1]},
            )
    return {"number": parts[0], "date": date, "issuer": parts[2], "title": parts[3]}


def parse_row(
    number: int, cells: dict[str, str]
) -> tuple[ParsedRow | None, list[tuple[str, str]]]:
    """Check one row; return its clean values or (column, reason) problems."""
    problems = _Problems()
    for name, value in cells.items():
        limit = MAX_LENGTHS.get(name, MAX_TEXT_LENGTH)
        if len(value) > limit:
            problems.add(
                name,
                _("%(column)s has %(length)d characters, over the limit of %(limit)d.")
                % {"column": name, "length": len(value), "limit": limit},
            )
        if "\x00" in value:
            problems.add(
                name, _("%(column)s contains an invalid character.") % {"column": name}
            )
    cell = {name: cells.get(name, "").strip() for name in COLUMNS}
    if not cell["code"]:
        problems.add("code", _("the procedure code (code) is missing."))
    if not cell["name"]:
        problems.add("name", _("the procedure name (name) is missing."))
    tier = _choice(cell["tier"], TIER_WORDS, "tier", problems) if cell["tier"] else None
    level = 2
    if cell["level"]:
        parsed_level = _integer(cell["level"], "level", problems)
        if parsed_level is not None and not 1 <= parsed_level <= 4:
            problems.add(
                "level",
                _("level “%(value)s” must be from 1 to 4.") % {"value": cell["level"]},
            )
        elif parsed_level is not None:
            level = parsed_level
    online_kind = (
        _choice(cell["online_kind"], ONLINE_KIND_WORDS, "online_kind", problems)
        if cell["online_kind"]
        else online_kind_for_level(level)
    )
    user_type = (
        _choice(cell["user_type"], USER_TYPE_WORDS, "user_type", problems)
        if cell["user_type"]
        else UserType.BOTH
    )
    status = (
        _choice(cell["status"], STATUS_WORDS, "status", problems)
        if cell["status"]
        else ProcedureStatus.IN_FORCE
    )
    unit = (
        _choice(
            cell["processing_time_unit"], UNIT_WORDS, "processing_time_unit", problems
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
            _choice(item, CHANNEL_WORDS, "channels", problems)
            for item in split_items(cell["channels"])
        ]
        channels = {name: name in chosen for name in channels}
    sample_word = cell["sample"].lower()
    if sample_word not in TRUE_WORDS | FALSE_WORDS:
        problems.add(
            "sample",
            _("sample “%(value)s” is not valid (1 or 0).") % {"value": cell["sample"]},
        )
    documents = [
        _parse_document(item, problems) for item in split_items(cell["documents"])
    ]
    legal = [_parse_legal(item, problems) for item in split_items(cell["legal_basis"])]
    values = {
        "title": title_for(cell["name"]),
        "full_name": cell["name"] if len(cell["name"]) > TITLE_MAX_LENGTH else "",
        "tier": tier,
        "level": level,
        "online_kind": online_kind,
        "user_type": user_type,
        "processing_days": _integer(
            cell["processing_days"], "processing_days", problems
        ),
        "processing_time_unit": unit,
        "processing_time_text": cell["processing_time_text"],
        "fee_amount": _integer(cell["fee_amount"], "fee_amount", problems),
        "fee_text": cell["fee"],
        "applicants": cell["applicants"],
        "result": cell["result"],
        "conditions": cell["conditions"],
        "status": status,
        "is_sample": sample_word in TRUE_WORDS,
        **channels,
    }
    if problems:
        return None, problems
    return (
        ParsedRow(
            row=number,
            code=cell["code"],
            values=values,
            sector=cell["sector"],
            agency=cell["agency"],
            deciding_agency=cell["deciding_agency"],
            co_agencies=split_items(cell["co_agencies"]),
            steps=split_items(cell["steps"]),
            documents=documents,
            legal_basis=legal,
        ),
        [],
    )


def checked_rows(rows: Iterable[Row], errors: ErrorList) -> Iterator[ParsedRow]:
    """The rows that pass :func:`parse_row`, in order; the others' problems (and
    codes repeated within the file) go to ``errors``.

    Remembers each code's first row to name it in the duplicate's message: the
    only per-row state of an import (a short string and a number per row).
    """
    first_row_of: dict[str, int] = {}
    for cells in rows:
        number = cells.number
        parsed, problems = parse_row(number, cells)
        for column, problem in problems:
            errors.add(number, problem, column)
        code = cells.get("code", "").strip()
        if code:
            first = first_row_of.setdefault(code, number)
            if first != number:
                errors.add(
                    number,
                    _("code %(code)s repeats row %(row)d.")
                    % {"code": code, "row": first},
                    "code",
                )
                continue
        if parsed is not None:
            yield parsed
