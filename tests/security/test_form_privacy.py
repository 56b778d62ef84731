"""Every way out of the forms library applies the same privacy check
(issue 13, leaks 1 and 4): a form in a private collection is never in a ZIP, a
listing or a procedure page for a visitor who may not download it, and a site's
form detail page shows only that site's forms."""

from __future__ import annotations

import io
import zipfile
from http import HTTPStatus

import pytest
from django.urls import reverse
from wagtail.models import Collection, CollectionViewRestriction

from sites.provisioning import SiteSpec, provision_site
from tests.forms_library.factories import DocumentFactory, FormVersionFactory
from tests.procedure_pages.factories import ProcedurePageFactory

PORTAL = "tinh.localhost"
XAY_DUNG = "soxaydung.tinh.localhost"
Y_TE = "soyte.tinh.localhost"


@pytest.fixture
def sites(db):
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    portal = provision_site(
        SiteSpec(kind="province", name="Tỉnh Thử", hostname=PORTAL)
    ).site
    xay_dung = provision_site(
        SiteSpec(
            kind="department", name="Sở Xây dựng", hostname=XAY_DUNG, parent=PORTAL
        )
    ).site
    y_te = provision_site(
        SiteSpec(kind="department", name="Sở Y tế", hostname=Y_TE, parent=PORTAL)
    ).site
    return portal, xay_dung, y_te


def private_collection() -> Collection:
    collection = Collection.get_first_root_node().add_child(name="Nội bộ")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    return collection


@pytest.fixture
def procedure_with_forms(sites):
    _portal, xay_dung, _y_te = sites
    catalogue = xay_dung.root_page.get_children().get(slug="thu-tuc-hanh-chinh")
    procedure = ProcedurePageFactory(parent=catalogue, title="Cấp giấy phép xây dựng")
    public = FormVersionFactory(form__title="Đơn công khai", form__site=xay_dung)
    secret = FormVersionFactory(
        form__title="Mẫu nội bộ bí mật",
        form__site=xay_dung,
        document=DocumentFactory(collection=private_collection()),
    )
    for version in (public, secret):
        version.form.procedures.add(procedure)
        version.form.save()
    return procedure, public, secret


def test_the_zip_leaves_out_forms_of_a_private_collection(client, procedure_with_forms):
    procedure, public, secret = procedure_with_forms
    response = client.get(
        reverse("forms_library:download_procedure", args=[procedure.pk]),
        HTTP_HOST=XAY_DUNG,
    )
    assert response.status_code == HTTPStatus.OK
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert len(archive.namelist()) == 1
    with public.document.file.open("rb") as stored:
        assert archive.read(archive.namelist()[0]) == stored.read()

    public.form.procedures.remove(procedure)
    public.form.save()
    response = client.get(
        reverse("forms_library:download_procedure", args=[procedure.pk]),
        HTTP_HOST=XAY_DUNG,
    )
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_pages_list_no_private_form(client, procedure_with_forms):
    procedure, public, secret = procedure_with_forms
    page = client.get(procedure.url, HTTP_HOST=XAY_DUNG)
    assert page.status_code == HTTPStatus.OK
    assert "Đơn công khai" in page.content.decode()
    assert "Mẫu nội bộ bí mật" not in page.content.decode()
    for host in (XAY_DUNG, PORTAL):
        library = client.get("/bieu-mau/", HTTP_HOST=host).content.decode()
        assert "Đơn công khai" in library
        assert "Mẫu nội bộ bí mật" not in library
        detail = client.get(f"/bieu-mau/{secret.form.pk}/", HTTP_HOST=host)
        assert detail.status_code == HTTPStatus.NOT_FOUND


def test_a_sites_form_detail_shows_only_its_own_forms(client, procedure_with_forms):
    _procedure, public, _secret = procedure_with_forms
    own = client.get(f"/bieu-mau/{public.form.pk}/", HTTP_HOST=XAY_DUNG)
    assert own.status_code == HTTPStatus.OK
    assert "Đơn công khai" in own.content.decode()
    portal = client.get(f"/bieu-mau/{public.form.pk}/", HTTP_HOST=PORTAL)
    assert portal.status_code == HTTPStatus.OK
    other = client.get(f"/bieu-mau/{public.form.pk}/", HTTP_HOST=Y_TE)
    assert other.status_code == HTTPStatus.NOT_FOUND
