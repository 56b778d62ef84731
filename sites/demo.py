"""Cao Bằng demo content for the site tree (plan 1159/QĐ-UBND, 2013)."""

from __future__ import annotations

from collections.abc import Callable

from wagtail.models import Site

from sites.models import StandardPage, UnitKind
from sites.permissions import ensure_system_admin_group
from sites.provisioning import (
    SiteSpec,
    ensure_directory_page,
    provision_many,
    remove_wagtail_welcome_page,
)

PORTAL_HOSTNAME = "caobang.localhost"
PROVINCE_NAME = "Tỉnh Cao Bằng"
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


# The 17 provincial agencies of plan 1159/QĐ-UBND (2013): fifteen sở, the
# provincial inspectorate and the Ban Dân tộc.
AGENCIES: list[tuple[str, str]] = [
    ("Sở Nội vụ", "sonoivu"),
    ("Sở Tư pháp", "sotuphap"),
    ("Sở Kế hoạch và Đầu tư", "sokehoachdautu"),
    ("Sở Tài chính", "sotaichinh"),
    ("Sở Công Thương", "socongthuong"),
    ("Sở Nông nghiệp và Phát triển nông thôn", "sonongnghiep"),
    ("Sở Giao thông vận tải", "sogiaothong"),
    ("Sở Xây dựng", "soxaydung"),
    ("Sở Tài nguyên và Môi trường", "sotainguyenmoitruong"),
    ("Sở Thông tin và Truyền thông", "sothongtintruyenthong"),
    ("Sở Lao động - Thương binh và Xã hội", "solaodong"),
    ("Sở Văn hóa, Thể thao và Du lịch", "sovanhoa"),
    ("Sở Khoa học và Công nghệ", "sokhoahoccongnghe"),
    ("Sở Giáo dục và Đào tạo", "sogiaoduc"),
    ("Sở Y tế", "soyte"),
    ("Thanh tra tỉnh", "thanhtra"),
    ("Ban Dân tộc", "bandantoc"),
]

# The 13 district-level units of 2013, each with a few of its communes.
DISTRICTS: list[tuple[str, str, list[tuple[str, str]]]] = [
    (
        "Thành phố Cao Bằng",
        "thanhpho",
        [("Phường Hợp Giang", "hopgiang"), ("Phường Sông Hiến", "songhien")],
    ),
    (
        "Huyện Bảo Lạc",
        "baolac",
        [("Thị trấn Bảo Lạc", "ttbaolac"), ("Xã Cốc Pàng", "cocpang")],
    ),
    (
        "Huyện Bảo Lâm",
        "baolam",
        [("Thị trấn Pác Miầu", "pacmiau"), ("Xã Lý Bôn", "lybon")],
    ),
    (
        "Huyện Hà Quảng",
        "haquang",
        [("Thị trấn Xuân Hòa", "xuanhoa"), ("Xã Trường Hà", "truongha")],
    ),
    (
        "Huyện Hạ Lang",
        "halang",
        [("Thị trấn Thanh Nhật", "thanhnhat"), ("Xã Lý Quốc", "lyquoc")],
    ),
    (
        "Huyện Hòa An",
        "hoaan",
        [("Thị trấn Nước Hai", "nuochai"), ("Xã Dân Chủ", "danchu")],
    ),
    (
        "Huyện Nguyên Bình",
        "nguyenbinh",
        [("Thị trấn Nguyên Bình", "ttnguyenbinh"), ("Xã Thành Công", "thanhcong")],
    ),
    (
        "Huyện Phục Hòa",
        "phuchoa",
        [("Thị trấn Hòa Thuận", "hoathuan"), ("Xã Cách Linh", "cachlinh")],
    ),
    (
        "Huyện Quảng Uyên",
        "quanguyen",
        [("Thị trấn Quảng Uyên", "ttquanguyen"), ("Xã Phúc Sen", "phucsen")],
    ),
    (
        "Huyện Thạch An",
        "thachan",
        [("Thị trấn Đông Khê", "dongkhe"), ("Xã Đức Long", "duclong")],
    ),
    (
        "Huyện Thông Nông",
        "thongnong",
        [("Thị trấn Thông Nông", "ttthongnong"), ("Xã Cần Yên", "canyen")],
    ),
    (
        "Huyện Trà Lĩnh",
        "tralinh",
        [("Thị trấn Hùng Quốc", "hungquoc"), ("Xã Quang Hán", "quanghan")],
    ),
    (
        "Huyện Trùng Khánh",
        "trungkhanh",
        [("Thị trấn Trùng Khánh", "tttrungkhanh"), ("Xã Đàm Thủy", "damthuy")],
    ),
]


def hostname_for(label: str) -> str:
    return f"{label}.{PORTAL_HOSTNAME}"


def demo_specs() -> list[SiteSpec]:
    """The portal and every demo sub-site, parents before children."""
    specs = [
        SiteSpec(
            kind=UnitKind.PROVINCE,
            name=PROVINCE_NAME,
            short_name="Cao Bằng",
            site_name=PORTAL_NAME,
            code="cao-bang",
            hostname=PORTAL_HOSTNAME,
            intro=PORTAL_INTRO,
            body=PORTAL_BODY,
            is_default=True,
        )
    ]
    specs += [
        SiteSpec(
            kind=UnitKind.DEPARTMENT,
            name=name,
            hostname=hostname_for(label),
            parent=PORTAL_HOSTNAME,
        )
        for name, label in AGENCIES
    ]
    for name, label, communes in DISTRICTS:
        specs.append(
            SiteSpec(
                kind=UnitKind.DISTRICT,
                name=name,
                hostname=hostname_for(label),
                parent=PORTAL_HOSTNAME,
            )
        )
        specs += [
            SiteSpec(
                kind=UnitKind.COMMUNE,
                name=commune,
                hostname=hostname_for(commune_label),
                parent=hostname_for(label),
            )
            for commune, commune_label in communes
        ]
    return specs


def seed(report: Callable[[str], None] = print, *, only_portal: bool = False) -> None:
    """Provision the portal and every demo sub-site, once, through the service.

    ``only_portal`` provisions just the provincial portal (fast test fixtures).
    """
    remove_wagtail_welcome_page()
    ensure_system_admin_group()
    specs = demo_specs()[:1] if only_portal else demo_specs()
    results = provision_many(enumerate(specs, start=1))
    created = sum(1 for result in results if result.created)
    report(
        f"sites: {created} created, {len(results) - created} already there "
        f"(portal http://{PORTAL_HOSTNAME}/ and {len(specs) - 1} sub-sites "
        f"http://<unit>.{PORTAL_HOSTNAME}/; list them: manage.py list_sites)"
    )
    home = Site.objects.get(hostname=PORTAL_HOSTNAME).root_page
    if ensure_directory_page(home):
        report("created  page directory")
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
