"""An editor of one site never reads another site's page titles in the admin
(issue 13, leak 3): the page chooser (search, browse, chosen pages), the
procedure listing, the page-types report and the bulk-action confirmation list
only the pages the editor may edit or view. Superusers still see everything."""

from __future__ import annotations

import json
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from procedure_pages.models import ProcedureIndexPage
from sites.models import StandardPage
from sites.provisioning import SiteSpec, provision_site
from tests.procedure_pages.factories import ProcedurePageFactory

pytestmark = pytest.mark.django_db

PORTAL = "tinh.localhost"
XAY_DUNG = "soxaydung.tinh.localhost"
Y_TE = "soyte.tinh.localhost"

SECRET = "Dự thảo mật Sở Y tế"
SECRET_PROCEDURE = "Thủ tục nháp mật Sở Y tế"
OWN = "Bản nháp Sở Xây dựng"
OWN_PROCEDURE = "Thủ tục nháp Sở Xây dựng"


def draft(parent: Page, page: Page, edited_minutes_ago: int) -> Page:
    parent.add_child(instance=page)
    page.save_revision()
    # The page-types report names the most recently edited page of each type.
    Page.objects.filter(pk=page.pk).update(
        latest_revision_created_at=timezone.now()
        - timedelta(minutes=edited_minutes_ago)
    )
    return page


@pytest.fixture
def tree(db):
    provision_site(
        SiteSpec(kind="province", name="Tỉnh Thử", hostname=PORTAL, is_default=True)
    )
    xay_dung = provision_site(
        SiteSpec(
            kind="department", name="Sở Xây dựng", hostname=XAY_DUNG, parent=PORTAL
        )
    ).site
    y_te = provision_site(
        SiteSpec(kind="department", name="Sở Y tế", hostname=Y_TE, parent=PORTAL)
    ).site
    own = draft(xay_dung.root_page, StandardPage(title=OWN, live=False), 10)
    secret = draft(y_te.root_page, StandardPage(title=SECRET, live=False), 1)
    for site, title, code in (
        (xay_dung, OWN_PROCEDURE, "9.100001"),
        (y_te, SECRET_PROCEDURE, "9.100002"),
    ):
        catalogue = ProcedureIndexPage.objects.child_of(site.root_page).get()
        ProcedurePageFactory(parent=catalogue, title=title, code=code, live=False)
    editor = get_user_model().objects.create_user("bientap_xd", "b@x.vn", "pw")
    editor.groups.add(xay_dung.profile.editors_group)
    return {"xay_dung": xay_dung, "y_te": y_te, "own": own, "secret": secret}


@pytest.fixture
def editor_client(client, tree):
    client.force_login(get_user_model().objects.get(username="bientap_xd"))
    return client


@pytest.fixture
def boss(tree):
    """A superuser's client: superusers keep seeing every site."""
    client = Client()
    client.force_login(
        get_user_model().objects.create_superuser("boss", "boss@x.vn", "pw")
    )
    return client


def text(response) -> str:  # type: ignore[no-untyped-def]
    """The body as text; the chooser's JSON escapes non-ASCII, so decode it."""
    assert response.status_code in (HTTPStatus.OK, HTTPStatus.NOT_FOUND)
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


def test_chooser_search_lists_only_the_editors_pages(editor_client, boss, tree):
    url = reverse("wagtailadmin_choose_page_search")

    theirs = text(editor_client.get(url, {"q": "Sở Y tế"}, HTTP_HOST=XAY_DUNG))
    own = text(editor_client.get(url, {"q": "Sở Xây dựng"}, HTTP_HOST=XAY_DUNG))
    everything = text(boss.get(url, {"q": "Sở Y tế"}, HTTP_HOST=PORTAL))

    assert SECRET not in theirs
    assert OWN in own
    assert SECRET in everything


def test_chooser_browse_shows_no_other_sites_pages(editor_client, tree):
    other_home = reverse(
        "wagtailadmin_choose_page_child", args=[tree["y_te"].root_page_id]
    )
    other_draft = reverse("wagtailadmin_choose_page_child", args=[tree["secret"].pk])
    own_home = reverse(
        "wagtailadmin_choose_page_child", args=[tree["xay_dung"].root_page_id]
    )

    for url in (other_home, other_draft):
        assert SECRET not in text(editor_client.get(url, HTTP_HOST=XAY_DUNG)), url
    assert OWN in text(editor_client.get(own_home, HTTP_HOST=XAY_DUNG))


def test_chooser_browse_by_page_type_opens_no_other_sites_page(editor_client, tree):
    """Without a parent, the chooser opens at the closest common ancestor of the
    pages of the wanted type: here only the other site has one."""
    tree["own"].delete()
    url = reverse("wagtailadmin_choose_page")

    html = text(
        editor_client.get(
            url, {"page_type": "portal_sites.standardpage"}, HTTP_HOST=XAY_DUNG
        )
    )

    assert SECRET not in html
    assert "Sở Xây dựng" in html  # the editor's own site, to browse from


def test_chosen_pages_answer_only_for_the_editors_pages(editor_client, tree):
    url = reverse("wagtailadmin_choose_page_chosen_multiple")

    html = text(
        editor_client.get(
            url, {"id": [tree["secret"].pk, tree["own"].pk]}, HTTP_HOST=XAY_DUNG
        )
    )

    assert SECRET not in html
    assert OWN in html


def test_procedure_listing_search_lists_only_the_editors_procedures(
    editor_client, boss, tree
):
    url = reverse("procedure_pages_procedurepage_modeladmin_index")

    listing = text(editor_client.get(url, HTTP_HOST=XAY_DUNG))
    search = text(editor_client.get(url, {"q": "Thủ tục nháp"}, HTTP_HOST=XAY_DUNG))
    everything = text(boss.get(url, {"q": "Thủ tục nháp"}, HTTP_HOST=PORTAL))

    assert SECRET_PROCEDURE not in listing
    assert SECRET_PROCEDURE not in search
    assert OWN_PROCEDURE in search
    assert SECRET_PROCEDURE in everything


def test_page_types_report_names_only_the_editors_pages(editor_client, boss, tree):
    url = reverse("wagtailadmin_reports:page_types_usage")

    html = text(editor_client.get(url, HTTP_HOST=XAY_DUNG))
    everything = text(boss.get(url, HTTP_HOST=PORTAL))

    assert SECRET not in html
    assert OWN in html
    assert SECRET in everything


@pytest.mark.parametrize("action", ["delete", "move", "publish", "unpublish"])
def test_bulk_action_confirmation_lists_only_the_editors_pages(
    editor_client, tree, action
):
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", action])
    ids = {"id": [tree["secret"].pk, tree["own"].pk]}
    every_child = {"id": "all", "childOf": tree["y_te"].root_page_id}

    chosen = text(editor_client.get(url, ids, HTTP_HOST=XAY_DUNG))
    all_children = text(editor_client.get(url, every_child, HTTP_HOST=XAY_DUNG))

    assert SECRET not in chosen
    assert SECRET not in all_children
    assert OWN in chosen
