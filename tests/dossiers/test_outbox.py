"""The notifications outbox: written in the change's transaction, delivered by
the database queue's worker, retried with backoff when the mail server is down,
sent exactly once."""

from __future__ import annotations

import datetime
import socket
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from dossiers import desk as desk_services
from dossiers import outbox
from dossiers.models import Channel, DeliveryStatus, Notification
from tests.dossiers.conftest import submit_permit

pytestmark = pytest.mark.django_db
EMAIL = {"thu_dien_tu": "nong.van.dung@example.test"}


def run_worker() -> None:
    """django-tasks-db's worker, one batch: its own task selection, claim and
    run_task, without the command's loop (which closes the database connection
    between tasks, the test's connection here)."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["notifications"],
        interval=0,
        batch=True,
        backend_name="notifications",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
    )
    while True:
        with transaction.atomic():
            task = (
                DBTaskResult.objects.ready()
                .filter(backend_name="notifications", queue_name="notifications")
                .get_locked()
            )
            if task is None:
                return
            task.claim(worker.worker_id)
        worker.run_task(task)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def mail_server_down(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = closed_port()
    settings.EMAIL_TIMEOUT = 2


def test_submitting_writes_the_notices_and_the_worker_sends_them(client, desk):
    dossier = submit_permit(client, **EMAIL)
    rows = Notification.objects.filter(dossier=dossier)
    assert sorted(rows.values_list("channel", flat=True)) == [
        Channel.EMAIL,
        Channel.SMS,
    ]
    assert set(rows.values_list("status", flat=True)) == {DeliveryStatus.PENDING}
    assert mail.outbox == []  # nothing is sent inside the request

    run_worker()

    assert set(rows.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nong.van.dung@example.test"]
    assert dossier.code in message.subject
    assert dossier.get_absolute_url() in message.body
    assert message.extra_headers["Message-ID"].startswith(
        f"<{rows.get(channel=Channel.EMAIL).key}@"
    )


def test_a_status_change_for_the_applicant_is_notified_an_internal_one_is_not(
    client, desk
):
    dossier = submit_permit(client, **EMAIL)
    run_worker()
    desk_services.perform(
        desk.sxd_staff, dossier, "note", desk_services.ActionData(message="nội bộ")
    )
    desk_services.perform(
        desk.sxd_staff,
        dossier,
        "request_supplement",
        desk_services.ActionData(message="Bổ sung bản vẽ mặt cắt."),
    )
    run_worker()
    assert len(mail.outbox) == 2
    assert "Bổ sung bản vẽ mặt cắt." in mail.outbox[1].body
    assert "nội bộ" not in mail.outbox[1].body
    assert Notification.objects.filter(event__action="note").count() == 0


def test_a_change_rolled_back_leaves_no_notice(client, desk):
    dossier = submit_permit(client, **EMAIL)
    before = Notification.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        desk_services.perform(
            desk.sxd_staff, dossier, "accept", desk_services.ActionData()
        )
        raise RuntimeError("the request failed after the change")
    assert Notification.objects.count() == before
    dossier.refresh_from_db()
    assert dossier.status == "received"


def test_a_mail_server_that_is_down_delays_the_notice_and_the_retry_sends_it_once(
    client, desk, settings, mail_server_down
):
    dossier = submit_permit(client, **EMAIL)
    row = Notification.objects.get(dossier=dossier, channel=Channel.EMAIL)

    run_worker()

    row.refresh_from_db()
    assert row.status == DeliveryStatus.PENDING
    assert row.attempts == 1
    assert row.last_error
    assert row.next_attempt_at > timezone.now()
    assert mail.outbox == []
    # Not due yet: a second pass leaves it alone.
    assert outbox.deliver(row.pk) == "skipped"

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(row.next_attempt_at + datetime.timedelta(seconds=1)):
        run_worker()  # the retry queued with run_after
        run_worker()
        call_command("send_notifications", stdout=StringIO())
        assert outbox.deliver(row.pk) == "skipped"

    row.refresh_from_db()
    assert row.status == DeliveryStatus.SENT
    assert row.attempts == 2
    assert len(mail.outbox) == 1


def test_backoff_grows_and_ends_in_failed_never_deleted(
    client, desk, settings, mail_server_down
):
    settings.DOSSIERS_NOTIFY_MAX_ATTEMPTS = 3
    dossier = submit_permit(client, **EMAIL)
    row = Notification.objects.get(dossier=dossier, channel=Channel.EMAIL)
    waits = []
    for _attempt in range(3):
        row.refresh_from_db()
        with time_machine.travel(row.next_attempt_at + datetime.timedelta(seconds=1)):
            started = timezone.now()
            outbox.deliver(row.pk)
            row.refresh_from_db()
            waits.append((row.next_attempt_at - started).total_seconds())
    assert row.status == DeliveryStatus.FAILED
    assert row.attempts == 3
    assert waits[1] > waits[0]
    # An administrator sends the failed ones again once the server is back.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_notifications", "--retry-failed", stdout=StringIO())
    run_worker()
    row.refresh_from_db()
    assert row.status == DeliveryStatus.SENT
    assert len(mail.outbox) == 1


def test_a_worker_that_died_while_sending_is_taken_over_after_its_lease(
    client, desk, settings
):
    dossier = submit_permit(client, **EMAIL)
    row = Notification.objects.get(dossier=dossier, channel=Channel.EMAIL)
    lease_end = timezone.now() + datetime.timedelta(seconds=300)
    Notification.objects.filter(pk=row.pk).update(
        status=DeliveryStatus.SENDING, claimed_until=lease_end, attempts=1
    )
    assert outbox.deliver(row.pk) == "skipped"  # another worker holds it
    with time_machine.travel(lease_end + datetime.timedelta(seconds=1)):
        assert outbox.deliver(row.pk) == "sent"
        assert outbox.deliver(row.pk) == "skipped"
    assert len(mail.outbox) == 1
