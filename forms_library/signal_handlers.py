"""Every new or replaced form file is queued for a virus scan.

Connected in ``FormsLibraryConfig.ready()``. A version whose document changes,
or whose document's file is replaced, goes back to ``pending`` (and so out of
reach of downloads while a scanner is configured) until it is scanned again.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save, pre_save
from wagtail.documents import get_document_model

from forms_library.models import FormVersion
from forms_library.validation.scanners import ScanStatus, scanner_configured


def _queue_scans(version_ids: list[int]) -> None:
    if not scanner_configured():
        return
    from forms_library.tasks import scan_form_version

    for version_id in version_ids:
        scan_form_version.enqueue(version_id)


def version_file_changed(sender: Any, instance: FormVersion, **kwargs: Any) -> None:
    if instance.pk is None:
        return
    previous = (
        FormVersion.objects.filter(pk=instance.pk)
        .values_list("document_id", flat=True)
        .first()
    )
    if previous is not None and previous != instance.document_id:
        instance.scan_status = ScanStatus.PENDING


def scan_pending_version(sender: Any, instance: FormVersion, **kwargs: Any) -> None:
    if instance.scan_status == ScanStatus.PENDING:
        _queue_scans([instance.pk])


def remember_document_file(sender: Any, instance: Any, **kwargs: Any) -> None:
    if instance.pk is not None:
        instance._file_before_save = (
            sender.objects.filter(pk=instance.pk).values_list("file", flat=True).first()
        )


def rescan_replaced_file(
    sender: Any, instance: Any, created: bool = False, **kwargs: Any
) -> None:
    previous = getattr(instance, "_file_before_save", None)
    if created or previous is None or previous == instance.file.name:
        return
    versions = FormVersion.objects.filter(document=instance)
    version_ids = list(versions.values_list("pk", flat=True))
    versions.update(scan_status=ScanStatus.PENDING)
    _queue_scans(version_ids)


def connect() -> None:
    document_model = get_document_model()
    pre_save.connect(version_file_changed, sender=FormVersion)
    post_save.connect(scan_pending_version, sender=FormVersion)
    pre_save.connect(remember_document_file, sender=document_model)
    post_save.connect(rescan_replaced_file, sender=document_model)
