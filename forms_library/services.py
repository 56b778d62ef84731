"""Form library logic: safe download responses, counters, listings, ZIPs, imports."""

from __future__ import annotations

import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping
from typing import IO, Any, TypeVar, cast
from urllib.parse import quote

from django.db.models import Prefetch, Q, QuerySet
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from wagtail.models import Site

from cms.core import fragments, querystring
from cms.core.portal import is_portal
from cms.core.text import ascii_fold
from forms_library.access import public_forms
from forms_library.models import (
    FormDownloadCount,
    FormStatus,
    FormTemplate,
    FormVersion,
)
from forms_library.validation import BIDI_AND_INVISIBLE, kind_for_name
from procedure_pages.handling import procedures_handled_by, unit_of_site

# A downloaded file is data: nothing in it may run in the portal's origin.
DOWNLOAD_CSP = "default-src 'none'; sandbox; frame-ancestors 'none'"
OCTET_STREAM = "application/octet-stream"
DOWNLOAD_NAME_MAX = 150


# --- download names and responses ------------------------------------------------


def safe_filename(stem: str, extension: str) -> str:
    """A display file name safe on every OS and in a header; diacritics kept."""
    stem = unicodedata.normalize("NFC", stem)
    stem = BIDI_AND_INVISIBLE.sub("", stem)
    stem = "".join(" " if unicodedata.category(c).startswith("C") else c for c in stem)
    stem = re.sub(r'[/\\:*?"<>|;]+', "-", stem)
    stem = re.sub(r"\s+", " ", stem).strip(" .-") or "bieu-mau"
    return f"{stem[:DOWNLOAD_NAME_MAX].rstrip(' .')}.{extension}"


def ascii_filename(filename: str) -> str:
    """The RFC 6266 ``filename=`` fallback: diacritics stripped, ASCII only."""
    plain = re.sub(r"[^A-Za-z0-9 ._()-]+", "_", ascii_fold(filename))
    return plain.strip() or "download"


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback and the UTF-8 name (RFC 6266/5987)."""
    return (
        f'attachment; filename="{ascii_filename(filename)}"; '
        f"filename*=UTF-8''{quote(filename, safe='')}"
    )


_Response = TypeVar("_Response", bound=HttpResponseBase)


def protect(response: _Response, filename: str) -> _Response:
    """Headers every file download carries."""
    response["Content-Disposition"] = content_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOWNLOAD_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Referrer-Policy"] = "no-referrer"
    return response


def attachment_response(
    file: IO[bytes], filename: str, size: int | None = None
) -> HttpResponse:
    """Stream a stored file as a download with the portal's safe headers."""
    kind = kind_for_name(filename)
    response = FileResponse(file, content_type=kind.mime_type if kind else OCTET_STREAM)
    if size is not None:
        response["Content-Length"] = str(size)
    # A streaming response: callers only set headers on it.
    return cast(HttpResponse, protect(response, filename))


def version_filename(version: FormVersion) -> str:
    """The name a citizen's browser saves: "Mẫu số 01 - Đơn đề nghị … .docx"."""
    form = version.form
    kind = kind_for_name(version.document.file.name)
    extension = kind.extension if kind else "bin"
    stem = f"{form.form_number} - {form.title}" if form.form_number else form.title
    if version.status == FormStatus.SUPERSEDED:
        stem = f"{stem} (phiên bản {version.version})"
    return safe_filename(stem, extension)


def version_response(version: FormVersion) -> HttpResponse:
    """Count and serve one version of a form."""
    record_download(version.form_id)
    document = version.document
    document.file.open("rb")
    return attachment_response(
        document.file, version_filename(version), size=version.file_size
    )


def document_response(document: Any) -> HttpResponse:
    """Serve any Wagtail document safely (the ``/documents/`` path).

    A document that is a form version is counted and named like the form.
    """
    version = (
        FormVersion.objects.select_related("form", "document")
        .filter(document=document)
        .first()
    )
    if version is not None:
        return version_response(version)
    kind = kind_for_name(document.file.name)
    filename = safe_filename(document.title, kind.extension if kind else "bin")
    document.file.open("rb")
    return attachment_response(document.file, filename, size=document.file.size)


# --- counters ---------------------------------------------------------------------


def record_download(form_id: int) -> None:
    """Add one download to today's aggregate for the form (no visitor data)."""
    FormDownloadCount.increment(form_id=form_id)


# --- versions -----------------------------------------------------------------------


def keep_one_current(form: FormTemplate) -> None:
    """Supersede every current version but the latest effective one."""
    current = form.current_version
    if current is None:
        return
    form.versions.filter(status=FormStatus.CURRENT).exclude(pk=current.pk).update(
        status=FormStatus.SUPERSEDED
    )


# --- procedures ---------------------------------------------------------------------


def current_versions(forms: Iterable[FormTemplate]) -> list[FormVersion]:
    versions = []
    for form in forms:
        current = form.current_version
        if current is not None:
            versions.append(current)
    return versions


def with_versions(queryset: QuerySet[FormTemplate]) -> QuerySet[FormTemplate]:
    return queryset.select_related("agency").prefetch_related(
        Prefetch(
            "versions",
            queryset=FormVersion.objects.select_related("document"),
        )
    )


def procedure_forms(page: Any) -> list[FormVersion]:
    """The current version of each form of a procedure, in form-number order:
    the linked forms and those of its dossier components in one query (and
    one for their versions)."""
    linked = Q(procedures=page) if page.pk else Q(pk__in=[])
    from_components = [
        block.value.get("form").pk
        for block in getattr(page, "documents", None) or []
        if hasattr(block.value, "get") and block.value.get("form") is not None
    ]
    forms = FormTemplate.objects.filter(linked | Q(pk__in=from_components))
    return current_versions(with_versions(forms.distinct()))


def versions_zip(versions: Iterable[FormVersion]) -> tuple[IO[bytes], int]:
    """A ZIP of form versions (a procedure's current forms), in a temporary file.

    The caller passes only versions the request may download
    (``access.downloadable``). Each form counts one download. Entries get the
    same safe names as single downloads; a name used twice gets a number.
    """
    spool = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)  # noqa: SIM115
    used: set[str] = set()
    with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:
        for version in versions:
            name = version_filename(version)
            stem, _, extension = name.rpartition(".")
            counter = 2
            while name in used:
                name = f"{stem} ({counter}).{extension}"
                counter += 1
            used.add(name)
            with version.document.file.open("rb") as source:
                archive.writestr(name, source.read())
            record_download(version.form_id)
    size = spool.tell()
    spool.seek(0)
    return spool, size


# --- library listing ------------------------------------------------------------------


def is_aggregate_site(site: Site | None) -> bool:
    """The provincial portal's library aggregates every site's forms."""
    return site is None or is_portal(site)


def forms_for_site(site: Site | None) -> QuerySet[FormTemplate]:
    """The forms a site's library lists: on the portal all of them; on a unit's
    site its own, its agency's and those of the procedures the unit handles
    (its tier's shared procedures too, ``procedure_pages.handling``)."""
    forms = public_forms(
        FormTemplate.objects.filter(versions__status=FormStatus.CURRENT)
    )
    if site is not None and not is_aggregate_site(site):
        unit = unit_of_site(site)
        procedures = (
            Q(procedures__in=procedures_handled_by(unit).values("pk"))
            if unit is not None
            else Q(procedures__path__startswith=site.root_page.path)
        )
        forms = forms.filter(
            Q(site=site) | procedures | Q(agency__unit__site_profile__site=site)
        )
    return forms.distinct()


# The library's filters: query parameter -> lookup on FormTemplate.
LIBRARY_FILTERS = {
    "agency": "agency_id",
    "sector": "procedures__sector_id",
    "procedure": "procedures__id",
}
# Read strictly (``cms.core.querystring``): a bad value is a 400 naming it.
LIBRARY_PARAMETERS: dict[str, querystring.Converter] = {
    "q": querystring.text(),
    **dict.fromkeys(LIBRARY_FILTERS, querystring.integer(min_value=1)),
}


def library_listing(site: Site | None, params: Mapping[str, str]) -> dict[str, Any]:
    """Forms of a site's library, searched and filtered as the visitor asked."""
    from procedure_pages.models import Agency, ProcedurePage, Sector

    chosen = querystring.parse(params, LIBRARY_PARAMETERS, strict=True)
    base = forms_for_site(site)
    forms = base
    query = chosen.get("q", "")
    if query:
        forms = forms.filter(
            Q(title__icontains=query) | Q(form_number__icontains=query)
        )
    selected: dict[str, int | None] = {}
    for key, lookup in LIBRARY_FILTERS.items():
        selected[key] = chosen.get(key)
        if selected[key] is not None:
            forms = forms.filter(**{lookup: selected[key]})
    forms = with_versions(forms.distinct().order_by("form_number", "title"))
    base_ids = base.values("pk")

    def options() -> dict[str, list[dict[str, Any]]]:
        """The filters' choices: what the site's forms are about (plain rows)."""
        return {
            "agencies": list(
                Agency.objects.filter(form_templates__in=base_ids)
                .distinct()
                .values("pk", "name")
            ),
            "sectors": list(
                Sector.objects.filter(procedures__form_templates__in=base_ids)
                .distinct()
                .values("pk", "name")
            ),
            "procedures": list(
                ProcedurePage.objects.filter(form_templates__in=base_ids)
                .distinct()
                .order_by("code")
                .values("pk", "code", "title")
            ),
        }

    # They change only when a form, a procedure or an agency does: from the
    # shared cache (cms.core.fragments), purged on publish.
    return {
        "forms": forms,
        "query": query,
        "selected": selected,
        **fragments.cached_data(
            "form-library-options",
            options,
            parts=[site.pk if site is not None else None],
            site_id=site.pk if site is not None else None,
        ),
    }


# --- citizens' files ------------------------------------------------------------------


def store_private_upload(
    file: Any, *, allow_images: bool = False, folder: str = "uploads"
) -> tuple[str, Any]:
    """Validate a citizen's file and save it in private storage under a random name.

    Returns ``(stored name, ValidatedUpload)``; raises ``UploadRejected`` (with a
    Vietnamese message) and stores nothing when the file is refused. The private
    storage has no URL: serve such files only from views that check permissions,
    through :func:`attachment_response`.
    """
    from django.core.files.storage import storages

    from forms_library.validation import validate_upload

    checked = validate_upload(file, allow_images=allow_images)
    storage = storages["private"]
    name = storage.save(f"{folder}/{checked.storage_name}", file)
    return name, checked
