"""The provincial portal answers on its hostname, in Vietnamese."""

from http import HTTPStatus

import pytest
from django.utils import translation

from sites.demo import PORTAL_HOSTNAME, PORTAL_NAME

pytestmark = pytest.mark.django_db


def test_home_page_answers_on_portal_hostname_in_vietnamese(client, portal_site):
    response = client.get("/", HTTP_HOST=PORTAL_HOSTNAME)

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert f"<h1>{PORTAL_NAME}</h1>" in html
    assert '<html lang="vi">' in html
    assert "Cộng hòa xã hội chủ nghĩa Việt Nam" in html
    assert response.headers["Content-Language"] == "vi"


def test_browser_language_does_not_switch_the_portal_to_english(client, portal_site):
    response = client.get(
        "/", HTTP_HOST=PORTAL_HOSTNAME, HTTP_ACCEPT_LANGUAGE="en-US,en"
    )

    assert "Chuyển đến nội dung chính" in response.content.decode()


def test_visitor_can_choose_english(client, portal_site):
    response = client.post(
        "/i18n/setlang/", {"language": "en", "next": "/"}, HTTP_HOST=PORTAL_HOSTNAME
    )
    assert response.status_code == HTTPStatus.FOUND

    response = client.get("/", HTTP_HOST=PORTAL_HOSTNAME)

    assert "Skip to main content" in response.content.decode()
    assert response.headers["Content-Language"] == "en"
    translation.activate("vi")


def test_unknown_hostname_gets_400_not_another_sites_content(client, portal_site):
    response = client.get("/", HTTP_HOST="khongco.caobang.localhost")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert PORTAL_NAME not in response.content.decode()


def test_localhost_still_shows_the_provincial_portal_for_the_demo(client, portal_site):
    response = client.get("/", HTTP_HOST="localhost")

    assert response.status_code == HTTPStatus.OK
    assert PORTAL_NAME in response.content.decode()


def test_admin_login_page_answers(client, portal_site):
    response = client.get("/admin/login/", HTTP_HOST=PORTAL_HOSTNAME)

    assert response.status_code == HTTPStatus.OK
    assert 'name="username"' in response.content.decode()


def test_site_search_finds_the_introduction_page(client, portal_site):
    response = client.get("/tim-kiem/", {"q": "kế hoạch"}, HTTP_HOST=PORTAL_HOSTNAME)

    assert response.status_code == HTTPStatus.OK
    assert "/gioi-thieu/" in response.content.decode()
