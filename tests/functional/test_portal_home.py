"""A citizen opens the provincial portal and follows a link."""

from io import StringIO

import pytest
from django.core.management import call_command

from sites.demo import ABOUT_TITLE, PORTAL_HOSTNAME, PORTAL_NAME

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_citizen_opens_home_page_and_follows_a_link(page, site_url):
    call_command("seed_demo", stdout=StringIO())

    page.goto(site_url(PORTAL_HOSTNAME))

    # The browser asks for English; the portal still answers in Vietnamese.
    assert page.locator("h1").inner_text() == PORTAL_NAME
    assert "Chuyển đến nội dung chính" in page.content()
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name=ABOUT_TITLE
    ).click()
    page.wait_for_url("**/gioi-thieu/")
    assert page.locator("h1").inner_text() == ABOUT_TITLE
    assert "mức độ 3" in page.locator("main").inner_text()
