"""The roadmap and scorecard in the admin: who sees what, real numbers."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page

pytestmark = pytest.mark.django_db
URL = "/admin/thong-ke/?nam=2026"


def cells(html: str, header: str) -> list[str]:
    row = re.search(rf'<th scope="row">{re.escape(header)}</th>(.*?)</tr>', html, re.S)
    assert row, header
    return [
        re.sub(r"<[^>]+>", "", c).strip()
        for c in re.findall(r"<td>(.*?)</td>", row.group(1), re.S)
    ]


def test_the_it_office_sees_the_province(client, dossiers):
    Page.objects.filter(pk=dossiers.province.permit_service.pk).update(
        first_published_at=datetime.datetime(2015, 3, 2, 8, tzinfo=datetime.UTC)
    )
    user = dossiers.sxd_staff
    user.groups.add(Group.objects.get_or_create(name="Lãnh đạo")[0])
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    # Sở Xây dựng: 1 procedure at level 3, online since 2 March 2015.
    assert cells(html, "Sở Xây dựng") == [
        "1",
        "0",
        "0",
        "1",
        "0",
        "0",
        "0",
        "Có",
        "02/03/2015",
    ]
    # The permit was planned for 2014 and went live in 2015: late.
    permit = cells(html, "Cấp giấy phép xây dựng")
    assert permit[2:] == ["1.009972", "02/03/2015", "Trễ hạn"]
    # A service with no procedure on the portal: not live, late.
    assert cells(html, "Cấp giấy phép đầu tư")[2:] == ["—", "—", "Trễ hạn"]
    # Scorecard: 1 of 2 finished dossiers on time; by today (after July) 3 late:
    # the extended one and the two still open past their dates.
    assert cells(html, "Tỷ lệ hồ sơ giải quyết đúng hạn")[0] == "50.0%"
    assert cells(html, "Hồ sơ trễ hạn")[0] == "3"
    assert cells(html, "Mức độ hài lòng của người dân")[0] == "chưa có dữ liệu"
    assert "Thống kê, báo cáo" in html or "Lộ trình và chấm điểm" in html


def test_an_agency_leader_sees_only_the_agency(client, dossiers):
    client.force_login(dossiers.syt_leader)
    html = client.get(URL).content.decode()
    assert "Sở Xây dựng</th>" not in html
    assert "Cấp giấy phép xây dựng</th>" not in html  # priorities: province only
    client.force_login(dossiers.sxd_leader)
    html = client.get(URL).content.decode()
    assert cells(html, "Sở Xây dựng")[0] == "1"
    assert cells(html, "Hồ sơ trễ hạn")[0] == "3"


def test_staff_without_a_leaders_role_are_refused(client, dossiers):
    client.force_login(dossiers.sxd_staff)
    # Wagtail answers a refusal with a redirect to the admin home.
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_the_yearly_report_downloads(client, dossiers):
    from openpyxl import load_workbook

    client.force_login(dossiers.sxd_leader)
    assert client.get("/admin/thong-ke/bao-cao-2026.xlsx").status_code == 302
    dossiers.sxd_leader.groups.add(Group.objects.get_or_create(name="Lãnh đạo")[0])
    html = client.get(URL).content.decode()
    assert 'href="/admin/thong-ke/bao-cao-2026.xlsx"' in html
    response = client.get("/admin/thong-ke/bao-cao-2026.xlsx")
    assert response.status_code == 200
    assert 'filename="bao-cao-2026.xlsx"' in response["Content-Disposition"]
    import io

    book = load_workbook(io.BytesIO(response.content))
    assert "Chấm điểm" in book.sheetnames
    assert client.get("/admin/thong-ke/bao-cao-2026.pdf").content.startswith(b"%PDF")
