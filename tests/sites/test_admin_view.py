"""The provisioning view in the admin: IT staff only, CSRF-protected."""

from http import HTTPStatus

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from wagtail.models import Site

from sites.permissions import ensure_system_admin_group
from tests.sites.conftest import DISTRICT, PORTAL

pytestmark = pytest.mark.django_db

NEW_COMMUNE = "xatruongha.tinh.localhost"
FORM = {
    "kind": "commune",
    "name": "Xã Trường Hà",
    "hostname": NEW_COMMUNE,
    "parent": DISTRICT,
}


@pytest.fixture
def it_staff(province):
    user = get_user_model().objects.create_user("it", "it@x.vn", "pw")
    user.groups.add(ensure_system_admin_group())
    return user


def test_it_staff_provision_a_commune_from_the_admin(client, district, it_staff):
    client.force_login(it_staff)
    url = reverse("sites_provision")

    form = client.get(url)
    assert form.status_code == HTTPStatus.OK
    assert "Huyện Hà Quảng (haquang.tinh.localhost)" in form.content.decode()

    response = client.post(url, FORM, follow=True)

    assert response.status_code == HTTPStatus.OK
    site = Site.objects.get(hostname=NEW_COMMUNE)
    assert site.profile.unit.parent == district.profile.unit
    html = response.content.decode()
    assert "Đã tạo trang" in html
    assert f'href="http://{NEW_COMMUNE}/"' in html


def test_bad_input_is_shown_in_the_form_and_nothing_created(client, it_staff):
    client.force_login(it_staff)
    before = Site.objects.count()

    response = client.post(
        reverse("sites_provision"), {**FORM, "parent": "", "hostname": PORTAL}
    )

    assert response.status_code == HTTPStatus.OK
    assert "đã được dùng" in response.content.decode()
    assert Site.objects.count() == before


def test_editors_and_anonymous_users_cannot_provision(client, xay_dung, xd_editor):
    url = reverse("sites_provision")
    assert client.get(url).status_code == HTTPStatus.FOUND  # to the login page

    client.force_login(xd_editor)
    # Wagtail's admin turns PermissionDenied into a redirect to its dashboard.
    for response in (client.get(url), client.post(url, FORM)):
        assert response.status_code == HTTPStatus.FOUND
        assert response.url == reverse("wagtailadmin_home")
    assert not Site.objects.filter(hostname=NEW_COMMUNE).exists()


def test_the_view_requires_a_csrf_token(district, it_staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(it_staff)

    response = client.post(reverse("sites_provision"), FORM)

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Site.objects.filter(hostname=NEW_COMMUNE).exists()


def test_superuser_sees_the_menu_item(admin_client, province):
    response = admin_client.get(reverse("wagtailadmin_home"))

    assert reverse("sites_provision") in response.content.decode()
