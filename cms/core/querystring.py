"""One way to read parameters from a query string and to write links back to it.

Listings (the catalogue, the search page, their APIs) declare their parameters
as converters and read them with ``parse()``::

    FILTERS = {"sector": integer(min_value=1), "tier": one_of(Tier)}
    chosen = parse(request.GET, FILTERS)               # {"sector": 12, ...}
    chosen = parse(request.GET, FILTERS, strict=True)  # or InvalidParameter

By default a parameter that is absent, blank or invalid is left out; with
``strict=True`` an invalid one raises ``InvalidParameter`` (a ``BadRequest``)
naming the parameter and why, which ``cms.middleware.QueryParameterMiddleware``
answers with a 400: JSON under ``/api/``, a page elsewhere (``bad_request``).

The same middleware applies ``check_query()`` to every request before any view
runs: what no link of ours writes and what breaks a database is refused there,
whatever the view (NUL and other control characters, broken UTF-8, values over
``MAX_VALUE_LENGTH`` characters, numbers in non-ASCII digits or beyond 64 bits,
paging values out of bounds).

``encode()`` writes the query string of a link that changes some parameters
and keeps the others (facet links, pagination).
"""

from __future__ import annotations

import json
import logging
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.template.response import TemplateResponse
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

Converter = Callable[[str], Any]

MAX_TEXT_LENGTH = 255
# No parameter of any page or API is longer: a 100 KB value is refused before
# a view (or a LIKE pattern, or the query analyser) sees it.
MAX_VALUE_LENGTH = 2000
# SQLite and PostgreSQL keep integers (ids) in 64 bits; a bigger number names
# nothing and would crash the query that looks it up.
INT64_MAX = 2**63 - 1
# Paging values far above any real listing, low enough that offset + limit
# still fits every database's integers.
MAX_PAGING_VALUE = 1_000_000_000


class InvalidValue(ValueError):
    """A converter's refusal, with the reason shown to the visitor."""

    def __init__(self, reason: str | Promise) -> None:
        super().__init__(str(reason))
        self.reason = reason


class InvalidParameter(BadRequest):
    """A query parameter holding a value no page of ours can use (answered 400)."""

    def __init__(
        self, name: str, reason: str | Promise, *, message: str | None = None
    ) -> None:
        self.name = name
        self.reason = reason
        self._message = message
        super().__init__(f"{name}: {reason}")

    @property
    def message(self) -> str:
        """The explanation in the active language, naming the parameter (or the
        whole ``message`` a view gave)."""
        if self._message is not None:
            return self._message
        return gettext("The parameter “%(name)s” is not valid: %(reason)s.") % {
            "name": self.name,
            "reason": self.reason,
        }


def _worded(message: str | Promise, **params: Any) -> str:
    """``message % params``, translated when shown (in the response's language)."""
    return lazy(lambda: str(message) % params, str)()


def _not_a_number() -> InvalidValue:
    return InvalidValue(_("it must be a whole number written with the digits 0 to 9"))


def _digits(raw: str) -> int:
    # int() also takes "+3", "1_000" and non-ASCII digits; a URL parameter
    # holding those was not written by our links, so it is not a number here.
    if not (raw.isascii() and raw.isdigit()):
        raise _not_a_number()
    return int(raw)


def _bounded(value: int, min_value: int | None, max_value: int | None) -> int:
    if min_value is not None and value < min_value:
        raise InvalidValue(_worded(_("it must be at least %(min)s"), min=min_value))
    if max_value is not None and value > max_value:
        raise InvalidValue(_worded(_("it must be at most %(max)s"), max=max_value))
    return value


def _too_long(max_length: int) -> str | Promise:
    return _worded(_("it is longer than %(max)s characters"), max=max_length)


def text(max_length: int = MAX_TEXT_LENGTH, cut: bool = True) -> Converter:
    """Any text, cut to ``max_length`` characters (or refused, without ``cut``)."""

    def convert(raw: str) -> str:
        if not cut and len(raw) > max_length:
            raise InvalidValue(_too_long(max_length))
        return raw[:max_length]

    return convert


def integer(min_value: int | None = None, max_value: int | None = None) -> Converter:
    """A whole number written in ASCII digits, within the bounds if given.

    Without ``max_value`` the bound is the databases' (64-bit) integers.
    """
    upper = INT64_MAX if max_value is None else max_value

    def convert(raw: str) -> int:
        return _bounded(_digits(raw), min_value, upper)

    return convert


def one_of(values: Iterable[Any], cast: Converter = str) -> Converter:
    """One of ``values`` (e.g. a ``TextChoices`` class), returned as that value.

    ``cast`` turns the text into the values' type first (``int`` for
    ``IntegerChoices``); an enumeration's member is returned, not the raw text.
    """
    allowed = {value: value for value in values}
    if cast is int:
        cast = _digits
    listed = ", ".join(str(value) for value in allowed)

    def convert(raw: str) -> Any:
        value = cast(raw)
        if value not in allowed:
            raise InvalidValue(
                _worded(_("it must be one of: %(values)s"), values=listed)
            )
        return allowed[value]

    return convert


def parse(
    params: Mapping[str, str],
    spec: Mapping[str, Converter],
    *,
    strict: bool = False,
) -> dict[str, Any]:
    """The declared parameters that hold a valid value, converted.

    Values are stripped; a blank one is left out, and so is one the converter
    rejects with ``ValueError``/``TypeError`` unless ``strict``, which raises
    ``InvalidParameter`` instead. Undeclared parameters are ignored. With a
    repeated parameter the last value counts (as ``QueryDict.get``); ``strict``
    checks every value.
    """
    chosen: dict[str, Any] = {}
    for name, convert in spec.items():
        values = _values(params, name)
        for position, raw in enumerate(values):
            raw = raw.strip()
            if not raw:
                continue
            try:
                value = convert(raw)
            except (ValueError, TypeError) as error:
                if strict:
                    raise InvalidParameter(name, _reason(error)) from error
                continue
            if position == len(values) - 1:
                chosen[name] = value
    return chosen


def _values(params: Mapping[str, str], name: str) -> list[str]:
    if isinstance(params, QueryDict):
        return [value for value in params.getlist(name) if isinstance(value, str)]
    raw = params.get(name)
    return [raw] if isinstance(raw, str) else []


def names_nothing() -> InvalidValue:
    """The reason for an id or name that is well formed but matches nothing."""
    return InvalidValue(_("nothing with this value can be used here"))


def _reason(error: Exception) -> str | Promise:
    if isinstance(error, InvalidValue):
        return error.reason
    return _("it is not a value this address accepts")


# -- what no parameter anywhere may hold ----------------------------------------

# Parameters that mean the same wherever they appear: paging.
COMMON_PARAMETERS: dict[str, Converter] = dict.fromkeys(
    ("page", "offset", "limit", "per_page"),
    integer(min_value=0, max_value=MAX_PAGING_VALUE),
)
# And under /api/: ``id`` is a number (Wagtail API v2's ``find/?id=`` passes it
# to the database unchecked; the admin's bulk actions send ``id=all``).
API_PARAMETERS: dict[str, Converter] = {
    **COMMON_PARAMETERS,
    "id": integer(min_value=0),
}


def is_clean_text(raw: str) -> bool:
    """No control character, no sign of broken UTF-8 (U+FFFD, surrogates)."""
    return "\ufffd" not in raw and not any(
        unicodedata.category(char) in ("Cc", "Cs") for char in raw
    )


def check_value(
    name: str, raw: str, common: Mapping[str, Converter] = COMMON_PARAMETERS
) -> None:
    """Refuse a value no page or API of the portal can use, whatever it means.

    Control characters (NUL above all: PostgreSQL refuses it in text), text that
    was not valid UTF-8 (Django decodes broken bytes, lone surrogates included,
    to U+FFFD), more than ``MAX_VALUE_LENGTH`` characters, a number written in
    non-ASCII digits (``str.isdigit`` and ``int`` accept "²" or "١٢") or beyond
    64 bits, and the ``common`` parameters' values they refuse (paging values
    that are not whole numbers in bounds).
    """
    if len(raw) > MAX_VALUE_LENGTH:
        raise InvalidParameter(name, _too_long(MAX_VALUE_LENGTH))
    if "\ufffd" in raw or any(unicodedata.category(char) == "Cs" for char in raw):
        raise InvalidParameter(name, _("it is not valid UTF-8 text"))
    if any(unicodedata.category(char) == "Cc" for char in raw):
        raise InvalidParameter(name, _("it contains control characters"))
    value = raw.strip()
    convert = common.get(name)
    if convert is not None:
        if value:
            try:
                convert(value)
            except InvalidValue as error:
                raise InvalidParameter(name, error.reason) from error
        return
    unsigned = value.lstrip("+-")
    if unsigned.isdigit():
        if not unsigned.isascii():
            raise InvalidParameter(name, _not_a_number().reason)
        if int(unsigned) > INT64_MAX:
            raise InvalidParameter(
                name, _worded(_("it must be at most %(max)s"), max=INT64_MAX)
            )


def check_query(params: QueryDict, *, api: bool = False) -> None:
    """``check_value`` on every parameter (names included) of a query string;
    ``api``: the request is one of the JSON APIs (``API_PARAMETERS``)."""
    common = API_PARAMETERS if api else COMMON_PARAMETERS
    for name, values in params.lists():
        if not is_clean_text(name) or len(name) > MAX_TEXT_LENGTH:
            raise InvalidParameter(
                name[:50].encode("unicode_escape").decode("ascii"),
                _("this parameter name is not valid"),
            )
        for raw in values:
            check_value(name, raw, common)


def is_api_request(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def bad_request(request: HttpRequest, error: InvalidParameter) -> HttpResponse:
    """The 400 answer to ``error``: problem details for API v3, JSON for the
    other APIs, the theme's page elsewhere."""
    logger.info("bad parameter %s on %s", error.name, request.path)
    if request.path.startswith("/api/v3/"):
        # API v3 answers every error as problem details (cms.core.api).
        from django.utils import translation

        from cms.core import api

        with translation.override(api.api_language(request)):
            return api.parameter_problem(error)
    if is_api_request(request):
        return HttpResponseBadRequest(
            json.dumps(
                {"message": error.message, "parameter": error.name},
                ensure_ascii=False,
            ),
            content_type="application/json",
        )
    response = TemplateResponse(
        request,
        "cms/bad_request.html",
        {"error": error, "parameter": error.name, "message": error.message},
        status=HttpResponseBadRequest.status_code,
    )
    try:
        return response.render()
    except Exception:  # noqa: BLE001 - a broken theme must not turn 400 into 500
        logger.exception("could not render the bad-request page")
        return HttpResponseBadRequest(
            error.message, content_type="text/plain; charset=utf-8"
        )


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
