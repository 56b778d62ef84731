"""Form templates are managed per site, like pages: a department's editors add
and change their own site's forms, and never see or touch another site's."""

from __future__ import annotations

from http import HTTPStatus

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import GroupSitePermission

from forms_library.models import FormStatus, FormTemplate
from tests.forms_library.factories import DocumentFactory, FormVersionFactory
from tests.sites import conftest as sites_fixtures
from tests.sites.conftest import XAY_DUNG, Y_TE, member_of

# The provisioned province of the sites tests (real groups and permissions).
province = sites_fixtures.province
xay_dung = sites_fixtures.xay_dung
y_te = sites_fixtures.y_te
xd_editor = sites_fixtures.xd_editor
xd_moderator = sites_fixtures.xd_moderator
yt_moderator = sites_fixtures.yt_moderator

pytestmark = pytest.mark.django_db

LIST = "wagtailsnippets_forms_library_formtemplate:list"
ADD = "wagtailsnippets_forms_library_formtemplate:add"
EDIT = "wagtailsnippets_forms_library_formtemplate:edit"
DELETE = "wagtailsnippets_forms_library_formtemplate:delete"


def form_data(title: str, document, site=None, **extra: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    data = {
        "form_number": "Mẫu số 01",
        "title": title,
        "issuing_document": "",
        "agency": "",
        "site": str(site.pk) if site is not None else "",
        "versions-TOTAL_FORMS": "1",
        "versions-INITIAL_FORMS": "0",
        "versions-MIN_NUM_FORMS": "1",
        "versions-MAX_NUM_FORMS": "1000",
        "versions-0-id": "",
        "versions-0-document": str(document.pk),
        "versions-0-version": "1",
        "versions-0-effective_date": "2026-01-01",
        "versions-0-status": FormStatus.CURRENT,
        "versions-0-ORDER": "1",
    }
    data.update(extra)
    return data


@pytest.fixture
def forms(xay_dung, y_te):  # type: ignore[no-untyped-def]
    ours = FormVersionFactory(
        form__title="Đơn xin cấp phép xây dựng", form__site=xay_dung
    )
    theirs = FormVersionFactory(
        form__title="Đơn xin cấp chứng chỉ hành nghề", form__site=y_te
    )
    return ours.form, theirs.form


def test_a_new_sites_groups_may_manage_its_forms(xay_dung):
    def codenames(group):  # type: ignore[no-untyped-def]
        return set(
            GroupSitePermission.objects.filter(group=group, site=xay_dung)
            .filter(permission__content_type__app_label="forms_library")
            .values_list("permission__codename", flat=True)
        )

    profile = xay_dung.profile
    assert codenames(profile.editors_group) == {
        "add_formtemplate",
        "change_formtemplate",
    }
    assert codenames(profile.moderators_group) == {
        "add_formtemplate",
        "change_formtemplate",
        "delete_formtemplate",
    }


def test_an_editor_sees_form_templates_in_the_menu_and_only_their_sites(
    client, forms, xd_editor
):
    ours, theirs = forms
    client.force_login(xd_editor)

    home = client.get(reverse("wagtailadmin_home"), HTTP_HOST=XAY_DUNG)
    listing = client.get(reverse(LIST), HTTP_HOST=XAY_DUNG)

    assert reverse(LIST).encode() in home.content
    assert listing.status_code == HTTPStatus.OK
    html = listing.content.decode()
    assert ours.title in html
    assert theirs.title not in html


def test_an_editor_uploads_a_form_for_their_site(client, xay_dung, y_te, xd_editor):
    client.force_login(xd_editor)
    document = DocumentFactory()

    shown = client.get(reverse(ADD), HTTP_HOST=XAY_DUNG)
    response = client.post(
        reverse(ADD), form_data("Tờ khai mới", document, xay_dung), HTTP_HOST=XAY_DUNG
    )

    site_field = shown.context["form"].fields["site"]
    assert list(site_field.queryset) == [xay_dung]
    assert response.status_code == HTTPStatus.FOUND, response.context["form"].errors
    form = FormTemplate.objects.get(title="Tờ khai mới")
    assert form.site == xay_dung
    assert form.current_version.document == document


def test_an_editor_cannot_put_a_form_on_another_site(client, y_te, xd_editor):
    client.force_login(xd_editor)

    response = client.post(
        reverse(ADD),
        form_data("Tờ khai lạc chỗ", DocumentFactory(), y_te),
        HTTP_HOST=XAY_DUNG,
    )

    assert response.status_code == HTTPStatus.OK  # the form again, with an error
    assert "site" in response.context["form"].errors
    assert not FormTemplate.objects.filter(title="Tờ khai lạc chỗ").exists()


def test_an_editor_cannot_open_or_change_another_sites_form(client, forms, xd_editor):
    _ours, theirs = forms
    client.force_login(xd_editor)
    url = reverse(EDIT, args=[theirs.pk])

    shown = client.get(url, HTTP_HOST=XAY_DUNG)
    posted = client.post(
        url,
        form_data("Đã bị sửa", theirs.current_version.document, theirs.site),
        HTTP_HOST=XAY_DUNG,
    )

    assert shown.status_code == HTTPStatus.NOT_FOUND
    assert posted.status_code == HTTPStatus.NOT_FOUND
    theirs.refresh_from_db()
    assert theirs.title == "Đơn xin cấp chứng chỉ hành nghề"


def test_an_editor_changes_their_own_form(client, forms, xd_editor):
    ours, _theirs = forms
    client.force_login(xd_editor)
    version = ours.current_version
    data = form_data(
        "Đơn xin cấp phép xây dựng (sửa)",
        version.document,
        ours.site,
        **{"versions-INITIAL_FORMS": "1", "versions-0-id": str(version.pk)},
    )

    response = client.post(reverse(EDIT, args=[ours.pk]), data, HTTP_HOST=XAY_DUNG)

    assert response.status_code == HTTPStatus.FOUND, response.context["form"].errors
    ours.refresh_from_db()
    assert ours.title == "Đơn xin cấp phép xây dựng (sửa)"


def test_only_the_sites_moderators_delete_its_forms(
    client, forms, xd_editor, xd_moderator, yt_moderator
):
    ours, _theirs = forms
    url = reverse(DELETE, args=[ours.pk])

    client.force_login(xd_editor)
    by_editor = client.post(url, HTTP_HOST=XAY_DUNG)
    client.force_login(yt_moderator)
    by_other_moderator = client.post(url, HTTP_HOST=Y_TE)
    assert FormTemplate.objects.filter(pk=ours.pk).exists()
    assert by_editor.status_code != HTTPStatus.OK
    assert by_other_moderator.status_code == HTTPStatus.NOT_FOUND

    client.force_login(xd_moderator)
    client.post(url, HTTP_HOST=XAY_DUNG)
    assert not FormTemplate.objects.filter(pk=ours.pk).exists()


def test_a_provincial_administrator_sees_every_form(client, forms):
    boss = get_user_model().objects.create_superuser("boss", "b@x.vn", "pw")
    client.force_login(boss)

    html = client.get(reverse(LIST), HTTP_HOST=XAY_DUNG).content.decode()

    for form in forms:
        assert form.title in html


def test_a_user_without_a_site_has_no_form_templates(client, forms, province):
    nobody = member_of(province.profile.editors_group, "khach")
    nobody.groups.clear()
    client.force_login(nobody)

    response = client.get(reverse(LIST), HTTP_HOST=XAY_DUNG)

    assert response.status_code != HTTPStatus.OK
