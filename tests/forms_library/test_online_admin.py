"""Editors build online services in Wagtail's admin; dossiers stay out of its
generic form submissions."""

from __future__ import annotations

from http import HTTPStatus

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from forms_library.online.models import OnlineServicePage
from procedure_pages.models import ProcedurePage
from tests.dossiers import conftest as shared
from tests.procedure_pages.factories import ProcedurePageFactory

pytestmark = pytest.mark.django_db
province = shared.province
private_storage = shared.private_storage
fresh_limits_and_vietnamese = shared.fresh_limits_and_vietnamese


def test_an_online_service_is_a_child_of_a_procedure(province):
    fresh = ProcedurePageFactory(parent=province.land.get_parent())
    assert OnlineServicePage.can_create_at(fresh)
    assert OnlineServicePage in ProcedurePage.allowed_subpage_models()
    # One per procedure, and always at nop-truc-tuyen/.
    assert not OnlineServicePage.can_create_at(province.permit)
    assert province.permit_service.slug == "nop-truc-tuyen"


def test_the_admin_edit_form_and_preview_render(client, province, admin_user):
    client.force_login(admin_user)
    page = province.permit_service

    edit = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert edit.status_code == HTTPStatus.OK
    assert "Số CCCD" in edit.content.decode()

    preview = client.get(
        reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk]),
        HTTP_HOST=shared.SXD,
    )
    assert preview.status_code == HTTPStatus.OK


def test_dossiers_are_not_listed_as_form_submissions(client, province, admin_user):
    client.force_login(admin_user)

    response = client.get(reverse("wagtailforms:index"))

    assert response.status_code == HTTPStatus.OK
    assert "Cấp giấy phép xây dựng" not in response.content.decode()


def test_the_tracking_page_in_english(client, province):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    try:
        page = client.get("/tra-cuu-ho-so/", HTTP_HOST=shared.SXD).content.decode()
        step = client.get(
            "/thu-tuc-hanh-chinh/1009972/nop-truc-tuyen/", HTTP_HOST=shared.SXD
        ).content.decode()
    finally:
        translation.activate(settings.LANGUAGE_CODE)
    assert "Track a dossier" in page and "Last four digits" in page
    assert "Step 1 of 4" in step and "Save and continue later" in step


def test_a_service_that_received_dossiers_cannot_be_deleted(
    client, province, admin_user
):
    from dossiers.models import Dossier
    from tests.dossiers.test_api import submit

    assert submit(client).status_code == HTTPStatus.CREATED
    client.force_login(admin_user)
    page = province.permit_service

    response = client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))

    assert response.status_code == HTTPStatus.FOUND
    assert OnlineServicePage.objects.filter(pk=page.pk).exists()
    assert Dossier.objects.count() == 1
