"""Virus scans of stored form files: the status, the scan, what may be served.

With a scanner configured (``settings.VIRUS_SCANNER``), a form version's file
is ``pending`` from the moment it is saved until the scanner calls it clean;
only clean files are handed out. Without a scanner, files are served after the
content checks alone and ``manage.py check`` says so (``forms_library.W001``).
An infected file is never served, scanner or not.

Saving a version (or replacing its document's file) queues
:func:`forms_library.tasks.scan_form_version`; a scanner that did not answer
leaves the version pending, and ``manage.py scan_form_files`` catches up (run it
after clamd was down, and with ``--all`` after a signature update if stored
files should be re-checked).
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any

from forms_library.models import FormVersion
from forms_library.validation.scanners import (
    ScannerUnavailable,
    ScanStatus,
    get_scanner,
    is_servable_status,
)

logger = logging.getLogger(__name__)


def scan_version(version_id: int) -> str:
    """Scan one version's stored file and record the verdict; return the status."""
    version = (
        FormVersion.objects.select_related("document").filter(pk=version_id).first()
    )
    if version is None:
        return "missing"
    scanner = get_scanner()
    if scanner is None:
        return str(version.scan_status)
    try:
        with version.document.file.open("rb") as stored:
            result = scanner.scan_file(stored)
    except (ScannerUnavailable, OSError) as error:
        logger.warning("Form version %s stays pending: %s", version_id, error)
        return ScanStatus.PENDING.value
    FormVersion.objects.filter(pk=version_id).update(scan_status=result.status)
    if result.infected:
        logger.error(
            "Form version %s (document %s) is infected: %s; it will not be served.",
            version_id,
            version.document_id,
            result.signature,
        )
    return result.status.value


def scan_versions(*, everything: bool = False) -> Counter[str]:
    """Scan pending versions (``everything``: all of them); count the outcomes."""
    versions = FormVersion.objects.all()
    if not everything:
        versions = versions.filter(scan_status=ScanStatus.PENDING)
    outcomes: Counter[str] = Counter()
    for version_id in versions.order_by("pk").values_list("pk", flat=True):
        outcomes[scan_version(version_id)] += 1
    return outcomes


def is_servable(version: FormVersion) -> bool:
    """May this version's file be handed out (as far as viruses go)?"""
    return is_servable_status(version.scan_status)


def document_is_servable(document: Any) -> bool:
    """The same rule for any Wagtail document served through ``/documents/``.

    A document behind form versions follows their status; another document is
    scanned on the spot when a scanner is configured (such documents are rare
    and at most ``UPLOAD_MAX_BYTES``).
    """
    statuses = list(
        FormVersion.objects.filter(document=document).values_list(
            "scan_status", flat=True
        )
    )
    if statuses:
        return all(is_servable_status(status) for status in statuses)
    scanner = get_scanner()
    if scanner is None:
        return True
    try:
        with document.file.open("rb") as stored:
            return not scanner.scan_file(stored).infected
    except (ScannerUnavailable, OSError) as error:
        logger.warning(
            "Document %s not served, no scan verdict: %s", document.pk, error
        )
        return False
