"""The bottom layer: one portal definition, one daily counter, one ASCII fold,
and the project's system checks."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.conf import settings
from wagtail.models import Page, Site

from cms.core.checks import check_one_default_site, check_pages_extend_base_page
from cms.core.portal import is_portal, portal_site
from cms.core.text import ascii_fold
from sites.models import VisitCounter
from sites.provisioning import SiteSpec, provision_site, tree_root


def test_ascii_fold_maps_d_stroke_and_drops_marks():
    assert ascii_fold("Đăng ký kết hôn – Sở Tư pháp") == "Dang ky ket hon  So Tu phap"
    assert ascii_fold("ĐƯỜNG") == "DUONG"


@pytest.mark.django_db
def test_the_provinces_site_is_the_portal_even_when_not_asked_to_be_default():
    province = provision_site(
        SiteSpec(kind="province", name="Tỉnh Thử", hostname="tinh.localhost")
    ).site
    department = provision_site(
        SiteSpec(
            kind="department",
            name="Sở Y tế",
            hostname="soyte.tinh.localhost",
            parent="tinh.localhost",
        )
    ).site
    assert portal_site() == province
    assert is_portal(province)
    assert not is_portal(department)
    assert not is_portal(None)
    assert Site.objects.filter(is_default_site=True).count() == 1


@pytest.mark.django_db
def test_daily_counter_adds_one_per_call_per_day():
    site = provision_site(
        SiteSpec(kind="province", name="Tỉnh Thử", hostname="tinh.localhost")
    ).site
    day = date(2026, 1, 15)
    for _ in range(3):
        VisitCounter.increment(day, site=site)
    VisitCounter.increment(date(2026, 1, 16), site=site)
    assert VisitCounter.objects.get(site=site, day=day).count == 3
    assert VisitCounter.objects.filter(site=site).count() == 2


@pytest.mark.django_db
def test_two_default_sites_fail_the_database_check():
    root = tree_root()
    Site.objects.all().update(is_default_site=False)
    for host in ("a.localhost", "b.localhost"):
        Site.objects.create(hostname=host, root_page=root, is_default_site=True)
    errors = check_one_default_site(databases=["default"])
    assert [e.id for e in errors] == ["cms.E002"]
    assert check_one_default_site(databases=None) == []


def test_every_project_page_type_extends_base_page():
    assert check_pages_extend_base_page() == []
    stray = SimpleNamespace(
        path=str(settings.BASE_DIR / "sites"), get_models=lambda: [Page]
    )
    errors = check_pages_extend_base_page([stray])
    assert [e.id for e in errors] == ["cms.E001"]
