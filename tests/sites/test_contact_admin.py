"""A site's editors edit its contact data (address, phone, e-mail, hours, head
of unit) in the admin; nobody else's, and the public pages show it."""

from __future__ import annotations

from http import HTTPStatus

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from sites.models import SiteProfile
from tests.sites.conftest import PORTAL, XAY_DUNG, member_of

pytestmark = pytest.mark.django_db

INDEX = "site_contacts:index"
EDIT = "site_contacts:edit"


def contact_data(**changes: str) -> dict[str, str]:
    data = {
        "address": "Số 1 Hoàng Đình Giong, TP Cao Bằng",
        "phone": "0206 3852 123",
        "email": "soxaydung@caobang.gov.vn",
        "working_hours": "Thứ Hai – Thứ Sáu, 7h30 – 17h00",
        "head_of_unit": "Nguyễn Văn An – Giám đốc Sở",
    }
    data.update(changes)
    return data


def test_an_editor_goes_straight_to_their_sites_form(client, xay_dung, xd_editor):
    client.force_login(xd_editor)

    response = client.get(reverse(INDEX), HTTP_HOST=XAY_DUNG)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse(EDIT, args=[xay_dung.profile.pk])


def test_an_editor_saves_the_contact_data_and_the_site_shows_it(
    client, xay_dung, xd_editor
):
    client.force_login(xd_editor)
    profile = xay_dung.profile

    response = client.post(
        reverse(EDIT, args=[profile.pk]), contact_data(), HTTP_HOST=XAY_DUNG
    )

    assert response.status_code == HTTPStatus.FOUND
    profile.refresh_from_db()
    assert profile.head_of_unit == "Nguyễn Văn An – Giám đốc Sở"
    assert profile.phone == "0206 3852 123"
    home = client.get("/", HTTP_HOST=XAY_DUNG).content.decode()
    assert "Nguyễn Văn An – Giám đốc Sở" in home
    assert "Thứ Hai – Thứ Sáu, 7h30 – 17h00" in home
    contact = client.get("/lien-he/", HTTP_HOST=XAY_DUNG).content.decode()
    assert "Nguyễn Văn An – Giám đốc Sở" in contact


def test_an_editor_cannot_edit_another_sites_contact_data(
    client, xay_dung, y_te, xd_editor
):
    client.force_login(xd_editor)
    other = y_te.profile

    shown = client.get(reverse(EDIT, args=[other.pk]), HTTP_HOST=XAY_DUNG)
    posted = client.post(
        reverse(EDIT, args=[other.pk]),
        contact_data(phone="0999"),
        HTTP_HOST=XAY_DUNG,
    )

    # Wagtail answers a refused admin view with a redirect to the dashboard.
    assert shown.status_code in (HTTPStatus.FOUND, HTTPStatus.FORBIDDEN)
    assert shown.get("Location", "") != reverse(EDIT, args=[other.pk])
    assert posted.status_code in (HTTPStatus.FOUND, HTTPStatus.FORBIDDEN)
    other.refresh_from_db()
    assert other.phone != "0999"


def test_the_listing_shows_only_the_users_sites(client, xay_dung, y_te, district):
    user = member_of(xay_dung.profile.editors_group, "hai_trang")
    user.groups.add(y_te.profile.moderators_group)
    client.force_login(user)

    response = client.get(reverse(INDEX), HTTP_HOST=XAY_DUNG)

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Sở Xây dựng" in html and "Sở Y tế" in html
    assert "Huyện Hà Quảng" not in html


def test_a_superuser_sees_every_site_but_cannot_add_or_delete(client, district):
    boss = get_user_model().objects.create_superuser("boss", "b@x.vn", "pw")
    client.force_login(boss)

    listing = client.get(reverse(INDEX), HTTP_HOST=PORTAL)
    add = client.get(reverse("site_contacts:add"), HTTP_HOST=PORTAL)
    delete = client.post(
        reverse("site_contacts:delete", args=[district.profile.pk]), HTTP_HOST=PORTAL
    )

    assert listing.status_code == HTTPStatus.OK
    assert "Huyện Hà Quảng" in listing.content.decode()
    assert add.status_code != HTTPStatus.OK
    assert delete.status_code != HTTPStatus.OK
    assert SiteProfile.objects.filter(pk=district.profile.pk).exists()


def test_the_settings_menu_offers_it_to_editors(client, xay_dung, xd_editor):
    client.force_login(xd_editor)

    html = client.get(reverse("wagtailadmin_home"), HTTP_HOST=XAY_DUNG).content
    assert reverse(INDEX).encode() in html


def test_a_new_sites_groups_get_the_permission(xay_dung):
    for group in (xay_dung.profile.editors_group, xay_dung.profile.moderators_group):
        assert group.site_permissions.filter(
            site=xay_dung, permission__codename="change_siteprofile"
        ).exists()
