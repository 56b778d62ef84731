"""What every router of the headless API v3 shares (PORTAL.md §7).

- **Errors** are RFC 9457 problem details (``application/problem+json``):
  ``{"type", "title", "status", "detail", "errors": [{"loc", "msg", "type"}]}``,
  in Vietnamese unless the client asks for English (``Accept-Language: en``).
  ``problem_response()`` builds one; ``install()`` makes the API object answer
  every exception with one (a query parameter no view can use is a 400 naming
  it, read through ``cms.core.querystring`` wherever it was refused).
- **Paging**: ``PageParams`` (``limit`` 1 to ``MAX_LIMIT``, ``offset``) and
  ``page_of()``; listings answer ``{"count", "items"}`` like Wagtail's v3.
- **HTTP**: ``api_view()`` wraps each view of the API: the language, rate limits
  (429 with ``Retry-After``), ``Cache-Control`` (public for anonymous reads,
  ``private, no-store`` for anything with a token or that writes), ``ETag`` and
  ``Last-Modified`` (``set_last_modified()``) with conditional requests (304).
- **OpenAPI**: ``finish_openapi()`` documents the error answers of every
  operation with the problem schema and its media type.

The bottom layer: nothing here imports an app. The apps' routers (and the
wiring in ``cms.api``) import it.
"""

from __future__ import annotations

import datetime
import json
import logging
from collections.abc import Callable, Iterable, Sequence
from functools import wraps
from http import HTTPStatus
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.utils import translation
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy
from django.utils.translation.trans_real import parse_accept_lang_header
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from cms.core import querystring

logger = logging.getLogger(__name__)

PREFIX = "/api/v3/"
PROBLEM_JSON = "application/problem+json"
# A listing never answers more than this many items at once.
MAX_LIMIT = 100
DEFAULT_LIMIT = 20

# Titles of the statuses the API answers (RFC 9457: a short, stable summary).
STATUS_TITLES: dict[int, Any] = {
    400: pgettext_lazy("API problem title", "Bad request"),
    401: pgettext_lazy("API problem title", "Authentication required"),
    403: pgettext_lazy("API problem title", "Forbidden"),
    404: pgettext_lazy("API problem title", "Not found"),
    405: pgettext_lazy("API problem title", "Method not allowed"),
    406: pgettext_lazy("API problem title", "Not acceptable"),
    409: pgettext_lazy("API problem title", "Conflict"),
    413: pgettext_lazy("API problem title", "Request too large"),
    415: pgettext_lazy("API problem title", "Unsupported media type"),
    422: pgettext_lazy("API problem title", "Unprocessable content"),
    429: pgettext_lazy("API problem title", "Too many requests"),
    500: pgettext_lazy("API problem title", "Internal server error"),
}


# --- problem details -----------------------------------------------------------------


class ProblemError(Schema):
    """One reason a request was refused: where (``loc``), why (``msg``), a code."""

    loc: list[str | int]
    msg: str
    type: str


class Problem(Schema):
    """RFC 9457 problem details, the one error shape of API v3."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str = ""
    errors: list[ProblemError] | None = None


def problem_title(status: int) -> str:
    title = STATUS_TITLES.get(status)
    if title is not None:
        return str(title)
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return pgettext("API problem title", "Error")


def _error(item: dict[str, Any]) -> dict[str, Any]:
    loc = item.get("loc") or []
    if isinstance(loc, str | int):
        loc = [loc]
    return {
        "loc": [part if isinstance(part, int) else str(part) for part in loc],
        "msg": str(item.get("msg", "")),
        "type": str(item.get("type", "invalid")),
    }


def problem_body(
    status: int,
    detail: Any = "",
    errors: Iterable[dict[str, Any]] | None = None,
    title: Any = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": str(title) if title else problem_title(status),
        "status": status,
        "detail": str(detail or ""),
    }
    if errors is not None:
        body["errors"] = [_error(item) for item in errors]
    return body


def problem_response(
    status: int,
    detail: Any = "",
    errors: Iterable[dict[str, Any]] | None = None,
    *,
    title: Any = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    """A problem-details answer, worded in the active language."""
    response = HttpResponse(
        json.dumps(problem_body(status, detail, errors, title), ensure_ascii=False),
        status=status,
        content_type=PROBLEM_JSON,
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def parameter_problem(error: querystring.InvalidParameter) -> HttpResponse:
    """The 400 for a query parameter no view can use (``querystring``)."""
    return problem_response(
        400,
        error.message,
        [{"loc": ["query", error.name], "msg": error.message, "type": "invalid"}],
    )


def too_many_requests(retry_after: int = 60) -> HttpResponse:
    return problem_response(
        429,
        _("Too many requests. Please wait a minute."),
        headers={"Retry-After": str(retry_after)},
    )


# --- request validation in the portal's words ----------------------------------------


def _reason(error: dict[str, Any]) -> Any:
    """The ``querystring`` wording for a pydantic refusal (one vocabulary)."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("it is required")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("it must be a whole number written with the digits 0 to 9")
    if kind in ("greater_than_equal", "greater_than"):
        bound = ctx.get("ge", ctx.get("gt"))
        return _("it must be at least %(min)s") % {"min": bound}
    if kind in ("less_than_equal", "less_than"):
        bound = ctx.get("le", ctx.get("lt"))
        return _("it must be at most %(max)s") % {"max": bound}
    if kind in ("enum", "literal_error"):
        return _("it must be one of: %(values)s") % {
            "values": str(ctx.get("expected", ""))
            .replace("' or '", ", ")
            .replace("'", "")
        }
    if kind == "string_too_long":
        return _("it is longer than %(max)s characters") % {
            "max": ctx.get("max_length")
        }
    return _("it is not a value this address accepts")


def validation_problem(errors: Sequence[dict[str, Any]]) -> HttpResponse:
    """A request that does not match its declared shape.

    Parameters (query, path, header) are a 400 naming each one; a body that
    does not fit its schema is a 422 (as Wagtail's v3 answers it).
    """
    items = []
    for error in errors:
        loc = list(error.get("loc") or [])
        name = ".".join(str(part) for part in loc[1:]) or str(loc[0] if loc else "")
        message = querystring.InvalidParameter(name, _reason(error)).message
        items.append({"loc": loc, "msg": message, "type": error.get("type", "")})
    in_body = any(item["loc"][:1] in (["body"], ["form"], ["file"]) for item in items)
    status = 422 if in_body else 400
    detail = items[0]["msg"] if len(items) == 1 else _("The request is not valid.")
    return problem_response(status, detail, items)


def install(api: Any) -> None:
    """Answer every error of ``api`` (a ``NinjaAPI``) with problem details.

    Replaces the handlers Wagtail registers on its v3 object, so its own
    routers (pages, sites) answer in the same shape and language as ours.
    """

    def on_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return validation_problem(exc.errors)

    def on_parameter(
        request: HttpRequest, exc: querystring.InvalidParameter
    ) -> HttpResponse:
        return parameter_problem(exc)

    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        text = str(exc)
        # Django's own "No X matches the given query." is for developers.
        if not text or "matches the given query" in text:
            text = str(_("Nothing was found at this address."))
        return problem_response(404, text)

    def on_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return problem_response(
                401,
                _("Send a valid API token (Authorization: Bearer …)."),
                headers={"WWW-Authenticate": "Bearer"},
            )
        return problem_response(403, _("This token may not do this."))

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        status = exc.status_code
        if status == 401:
            return on_auth(request, exc)
        if status == 429:
            return too_many_requests()
        return problem_response(status, str(exc.message))

    def on_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.error(
            "API v3 error on %s %s", request.method, request.path, exc_info=exc
        )
        return problem_response(500, _("An unexpected error occurred."))

    from ninja.errors import AuthenticationError
    from pydantic import ValidationError as PydanticValidationError

    def on_pydantic(request: HttpRequest, exc: PydanticValidationError) -> HttpResponse:
        # Raised by a view (Wagtail's page filters, a body checked by hand):
        # on a read it is about the query parameters, otherwise the body.
        where = "query" if request.method in SAFE_METHODS else "body"
        errors: list[dict[str, Any]] = [
            {k: v for k, v in item.items() if k != "input"} for item in exc.errors()
        ]
        for item in errors:
            item["loc"] = [where, *list(item.get("loc") or ())]
        return validation_problem(errors)

    def on_invalid_data(
        request: HttpRequest, exc: DjangoValidationError
    ) -> HttpResponse:
        loc_errors = getattr(exc, "loc_errors", None)
        if loc_errors is not None:  # Wagtail's page forms: a path per field
            errors = [
                {"loc": ["body", *path], "msg": message, "type": code or "invalid"}
                for path, coded_messages in loc_errors
                for message, code in coded_messages
            ]
        else:
            errors = [
                {"loc": ["body"], "msg": message, "type": "invalid"}
                for message in exc.messages
            ]
        detail = errors[0]["msg"] if len(errors) == 1 else _("The data is not valid.")
        return problem_response(422, detail, errors)

    def on_auth(request: HttpRequest, exc: Exception) -> HttpResponse:
        return problem_response(
            401,
            _("Send a valid API token (Authorization: Bearer …)."),
            headers={"WWW-Authenticate": "Bearer"},
        )

    api.add_exception_handler(NinjaValidationError, on_validation)
    api.add_exception_handler(PydanticValidationError, on_pydantic)
    api.add_exception_handler(DjangoValidationError, on_invalid_data)
    api.add_exception_handler(querystring.InvalidParameter, on_parameter)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(PermissionDenied, on_denied)
    api.add_exception_handler(AuthenticationError, on_auth)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(Exception, on_error)


# --- paging --------------------------------------------------------------------------


class PageParams(Schema):
    """``limit`` and ``offset`` of a listing (hard maximum: ``MAX_LIMIT``)."""

    limit: int = Field(
        DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page (1–100)."
    )
    offset: int = Field(
        0,
        ge=0,
        le=querystring.MAX_PAGING_VALUE,
        description="How many items to skip.",
    )


T = TypeVar("T")


def page_of(
    items: Any, params: PageParams, serialize: Callable[[Any], T]
) -> dict[str, Any]:
    """``{"count", "items"}``: one COUNT and one slice of ``items`` (a queryset
    or a list), each item turned into its API form by ``serialize``."""
    count = len(items) if isinstance(items, list) else items.count()
    chunk = items[params.offset : params.offset + params.limit]
    return {"count": count, "items": [serialize(item) for item in chunk]}


# --- language ------------------------------------------------------------------------


def api_language(request: HttpRequest) -> str:
    """Vietnamese, unless ``Accept-Language`` prefers another available language.

    The pages follow only the visitor's explicit choice (a cookie); an API
    client says what it wants in the standard header.
    """
    available = {code for code, _name in settings.LANGUAGES}
    header = request.headers.get("Accept-Language", "")
    for code, _quality in parse_accept_lang_header(header[:200]):
        base = code.split("-")[0].lower()
        if base in available:
            return base
    return str(settings.LANGUAGE_CODE)


# --- HTTP: caching, conditional requests, rate limits --------------------------------

LAST_MODIFIED_ATTRIBUTE = "_api_last_modified"
SAFE_METHODS = ("GET", "HEAD")


def set_last_modified(request: HttpRequest, moment: datetime.datetime | None) -> None:
    """Tell ``api_view`` when what the view answers last changed."""
    if moment is not None:
        setattr(request, LAST_MODIFIED_ATTRIBUTE, moment)


def _rate(name: str, default: str) -> str:
    return str(getattr(settings, name, default) or default)


def _period(rate: str) -> int:
    periods = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    _count, _slash, unit = rate.partition("/")
    digits = "".join(c for c in unit if c.isdigit())
    return int(digits or 1) * periods.get(unit[-1:] or "m", 60)


def _client(group: str, request: HttpRequest) -> str:
    """The client's address as django-ratelimit's ``ip`` key reads it
    (``RATELIMIT_IP_META_KEY``), without its error when a server sends none."""
    meta_key = str(getattr(settings, "RATELIMIT_IP_META_KEY", "REMOTE_ADDR"))
    value = request.META.get(meta_key) or request.META.get("REMOTE_ADDR") or ""
    return str(value).split(",")[0].strip()[:64] or "unknown"


def _limited(request: HttpRequest) -> int | None:
    """Seconds to wait when the client exceeded its rate, else None."""
    from django_ratelimit import ALL
    from django_ratelimit.core import is_ratelimited

    if request.method in SAFE_METHODS:
        group, rate = "api-v3-read", _rate("API_READ_RATE", "300/m")
    else:
        group, rate = "api-v3-write", _rate("API_WRITE_RATE", "60/m")
    if is_ratelimited(
        request, group=group, key=_client, rate=rate, method=ALL, increment=True
    ):
        return _period(rate)
    return None


def _is_private(request: HttpRequest, private_prefixes: Sequence[str]) -> bool:
    return (
        request.method not in SAFE_METHODS
        or "Authorization" in request.headers
        or request.path.startswith(tuple(private_prefixes))
    )


def _translate_title(response: HttpResponseBase) -> None:
    """Problems built elsewhere (Wagtail's helper) get the portal's title."""
    if not isinstance(response, HttpResponse) or response.streaming:
        return
    if not response.get("Content-Type", "").startswith(PROBLEM_JSON):
        return
    try:
        body = json.loads(response.content)
    except ValueError:
        return
    if not isinstance(body, dict):
        return
    status = response.status_code
    try:
        english = HTTPStatus(status).phrase
    except ValueError:
        english = "Error"
    if body.get("title") in ("", None, english, "Error"):
        body["title"] = problem_title(status)
        response.content = json.dumps(body, ensure_ascii=False).encode()


# Headers an error keeps when it is rewritten as a problem.
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")


def _as_problem(response: HttpResponseBase) -> HttpResponseBase:
    """Any other error answer (a 405 from Ninja, a plain Django response) in
    the one shape of the API."""
    if response.status_code < 400 or getattr(response, "streaming", False):
        return response
    if response.get("Content-Type", "").startswith(PROBLEM_JSON):
        return response
    detail: Any = ""
    if isinstance(response, HttpResponse) and response.get(
        "Content-Type", ""
    ).startswith("application/json"):
        try:
            body = json.loads(response.content)
        except ValueError:
            body = None
        if isinstance(body, dict) and isinstance(body.get("detail"), str):
            detail = body["detail"]
    if response.status_code == 405:
        detail = _("This method is not allowed here.")
    problem = problem_response(response.status_code, detail)
    for name in KEPT_HEADERS:
        if response.has_header(name):
            problem[name] = response[name]
    return problem


def api_view(
    view: Callable[..., HttpResponseBase],
    private_prefixes: Sequence[str] = (),
) -> Callable[..., HttpResponseBase]:
    """One API v3 view with the portal's HTTP conventions (see the module doc)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        with translation.override(api_language(request)):
            wait = _limited(request)
            if wait is not None:
                response: HttpResponseBase = too_many_requests(wait)
            else:
                response = view(request, *args, **kwargs)
            response = _as_problem(response)
            _translate_title(response)
            response.headers.setdefault("Content-Language", translation.get_language())
            return _http(request, response, private_prefixes)

    return wrapper


def _http(
    request: HttpRequest,
    response: HttpResponseBase,
    private_prefixes: Sequence[str],
) -> HttpResponseBase:
    patch_vary_headers(response, ("Accept-Language", "Authorization"))
    if _is_private(request, private_prefixes):
        patch_cache_control(response, private=True, no_store=True)
        return response
    if response.status_code != 200 or getattr(response, "streaming", False):
        if response.status_code in (404, 410):
            patch_cache_control(response, public=True, max_age=_max_age())
        else:
            patch_cache_control(response, no_store=True)
        return response
    patch_cache_control(response, public=True, max_age=_max_age())
    if isinstance(response, HttpResponse) and not response.has_header("ETag"):
        set_response_etag(response)
    moment = getattr(request, LAST_MODIFIED_ATTRIBUTE, None)
    last_modified = None
    if moment is not None:
        last_modified = int(moment.timestamp())
        response["Last-Modified"] = http_date(last_modified)
    conditional = get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=last_modified,
        response=response if isinstance(response, HttpResponse) else None,
    )
    return conditional if conditional is not None else response


def _max_age() -> int:
    return int(getattr(settings, "API_CACHE_MAX_AGE", 60))


def wrap_urls(urls: Any, private_prefixes: Sequence[str] = ()) -> Any:
    """``api.urls`` with every view wrapped by ``api_view``."""
    patterns, app_name, namespace = urls
    for pattern in patterns:
        callback = getattr(pattern, "callback", None)
        if callback is not None:
            pattern.callback = api_view(callback, private_prefixes)
    return patterns, app_name, namespace


# --- OpenAPI -------------------------------------------------------------------------

# Error answers every operation may give, besides its own.
COMMON_ERRORS = {
    "400": "A parameter is not valid (named in `errors`).",
    "404": "Nothing at this address.",
    "429": "Too many requests: wait `Retry-After` seconds.",
}
AUTH_ERRORS = {"401": "No valid API token.", "403": "The token may not do this."}


def finish_openapi(schema: dict[str, Any]) -> dict[str, Any]:
    """Every operation's errors documented as problem details."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = Problem.model_json_schema(
        ref_template="#/components/schemas/{model}"
    )
    nested = components["Problem"].pop("$defs", {})
    components.update(nested)
    problem = {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = {
                str(code): value for code, value in operation["responses"].items()
            }
            operation["responses"] = responses
            errors = dict(COMMON_ERRORS)
            if operation.get("security"):
                errors.update(AUTH_ERRORS)
            if method in ("post", "put", "patch", "delete"):
                errors["409"] = "The request conflicts with the current state."
                errors["413"] = "The request body is too large."
                errors["422"] = "The body does not match its schema."
            for code, description in errors.items():
                responses.setdefault(code, {"description": description})
            for code, response in responses.items():
                if not code.startswith(("4", "5")):
                    continue
                content = response.get("content") or {}
                # Ninja documents every schema as application/json.
                schema_ref = content.pop("application/json", {}).get("schema")
                response["content"] = (
                    {PROBLEM_JSON: {"schema": schema_ref}} if schema_ref else problem
                ) | {k: v for k, v in content.items() if k != "application/json"}
    return schema


# --- answers Django gives before (or instead of) a view ---------------------------


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponseBase:
    """``handler404``: problem details under the API v3 prefix (no route matched,
    or a path argument no object can have), the site's page elsewhere."""
    from django.views import defaults

    if request.path.startswith(PREFIX):
        with translation.override(api_language(request)):
            return problem_response(404, _("Nothing was found at this address."))
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponseBase:
    """``handler500``: problem details under the API v3 prefix."""
    from django.views import defaults

    if request.path.startswith(PREFIX):
        with translation.override(api_language(request)):
            return problem_response(500, _("An unexpected error occurred."))
    return defaults.server_error(request)
