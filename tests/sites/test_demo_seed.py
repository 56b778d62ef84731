"""The demo seed provisions the Cao Bằng portal and its sub-sites."""

from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Site

from forms_library.models import FormLibraryIndexPage
from procedure_pages.models import ProcedureIndexPage
from sites.demo import AGENCIES, DISTRICTS, PORTAL_HOSTNAME
from sites.models import AdministrativeUnit, UnitKind

pytestmark = pytest.mark.django_db


def test_seed_provisions_agencies_districts_and_communes(demo_site):
    units = AdministrativeUnit.objects
    assert units.filter(kind=UnitKind.DEPARTMENT).count() == 17 == len(AGENCIES)
    assert units.filter(kind=UnitKind.DISTRICT).count() == 13 == len(DISTRICTS)
    for district in units.filter(kind=UnitKind.DISTRICT):
        assert district.children.filter(kind=UnitKind.COMMUNE).count() >= 2
    xay_dung = Site.objects.get(hostname=f"soxaydung.{PORTAL_HOSTNAME}")
    assert xay_dung.profile.unit.name == "Sở Xây dựng"
    assert xay_dung.profile.unit.parent.site_profile.site == demo_site
    # Every site: exactly one live catalogue and forms library under its home.
    for site in Site.objects.all():
        home = site.root_page
        assert ProcedureIndexPage.objects.child_of(home).live().count() == 1
        assert FormLibraryIndexPage.objects.child_of(home).live().count() == 1


def test_list_sites_prints_every_address():
    call_command("seed_demo", stdout=StringIO())
    out = StringIO()

    call_command("list_sites", "--port=8000", stdout=out)

    assert f"http://soyte.{PORTAL_HOSTNAME}:8000/  Sở Y tế" in out.getvalue()
    assert out.getvalue().count("http://") == Site.objects.count()
