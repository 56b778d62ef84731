"""The API v3 tests share one seeded demo (the Cao Bằng demo of ``make demo``).

Seeding takes ~20 s, so it runs once for this package, inside a transaction
rolled back at the end; each test runs in a savepoint of it (pytest-django's
``db``), so what a test writes is gone for the next one.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.utils import translation

PORTAL = "caobang.localhost"
SXD = "soxaydung.caobang.localhost"


@pytest.fixture(scope="package")
def demo_data(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("seed_demo", stdout=StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(demo_data, db):  # type: ignore[no-untyped-def]
    """The seeded demo, fresh rate-limit counters, Vietnamese active."""
    cache.clear()
    translation.activate("vi")
    yield
    cache.clear()
    translation.activate("vi")


@pytest.fixture
def api(client, demo):  # type: ignore[no-untyped-def]
    """GET an API v3 path on the portal (or ``host``)."""

    def get(path: str, host: str = PORTAL, **params):  # type: ignore[no-untyped-def]
        headers = params.pop("headers", {})
        return client.get(f"/api/v3/{path}", params, headers={"host": host, **headers})

    return get
