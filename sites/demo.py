"""Cao Bằng demo content for the site tree (plan 1159/QĐ-UBND, 2013)."""

from __future__ import annotations

from collections.abc import Callable

from sites.models import AdministrativeUnit, SiteProfile, StandardPage, UnitKind
from sites.services import ensure_site, remove_wagtail_welcome_page

PORTAL_HOSTNAME = "caobang.localhost"
PORTAL_NAME = "Cổng thông tin điện tử tỉnh Cao Bằng"

PORTAL_INTRO = (
    "Cổng dịch vụ công trực tuyến của các cơ quan nhà nước tỉnh Cao Bằng: tra cứu "
    "thủ tục hành chính, tải biểu mẫu, nộp hồ sơ trực tuyến và theo dõi kết quả "
    "giải quyết."
)
PORTAL_BODY = (
    "<p>Theo Kế hoạch ban hành kèm theo Quyết định số 1159/QĐ-UBND ngày 09/8/2013 "
    "của UBND tỉnh, toàn bộ 1.006 thủ tục hành chính của 17 sở, ban, ngành, "
    "13 huyện, thành phố và 199 xã, phường, thị trấn được cung cấp trực tuyến ở "
    "mức độ 2; các dịch vụ trọng điểm được nâng lên mức độ 3 và 4.</p>"
)
ABOUT_TITLE = "Giới thiệu kế hoạch cung cấp dịch vụ công trực tuyến"
ABOUT_INTRO = (
    "Kế hoạch cung cấp dịch vụ công trực tuyến trên cổng thông tin điện tử của các cơ "
    "quan nhà nước tỉnh Cao Bằng giai đoạn 2011–2015, định hướng đến năm 2020."
)
ABOUT_BODY = (
    "<p>Mục tiêu: xây dựng hệ thống cung cấp dịch vụ hành chính công trực tuyến tại "
    "các cơ quan hành chính nhà nước trong tỉnh thông qua mạng Internet; cung cấp "
    "toàn bộ dịch vụ hành chính công ở mức độ 2, từng bước xây dựng các dịch vụ ở "
    "mức độ 3, làm cơ sở nâng lên mức độ 4.</p>"
    "<p>Bảy dịch vụ công trọng điểm mức độ 3: cấp giấy phép đầu tư; cấp giấy phép xây "
    "dựng; giải quyết khiếu nại, tố cáo; cấp giấy đăng ký hành nghề y, dược; cấp giấy "
    "phép giới thiệu việc làm; cấp, đổi giấy phép lái xe; cấp giấy chứng nhận quyền "
    "sử dụng đất cho hộ gia đình, cá nhân.</p>"
)


def seed(report: Callable[[str], None] = print) -> None:
    """Create the provincial unit, portal site and its introduction page, once."""
    province, created = AdministrativeUnit.objects.get_or_create(
        code="cao-bang",
        defaults={
            "kind": UnitKind.PROVINCE,
            "name": "Tỉnh Cao Bằng",
            "short_name": "Cao Bằng",
        },
    )
    report(f"{'created' if created else 'exists '}  unit {province.name}")
    remove_wagtail_welcome_page()
    result = ensure_site(
        hostname=PORTAL_HOSTNAME,
        site_name=PORTAL_NAME,
        slug="cao-bang",
        intro=PORTAL_INTRO,
        body=PORTAL_BODY,
        is_default=True,
    )
    report(
        f"{'created' if result.created else 'exists '}  site http://{PORTAL_HOSTNAME}"
    )
    SiteProfile.objects.get_or_create(site=result.site, defaults={"unit": province})
    home = result.site.root_page
    if not StandardPage.objects.child_of(home).filter(slug="gioi-thieu").exists():
        about = home.add_child(
            instance=StandardPage(
                title=ABOUT_TITLE,
                slug="gioi-thieu",
                intro=ABOUT_INTRO,
                body=ABOUT_BODY,
                show_in_menus=True,
            )
        )
        about.save_revision().publish()
        report(f"created  page {ABOUT_TITLE}")
