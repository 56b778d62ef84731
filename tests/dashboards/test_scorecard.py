"""The scorecard's completions: average processing time, satisfaction, points
per indicator as configuration, and the drill-down to the desk's dossiers."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth.models import Group

from dashboards import roadmap
from dashboards.models import IndicatorPoints
from dossiers.models import Dossier, DossierRating
from tests.dashboards.conftest import at

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 30)


def indicators(card):
    return {i.key: i for i in card.indicators}


def test_average_processing_time_in_working_days(dossiers):
    card = indicators(roadmap.scorecard(2026, today=TODAY))
    # Both finished dossiers: received 1 April, result on 21 April, 14 working
    # days (2-3, 6-10, 13-17, 20-21 April).
    assert card["processing_days"].value == "14.0"
    assert card["overdue"].value == "1"


def test_satisfaction_from_the_ratings(dossiers):
    card = indicators(roadmap.scorecard(2026, today=TODAY))
    assert card["satisfaction"].value is None  # no rating: no data
    finished = Dossier.objects.filter(completed_at__isnull=False)
    with time_machine.travel(at(2026, 5, 2, 9), tick=False):
        for dossier, score in zip(finished, (5, 3), strict=True):
            DossierRating.objects.create(dossier=dossier, score=score)
    card = indicators(roadmap.scorecard(2026, today=TODAY))
    # One of two ratings is 4 or 5; (5 + 3) / 2 = 4.
    assert card["satisfaction"].share == 0.5
    assert card["satisfaction"].value == (
        "50.0% hài lòng trên 2 lượt đánh giá (bình quân 4.00/5)"
    )
    district = dossiers.province.district.profile.unit.pk
    other = indicators(roadmap.scorecard(2026, [district], today=TODAY))
    assert other["satisfaction"].value is None


def test_points_only_where_configured_and_where_data_exists(dossiers):
    assert roadmap.scorecard(2026, today=TODAY).groups == []
    IndicatorPoints.objects.create(indicator="on_time", max_points=Decimal(4))
    IndicatorPoints.objects.create(indicator="progress_public", max_points=Decimal(2))
    IndicatorPoints.objects.create(
        indicator="complete_information", max_points=Decimal(3)
    )
    IndicatorPoints.objects.create(indicator="satisfaction", max_points=Decimal(5))
    card = roadmap.scorecard(2026, today=TODAY)
    found = indicators(card)
    # 1 of 2 finished on time: half of 4; every dossier trackable: all of 2.
    assert found["on_time"].points == Decimal("2.00")
    assert found["progress_public"].points == Decimal("2.00")
    # No data: no points, the maximum kept aside.
    assert found["complete_information"].points is None
    assert found["satisfaction"].points is None
    groups = {g.group: g for g in card.groups}
    assert list(groups) == [
        "Công khai, minh bạch",
        "Tiến độ, kết quả giải quyết",
        "Mức độ hài lòng",
    ]
    transparency = groups["Công khai, minh bạch"]
    assert (transparency.points, transparency.max_points) == (Decimal(2), Decimal(2))
    assert transparency.missing_points == Decimal(3)
    progress = groups["Tiến độ, kết quả giải quyết"]
    assert (progress.points, progress.max_points) == (Decimal(2), Decimal(4))
    satisfied = groups["Mức độ hài lòng"]
    assert (satisfied.points, satisfied.missing_points) == (Decimal(0), Decimal(5))
    # A changed decision is a change of data.
    IndicatorPoints.objects.filter(indicator="on_time").update(max_points=10)
    assert indicators(roadmap.scorecard(2026, today=TODAY))["on_time"].points == 5


def test_the_overdue_figure_opens_the_units_dossiers_in_the_desk(client, dossiers):
    # By the real today (after June) both open dossiers are past their dates.
    client.force_login(dossiers.sxd_leader)
    html = client.get("/admin/thong-ke/?nam=2026").content.decode()
    link = re.search(r'<a href="([^"]+)" title="[^"]*">2</a>', html)
    assert link, "the overdue count links to the desk"
    url = link.group(1).replace("&amp;", "&")
    assert url.startswith("/admin/ho-so-mot-cua/?")
    assert "due=overdue" in url and "submit_time_after=2026-01-01" in url
    listing = client.get(url).content.decode()
    open_ones = Dossier.objects.filter(completed_at__isnull=True)
    assert open_ones.count() == 2
    for dossier in open_ones:
        assert dossier.code in listing
    for dossier in Dossier.objects.filter(completed_at__isnull=False):
        assert dossier.code not in listing
    # Another agency's leader following the same link sees none of them.
    client.force_login(dossiers.syt_leader)
    other = client.get(url)
    assert other.status_code == 200
    for dossier in Dossier.objects.all():
        assert dossier.code not in other.content.decode()


def test_progress_over_time_on_the_roadmap(client, dossiers):
    from wagtail.models import Page

    Page.objects.filter(pk=dossiers.province.permit_service.pk).update(
        first_published_at=datetime.datetime(2015, 3, 2, 8, tzinfo=datetime.UTC)
    )
    user = dossiers.sxd_staff
    user.groups.add(Group.objects.get_or_create(name="Lãnh đạo")[0])
    client.force_login(user)
    html = client.get("/admin/thong-ke/?nam=2026").content.decode()
    assert 'data-chart="' in html
    assert "/static/dashboards/charts.js" in html
    rows = dict(
        re.findall(r'<th scope="row">(20\d\d)</th>((?:<td>\d+</td>)+)</tr>', html)
    )
    # Sở Xây dựng online since 2015; the permit (planned 2014) live in 2015;
    # planned by then: 3 services in 2014, all 7 from 2015.
    assert rows["2014"] == "<td>0</td><td>0</td><td>3</td>"
    assert rows["2015"] == "<td>1</td><td>1</td><td>7</td>"
