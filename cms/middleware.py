"""Request handling shared by every site: language, security headers, body size,
query parameters, the page cache."""

from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
)
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from cms.core import api, querystring
from cms.core import cache as page_cache


class PortalLanguageMiddleware:
    """Serve Vietnamese unless the visitor chose another language.

    Django's LocaleMiddleware follows the browser's Accept-Language, which would
    show English to every citizen whose phone is set to English. The portal is a
    Vietnamese service: only an explicit choice (the language cookie set by the
    language switch) changes the language.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


class SecurityHeadersMiddleware(CSPMiddleware):
    """The security headers Django does not send itself.

    - ``Content-Security-Policy`` (django-csp): the strict public policy of
      ``CONTENT_SECURITY_POLICY`` (no inline script; the one inline style, the
      site's colour, carries the request's nonce), except under the paths of
      ``CONTENT_SECURITY_POLICY_ADMIN``, which get that policy: Wagtail's admin
      needs inline scripts and styles.
    - ``Permissions-Policy`` from ``PERMISSIONS_POLICY``: powerful browser
      features a public-services page never uses are switched off.

    A response that already has a policy (the file downloads set a stricter one)
    keeps it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        super().__init__(get_response)
        admin = getattr(settings, "CONTENT_SECURITY_POLICY_ADMIN", None) or {}
        self.admin_prefixes = tuple(admin.get("PATH_PREFIXES", ()))
        self.admin_directives = admin.get("DIRECTIVES")
        self.permissions_policy = ", ".join(
            f"{feature}=({' '.join(origins)})"
            for feature, origins in getattr(settings, "PERMISSIONS_POLICY", {}).items()
        )

    def get_policy_parts(
        self,
        request: HttpRequest,
        response: HttpResponseBase,
        report_only: bool = False,
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if (
            not report_only
            and parts.config is None
            and self.admin_directives
            and request.path_info.startswith(self.admin_prefixes)
        ):
            parts.config = self.admin_directives
        return parts

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        response = super().process_response(request, response)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        return response


class RequestSizeLimitMiddleware:
    """Refuse a request whose declared body is larger than ``REQUEST_MAX_BYTES``
    with 413, before anything reads it.

    Django bounds the non-file part of a body (``DATA_UPLOAD_MAX_MEMORY_SIZE``)
    but streams every uploaded file of a multipart body to memory or a
    temporary file before a form can check its size: without this, a client
    could make a worker read and store gigabytes. The reverse proxy enforces the
    same limit in production (README, production notes).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.max_bytes = int(settings.REQUEST_MAX_BYTES)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        declared = str(request.META.get("CONTENT_LENGTH") or "").strip()
        # Django itself reads an unparsable length as no body at all.
        numeric = declared.isascii() and declared.isdigit()
        if numeric and int(declared) > self.max_bytes:
            return self.too_large(request)
        return self.get_response(request)

    def too_large(self, request: HttpRequest) -> HttpResponse:
        """Problem details under API v3 (like its every error), text elsewhere."""

        def message() -> str:
            return _(
                "The request is too large: at most %(size)s may be sent at once."
            ) % {"size": filesizeformat(self.max_bytes)}

        if request.path.startswith(api.PREFIX):
            with translation.override(api.api_language(request)):
                return api.problem_response(
                    HTTPStatus.REQUEST_ENTITY_TOO_LARGE, message()
                )
        return HttpResponse(
            message(),
            status=HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
            content_type="text/plain; charset=utf-8",
        )


class QueryParameterMiddleware:
    """Every query parameter is checked in one place (``cms.core.querystring``).

    Before any view runs, ``check_query`` refuses what no page or API can use
    (NUL and control characters, broken UTF-8, 100 KB values, numbers in
    non-ASCII digits or beyond 64 bits, paging values out of bounds); a view
    that reads its parameters with ``querystring.parse(..., strict=True)``
    raises ``InvalidParameter`` for a value it cannot use. Both are answered
    with a 400 that names the parameter and says why: JSON under ``/api/``, the
    theme's page elsewhere. An id in the path beyond 64 bits (``<int:…>``) or a
    path argument with control characters names no object: 404, where the
    database would have raised an error.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            querystring.check_query(
                request.GET, api=querystring.is_api_request(request)
            )
        except querystring.InvalidParameter as error:
            return querystring.bad_request(request, error)
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> None:
        for value in (*view_args, *view_kwargs.values()):
            if isinstance(value, int) and abs(value) > querystring.INT64_MAX:
                raise Http404
            if isinstance(value, str) and not querystring.is_clean_text(value):
                raise Http404

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if isinstance(exception, querystring.InvalidParameter):
            return querystring.bad_request(request, exception)
        return None


class PageCacheMiddleware:
    """Serve anonymous visitors from the full-page cache (``cms.core.cache``).

    Sits after the middleware that answer without a page (security redirects,
    unknown hosts, the language, bad parameters) and before sessions, CSRF and
    authentication are looked at: a hit costs two cache reads. Every response
    leaves with cache headers: a page anybody may be sent is ``public`` with an
    ``ETag`` (stored when the cache is on), anything else ``private``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not page_cache.request_is_cacheable(request):
            return self.private(self.get_response(request))
        key = None
        if page_cache.enabled():
            from wagtail.models import Site

            site = Site.find_for_request(request)
            scopes = page_cache.scopes_for(request, site.pk if site else None)
            try:
                tokens = page_cache.generations(scopes)
            except Exception:  # noqa: BLE001 - without the cache, render
                tokens = None
            if tokens is not None:
                key = page_cache.entry_key(request, tokens)
                entry = page_cache.lookup(key)
                if isinstance(entry, page_cache.Entry):
                    return page_cache.respond(request, entry, "hit")
        response = self.get_response(request)
        if not page_cache.response_is_public(request, response):
            return self.private(response)
        if not isinstance(response, HttpResponse):  # streaming: never public
            return self.private(response)
        if key is None:
            entry = page_cache.make_entry(
                response, page_cache.accepted_encodings(request)[:1]
            )
            return page_cache.respond(request, entry, "off")
        entry = page_cache.make_entry(response)
        page_cache.store(key, entry)
        return page_cache.respond(request, entry, "miss")

    @staticmethod
    def private(response: HttpResponseBase) -> HttpResponseBase:
        """A response not meant for everyone: no shared cache may keep it."""
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True)
        return response


class HealthCheckMiddleware:
    """Answer ``/healthz`` and ``/readyz`` (``cms.health``) first of all: before
    HTTPS redirects and host checks, so a probe may use plain HTTP and the
    server's address. Never cached."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.path_info == "/healthz":
            response: HttpResponseBase = HttpResponse("ok\n", content_type="text/plain")
        elif request.path_info == "/readyz":
            from cms.health import readiness

            ready, checks = readiness()
            response = JsonResponse(
                {"ready": ready, "checks": checks},
                status=HTTPStatus.OK if ready else HTTPStatus.SERVICE_UNAVAILABLE,
            )
        else:
            return self.get_response(request)
        patch_cache_control(response, no_store=True, private=True)
        return response
