"""Admin integration: safe serving of every Wagtail document, one current version."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from wagtail import hooks

from forms_library import services
from forms_library.models import FormTemplate


# order=100: after Wagtail's own hook that enforces collection privacy.
@hooks.register("before_serve_document", order=100)
def serve_document_safely(document: Any, request: HttpRequest) -> HttpResponse:
    """Wagtail's ``/documents/`` path answers with the portal's download headers.

    Wagtail only accepts a plain ``HttpResponse`` from this hook, so the file
    (at most ``UPLOAD_MAX_BYTES``) is read into memory here.
    """
    streamed = services.document_response(document)
    response = HttpResponse(b"".join(streamed.streaming_content))
    for header, value in streamed.items():
        response[header] = value
    return response


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def supersede_older_versions(request: HttpRequest, instance: Any) -> None:
    if isinstance(instance, FormTemplate):
        services.keep_one_current(instance)
