"""IT staff provision a commune in the admin; an editor sees only their site."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Site

from sites.permissions import ensure_system_admin_group
from sites.provisioning import SiteSpec, provision_site

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PORTAL = "tinh.localhost"
DISTRICT = "haquang.tinh.localhost"
XAY_DUNG = "soxaydung.tinh.localhost"
Y_TE = "soyte.tinh.localhost"
PASSWORD = "mat-khau-thu-nghiem-123"


def provision_province() -> None:
    provision_site(
        SiteSpec(kind="province", name="Tỉnh Thử", hostname=PORTAL, is_default=True)
    )
    for kind, name, hostname in (
        ("district", "Huyện Hà Quảng", DISTRICT),
        ("department", "Sở Xây dựng", XAY_DUNG),
        ("department", "Sở Y tế", Y_TE),
    ):
        provision_site(SiteSpec(kind=kind, name=name, hostname=hostname, parent=PORTAL))


def log_in(page, url: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url)
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/admin/**")


def test_it_staff_provision_a_commune_and_open_its_home_page(page, site_url):
    provision_province()
    user = get_user_model().objects.create_user("it", "it@tinh.vn", PASSWORD)
    user.groups.add(ensure_system_admin_group())

    log_in(page, site_url(PORTAL, "/admin/login/"), "it")
    page.goto(site_url(PORTAL, "/admin/tao-trang-don-vi/"))
    page.select_option("#id_kind", "commune")
    page.fill("#id_name", "Xã Trường Hà")
    page.fill("#id_hostname", "truongha.tinh.localhost")
    page.select_option("#id_parent", DISTRICT)
    page.locator("main form button[type=submit]").click()

    link = page.locator("#new-site-link")
    link.wait_for()
    assert Site.objects.filter(hostname="truongha.tinh.localhost").exists()
    link.click()
    page.wait_for_url("http://truongha.tinh.localhost:*/")
    assert page.locator("h1").inner_text() == "Xã Trường Hà"
    assert "Trực thuộc: Huyện Hà Quảng" in page.locator("footer").inner_text()


def test_editor_logs_in_and_sees_only_their_site(page, site_url):
    provision_province()
    xay_dung = Site.objects.get(hostname=XAY_DUNG)
    y_te_home = Site.objects.get(hostname=Y_TE).root_page
    editor = get_user_model().objects.create_user("bientap", "b@tinh.vn", PASSWORD)
    editor.groups.add(xay_dung.profile.editors_group)

    log_in(page, site_url(XAY_DUNG, "/admin/login/"), "bientap")
    page.goto(site_url(XAY_DUNG, "/admin/pages/"))

    main = page.locator("main")
    assert "Thủ tục hành chính" in main.inner_text()
    child = xay_dung.root_page.get_children().first()
    assert page.locator(f'a[href="/admin/pages/{child.pk}/edit/"]').count()
    assert page.locator(f'a[href*="/admin/pages/{y_te_home.pk}/"]').count() == 0

    page.goto(site_url(XAY_DUNG, f"/admin/pages/{y_te_home.pk}/edit/"))
    assert "/edit/" not in page.url
    assert "Sở Y tế" not in page.locator("main").inner_text()
