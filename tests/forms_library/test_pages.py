"""Procedure pages list their forms; form libraries search and filter."""

from __future__ import annotations

import datetime
from http import HTTPStatus

import pytest
from django.utils.html import escape

from forms_library.models import LIBRARY_SLUG, FormLibraryIndexPage, FormStatus
from tests.forms_library.factories import FormVersionFactory, pdf_file
from tests.procedure_pages.factories import (
    AgencyFactory,
    ProcedurePageFactory,
    SectorFactory,
    site_with_catalogue,
)

pytestmark = pytest.mark.django_db

PORTAL = "caobang.localhost"
DEPARTMENT = "soxaydung.caobang.localhost"


def library(site) -> FormLibraryIndexPage:
    page = FormLibraryIndexPage.objects.child_of(site.root_page).first()
    if page is None:
        page = site.root_page.add_child(
            instance=FormLibraryIndexPage(title="Biểu mẫu", slug=LIBRARY_SLUG)
        )
    return page


@pytest.fixture
def sites():
    portal, _ = site_with_catalogue(hostname=PORTAL, name="Cao Bằng", is_default=True)
    department, catalogue = site_with_catalogue(
        hostname=DEPARTMENT,
        name="Sở Xây dựng",
        kind="department",
        parent=portal.profile.unit,
    )
    return portal, department, catalogue


def test_procedure_page_lists_only_current_forms_with_size_and_format(client, sites):
    _, _, catalogue = sites
    procedure = ProcedurePageFactory(parent=catalogue, title="Cấp giấy phép xây dựng")
    old = FormVersionFactory(
        form__title="Đơn đề nghị cấp giấy phép xây dựng",
        version="1",
        effective_date=datetime.date(2016, 7, 1),
        status=FormStatus.SUPERSEDED,
        document__file=pdf_file(),
    )
    current = FormVersionFactory(form=old.form, version="2")
    old.form.procedures.add(procedure)
    old.form.save()
    second = FormVersionFactory(form__title="Bản vẽ hiện trạng")
    second.form.procedures.add(procedure)
    second.form.save()

    response = client.get(procedure.url, HTTP_HOST=DEPARTMENT)
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert current.form.get_download_url() in html
    assert old.get_download_url() not in html
    assert "DOCX" in html and "PDF" not in html.split('id="forms"')[1]
    size = current.document.file.size
    assert f"{size / 1024:.1f}".replace(".", ",") in html or f"{size} " in html
    assert escape("/tai-bieu-mau/thu-tuc/") in html


def test_library_search_and_filters(client, sites):
    portal, department, catalogue = sites
    home_sector = SectorFactory(name="Xây dựng")
    land = SectorFactory(name="Đất đai")
    agency = AgencyFactory(name="Sở Xây dựng")
    building = ProcedurePageFactory(parent=catalogue, sector=home_sector)
    plot = ProcedurePageFactory(parent=catalogue, sector=land)
    permit = FormVersionFactory(
        form__form_number="Mẫu số 01", form__title="Đơn đề nghị cấp giấy phép"
    ).form
    permit.agency = agency
    permit.procedures.add(building)
    permit.save()
    land_form = FormVersionFactory(
        form__form_number="Mẫu 04a/ĐK", form__title="Đơn đăng ký đất đai"
    ).form
    land_form.procedures.add(plot)
    land_form.save()
    page = library(department)

    def titles(**params) -> set[str]:
        response = client.get(page.url, params, HTTP_HOST=DEPARTMENT)
        assert response.status_code == HTTPStatus.OK
        return {form.title for form in response.context["forms"]}

    assert titles() == {permit.title, land_form.title}
    assert titles(q="04a") == {land_form.title}
    assert titles(q="giấy phép") == {permit.title}
    assert titles(agency=agency.pk) == {permit.title}
    assert titles(sector=land.pk) == {land_form.title}
    assert titles(procedure=building.pk) == {permit.title}
    assert titles(q="không có") == set()


def test_portal_library_aggregates_every_site(client, sites):
    portal, department, catalogue = sites
    _, commune_catalogue = site_with_catalogue(
        hostname="xa.caobang.localhost",
        name="Xã A",
        kind="department",
        parent=portal.profile.unit,
    )
    own = FormVersionFactory(form__title="Mẫu của sở").form
    own.site = department
    own.save()
    other = FormVersionFactory(form__title="Mẫu của xã").form
    other.procedures.add(ProcedurePageFactory(parent=commune_catalogue))
    other.save()

    def titles(site, host) -> set[str]:
        response = client.get(library(site).url, HTTP_HOST=host)
        return {form.title for form in response.context["forms"]}

    assert titles(portal, PORTAL) == {own.title, other.title}
    assert titles(department, DEPARTMENT) == {own.title}


def test_form_detail_shows_the_history(client, sites):
    portal, _, _ = sites
    old = FormVersionFactory(
        version="2016",
        effective_date=datetime.date(2016, 1, 1),
        status=FormStatus.SUPERSEDED,
    )
    new = FormVersionFactory(form=old.form, version="2024")
    page = library(portal)
    response = client.get(f"{page.url}{old.form.pk}/", HTTP_HOST=PORTAL)
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert old.get_download_url() in html and new.get_download_url() in html
    assert "Đã được thay thế" in html
    missing = client.get(f"{page.url}999999/", HTTP_HOST=PORTAL)
    assert missing.status_code == HTTPStatus.NOT_FOUND


def test_library_pages_keep_the_filters(client, sites, monkeypatch):
    import forms_library.models

    monkeypatch.setattr(forms_library.models, "FORMS_PER_PAGE", 2)
    portal, _, _ = sites
    for number in range(3):
        FormVersionFactory(form__title=f"Tờ khai {number}")
    FormVersionFactory(form__title="Đơn khác")
    page = library(portal)
    first = client.get(page.url, {"q": "Tờ khai"}, HTTP_HOST=PORTAL)
    assert first.context["form_count"] == 3
    assert len(first.context["forms"]) == 2
    html = first.content.decode()
    assert "q=T%E1%BB%9D+khai&amp;page=2" in html
    second = client.get(page.url, {"q": "Tờ khai", "page": 2}, HTTP_HOST=PORTAL)
    assert [f.title for f in second.context["forms"]] == ["Tờ khai 2"]
