"""The desk in Wagtail's admin: the inbox's filters, search and exports, the
home page counters, actions from the dossier page, the control slip, and the
desk groups that provisioning creates."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from dossiers.models import Dossier, UnitDesk
from sites.provisioning import SiteSpec, provision_site
from tests.dossiers.conftest import PORTAL, submit_permit

pytestmark = pytest.mark.django_db
INBOX = "/admin/ho-so-mot-cua/"


@pytest.fixture
def three(client, desk):
    """Received, processing and overdue dossiers of the Sở Xây dựng."""
    new = submit_permit(client, key="new")
    busy = submit_permit(client, key="busy", ho_va_ten_nguoi_nop="=HYPERLINK(1)")
    late = submit_permit(client, key="late", ho_va_ten_nguoi_nop="Bế Thị Hoa")
    client.force_login(desk.sxd_staff)
    for dossier in (busy, late):
        response = client.post(
            f"{INBOX}{dossier.pk}/action/accept/", {"message": ""}, HTTP_HOST=PORTAL
        )
        assert response.status_code == 302
    Dossier.objects.filter(pk=late.pk).update(
        appointment_date=datetime.date.today() - datetime.timedelta(days=2)
    )
    return new, busy, late


def listed(client, query: str) -> set[int]:
    response = client.get(f"{INBOX}?{query}", HTTP_HOST=PORTAL)
    assert response.status_code == 200
    text = response.content.decode()
    return {d.pk for d in Dossier.objects.all() if f'{INBOX}{d.pk}/"' in text}


def test_inbox_filters_and_search(client, desk, three):
    new, busy, late = three
    assert listed(client, "") == {new.pk, busy.pk, late.pk}
    assert listed(client, "status=received") == {new.pk}
    assert listed(client, "due=overdue") == {late.pk}
    assert listed(client, "q=Bế Thị Hoa") == {late.pk}
    assert listed(client, f"q={new.code}") == {new.pk}
    assert listed(client, f"procedure={new.procedure_id}") == {new.pk, busy.pk, late.pk}
    today = datetime.date.today().isoformat()
    assert listed(client, f"submit_time_from={today}") == {new.pk, busy.pk, late.pk}
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    assert listed(client, f"submit_time_from={tomorrow}") == set()


def test_exports_follow_the_filters_and_defuse_formulas(client, desk, three):
    new, busy, late = three
    response = client.get(f"{INBOX}?export=csv&status=processing", HTTP_HOST=PORTAL)
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][0] == "Mã hồ sơ"
    assert sorted(r[0] for r in rows[1:]) == sorted([busy.code, late.code])
    names = {r[1] for r in rows[1:]}
    assert "'=HYPERLINK(1)" in names  # never a live formula

    response = client.get(f"{INBOX}?export=xlsx&due=overdue", HTTP_HOST=PORTAL)
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = list(sheet.values)
    assert [row[0] for row in values[1:]] == [late.code]


def test_home_page_counters(client, desk, three):
    response = client.get("/admin/", HTTP_HOST=PORTAL)
    text = response.content.decode()
    assert "dossier-desk-panel" in text
    assert f"<span>1</span> {'Mới'}" in text or "<span>1</span>" in text
    client.force_login(desk.syt_staff)
    text = client.get("/admin/", HTTP_HOST=PORTAL).content.decode()
    assert "dossier-desk-panel" in text
    assert "<span>1</span>" not in text


def test_actions_from_the_dossier_page(client, desk, three):
    new, busy, late = three
    page = client.get(f"{INBOX}{busy.pk}/", HTTP_HOST=PORTAL).content.decode()
    assert 'data-action="request_supplement"' in page
    assert 'data-action="approve"' not in page  # staff, not leader
    response = client.post(
        f"{INBOX}{busy.pk}/action/request_supplement/",
        {"message": "Bổ sung bản vẽ mặt cắt."},
        HTTP_HOST=PORTAL,
        follow=True,
    )
    busy.refresh_from_db()
    assert busy.status == "supplement_requested"
    assert "Bổ sung bản vẽ mặt cắt." in response.content.decode()
    # A refused action leaves the dossier as it was and says why.
    response = client.post(
        f"{INBOX}{busy.pk}/action/return/", {}, HTTP_HOST=PORTAL, follow=True
    )
    busy.refresh_from_db()
    assert busy.status == "supplement_requested"
    client.force_login(desk.sxd_leader)
    page = client.get(f"{INBOX}{late.pk}/", HTTP_HOST=PORTAL).content.decode()
    assert 'data-action="approve"' in page


def test_the_control_slip_lists_every_step(client, desk, three):
    new, busy, late = three
    client.post(
        f"{INBOX}{busy.pk}/action/note/", {"message": "Đã kiểm tra"}, HTTP_HOST=PORTAL
    )
    response = client.get(f"{INBOX}{busy.pk}/phieu/control.pdf", HTTP_HOST=PORTAL)
    assert response["Content-Type"] == "application/pdf"
    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages
    )
    assert "KIỂM SOÁT" in text.upper()
    assert busy.code in text
    assert "Đã kiểm tra" in text
    assert "sxd.canbo" in text


def test_provisioning_creates_the_desk_groups(province):
    site = provision_site(
        SiteSpec(
            kind="commune",
            name="Xã Trường Hà",
            hostname="truongha.tinh.localhost",
            parent="hoaan.tinh.localhost",
        )
    ).site
    unit_desk = UnitDesk.objects.get(unit=site.profile.unit)
    assert unit_desk.staff_group.name == "Cán bộ một cửa – truongha.tinh.localhost"
    assert unit_desk.leaders_group.name == "Lãnh đạo – truongha.tinh.localhost"
    assert unit_desk.staff_group.permissions.filter(codename="access_admin").exists()
    # Idempotent: provisioning again changes nothing.
    provision_site(
        SiteSpec(
            kind="commune",
            name="Xã Trường Hà",
            hostname="truongha.tinh.localhost",
            parent="hoaan.tinh.localhost",
        )
    )
    assert UnitDesk.objects.filter(unit=site.profile.unit).count() == 1
