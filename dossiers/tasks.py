"""Background work of the dossiers app (django-tasks, the ``notifications``
backend: a queue in the database, ``manage.py db_worker --backend
notifications --queue-name notifications``)."""

from __future__ import annotations

from django_tasks import task

from dossiers import outbox

NOTIFICATIONS = "notifications"


@task(backend=NOTIFICATIONS, queue_name=NOTIFICATIONS)
def deliver_notification(notification_id: int) -> str:
    """Deliver one outbox row (idempotent: a row sent or taken is left alone)."""
    return outbox.deliver(notification_id)
