"""Editors' procedure pages get the importer's slugs: the code, or ASCII; a
clash (two "add" screens with one title, an autosaved draft) is resolved."""

from __future__ import annotations

from http import HTTPStatus

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from procedure_pages.models import ProcedureIndexPage, ProcedurePage
from procedure_pages.slugs import ascii_slug, base_slug
from tests.sites import conftest as sites_fixtures
from tests.sites.conftest import XAY_DUNG

province = sites_fixtures.province
xay_dung = sites_fixtures.xay_dung

pytestmark = pytest.mark.django_db


def procedure_data(title: str, code: str, slug: str = "", **extra: str) -> dict:
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "code": code,
            "full_name": "",
            "tier": "tinh",
            "online_kind": "none",
            "level": "2",
            "user_type": "both",
            "status": "in_force",
            "steps": streamfield([]),
            "documents": streamfield([]),
            "legal_basis": streamfield([]),
            "processing_time_unit": "working_days",
            "comments": inline_formset([]),
            **extra,
        }
    )


@pytest.fixture
def editor_client(client, xay_dung):  # type: ignore[no-untyped-def]
    boss = get_user_model().objects.create_superuser("boss", "b@x.vn", "pw")
    client.force_login(boss)
    return client


def add(client, catalogue, data):  # type: ignore[no-untyped-def]
    url = reverse(
        "wagtailadmin_pages:add",
        args=("procedure_pages", "procedurepage", catalogue.pk),
    )
    return client.post(url, data, HTTP_HOST=XAY_DUNG)


def test_the_rule():
    assert ascii_slug("Đăng ký kết hôn") == "dang-ky-ket-hon"
    assert base_slug("1.004227", "Đăng ký khai sinh") == "1004227"
    assert base_slug("", "Đăng ký khai sinh") == "dang-ky-khai-sinh"


def test_an_editors_procedure_gets_its_code_as_slug(editor_client, xay_dung):
    catalogue = ProcedureIndexPage.objects.child_of(xay_dung.root_page).get()

    response = add(
        editor_client,
        catalogue,
        procedure_data("Cấp giấy phép xây dựng", "1.009972", slug="cấp-giấy-phép"),
    )

    assert response.status_code == HTTPStatus.FOUND, response.context["form"].errors
    assert ProcedurePage.objects.get(code="1.009972").slug == "1009972"


def test_an_accented_slug_never_survives(editor_client, xay_dung):
    catalogue = ProcedureIndexPage.objects.child_of(xay_dung.root_page).get()

    response = add(
        editor_client,
        catalogue,
        procedure_data("Đăng ký kết hôn", "", slug="đăng-ký-kết-hôn"),
    )

    # The code is required by the model: the form comes back, but with an ASCII
    # slug proposal and no complaint about the slug.
    form = response.context["form"] if response.status_code == HTTPStatus.OK else None
    if form is not None:
        assert "slug" not in form.errors
        assert form.cleaned_data["slug"] == "dang-ky-ket-hon"
    else:
        assert ProcedurePage.objects.get(title="Đăng ký kết hôn").slug.isascii()


def test_a_second_add_with_the_same_title_and_slug_gets_a_free_slug(
    editor_client, xay_dung
):
    catalogue = ProcedureIndexPage.objects.child_of(xay_dung.root_page).get()
    first = add(
        editor_client,
        catalogue,
        procedure_data("Cấp giấy phép", "2.000001", slug="cap-giay-phep"),
    )
    # A draft autosaved or added before, holding the slug the new code gives.
    ProcedurePage.objects.filter(code="2.000001").update(slug="2000002")

    second = add(
        editor_client,
        catalogue,
        procedure_data("Cấp giấy phép", "2.000002", slug="cap-giay-phep"),
    )

    assert first.status_code == HTTPStatus.FOUND
    assert second.status_code == HTTPStatus.FOUND, second.context["form"].errors
    assert ProcedurePage.objects.get(code="2.000002").slug == "2000002-2"
