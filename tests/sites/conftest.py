"""A small province provisioned through the real service."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from sites.provisioning import SiteSpec, provision_site

PORTAL = "tinh.localhost"
XAY_DUNG = "soxaydung.tinh.localhost"
Y_TE = "soyte.tinh.localhost"
DISTRICT = "haquang.tinh.localhost"


@pytest.fixture
def province(db):
    return provision_site(
        SiteSpec(kind="province", name="Tỉnh Thử", hostname=PORTAL, is_default=True)
    ).site


@pytest.fixture
def xay_dung(province):
    return provision_site(
        SiteSpec(
            kind="department", name="Sở Xây dựng", hostname=XAY_DUNG, parent=PORTAL
        )
    ).site


@pytest.fixture
def y_te(province):
    return provision_site(
        SiteSpec(kind="department", name="Sở Y tế", hostname=Y_TE, parent=PORTAL)
    ).site


@pytest.fixture
def district(province):
    return provision_site(
        SiteSpec(
            kind="district", name="Huyện Hà Quảng", hostname=DISTRICT, parent=PORTAL
        )
    ).site


def member_of(group, username):  # type: ignore[no-untyped-def]
    user = get_user_model().objects.create_user(username, f"{username}@x.vn", "pw")
    user.groups.add(group)
    return user


@pytest.fixture
def xd_editor(xay_dung):
    return member_of(xay_dung.profile.editors_group, "bientap_xd")


@pytest.fixture
def xd_moderator(xay_dung):
    return member_of(xay_dung.profile.moderators_group, "kiemduyet_xd")


@pytest.fixture
def yt_moderator(y_te):
    return member_of(y_te.profile.moderators_group, "kiemduyet_yt")
