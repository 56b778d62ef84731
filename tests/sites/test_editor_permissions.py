"""Per-site editors and moderators, checked through the real Wagtail admin views."""

from datetime import timedelta
from http import HTTPStatus
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from sites.models import StandardPage
from tests.sites.conftest import XAY_DUNG

pytestmark = pytest.mark.django_db


def page_data(title: str, slug: str, **extra: str) -> dict:
    data = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "intro": "",
            "body": rich_text("<p>Nội dung</p>"),
            "comments": inline_formset([]),
            **extra,
        }
    )
    return data


def add_url(parent) -> str:  # type: ignore[no-untyped-def]
    return reverse(
        "wagtailadmin_pages:add", args=("portal_sites", "standardpage", parent.pk)
    )


def edit_url(page) -> str:  # type: ignore[no-untyped-def]
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def test_editor_creates_and_submits_a_page_on_their_site(client, xay_dung, xd_editor):
    client.force_login(xd_editor)
    home = xay_dung.root_page

    response = client.post(
        add_url(home),
        page_data("Tin mới", "tin-moi", **{"action-submit": "Submit"}),
        HTTP_HOST=XAY_DUNG,
    )

    assert response.status_code == HTTPStatus.FOUND
    page = StandardPage.objects.child_of(home).get(slug="tin-moi")
    assert not page.live
    state = page.current_workflow_state
    assert state is not None and state.workflow == xay_dung.profile.workflow

    response = client.post(
        edit_url(page),
        page_data("Tin mới (sửa)", "tin-moi", **{"action-publish": "Publish"}),
        HTTP_HOST=XAY_DUNG,
    )
    page.refresh_from_db()
    assert not page.live, "an editor must not be able to publish"


def test_editor_cannot_see_or_edit_another_sites_pages(
    client, xay_dung, y_te, xd_editor
):
    client.force_login(xd_editor)
    other_home = y_te.root_page

    other_pages = [other_home, *other_home.get_descendants()]
    own_pages = [xay_dung.root_page, *xay_dung.root_page.get_descendants()]

    def shows(html: str, page) -> bool:  # type: ignore[no-untyped-def]
        return edit_url(page) in html

    explorer = client.get(reverse("wagtailadmin_explore_root"), follow=True)
    assert explorer.status_code == HTTPStatus.OK
    html = explorer.content.decode()
    assert all(shows(html, page) for page in own_pages[1:])
    assert not any(shows(html, page) for page in other_pages)

    response = client.get(
        reverse("wagtailadmin_explore", args=(other_home.pk,)), follow=True
    )
    assert response.redirect_chain, "the other site's explorer must redirect away"
    assert not any(shows(response.content.decode(), page) for page in other_pages)

    response = client.get(edit_url(other_home))
    assert response.status_code != HTTPStatus.OK
    response = client.get(add_url(other_home))
    assert response.status_code != HTTPStatus.OK
    response = client.post(
        add_url(other_home), page_data("Chen ngang", "chen-ngang"), follow=True
    )
    assert not StandardPage.objects.filter(slug="chen-ngang").exists()

    results = client.get(reverse("wagtailadmin_pages:search"), {"q": "Liên hệ"})
    assert shows(results.content.decode(), own_pages[-1])
    assert not any(shows(results.content.decode(), page) for page in other_pages)


def test_editor_sees_only_their_sites_documents_and_images(
    client, xay_dung, y_te, xd_editor
):
    for site, label in ((xay_dung, "xay-dung"), (y_te, "y-te")):
        Document.objects.create(
            title=f"Tài liệu {label}",
            file=ContentFile(b"%PDF-1.4", name=f"{label}.pdf"),
            collection=site.profile.collection,
        )
        Image.objects.create(
            title=f"Ảnh {label}",
            file=get_test_image_file(f"{label}.png"),
            collection=site.profile.collection,
        )
    client.force_login(xd_editor)

    documents = client.get(reverse("wagtaildocs:index")).content.decode()
    images = client.get(reverse("wagtailimages:index")).content.decode()

    assert "Tài liệu xay-dung" in documents
    assert "Tài liệu y-te" not in documents
    assert "Ảnh xay-dung" in images
    assert "Ảnh y-te" not in images
    other_doc = Document.objects.get(title="Tài liệu y-te")
    response = client.get(reverse("wagtaildocs:edit", args=(other_doc.pk,)))
    assert response.status_code != HTTPStatus.OK


def test_editor_edits_only_their_own_sites_theme_settings(
    client, xay_dung, y_te, xd_editor
):
    client.force_login(xd_editor)

    def settings_url(site) -> str:  # type: ignore[no-untyped-def]
        return reverse(
            "wagtailsettings:edit", args=("themes", "themesettings", site.pk)
        )

    assert client.get(settings_url(xay_dung)).status_code == HTTPStatus.OK
    assert client.get(settings_url(y_te)).status_code != HTTPStatus.OK


def test_moderator_approves_and_publishes_only_on_own_site(
    client, xay_dung, y_te, xd_editor, xd_moderator, yt_moderator
):
    client.force_login(xd_editor)
    client.post(
        add_url(xay_dung.root_page),
        page_data("Thông báo", "thong-bao", **{"action-submit": "Submit"}),
    )
    page = StandardPage.objects.get(slug="thong-bao")
    task_state = page.current_workflow_state.current_task_state
    approve = reverse(
        "wagtailadmin_pages:workflow_action",
        args=(page.pk, "approve", task_state.pk),
    )

    client.force_login(yt_moderator)
    client.post(approve, {"comment": ""})
    page.refresh_from_db()
    assert not page.live, "Sở Y tế's moderator must not approve Sở Xây dựng's page"
    response = client.post(
        edit_url(page), page_data("Thông báo", "thong-bao", **{"action-publish": "1"})
    )
    page.refresh_from_db()
    assert not page.live

    client.force_login(xd_moderator)
    response = client.post(approve, {"comment": "Đồng ý"})
    assert response.status_code in (HTTPStatus.OK, HTTPStatus.FOUND)
    page.refresh_from_db()
    assert page.live


def test_scheduled_publishing_goes_live_when_due(client, xay_dung, xd_moderator):
    client.force_login(xd_moderator)
    go_live = timezone.localtime() + timedelta(days=1)

    client.post(
        add_url(xay_dung.root_page),
        page_data(
            "Lịch tiếp dân",
            "lich-tiep-dan",
            go_live_at=go_live.strftime("%Y-%m-%d %H:%M"),
            **{"action-publish": "Publish"},
        ),
    )

    page = StandardPage.objects.get(slug="lich-tiep-dan")
    assert not page.live
    revision = Revision.page_revisions.get(object_id=str(page.pk))
    assert revision.approved_go_live_at is not None
    call_command("publish_scheduled", stdout=StringIO())
    page.refresh_from_db()
    assert not page.live, "not due yet"

    # A day passes: move the schedule into the past instead of waiting.
    due = timezone.now() - timedelta(minutes=1)
    revision.content["go_live_at"] = due.isoformat()
    revision.approved_go_live_at = due
    revision.save()
    call_command("publish_scheduled", stdout=StringIO())
    page.refresh_from_db()
    assert page.live
