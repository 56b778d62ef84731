"""The demo seed can run any number of times."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, Revision, Site

from sites.demo import PORTAL_HOSTNAME, demo_specs
from sites.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {
        "sites": Site.objects.count(),
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "units": AdministrativeUnit.objects.count(),
    }


def test_seed_twice_gives_the_same_counts():
    call_command("seed_demo", stdout=StringIO())
    first = counts()
    call_command("seed_demo", stdout=StringIO())

    assert counts() == first
    assert first["sites"] == len(demo_specs())
    assert Site.objects.get(is_default_site=True).hostname == PORTAL_HOSTNAME


def test_seed_keeps_editor_changes():
    call_command("seed_demo", stdout=StringIO())
    home = Site.objects.get(hostname=PORTAL_HOSTNAME).root_page.specific
    home.title = "Tiêu đề do biên tập viên sửa"
    home.save_revision().publish()

    call_command("seed_demo", stdout=StringIO())

    home.refresh_from_db()
    assert home.title == "Tiêu đề do biên tập viên sửa"


def test_demo_admin_is_created_once_and_login_is_printed(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    first = StringIO()
    call_command("ensure_demo_admin", stdout=first)
    second = StringIO()
    call_command("ensure_demo_admin", stdout=second)

    password = (tmp_path / "demo-admin-password").read_text().strip()
    assert (
        get_user_model().objects.filter(username="admin", is_superuser=True).count()
        == 1
    )
    assert password in first.getvalue()
    assert first.getvalue() == second.getvalue()
    assert get_user_model().objects.get(username="admin").check_password(password)
