"""The notifications outbox: what the applicant is told, never lost, never
sent twice.

A change that concerns the applicant (the transition table's ``notify``)
writes one ``Notification`` row per channel (e-mail when the dossier has an
address, SMS when it has a phone number) in the same transaction as the change
itself, with its text already rendered. Delivery happens later:

- a task (``dossiers.tasks.deliver_notification``) is queued for each row; with
  the database queue (django-tasks-db, the default) the task row is written in
  the same transaction, so a crash cannot separate the change, its notice and
  the order to send it;
- ``deliver`` takes a row with one conditional UPDATE (pending and due, or
  taken by a worker whose lease ran out), so two workers never both send it;
  a failure puts it back as pending with a growing delay (1, 2, 4… minutes up
  to ``DOSSIERS_NOTIFY_MAX_DELAY``) and queues a retry; after
  ``DOSSIERS_NOTIFY_MAX_ATTEMPTS`` tries it is marked failed, kept, and shown in
  the admin, from where it can be sent again;
- ``manage.py send_notifications`` delivers whatever is due without the queue
  (a cron job's safety net, and the way to send the failed ones again).

The one window left is a worker that dies after the mail server accepted the
message and before the row is marked sent: the row is sent again when its
lease ends. Every e-mail of a row carries the same ``Message-ID``
(``<row key@host>``), so mail systems can recognise the duplicate.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dossiers import sms
from dossiers.models import (
    Channel,
    DeliveryStatus,
    Dossier,
    DossierEvent,
    Notification,
)

logger = logging.getLogger(__name__)

BACKOFF_SECONDS = 60


def subject_for(action: str, code: str) -> str:
    subjects = {
        "submit": _("Dossier %(code)s received"),
        "accept": _("Dossier %(code)s is being processed"),
        "refuse": _("Dossier %(code)s was not received"),
        "request_supplement": _("Dossier %(code)s: documents requested"),
        "extend": _("Dossier %(code)s: new appointment date"),
        "attach_result": _("Dossier %(code)s: the result is ready"),
        "return": _("Dossier %(code)s: result returned"),
    }
    text = subjects.get(action, _("Dossier %(code)s has changed"))
    return text % {"code": code}


def tracking_url(dossier: Dossier) -> str:
    base = str(getattr(settings, "WAGTAILADMIN_BASE_URL", "")).rstrip("/")
    return f"{base}{dossier.get_absolute_url()}"


def write(event: DossierEvent) -> list[Notification]:
    """The notices of ``event``, written (and queued) in the caller's
    transaction (one row per event and channel: the database refuses a second)."""
    dossier = event.dossier
    context = {
        "dossier": dossier,
        "event": event,
        "tracking_url": tracking_url(dossier),
    }
    rows: list[Notification] = []
    with translation.override(settings.LANGUAGE_CODE):
        subject = subject_for(event.action, dossier.code)
        if dossier.applicant_email:
            template = (
                "dossiers/email/received.txt"
                if event.action == "submit"
                else "dossiers/email/notice.txt"
            )
            rows.append(
                Notification(
                    dossier=dossier,
                    event=event,
                    channel=Channel.EMAIL,
                    recipient=dossier.applicant_email,
                    subject=subject[:255],
                    body=render_to_string(template, context),
                )
            )
        if dossier.applicant_phone:
            rows.append(
                Notification(
                    dossier=dossier,
                    event=event,
                    channel=Channel.SMS,
                    recipient=dossier.applicant_phone,
                    body=render_to_string("dossiers/email/sms.txt", context).strip(),
                )
            )
    for row in rows:
        row.save()
    schedule([row.pk for row in rows])
    return rows


def _queue_is_transactional() -> bool:
    from django_tasks import task_backends

    backend = task_backends["notifications"]
    return type(backend).__module__.startswith("django_tasks_db")


def schedule(ids: Iterable[int], run_after: datetime.datetime | None = None) -> None:
    """Queue a delivery task per row: now when the queue is in the database (the
    task row commits with the notice), else once the transaction commits."""
    from dossiers.tasks import deliver_notification

    ids = list(ids)
    if not ids:
        return

    def enqueue() -> None:
        task = deliver_notification
        if run_after is not None and task.get_backend().supports_defer:
            task = task.using(run_after=run_after)
        for pk in ids:
            task.enqueue(pk)

    if _queue_is_transactional():
        enqueue()
    else:
        transaction.on_commit(enqueue)


def backoff(attempts: int) -> datetime.timedelta:
    """The wait before try ``attempts + 1``: 1, 2, 4… minutes, capped."""
    seconds = BACKOFF_SECONDS * 2 ** max(attempts - 1, 0)
    return datetime.timedelta(seconds=min(seconds, settings.DOSSIERS_NOTIFY_MAX_DELAY))


def claimable(now: datetime.datetime) -> Q:
    return Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=now) | Q(
        status=DeliveryStatus.SENDING, claimed_until__lt=now
    )


def message_id(row: Notification) -> str:
    host = urlsplit(str(getattr(settings, "WAGTAILADMIN_BASE_URL", ""))).hostname
    return f"<{row.key}@{host or 'localhost'}>"


def send(row: Notification) -> None:
    """Hand one notice to its channel; raises when it was not accepted."""
    if row.channel == Channel.EMAIL:
        EmailMessage(
            row.subject,
            row.body,
            None,
            [row.recipient],
            headers={"Message-ID": message_id(row)},
        ).send()
    else:
        sms.get_backend().send(row.recipient, row.body, key=str(row.key))


def deliver(pk: int) -> str:
    """Deliver one notice if it is due and nobody else holds it.

    Returns ``sent``, ``retry``, ``failed`` or ``skipped`` (not due, already
    sent, or taken by another worker)."""
    now = timezone.now()
    lease = now + datetime.timedelta(seconds=settings.DOSSIERS_NOTIFY_LEASE)
    taken = Notification.objects.filter(claimable(now), pk=pk).update(
        status=DeliveryStatus.SENDING,
        claimed_until=lease,
        attempts=F("attempts") + 1,
    )
    if not taken:
        return "skipped"
    row = Notification.objects.get(pk=pk)
    ours = Notification.objects.filter(
        pk=pk, status=DeliveryStatus.SENDING, claimed_until=lease
    )
    try:
        send(row)
    except Exception as error:  # noqa: BLE001 - any failure of a backend is a retry
        logger.warning("Notice %s (%s) not sent: %s", row.key, row.channel, error)
        if row.attempts >= settings.DOSSIERS_NOTIFY_MAX_ATTEMPTS:
            ours.update(
                status=DeliveryStatus.FAILED,
                claimed_until=None,
                last_error=str(error)[:2000],
            )
            return "failed"
        retry_at = timezone.now() + backoff(row.attempts)
        ours.update(
            status=DeliveryStatus.PENDING,
            claimed_until=None,
            next_attempt_at=retry_at,
            last_error=str(error)[:2000],
        )
        schedule([pk], run_after=retry_at)
        return "retry"
    ours.update(
        status=DeliveryStatus.SENT,
        claimed_until=None,
        sent_at=timezone.now(),
        last_error="",
    )
    return "sent"


def deliver_due(limit: int = 500) -> dict[str, int]:
    """Deliver every notice that is due (the queue's safety net)."""
    now = timezone.now()
    ids = list(
        Notification.objects.filter(claimable(now))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    counts: dict[str, int] = {}
    for pk in ids:
        outcome = deliver(pk)
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts


def resend(rows: Iterable[Notification]) -> int:
    """Put failed notices back in the queue (an administrator's decision)."""
    ids = [row.pk for row in rows if row.status == DeliveryStatus.FAILED]
    Notification.objects.filter(pk__in=ids, status=DeliveryStatus.FAILED).update(
        status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    schedule(ids)
    return len(ids)
