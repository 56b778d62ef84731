"""Admin view: upload a procedures file, read the dry-run report, confirm."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from procedure_pages import import_uploads
from procedure_pages.tasks import purge_import_uploads
from procedure_pages.transfer import ImportFailed, RowError, import_file

TEMPLATE = "procedure_pages/admin/import.html"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV (UTF-8, header row), XLSX or JSON with the columns of "
            "export_procedures."
        ),
    )


def can_import(user: object) -> bool:
    """Imports place pages on every site, so only provincial administrators may."""
    return bool(getattr(user, "is_superuser", False))


def import_procedures(request: HttpRequest) -> HttpResponse:
    """Step 1: upload → dry run report. Step 2: confirm → real import (or
    cancel). The checked file waits in private storage between the two."""
    if not can_import(request.user):
        raise PermissionDenied
    context: dict[str, object] = {"form": UploadForm()}
    if request.method == "POST" and "token" in request.POST:
        name = import_uploads.stored_name(
            request.POST["token"], request.POST.get("suffix", "")
        )
        if name is not None and "cancel" in request.POST:
            import_uploads.discard(name)
            context["cancelled"] = True
            return render(request, TEMPLATE, context)
        data = import_uploads.take(name) if name is not None else None
        if data is None:
            context["errors"] = [
                RowError(0, str(_("The uploaded file has expired; upload it again.")))
            ]
            return render(request, TEMPLATE, context)
        try:
            context["report"] = import_file(data, name, user=request.user)
            context["done"] = True
        except ImportFailed as failure:
            context["errors"] = failure.errors
    elif request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > settings.UPLOAD_MAX_BYTES:
                context["errors"] = [RowError(0, str(_("The file is too large.")))]
                return render(request, TEMPLATE, context)
            data = upload.read()
            suffix = Path(upload.name).suffix.lower().lstrip(".")
            try:
                context["report"] = import_file(data, upload.name, dry_run=True)
            except ImportFailed as failure:
                context["errors"] = failure.errors
            else:
                token = import_uploads.keep(data, suffix)
                context.update(token=token, suffix=suffix, filename=upload.name)
                # Dry runs left without an answer are deleted after a while.
                purge_import_uploads.enqueue()
    return render(request, TEMPLATE, context)
