"""On a phone-sized screen, a citizen submits the construction permit online
with two files, prints the receipt and tracks the dossier."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from dossiers.models import Dossier
from forms_library import samples
from tests.dossiers import conftest as shared

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

province = shared.province
private_storage = shared.private_storage
fresh_limits_and_vietnamese = shared.fresh_limits_and_vietnamese

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        locale="vi-VN", viewport=PHONE, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def test_citizen_submits_the_construction_permit_prints_and_tracks(
    phone, site_url, province, tmp_path
):
    gcn = tmp_path / "giay-chung-nhan.pdf"
    gcn.write_bytes(samples.text_pdf_bytes(["Giấy chứng nhận QSDĐ CS 123456"]))
    drawing = tmp_path / "ban-ve-mat-bang.pdf"
    drawing.write_bytes(samples.text_pdf_bytes(["Bản vẽ mặt bằng tầng 1"]))

    page = phone
    page.goto(site_url(shared.SXD, "/thu-tuc-hanh-chinh/1009972/"))
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    expect(page.get_by_text("Bước 1 trên 4")).to_be_visible()
    # Nothing wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.get_by_label("Họ và tên người nộp").fill("Nông Văn Dũng")
    page.get_by_label("Số CCCD").fill("004090001234")
    page.get_by_label("Số điện thoại di động").fill("0912 345 678")
    address = page.locator("#field-dia_chi_thuong_tru")
    address.locator("select[data-address=ward]").select_option(label="Phường Thục Phán")
    address.locator("input[data-address=details]").fill("Số 5 phố Vườn Cam")
    page.get_by_role("button", name="Tiếp tục").click()

    expect(page.get_by_text("Bước 2 trên 4")).to_be_visible()
    page.get_by_label("Công trình cấp II").check()
    page.get_by_label("Số giấy chứng nhận quyền sử dụng đất").fill("CS 123456")
    plot = page.locator("#field-dia_chi_lo_dat_xay_dung")
    plot.locator("select[data-address=ward]").select_option(label="Phường Tân Giang")
    plot.locator("input[data-address=details]").fill("Tổ 3")
    # The heritage opinion appears only once the box is ticked (script), and
    # the server would not ask for it otherwise either.
    opinion = page.locator("#field-y_kien_cua_co_quan_quan_ly_di_tich")
    expect(opinion).to_be_hidden()
    page.get_by_label("Diện tích xây dựng (m²)").fill("120")
    page.get_by_role("button", name="Tiếp tục").click()

    expect(page.get_by_text("Bước 3 trên 4")).to_be_visible()
    page.locator(
        "input[name=ban_sao_giay_chung_nhan_quyen_su_dung_dat]"
    ).set_input_files(str(gcn))
    page.locator("input[name=ban_ve_thiet_ke_xay_dung]").set_input_files(str(drawing))
    page.get_by_role("button", name="Tiếp tục").click()

    expect(page.get_by_role("heading", name="Kiểm tra và nộp")).to_be_visible()
    expect(page.get_by_text("ban-ve-mat-bang.pdf")).to_be_visible()
    assert page.locator("#id_unit").input_value() == shared.SXD
    page.get_by_role("button", name="Nộp hồ sơ").click()

    page.wait_for_url(re.compile(r"/tra-cuu-ho-so/[\w-]+/$"))
    dossier = Dossier.objects.get()
    assert page.locator(".dossier-code").inner_text() == dossier.code
    expect(page.get_by_text("Đã tiếp nhận").first).to_be_visible()
    assert dossier.files.count() == 2

    # Print the receipt: the printable page, and its PDF.
    page.get_by_role("link", name="Giấy tiếp nhận (bản in)").click()
    expect(page.get_by_text("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")).to_be_visible()
    printed = tmp_path / "bien-nhan.pdf"
    page.emulate_media(media="print")
    printed.write_bytes(page.pdf())
    text = PdfReader(str(printed)).pages[0].extract_text()
    assert dossier.code in text.replace("\n", "")
    assert "Cổng dịch vụ công" not in text.split("GIẤY")[0]  # no site header

    # Later, from another device: track by code and the phone's last digits.
    page.goto(site_url(shared.SXD, "/tra-cuu-ho-so/"))
    page.get_by_label("Mã hồ sơ").fill(dossier.code)
    page.get_by_label("4 chữ số cuối của số điện thoại hoặc CCCD").fill("5678")
    page.get_by_role("button", name="Tra cứu").click()
    assert page.locator(".dossier-code").inner_text() == dossier.code
    expect(
        page.get_by_text(dossier.appointment_date.strftime("%d/%m/%Y")).first
    ).to_be_visible()
