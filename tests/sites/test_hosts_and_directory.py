"""Each site answers on its own host name; the portal's directory lists them all."""

from http import HTTPStatus

import pytest
from django.test import override_settings

from sites.directory import directory
from sites.provisioning import SiteSpec, provision_site
from tests.sites.conftest import DISTRICT, PORTAL, XAY_DUNG, Y_TE

pytestmark = pytest.mark.django_db


def test_each_home_page_is_served_on_its_own_hostname(client, xay_dung, y_te):
    for hostname, name in ((XAY_DUNG, "Sở Xây dựng"), (Y_TE, "Sở Y tế")):
        response = client.get("/", HTTP_HOST=hostname)
        assert response.status_code == HTTPStatus.OK
        assert f"<h1>{name}</h1>" in response.content.decode()
    contact = client.get("/lien-he/", HTTP_HOST=Y_TE)
    assert contact.status_code == HTTPStatus.OK
    assert "Sở Y tế" in contact.content.decode()


def test_a_page_of_one_site_is_not_served_on_another(client, xay_dung, y_te):
    response = client.get("/thu-tuc-hanh-chinh/", HTTP_HOST=XAY_DUNG)
    assert response.status_code == HTTPStatus.OK
    response = client.get(
        f"/{y_te.root_page.slug}/thu-tuc-hanh-chinh/", HTTP_HOST=XAY_DUNG
    )
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_unknown_host_gets_400_and_no_sites_content(client, xay_dung):
    response = client.get("/", HTTP_HOST="khongco.tinh.localhost")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    html = response.content.decode()
    assert "Sở Xây dựng" not in html and "Tỉnh Thử" not in html
    assert "không có trang nào" in html


def test_a_new_site_answers_at_once(client, province):
    assert client.get("/", HTTP_HOST=DISTRICT).status_code == HTTPStatus.BAD_REQUEST

    provision_site(
        SiteSpec(
            kind="district", name="Huyện Hà Quảng", hostname=DISTRICT, parent=PORTAL
        )
    )

    assert client.get("/", HTTP_HOST=DISTRICT).status_code == HTTPStatus.OK


@override_settings(SITES_DEFAULT_HOSTS=[])
def test_production_can_turn_off_the_localhost_fallback(client, province):
    from sites.middleware import UnknownHostMiddleware

    assert UnknownHostMiddleware(lambda request: None).default_hosts == frozenset()


def test_directory_lists_sub_sites_grouped_by_kind(client, xay_dung, y_te, district):
    provision_site(
        SiteSpec(
            kind="commune",
            name="Xã Trường Hà",
            hostname="truongha.tinh.localhost",
            parent=DISTRICT,
        )
    )
    provision_site(
        SiteSpec(
            kind="commune",
            name="Xã Độc Lập",
            hostname="doclap.tinh.localhost",
            parent=PORTAL,
        )
    )

    response = client.get("/danh-ba/", HTTP_HOST=PORTAL)

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert '<a href="http://soyte.tinh.localhost/">Sở Y tế</a>' in html
    assert "Sở, ban, ngành (2)" in html
    assert "Huyện, thành phố (1)" in html
    assert "Xã, phường, thị trấn (2)" in html

    filtered = client.get(
        "/danh-ba/", {"huyen": district.profile.unit.code}, HTTP_HOST=PORTAL
    ).content.decode()
    assert "Xã Trường Hà" in filtered
    assert "Xã Độc Lập" not in filtered
    assert "Sở Y tế</a>" not in filtered


def test_directory_links_keep_the_visitors_port(client, xay_dung):
    response = client.get("/danh-ba/", HTTP_HOST=f"{PORTAL}:8000")

    assert f'href="http://{XAY_DUNG}:8000/"' in response.content.decode()


def test_directory_costs_one_query_whatever_the_number_of_sites(
    django_assert_num_queries, xay_dung, y_te, district
):
    with django_assert_num_queries(1):
        groups = list(directory())
    assert sum(len(group.entries) for group in groups) == 3
