"""URLs of ``make bench-pages``: a bare view in front of the project's own."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connections
from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def bare(request: HttpRequest) -> HttpResponse:
    """The baseline: a Django view that does nothing, behind every middleware."""
    return HttpResponse("ok", content_type="text/plain")


class QueryCountMiddleware:
    """``X-Bench-Queries``: SQL statements the request ran (all databases)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        count = 0

        def counter(execute: Any, sql: str, params: Any, many: bool, context: Any):  # type: ignore[no-untyped-def]
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        wrappers = [
            connections[alias].execute_wrapper(counter) for alias in connections
        ]
        for wrapper in wrappers:
            wrapper.__enter__()
        try:
            response = self.get_response(request)
        finally:
            for wrapper in reversed(wrappers):
                wrapper.__exit__(None, None, None)
        response["X-Bench-Queries"] = str(count)
        return response


urlpatterns = [
    path("__bench__/bare/", bare),
    path("", include("cms.urls")),
]
