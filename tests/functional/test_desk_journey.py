"""The one-stop desk, end to end in a browser: a citizen submits the
construction permit; the Sở Xây dựng's staff ask for a supplement; the citizen
uploads it from the tracking page; staff ask the Sở Tài nguyên và Môi trường
for an opinion; it answers from its own inbox; the leader approves; staff
attach the permit; the citizen downloads it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import expect

from dossiers.models import Dossier, OpinionRequest
from forms_library import samples
from procedure_pages.models import OnlineKind
from tests.dossiers import conftest as shared

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

province = shared.province
desk = shared.desk
private_storage = shared.private_storage
fresh_limits_and_vietnamese = shared.fresh_limits_and_vietnamese


def pdf(tmp_path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_bytes(samples.text_pdf_bytes([text]))
    return str(path)


def logged_in(browser, user, site_url):
    """A browser context with ``user``'s admin session (force_login: the
    login throttle refuses password logins without a request)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="vi-VN")
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": site_url(shared.PORTAL, "/"),
            }
        ]
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    return page


def act(page, action: str, **fields: str) -> None:
    box = page.locator(f"details[data-action={action}]")
    box.locator("summary").click()
    for name, value in fields.items():
        if name == "files":
            box.locator("input[name=files]").set_input_files(value)
        elif name == "unit":
            box.locator("select[name=unit]").select_option(label=value)
        else:
            box.locator(f"[name={name}]").fill(value)
    box.locator("button[type=submit]").click()
    page.wait_for_load_state()


def test_desk_journey(browser, page, site_url, desk, tmp_path):
    permit = desk.province.permit
    permit.online_kind = OnlineKind.FULL  # results returned online
    permit.save(update_fields=["online_kind"])

    # 1. The citizen submits the construction permit.
    citizen = page
    citizen.goto(site_url(shared.SXD, "/thu-tuc-hanh-chinh/1009972/nop-truc-tuyen/"))
    citizen.get_by_label("Họ và tên người nộp").fill("Nông Văn Dũng")
    citizen.get_by_label("Số CCCD").fill("004090001234")
    citizen.get_by_label("Số điện thoại di động").fill("0912 345 678")
    address = citizen.locator("#field-dia_chi_thuong_tru")
    address.locator("select[data-address=ward]").select_option(label="Phường Thục Phán")
    address.locator("input[data-address=details]").fill("Số 5 phố Vườn Cam")
    citizen.get_by_role("button", name="Tiếp tục").click()
    citizen.get_by_label("Công trình cấp II").check()
    citizen.get_by_label("Số giấy chứng nhận quyền sử dụng đất").fill("CS 123456")
    plot = citizen.locator("#field-dia_chi_lo_dat_xay_dung")
    plot.locator("select[data-address=ward]").select_option(label="Phường Tân Giang")
    plot.locator("input[data-address=details]").fill("Tổ 3")
    citizen.get_by_label("Diện tích xây dựng (m²)").fill("120")
    citizen.get_by_role("button", name="Tiếp tục").click()
    citizen.locator(
        "input[name=ban_sao_giay_chung_nhan_quyen_su_dung_dat]"
    ).set_input_files(pdf(tmp_path, "gcn.pdf", "Giấy chứng nhận QSDĐ"))
    citizen.locator("input[name=ban_ve_thiet_ke_xay_dung]").set_input_files(
        pdf(tmp_path, "ban-ve.pdf", "Bản vẽ mặt bằng")
    )
    citizen.get_by_role("button", name="Tiếp tục").click()
    citizen.get_by_role("button", name="Nộp hồ sơ").click()
    citizen.wait_for_url(re.compile(r"/tra-cuu-ho-so/[\w-]+/$"))
    tracking = citizen.url
    dossier = Dossier.objects.get()

    # 2. Staff accept it and ask for a supplement.
    staff = logged_in(browser, desk.sxd_staff, site_url)
    staff.goto(site_url(shared.PORTAL, "/admin/ho-so-mot-cua/"))
    staff.get_by_role("link", name=dossier.code).click()
    staff.wait_for_url(re.compile(rf"/admin/ho-so-mot-cua/{dossier.pk}/$"))
    act(staff, "accept")
    act(staff, "request_supplement", message="Đề nghị bổ sung bản vẽ mặt cắt 1/100.")
    dossier.refresh_from_db()
    assert dossier.status == "supplement_requested"

    # 3. The citizen sends it from the tracking page.
    citizen.goto(tracking)
    expect(
        citizen.get_by_text("Đề nghị bổ sung bản vẽ mặt cắt 1/100.").first
    ).to_be_visible()
    citizen.locator("#id_files").set_input_files(
        pdf(tmp_path, "mat-cat.pdf", "Mặt cắt")
    )
    citizen.locator("#id_answer").fill("Đã bổ sung bản vẽ mặt cắt.")
    citizen.locator(".dossier-supplement button[type=submit]").click()
    citizen.wait_for_load_state()
    dossier.refresh_from_db()
    assert dossier.status == "processing"

    # 4. Staff ask the Sở Tài nguyên và Môi trường for its opinion.
    staff.reload()
    expect(staff.get_by_text("mat-cat.pdf")).to_be_visible()
    act(
        staff,
        "ask_opinion",
        unit="Sở Tài nguyên và Môi trường",
        message="Đề nghị cho ý kiến về quy hoạch sử dụng đất của lô đất.",
        files=pdf(tmp_path, "to-trinh.pdf", "Tờ trình xin ý kiến"),
    )
    assert OpinionRequest.objects.filter(answered_at__isnull=True).count() == 1

    # 5. The Sở Tài nguyên và Môi trường answers from its own inbox.
    agency = logged_in(browser, desk.stnmt_staff, site_url)
    agency.goto(site_url(shared.PORTAL, "/admin/"))
    expect(agency.locator(".dossier-desk-panel")).to_be_visible()
    agency.goto(site_url(shared.PORTAL, "/admin/ho-so-mot-cua/?role=opinion"))
    agency.get_by_role("link", name=dossier.code).click()
    agency.wait_for_url(re.compile(rf"/admin/ho-so-mot-cua/{dossier.pk}/$"))
    expect(agency.get_by_text("to-trinh.pdf")).to_be_visible()
    act(agency, "answer_opinion", message="Lô đất phù hợp quy hoạch sử dụng đất.")
    assert OpinionRequest.objects.get().answered_at is not None

    # 6. The leader reads the opinion and approves.
    leader = logged_in(browser, desk.sxd_leader, site_url)
    leader.goto(site_url(shared.PORTAL, f"/admin/ho-so-mot-cua/{dossier.pk}/"))
    assert leader.locator(".dossier-desk-opinion-answer").inner_text() == (
        "Lô đất phù hợp quy hoạch sử dụng đất."
    )
    act(leader, "approve")
    dossier.refresh_from_db()
    assert dossier.status == "approved"

    # 7. Staff attach the permit.
    permit_file = pdf(tmp_path, "giay-phep-xay-dung.pdf", "GIẤY PHÉP XÂY DỰNG số 12")
    staff.reload()
    act(
        staff,
        "attach_result",
        files=pdf(tmp_path, "giay-phep-xay-dung.pdf", "GIẤY PHÉP XÂY DỰNG số 12"),
        message="Giấy phép xây dựng số 12/GPXD.",
    )
    dossier.refresh_from_db()
    assert dossier.status == "result_ready"

    # 8. The citizen downloads it from the tracking page.
    citizen.goto(tracking)
    expect(citizen.get_by_text("Giấy phép xây dựng số 12/GPXD.").first).to_be_visible()
    with citizen.expect_download() as download:
        citizen.locator(".dossier-result-files a").first.click()
    saved = tmp_path / "tai-ve.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes() == Path(permit_file).read_bytes()
    assert download.value.suggested_filename == "giay-phep-xay-dung.pdf"
    # The opinion, the internal steps: never on the citizen's page.
    assert "quy hoạch sử dụng đất của lô đất" not in citizen.content()
    for other in (staff, agency, leader):
        other.context.close()
