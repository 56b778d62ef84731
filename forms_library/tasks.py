"""Background work of the forms library (Wagtail 8's django-tasks)."""

from __future__ import annotations

from django_tasks import task

from forms_library import scanning


@task()
def scan_form_version(version_id: int) -> str:
    """Scan a form version's stored file for viruses; record and return the status."""
    return scanning.scan_version(version_id)
