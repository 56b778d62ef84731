"""Background work of the procedure catalogue (Wagtail 8's django-tasks)."""

from __future__ import annotations

from django_tasks import task

from procedure_pages import import_uploads


@task()
def purge_import_uploads() -> int:
    """Delete the import files whose dry run was never confirmed; return how many."""
    return len(import_uploads.purge_stale_uploads())
