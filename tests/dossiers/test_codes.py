"""Dossier codes: the national format, a daily sequence per agency, unique
under concurrent submissions (PostgreSQL)."""

from __future__ import annotations

import datetime
import re
import threading
from http import HTTPStatus

import pytest
from django.db import connection
from django.test import Client

from dossiers import codes
from dossiers.models import Dossier, ReceivingAgencyCode
from tests.dossiers.conftest import (
    PERMIT_ANSWERS,
    PERMIT_CODE,
    PERMIT_FILES,
    SXD,
    pdf_upload,
)


@pytest.mark.django_db
def test_code_format_and_daily_sequence(province):
    unit = province.construction.profile.unit
    ReceivingAgencyCode.objects.create(unit=unit, code="000.00.19.H12")
    day = datetime.date(2026, 1, 15)

    first = codes.allocate(unit, day)
    second = codes.allocate(unit, day)
    next_day = codes.allocate(unit, day + datetime.timedelta(days=1))

    assert first == "000.00.19.H12-260115-0001"
    assert second == "000.00.19.H12-260115-0002"
    assert next_day == "000.00.19.H12-260116-0001"


@pytest.mark.django_db
def test_a_unit_without_a_national_code_uses_its_own(province):
    unit = province.district.profile.unit
    code = codes.allocate(unit, datetime.date(2026, 1, 15))
    assert code == f"{unit.code.upper()}-260115-0001"


def _submit(host: str, key: str, results: list, errors: list) -> None:
    try:
        client = Client()
        data = {"procedure": PERMIT_CODE, "unit": SXD, **PERMIT_ANSWERS}
        for name in PERMIT_FILES:
            data[name] = pdf_upload(f"{name}.pdf")
        response = client.post(
            "/api/v3/dossiers/", data, HTTP_HOST=host, HTTP_IDEMPOTENCY_KEY=key
        )
        results.append((response.status_code, response.json()))
    except Exception as error:  # noqa: BLE001 - reported by the test
        errors.append(error)
    finally:
        connection.close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_submissions_get_twenty_distinct_codes(province, settings):
    settings.ONLINE_SUBMIT_RATE = "1000/m"
    results: list = []
    errors: list = []
    threads = [
        threading.Thread(target=_submit, args=(SXD, f"key-{n}", results, errors))
        for n in range(20)
    ]
    # Plus 5 replays of keys already sent: still 20 dossiers.
    threads += [
        threading.Thread(target=_submit, args=(SXD, f"key-{n}", results, errors))
        for n in range(5)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert {status for status, _ in results} == {HTTPStatus.CREATED}
    codes_seen = {body["code"] for _, body in results}
    assert len(codes_seen) == 20
    assert Dossier.objects.count() == 20
    numbers = sorted(int(code.rsplit("-", 1)[1]) for code in codes_seen)
    assert numbers == list(range(1, 21))
    assert all(
        re.fullmatch(r"SOXAYDUNG[A-Z-]*-\d{6}-\d{4}", code) for code in codes_seen
    )
