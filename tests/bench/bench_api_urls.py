"""URLs of ``make bench-api``: a bare JSON view in front of the bench's own."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.urls import include, path


def bare_json(request: HttpRequest) -> JsonResponse:
    """The baseline: a Django JSON view that queries nothing."""
    return JsonResponse({"count": 0, "items": []})


urlpatterns = [
    path("__bench__/bare-json/", bare_json),
    path("", include("tests.bench.bench_urls")),
]
