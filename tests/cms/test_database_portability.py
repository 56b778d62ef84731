"""The same model-level behaviour on SQLite and on PostgreSQL.

The model tests here run on the suite's database: SQLite locally, PostgreSQL in
CI. When the suite runs on PostgreSQL, the last test runs this same module again
in a fresh process on SQLite, so CI proves both engines in one run.
"""

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db import IntegrityError, connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper

from cms.settings.base import database_from_url
from sites.models import AdministrativeUnit, UnitKind

ROOT = Path(__file__).resolve().parents[2]
LONG_NAME = ("Ủy ban nhân dân xã Đức Long, huyện Thạch An, tỉnh Cao Bằng " * 5)[:255]


@pytest.mark.django_db
def test_unit_hierarchy_round_trip():
    units = AdministrativeUnit.objects
    province = units.create(
        kind=UnitKind.PROVINCE, name="Tỉnh Cao Bằng", code="cao-bang"
    )
    district = units.create(
        kind=UnitKind.DISTRICT, name="Huyện Thạch An", code="thach-an", parent=province
    )
    for index, name in enumerate(["Xã Đức Long", "Thị trấn Đông Khê", "Xã Lê Lợi"]):
        units.create(
            kind=UnitKind.COMMUNE, name=name, code=f"xa-{index}", parent=district
        )
    units.create(kind=UnitKind.COMMUNE, name=LONG_NAME, code="long", parent=province)

    communes = units.filter(parent__parent=province, kind=UnitKind.COMMUNE)
    assert [u.name for u in communes.order_by("code")] == [
        "Xã Đức Long",
        "Thị trấn Đông Khê",
        "Xã Lê Lợi",
    ]
    assert units.get(code="long").name == LONG_NAME
    assert units.filter(name__contains="Đông").get().code == "xa-1"
    assert (
        units.select_related("parent__parent").get(code="xa-2").parent.parent
        == province
    )
    assert units.filter(parent=province).count() == 2

    with pytest.raises(IntegrityError), transaction.atomic():
        units.create(
            kind=UnitKind.COMMUNE, name="Xã Đức Long", code="dup", parent=district
        )


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_do_not_fail():
    """Read-then-write transactions from several threads all commit.

    On SQLite this needs WAL and IMMEDIATE transactions: with deferred ones a
    reader upgrading to a writer fails at once with "database is locked".
    """
    province = AdministrativeUnit.objects.create(
        kind=UnitKind.PROVINCE, name="Tỉnh Cao Bằng", code="cao-bang"
    )
    errors: list[Exception] = []

    def writer(thread: int) -> None:
        try:
            for index in range(15):
                with transaction.atomic():
                    count = AdministrativeUnit.objects.count()
                    AdministrativeUnit.objects.create(
                        kind=UnitKind.DEPARTMENT,
                        name=f"Sở {thread}-{index}-{count}",
                        code=f"so-{thread}-{index}",
                        parent=province,
                    )
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert AdministrativeUnit.objects.count() == 1 + 4 * 15


def test_sqlite_is_configured_for_wal_and_immediate_transactions():
    config = database_from_url("sqlite:///var/x.sqlite3")

    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]


def test_a_real_sqlite_connection_opens_in_wal_mode(tmp_path, django_db_blocker):
    config = database_from_url(f"sqlite:///{tmp_path / 'wal.sqlite3'}")
    wrapper = DatabaseWrapper(
        {
            **config,
            "TIME_ZONE": None,
            "CONN_HEALTH_CHECKS": False,
            "AUTOCOMMIT": True,
            "ATOMIC_REQUESTS": False,
            "TEST": {},
        },
        alias="wal-probe",
    )
    try:
        with django_db_blocker.unblock(), wrapper.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA foreign_keys")
            assert cursor.fetchone()[0] == 1
    finally:
        wrapper.close()


@pytest.mark.postgres
def test_same_module_passes_on_sqlite_too(tmp_path):
    """CI runs on PostgreSQL; run this module again on a fresh SQLite database."""
    env = {k: v for k, v in os.environ.items() if k != "REQUIRE_SERVICES"}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'portability.sqlite3'}",
        VAR_DIR=str(tmp_path),
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            __file__,
            "-q",
            "--create-db",
            "-p",
            "no:cacheprovider",
            "-k",
            "not same_module_passes",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )

    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "4 passed" in result.stdout
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
