"""Download views: every form file leaves the portal through here."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from forms_library import access, services
from forms_library.models import FormTemplate, FormVersion
from procedure_pages.models import ProcedurePage


def _check_restrictions(version: FormVersion, request: HttpRequest) -> None:
    if not access.may_download(version, request):
        raise Http404


@require_safe
def download_form(request: HttpRequest, form_id: int) -> HttpResponse:
    """The current version of a form."""
    form = get_object_or_404(services.with_versions(FormTemplate.objects), pk=form_id)
    version = form.current_version
    if version is None:
        raise Http404
    _check_restrictions(version, request)
    return services.version_response(version)


@require_safe
def download_version(request: HttpRequest, version_id: int) -> HttpResponse:
    """Any version, superseded ones included (the form's history)."""
    version = get_object_or_404(
        FormVersion.objects.select_related("form", "document"), pk=version_id
    )
    _check_restrictions(version, request)
    return services.version_response(version)


@require_safe
def download_procedure_forms(request: HttpRequest, page_id: int) -> HttpResponse:
    """All current forms of a live procedure in one ZIP built on the fly."""
    page = get_object_or_404(ProcedurePage.objects.live().public(), pk=page_id)
    versions = access.downloadable(services.procedure_forms(page), request)
    if not versions:
        raise Http404
    archive, size = services.versions_zip(versions)
    response = services.attachment_response(
        archive,
        services.safe_filename(_("Forms %(code)s") % {"code": page.code}, "zip"),
        size=size,
    )
    response["Content-Type"] = "application/zip"
    return response


def refuse_direct_media(request: HttpRequest, path: str = "") -> HttpResponse:
    """Form files are never served from the media folder, not even in debug."""
    raise Http404
