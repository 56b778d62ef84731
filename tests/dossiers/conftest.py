"""A small province with the construction permit online: shared fixtures for the
dossier and online-service tests (real pages, real files, real database)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from forms_library import samples
from forms_library.online.demo import DATA, create_service
from forms_library.online.models import OnlineServicePage
from procedure_pages.models import ProcessingTimeUnit, Tier
from sites.provisioning import SiteSpec, provision_site
from tests.procedure_pages.factories import AgencyFactory, ProcedurePageFactory

PORTAL = "tinh.localhost"
SXD = "soxaydung.tinh.localhost"
HOA_AN = "hoaan.tinh.localhost"
PERMIT_CODE = "1.009972"
LAND_CODE = "1.003003"


@dataclass
class Province:
    portal: Any
    construction: Any
    district: Any
    permit: Any
    permit_service: OnlineServicePage
    land: Any
    land_service: OnlineServicePage


def demo_service(code: str) -> tuple[list[dict[str, Any]], str]:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    service = next(s for s in data["services"] if s["code"] == code)
    return data["applicant"] + service["fields"], service.get("intro", "")


def pdf_upload(name: str = "ban-ve.pdf", text: str = "Bản vẽ") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, samples.text_pdf_bytes([text]), content_type="application/pdf"
    )


@pytest.fixture(autouse=True)
def fresh_limits_and_vietnamese():
    """Rate-limit counters live in the cache; each test starts from zero."""
    cache.clear()
    translation.activate("vi")
    yield
    cache.clear()
    translation.activate("vi")


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """Each test sees only its own private files."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
    }
    return tmp_path / "private"


def stored_files(root) -> set[str]:
    return {p.name for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def province(db, settings) -> Province:
    settings.DOSSIERS_TRACK_MIN_SECONDS = 0
    portal = provision_site(
        SiteSpec(kind="province", name="Tỉnh Thử", hostname=PORTAL)
    ).site
    construction = provision_site(
        SiteSpec(kind="department", name="Sở Xây dựng", hostname=SXD, parent=PORTAL)
    ).site
    district = provision_site(
        SiteSpec(kind="district", name="Huyện Hòa An", hostname=HOA_AN, parent=PORTAL)
    ).site
    provision_site(
        SiteSpec(
            kind="district",
            name="Huyện Hà Quảng",
            hostname="haquang.tinh.localhost",
            parent=PORTAL,
        )
    )
    catalogue = portal.root_page.get_children().get(slug="thu-tuc-hanh-chinh")
    sxd_catalogue = construction.root_page.get_children().get(slug="thu-tuc-hanh-chinh")
    permit = ProcedurePageFactory(
        parent=sxd_catalogue,
        code=PERMIT_CODE,
        slug="1009972",
        title="Cấp giấy phép xây dựng",
        tier=Tier.PROVINCIAL,
        level=3,
        processing_days=20,
        processing_time_unit=ProcessingTimeUnit.WORKING_DAYS,
        lead_agency=AgencyFactory(name="Sở Xây dựng", unit=construction.profile.unit),
    )
    land = ProcedurePageFactory(
        parent=catalogue,
        code=LAND_CODE,
        slug="1003003",
        title="Cấp giấy chứng nhận quyền sử dụng đất lần đầu",
        tier=Tier.DISTRICT,
        level=3,
        processing_days=3,
        lead_agency=AgencyFactory(name="UBND cấp huyện", tier=Tier.DISTRICT),
    )
    fields, intro = demo_service(PERMIT_CODE)
    permit_service = create_service(permit, fields, intro)
    fields, intro = demo_service(LAND_CODE)
    land_service = create_service(land, fields, intro)
    return Province(
        portal=portal,
        construction=construction,
        district=district,
        permit=permit,
        permit_service=permit_service,
        land=land,
        land_service=land_service,
    )


# Answers that pass every rule of the construction permit form (API shape).
PERMIT_ANSWERS = {
    "ho_va_ten_nguoi_nop": "Nông Văn Dũng",
    "so_cccd": "004090001234",
    "so_dien_thoai_di_dong": "0912345678",
    "dia_chi_thuong_tru": "Số 5 phố Vườn Cam, Phường Thục Phán, Cao Bằng",
    "loai_cong_trinh": "Công trình cấp II",
    "so_giay_chung_nhan_quyen_su_dung_dat": "CS 123456",
    "dia_chi_lo_dat_xay_dung": "Tổ 3, Phường Tân Giang, Cao Bằng",
    "dien_tich_xay_dung_m2": "120",
}
PERMIT_FILES = ("ban_sao_giay_chung_nhan_quyen_su_dung_dat", "ban_ve_thiet_ke_xay_dung")


# --- the one-stop desk ------------------------------------------------------------

SYT = "soyte.tinh.localhost"
STNMT = "sotainguyen.tinh.localhost"


@dataclass
class Desk:
    """The province with three departments' desks and their people."""

    province: Province
    health: Any
    environment: Any
    sxd_staff: Any
    sxd_leader: Any
    syt_staff: Any
    syt_leader: Any
    stnmt_staff: Any
    district_staff: Any
    it_admin: Any


def desk_user(site, username: str, leader: bool = False):
    """A user in the staff (or leaders') group of ``site``'s unit desk."""
    from django.contrib.auth import get_user_model

    from dossiers.models import UnitDesk

    unit_desk = UnitDesk.objects.get(unit=site.profile.unit)
    user = get_user_model().objects.create_user(
        username, f"{username}@example.test", "x", first_name=username
    )
    user.groups.add(unit_desk.leaders_group if leader else unit_desk.staff_group)
    return user


@pytest.fixture
def desk(province, settings) -> Desk:
    from django.contrib.auth import get_user_model

    from sites.permissions import ensure_system_admin_group

    health = provision_site(
        SiteSpec(kind="department", name="Sở Y tế", hostname=SYT, parent=PORTAL)
    ).site
    environment = provision_site(
        SiteSpec(
            kind="department",
            name="Sở Tài nguyên và Môi trường",
            hostname=STNMT,
            parent=PORTAL,
        )
    ).site
    it_admin = get_user_model().objects.create_user("it", "it@example.test", "x")
    it_admin.groups.add(ensure_system_admin_group())
    return Desk(
        province=province,
        health=health,
        environment=environment,
        sxd_staff=desk_user(province.construction, "sxd.canbo"),
        sxd_leader=desk_user(province.construction, "sxd.lanhdao", leader=True),
        syt_staff=desk_user(health, "syt.canbo"),
        syt_leader=desk_user(health, "syt.lanhdao", leader=True),
        stnmt_staff=desk_user(environment, "stnmt.canbo"),
        district_staff=desk_user(province.district, "hoaan.canbo"),
        it_admin=it_admin,
    )


def submit_permit(client, key: str = "k-desk", **answers: Any):
    """A construction permit dossier through the public API (as a citizen)."""
    from dossiers.models import Dossier

    data = {"procedure": PERMIT_CODE, "unit": SXD, **PERMIT_ANSWERS, **answers}
    for name in PERMIT_FILES:
        data[name] = pdf_upload(f"{name}.pdf")
    response = client.post(
        "/api/v3/dossiers/", data, HTTP_HOST=SXD, HTTP_IDEMPOTENCY_KEY=key
    )
    assert response.status_code == 201, response.content
    return Dossier.objects.get(code=response.json()["code"])
