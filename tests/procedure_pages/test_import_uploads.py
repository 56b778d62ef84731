"""The files kept between an import's dry run and its confirmation are deleted:
at once when confirmed or cancelled, by the purge when left unanswered."""

from __future__ import annotations

import os
import time
from http import HTTPStatus
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from procedure_pages import import_uploads
from procedure_pages.models import ProcedurePage
from tests.procedure_pages.factories import site_with_catalogue

pytestmark = pytest.mark.django_db

HOST = "portal.localhost"
CSV = (
    "code,name,agency,tier,level\n"
    "1.000111,Cấp phép khai thác khoáng sản,Sở Tài nguyên và Môi trường,tinh,3\n"
)
HOUR = 3600


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("boss", "b@example.com", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def catalogue():
    return site_with_catalogue(hostname=HOST, name="Cổng tỉnh", is_default=True)[1]


@pytest.fixture
def folder(settings) -> Path:
    path = Path(settings.PRIVATE_MEDIA_ROOT) / import_uploads.UPLOAD_FOLDER
    for old in path.glob("*") if path.exists() else []:
        old.unlink()
    return path


def kept_files(folder: Path) -> set[str]:
    return {path.name for path in folder.glob("*")} if folder.exists() else set()


def dry_run(client) -> str:
    """Upload the file and return the token of the kept copy."""
    response = client.post(
        reverse("procedure_pages_import"),
        {"file": SimpleUploadedFile("p.csv", CSV.encode())},
        HTTP_HOST=HOST,
    )
    html = response.content.decode()
    assert "Chạy thử" in html
    return html.split('name="token" value="', 1)[1].split('"', 1)[0]


def answer(client, token: str, **extra: str):
    return client.post(
        reverse("procedure_pages_import"),
        {"token": token, "suffix": "csv", **extra},
        HTTP_HOST=HOST,
    )


def age(folder: Path, token: str, hours: float) -> None:
    """Make the kept file ``hours`` old (its modification time on disk)."""
    path = folder / f"{token}.csv"
    then = time.time() - hours * HOUR
    os.utime(path, (then, then))


def test_dry_run_keeps_the_file_until_it_is_confirmed(admin_client, catalogue, folder):
    token = dry_run(admin_client)
    assert kept_files(folder) == {f"{token}.csv"}

    done = answer(admin_client, token)

    assert done.status_code == HTTPStatus.OK
    assert ProcedurePage.objects.count() == 1
    assert kept_files(folder) == set()


def test_confirming_twice_finds_the_file_gone(admin_client, catalogue, folder):
    token = dry_run(admin_client)
    answer(admin_client, token)

    again = answer(admin_client, token)

    assert "Tệp đã tải lên không còn; hãy tải lại." in again.content.decode()
    assert ProcedurePage.objects.count() == 1


def test_cancel_deletes_the_file_and_imports_nothing(admin_client, catalogue, folder):
    token = dry_run(admin_client)

    cancelled = answer(admin_client, token, cancel="1")

    assert cancelled.status_code == HTTPStatus.OK
    assert "Đã hủy nhập và đã xoá tệp tải lên." in cancelled.content.decode()
    assert kept_files(folder) == set()
    assert ProcedurePage.objects.count() == 0


def test_purge_deletes_unconfirmed_uploads_older_than_the_limit(
    admin_client, catalogue, folder
):
    stale = dry_run(admin_client)
    fresh = dry_run(admin_client)
    confirmed = dry_run(admin_client)
    age(folder, stale, 25)
    age(folder, fresh, 23)
    answer(admin_client, confirmed)
    assert kept_files(folder) == {f"{stale}.csv", f"{fresh}.csv"}

    out = StringIO()
    call_command("purge_import_uploads", stdout=out)

    assert kept_files(folder) == {f"{fresh}.csv"}
    assert f"deleted procedure-imports/{stale}.csv" in out.getvalue()
    assert "1 file(s) deleted" in out.getvalue()
    # The purged dry run cannot be confirmed any more; the fresh one can.
    assert "Tệp đã tải lên không còn" in answer(admin_client, stale).content.decode()
    answer(admin_client, fresh)
    assert ProcedurePage.objects.count() == 1


def test_purge_limit_follows_the_setting_and_the_option(
    admin_client, catalogue, folder, settings
):
    token = dry_run(admin_client)
    age(folder, token, 3)

    settings.IMPORT_UPLOAD_MAX_AGE_HOURS = 4
    call_command("purge_import_uploads", stdout=StringIO())
    assert kept_files(folder) == {f"{token}.csv"}

    call_command("purge_import_uploads", "--hours", "2", stdout=StringIO())
    assert kept_files(folder) == set()


def test_each_upload_queues_the_purge(admin_client, catalogue, folder):
    # Tests run tasks at once: the next upload deletes an abandoned dry run.
    abandoned = dry_run(admin_client)
    age(folder, abandoned, 30)

    newer = dry_run(admin_client)

    assert kept_files(folder) == {f"{newer}.csv"}
