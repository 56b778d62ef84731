"""The default theme: light, works without JavaScript, per-site settings."""

import gzip
import re
from http import HTTPStatus

import pytest
from django.contrib.staticfiles import finders
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from tests.sites.conftest import XAY_DUNG
from themes.models import ThemeSettings
from themes.registry import THEMES, get_theme

pytestmark = pytest.mark.django_db

BUDGET = 60 * 1024


def test_a_typical_page_is_under_60_kb_compressed_with_its_css_and_js(client, xay_dung):
    html = client.get("/", HTTP_HOST=XAY_DUNG).content
    assets = re.findall(rb'(?:href|src)="/static/([^"]+\.(?:css|js))"', html)
    assert assets, "the stylesheet must be linked"
    total = len(gzip.compress(html))
    for asset in assets:
        path = finders.find(asset.decode())
        assert path, asset
        with open(path, "rb") as handle:
            total += len(gzip.compress(handle.read()))

    assert total < BUDGET


def test_core_pages_need_no_javascript(client, xay_dung, province):
    """Scripts only add to the pages (suggestions as one types, filter panels
    closed on a phone): deferred files, and every form a plain GET form."""
    for host, path in (
        (XAY_DUNG, "/"),
        (XAY_DUNG, "/lien-he/"),
        (province.hostname, "/danh-ba/"),
    ):
        html = client.get(path, HTTP_HOST=host).content.decode()
        scripts = re.findall(r"<script[^>]*>", html)
        assert all("src=" in tag and " defer" in tag for tag in scripts), scripts
        assert 'role="search" action="/tim-kiem/" method="get"' in html
    # The directory filter is a plain GET form.
    assert 'method="get"' in html


def test_header_and_footer_follow_the_sites_settings(client, xay_dung):
    settings = ThemeSettings.for_site(xay_dung)
    settings.primary_colour = "#0a5c36"
    settings.banner_text = "Chào mừng Ngày Chuyển đổi số"
    settings.logo = Image.objects.create(
        title="Biểu trưng Sở Xây dựng", file=get_test_image_file("logo.png")
    )
    settings.save()
    profile = xay_dung.profile
    profile.phone = "0206 3852 000"
    profile.save()

    response = client.get("/", HTTP_HOST=XAY_DUNG)

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    # The colour comes as a stylesheet (cached pages carry no CSP nonce).
    assert 'href="/giao-dien.css?v=0a5c36"' in html
    colours = client.get("/giao-dien.css?v=0a5c36", HTTP_HOST=XAY_DUNG)
    assert "--primary:#0a5c36" in colours.content.decode()
    assert "Chào mừng Ngày Chuyển đổi số" in html
    assert 'class="logo"' in html
    assert "0206 3852 000" in html
    assert "Trực thuộc: Tỉnh Thử" in html


def test_registry_resolves_the_sites_theme_folder(monkeypatch):
    monkeypatch.setitem(
        THEMES,
        "tuong-phan",
        THEMES["default"].__class__("tuong-phan", "Tương phản cao"),
    )

    assert get_theme("tuong-phan").base_template == "themes/tuong-phan/base.html"
    assert get_theme("khong-co").base_template == "themes/default/base.html"
