"""Login throttling on /admin/login/ (issue 13): failed logins are counted per
account and per client address; past the limit every login is refused, the
right password included, with a Vietnamese message, and an unknown account is
locked exactly like a real one (no oracle for which accounts exist).

Counts live in the test database, so each test starts from zero."""

from __future__ import annotations

import re
from http import HTTPStatus

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "mat-khau-dung-1"  # noqa: S105
LOCKED_TEXT = "sai quá nhiều lần"


def failure_limit() -> int:
    return int(getattr(settings, "AXES_FAILURE_LIMIT", 10))


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user(
        "bientap", "bientap@x.vn", PASSWORD, is_staff=False
    )


def log_in(username: str, password: str, ip: str = "10.0.0.1"):  # type: ignore[no-untyped-def]
    """One login attempt from a fresh browser at ``ip``."""
    return Client().post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_thirty_wrong_passwords_then_the_right_one_is_refused(editor):
    for _ in range(30):
        assert log_in("bientap", "sai").status_code in (
            HTTPStatus.OK,
            HTTPStatus.TOO_MANY_REQUESTS,
        )

    response = log_in("bientap", PASSWORD)

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert LOCKED_TEXT in response.content.decode()
    assert "_auth_user_id" not in response.client.session


def test_an_account_is_locked_whatever_address_the_attempts_come_from(editor):
    for n in range(failure_limit()):
        log_in("bientap", "sai", ip=f"10.0.1.{n + 1}")

    assert log_in("bientap", PASSWORD, ip="10.0.9.9").status_code == (
        HTTPStatus.TOO_MANY_REQUESTS
    )
    # Another account is not locked by them.
    get_user_model().objects.create_user("kiemduyet", "k@x.vn", PASSWORD)
    assert log_in("kiemduyet", PASSWORD, ip="10.0.9.9").status_code == (
        HTTPStatus.FOUND
    )


def test_a_client_is_locked_whatever_accounts_it_tries(editor):
    for n in range(failure_limit()):
        log_in(f"doan-{n}", "sai", ip="10.0.2.1")

    assert log_in("bientap", PASSWORD, ip="10.0.2.1").status_code == (
        HTTPStatus.TOO_MANY_REQUESTS
    )
    # The same account from another address still gets in.
    assert log_in("bientap", PASSWORD, ip="10.0.2.2").status_code == HTTPStatus.FOUND


def without_tokens(html: str) -> str:
    """The page without its per-request CSRF tokens (form field, admin config)."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return re.sub(r'"CSRF_TOKEN": "[^"]*"', "", html)


def test_an_unknown_account_is_locked_exactly_like_a_real_one(editor):
    def attempts(username: str, ip: str) -> tuple[list[int], str]:
        statuses = []
        for _ in range(failure_limit() + 2):
            response = log_in(username, "sai", ip=ip)
            statuses.append(response.status_code)
        return statuses, without_tokens(response.content.decode())

    real = attempts("bientap", "10.0.3.1")
    unknown = attempts("khong-ton-tai", "10.0.3.2")

    assert real[0][-1] == HTTPStatus.TOO_MANY_REQUESTS
    assert real == unknown
