"""/thong-ke/ on the portal and on a unit's site: aggregates only, tables with
the numbers, the chart from our own static files."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from django.utils import timezone

from dossiers.models import Dossier
from tests.dossiers.conftest import HOA_AN, PERMIT_ANSWERS, PORTAL, SXD

pytestmark = pytest.mark.django_db


def month_row(html: str, month: str) -> list[str]:
    row = re.search(rf'<th scope="row">{month}</th>(.*?)</tr>', html)
    assert row, month
    return re.findall(r"<td>(\d+)</td>", row.group(1))


def test_the_portal_shows_the_province(client, dossiers):
    response = client.get("/thong-ke/?nam=2026", HTTP_HOST=PORTAL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Thống kê hồ sơ trực tuyến" in html
    assert "Số liệu toàn tỉnh." in html
    # received, ready, on time, late, open past the date (by today: still open)
    assert month_row(html, "04/2026") == ["3", "2", "1", "2", "1"]
    assert month_row(html, "05/2026") == ["0", "0", "0", "0", "0"]
    assert month_row(html, "06/2026")[0] == "1"
    assert '<th scope="row">Sở Xây dựng</th><td>4</td>' in html
    # The chart: our static files and data- attributes, no inline script.
    assert "/static/dashboards/vendor/chart.umd.min.js" in html
    charts = [
        json.loads(unescape(c)) for c in re.findall(r'data-chart="([^"]*)"', html)
    ]
    by_month, by_unit = charts
    assert by_month["labels"][3] == "04/2026"
    assert by_month["series"][0]["label"] == "Đã tiếp nhận"
    assert by_month["series"][0]["data"] == [0, 0, 0, 3, 0, 1, 0, 0, 0, 0, 0, 0]
    # Per agency: horizontal bars, the numbers of the table below it.
    assert by_unit["horizontal"] is True
    assert by_unit["labels"] == ["Sở Xây dựng"]
    # By today (after June) both open dossiers are late and overdue.
    assert [s["data"] for s in by_unit["series"]] == [[4], [1], [3], [2]]
    assert '<th scope="row">Sở Xây dựng</th><td>4</td><td>2</td><td>1</td>' in html
    assert "/static/dashboards/charts.js" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "chưa có dữ liệu" in html
    # Nothing private.
    for dossier in Dossier.objects.all():
        assert dossier.code not in html
        assert dossier.public_token not in html
    assert PERMIT_ANSWERS["ho_va_ten_nguoi_nop"] not in html
    assert PERMIT_ANSWERS["so_cccd"] not in html


def test_a_unit_site_shows_its_own(client, dossiers):
    html = client.get("/thong-ke/?nam=2026", HTTP_HOST=SXD).content.decode()
    assert "Số liệu của Sở Xây dựng." in html
    assert month_row(html, "04/2026")[0] == "3"
    district = client.get("/thong-ke/?nam=2026", HTTP_HOST=HOA_AN).content.decode()
    assert "Huyện Hòa An" in district
    assert month_row(district, "04/2026") == ["0", "0", "0", "0", "0"]


def test_bad_years_fall_back(client, province):
    this_year = timezone.localdate().year
    html = client.get("/thong-ke/?nam=abc", HTTP_HOST=PORTAL).content.decode()
    assert f'<option value="{this_year}" selected>' in html
    html = client.get("/thong-ke/?nam=1990", HTTP_HOST=PORTAL).content.decode()
    assert '<option value="2013" selected>' in html
    assert client.post("/thong-ke/", HTTP_HOST=PORTAL).status_code == 405


def test_the_chart_library_is_vendored():
    from django.contrib.staticfiles import finders

    path = finders.find("dashboards/vendor/chart.umd.min.js")
    assert path
    with open(path, encoding="utf-8") as f:
        assert "Chart.js v4" in f.read(200)


def test_every_site_links_the_statistics_in_its_footer(client, dossiers):
    for host in (PORTAL, SXD):
        html = client.get("/", HTTP_HOST=host).content.decode()
        footer = html[html.index('<footer class="site-footer">') :]
        assert '<a href="/thong-ke/">Thống kê</a>' in footer
