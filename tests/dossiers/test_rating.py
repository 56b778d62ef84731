"""The applicant's satisfaction rating: from the tracking page and the API, once
per dossier (the database too), only when the dossier is finished for the
applicant, the same 404 as tracking, the desk's read-only view, and the
figures for the dashboards (``dossiers.stats.satisfaction``)."""

from __future__ import annotations

import datetime
import json
import secrets
from http import HTTPStatus

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from dossiers import desk as desk_services
from dossiers.enums import DossierStatus
from dossiers.models import Dossier, DossierRating
from dossiers.stats import SatisfactionStats, satisfaction
from tests.dossiers.conftest import pdf_upload, submit_permit

pytestmark = pytest.mark.django_db


def clone(template: Dossier, status: str, unit=None) -> Dossier:
    """A dossier like ``template``, standing in ``status``."""
    fields = {
        f.attname: getattr(template, f.attname)
        for f in Dossier._meta.concrete_fields
        if not f.primary_key
    }
    fields.update(
        code=f"T-{secrets.token_hex(4).upper()}",
        public_token=secrets.token_urlsafe(32),
        idempotency_key=None,
        status=status,
    )
    if unit is not None:
        fields["unit_id"] = unit.pk
    return Dossier.objects.create(**fields)


@pytest.fixture
def returned(client, desk) -> Dossier:
    """A construction permit dossier taken through the desk to "returned"."""
    dossier = submit_permit(client)
    steps = [
        (desk.sxd_staff, "accept", desk_services.ActionData()),
        (desk.sxd_leader, "approve", desk_services.ActionData()),
        (
            desk.sxd_staff,
            "attach_result",
            desk_services.ActionData(files=[pdf_upload("giay-phep.pdf", "GP")]),
        ),
        (desk.sxd_staff, "return", desk_services.ActionData()),
    ]
    for user, action, data in steps:
        desk_services.perform(user, dossier, action, data)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RETURNED
    return dossier


def status_page(client, dossier: Dossier):
    return client.get(f"/tra-cuu-ho-so/{dossier.public_token}/", HTTP_HOST=SXD)


def post_rating(client, dossier: Dossier, address: str = "10.2.2.2", **data):
    payload = {"score": "4", "reasons": ["on_time", "helpful_staff"], **data}
    return client.post(
        f"/tra-cuu-ho-so/{dossier.public_token}/danh-gia/",
        payload,
        HTTP_HOST=SXD,
        REMOTE_ADDR=address,
    )


SXD = "soxaydung.tinh.localhost"


def test_a_returned_dossier_is_rated_once_from_the_tracking_page(client, returned):
    page = status_page(client, returned).content.decode()
    assert 'name="score"' in page
    assert "Trả kết quả đúng hẹn" in page
    assert "Cán bộ hướng dẫn tận tình" in page

    response = post_rating(client, returned, comment="Nhanh gọn.")

    assert response.status_code == HTTPStatus.FOUND
    rating = DossierRating.objects.get(dossier=returned)
    assert (rating.score, rating.reasons, rating.comment) == (
        4,
        ["on_time", "helpful_staff"],
        "Nhanh gọn.",
    )
    page = status_page(client, returned).content.decode()
    assert 'name="score"' not in page
    assert "Cảm ơn" in page

    again = post_rating(client, returned, score="1")

    assert again.status_code == HTTPStatus.CONFLICT
    assert "Hồ sơ này đã được đánh giá" in again.content.decode()
    assert again["Cache-Control"] == "private, no-store"
    assert DossierRating.objects.filter(dossier=returned).count() == 1
    assert DossierRating.objects.get(dossier=returned).score == 4


def test_the_database_refuses_a_second_rating(returned):
    DossierRating.objects.create(dossier=returned, score=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        DossierRating.objects.create(dossier=returned, score=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        DossierRating.objects.create(dossier=clone(returned, "returned"), score=6)


@pytest.mark.parametrize(
    ("status", "ratable"),
    [
        (DossierStatus.RECEIVED, False),
        (DossierStatus.PROCESSING, False),
        (DossierStatus.SUPPLEMENT_REQUESTED, False),
        (DossierStatus.APPROVED, False),
        (DossierStatus.REJECTED, False),
        (DossierStatus.RESULT_READY, False),
        (DossierStatus.WITHDRAWN, False),
        (DossierStatus.RETURNED, True),
        (DossierStatus.REFUSED, True),
    ],
)
def test_only_returned_or_refused_dossiers_can_be_rated(
    client, returned, status, ratable
):
    dossier = clone(returned, status)

    page = status_page(client, dossier).content.decode()
    response = post_rating(client, dossier)

    assert ('name="score"' in page) is ratable
    if ratable:
        assert response.status_code == HTTPStatus.FOUND
        assert DossierRating.objects.filter(dossier=dossier).exists()
    else:
        assert response.status_code == HTTPStatus.CONFLICT
        assert "khi đã trả kết quả" in response.content.decode()
        assert not DossierRating.objects.filter(dossier=dossier).exists()


def test_invalid_ratings_are_refused(client, returned):
    for data in (
        {"score": "0"},
        {"score": "6"},
        {"score": "abc"},
        {"reasons": ["bribe"]},
        {"comment": "x" * 1001},
    ):
        response = post_rating(client, returned, **data)
        assert response.status_code == HTTPStatus.BAD_REQUEST, data
    assert not DossierRating.objects.exists()


def test_rating_needs_the_csrf_token(returned):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = post_rating(strict, returned)

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not DossierRating.objects.exists()


def test_rating_is_rate_limited_like_tracking(client, returned, settings):
    settings.DOSSIERS_TRACK_RATE = "2/m"
    codes = [post_rating(client, returned, score="9").status_code for _ in range(3)]

    assert codes == [HTTPStatus.BAD_REQUEST, HTTPStatus.BAD_REQUEST, 429]


def api_rate(client, code: str, factor: str, **data):
    body = {"code": code, "factor": factor, "score": 5, "reasons": ["on_time"]}
    body.update(data)
    return client.post(
        "/api/v3/dossiers/rate",
        json.dumps(body),
        content_type="application/json",
        HTTP_HOST=SXD,
        REMOTE_ADDR="10.3.3.3",
    )


def test_api_rates_once_with_the_tracking_404(client, returned):
    track_wrong = client.post(
        "/api/v3/dossiers/track",
        json.dumps({"code": returned.code, "factor": "0000"}),
        content_type="application/json",
        HTTP_HOST=SXD,
    )
    wrong_factor = api_rate(client, returned.code, "0000")
    unknown = api_rate(client, returned.code[:-4] + "9999", "5678")

    assert track_wrong.status_code == wrong_factor.status_code == 404
    assert unknown.status_code == 404
    assert wrong_factor.json() == unknown.json() == track_wrong.json()
    assert not DossierRating.objects.exists()

    created = api_rate(client, returned.code, "5678", comment="Tốt")

    assert created.status_code == HTTPStatus.CREATED, created.content
    assert created.json()["score"] == 5
    assert created.json()["reasons"] == ["on_time"]
    again = api_rate(client, returned.code, "1234")  # last four of the CCCD
    assert again.status_code == HTTPStatus.CONFLICT
    assert DossierRating.objects.get().score == 5


def test_api_refuses_an_open_dossier_and_bad_scores(client, desk):
    dossier = submit_permit(client)

    assert api_rate(client, dossier.code, "5678").status_code == HTTPStatus.CONFLICT
    assert api_rate(client, dossier.code, "5678", score=7).status_code == 400


def test_the_lead_units_staff_see_the_rating_read_only(client, desk, returned):
    DossierRating.objects.create(
        dossier=returned, score=2, reasons=["many_trips"], comment="Đi lại 3 lần."
    )
    url = f"/admin/ho-so-mot-cua/{returned.pk}/"

    client.force_login(desk.sxd_staff)
    page = client.get(url, HTTP_HOST=SXD).content.decode()

    assert 'data-score="2"' in page
    assert "Phải đi lại nhiều lần" in page
    assert "Đi lại 3 lần." in page
    assert "danh-gia" not in page  # no form to change it
    client.force_login(desk.syt_staff)
    assert client.get(url, HTTP_HOST=SXD).status_code == HTTPStatus.NOT_FOUND


# --- the figures ------------------------------------------------------------------


def rated(dossier: Dossier, score: int, day: datetime.date, hour: int = 10) -> None:
    rating = DossierRating.objects.create(dossier=dossier, score=score)
    at = datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )
    DossierRating.objects.filter(pk=rating.pk).update(created=at)


def test_satisfaction_figures_by_period_and_unit(client, desk, returned):
    sxd = desk.province.construction.profile.unit
    syt = desk.health.profile.unit
    day = datetime.date(2026, 3, 10)
    # Sở Xây dựng: 5, 4, 2, 5 in the period; Sở Y tế: 1, 3 in it; one of each
    # just outside it (the day before at 23:00, the day after at 00:30).
    for score in (5, 4, 2):
        rated(clone(returned, "returned", sxd), score, day)
    rated(returned, 5, datetime.date(2026, 3, 31), hour=23)
    rated(clone(returned, "returned", syt), 1, day)
    rated(clone(returned, "refused", syt), 3, datetime.date(2026, 3, 1), hour=0)
    rated(clone(returned, "returned", sxd), 5, datetime.date(2026, 2, 28), hour=23)
    rated(clone(returned, "returned", syt), 1, datetime.date(2026, 4, 1), hour=0)

    march = (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))
    everyone = satisfaction(*march)
    only_sxd = satisfaction(*march, units=[sxd.pk])
    both = satisfaction(*march, units=iter([sxd.pk, syt.pk]))
    nobody = satisfaction(*march, units=[])
    empty = satisfaction(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))

    # 5+4+2+5+1+3 = 20 over 6; satisfied: 5, 4, 5.
    assert everyone == SatisfactionStats(
        ratings=6,
        average=20 / 6,
        satisfied=3,
        satisfied_share=0.5,
        by_score={1: 1, 2: 1, 3: 1, 4: 1, 5: 2},
    )
    assert both == everyone
    # 5+4+2+5 = 16 over 4; satisfied 3 of 4.
    assert only_sxd == SatisfactionStats(
        ratings=4,
        average=4.0,
        satisfied=3,
        satisfied_share=0.75,
        by_score={1: 0, 2: 1, 3: 0, 4: 1, 5: 2},
    )
    assert (
        nobody
        == empty
        == SatisfactionStats(
            ratings=0,
            average=None,
            satisfied=0,
            satisfied_share=None,
            by_score={1: 0, 2: 0, 3: 0, 4: 0, 5: 0},
        )
    )
