"""Admin view: upload a procedures file, read the dry-run report, confirm."""

from __future__ import annotations

import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from procedure_pages.transfer import FORMATS, ImportFailed, RowError, import_file

UPLOAD_FOLDER = "procedure-imports"


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


def _stored_name(token: str, suffix: str) -> str | None:
    try:
        uuid.UUID(token)
    except ValueError:
        return None
    if suffix not in FORMATS:
        return None
    return f"{UPLOAD_FOLDER}/{token}.{suffix}"


def import_procedures(request: HttpRequest) -> HttpResponse:
    """Step 1: upload → dry run report. Step 2: confirm → real import."""
    if not can_import(request.user):
        raise PermissionDenied
    storage = storages["private"]
    context: dict[str, object] = {"form": UploadForm()}
    if request.method == "POST" and "token" in request.POST:
        name = _stored_name(request.POST["token"], request.POST.get("suffix", ""))
        if name is None or not storage.exists(name):
            context["errors"] = [
                RowError(0, str(_("The uploaded file has expired; upload it again.")))
            ]
            return render(request, "procedure_pages/admin/import.html", context)
        with storage.open(name, "rb") as handle:
            data = handle.read()
        try:
            context["report"] = import_file(data, name, user=request.user)
            storage.delete(name)
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
                return render(request, "procedure_pages/admin/import.html", context)
            data = upload.read()
            suffix = Path(upload.name).suffix.lower().lstrip(".")
            try:
                context["report"] = import_file(data, upload.name, dry_run=True)
            except ImportFailed as failure:
                context["errors"] = failure.errors
            else:
                token = str(uuid.uuid4())
                storage.save(f"{UPLOAD_FOLDER}/{token}.{suffix}", ContentFile(data))
                context.update(token=token, suffix=suffix, filename=upload.name)
    return render(request, "procedure_pages/admin/import.html", context)
