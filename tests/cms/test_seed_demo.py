"""The demo seed can run any number of times; the demo accounts and their logins."""

import json
from http import HTTPStatus
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page, Revision, Site

from cms.management.commands.ensure_demo_accounts import ACCOUNTS
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


# --- demo editors and moderators ------------------------------------------------------


@pytest.fixture
def demo_sites(db):
    """The demo's site tree only (the accounts need their sites' groups)."""
    from sites import demo

    demo.seed(lambda message: None)


def test_demo_accounts_are_created_once_and_printed(settings, tmp_path, demo_sites):
    settings.VAR_DIR = tmp_path
    first = StringIO()
    call_command("ensure_demo_accounts", "--port=8000", stdout=first)
    second = StringIO()
    call_command("ensure_demo_accounts", "--port=8000", stdout=second)

    passwords = json.loads((tmp_path / "demo-accounts.json").read_text())
    users = get_user_model().objects.filter(username__in=passwords)
    assert set(passwords) == {account.username for account in ACCOUNTS}
    assert users.count() == len(ACCOUNTS)
    assert first.getvalue() == second.getvalue()
    assert "http://soxaydung.caobang.localhost:8000/admin/" in first.getvalue()
    assert (tmp_path / "demo-accounts.json").stat().st_mode & 0o777 == 0o600
    for user in users:
        assert passwords[user.username] in first.getvalue()
        assert user.check_password(passwords[user.username])
        assert not user.is_superuser and not user.is_staff
        assert user.groups.count() == 1


def _edit_url(site: Site) -> str:
    return reverse("wagtailadmin_pages:edit", args=[site.root_page_id])


def test_demo_accounts_work_on_their_own_site_only(
    settings, tmp_path, demo_sites, client
):
    settings.VAR_DIR = tmp_path
    call_command("ensure_demo_accounts", stdout=StringIO())
    users = get_user_model().objects
    sites = {
        account.label: Site.objects.get(hostname=account.hostname)
        for account in ACCOUNTS
    }
    other = Site.objects.get(hostname="soyte.caobang.localhost")

    for account in ACCOUNTS:
        user = users.get(username=account.username)
        own = sites[account.label]
        client.force_login(user)  # django-axes: force_login, not login

        assert client.get(reverse("wagtailadmin_home")).status_code == HTTPStatus.OK
        assert client.get(_edit_url(own)).status_code == HTTPStatus.OK
        assert client.get(_edit_url(other)).status_code != HTTPStatus.OK
        home = own.root_page.specific
        may = home.permissions_for_user(user)
        assert may.can_edit()
        assert may.can_publish() == (account.role == "moderator")
        assert not other.root_page.permissions_for_user(user).can_edit()


def test_make_demo_prints_the_logins_after_the_site_list_admin_last():
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    recipe = makefile.split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    order = [
        name
        for name in (
            "seed_demo",
            "list_sites",
            "ensure_demo_accounts",
            "ensure_demo_admin",
            "runserver",
        )
        if name in recipe
    ]

    assert order == sorted(order, key=recipe.index)
    assert len(order) == 5
