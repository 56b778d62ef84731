"""GET /api/v3/units/ (the directory) and /api/v3/forms/ (public form templates)."""

from __future__ import annotations

from http import HTTPStatus

from wagtail.models import Collection, CollectionViewRestriction

from forms_library.models import FormTemplate
from sites.models import AdministrativeUnit, SiteProfile, UnitKind
from tests.api.conftest import SXD


def test_units_list_every_unit_with_its_site_and_contact(api):
    body = api("units/", limit=100).json()

    assert body["count"] == AdministrativeUnit.objects.count()
    by_host = {item["host"]: item for item in body["items"]}
    construction = by_host[SXD]
    assert construction["kind"] == UnitKind.DEPARTMENT
    assert construction["url"] == f"http://{SXD}/"
    assert set(construction["contact"]) == {
        "address",
        "phone",
        "email",
        "working_hours",
    }
    profile = SiteProfile.objects.get(site__hostname=SXD)
    assert construction["head"] == profile.head_of_unit
    assert construction["contact"]["address"] == profile.address


def test_units_filter_by_kind_and_parent(api):
    communes = api("units/", kind="commune", limit=100).json()["items"]
    assert communes
    assert {item["kind"] for item in communes} == {"commune"}

    district = AdministrativeUnit.objects.filter(kind=UnitKind.DISTRICT).first()
    children = sorted(district.children.values_list("code", flat=True))
    for reference in (district.code, district.site_profile.site.hostname):
        items = api("units/", parent=reference, limit=100).json()["items"]
        assert sorted(item["code"] for item in items) == children
        assert {item["parent"] for item in items} == {district.code}

    refused = api("units/", kind="village")
    assert refused.status_code == HTTPStatus.BAD_REQUEST
    assert refused.json()["errors"][0]["loc"] == ["query", "kind"]
    unknown = api("units/", parent="khong-co")
    assert unknown.status_code == HTTPStatus.BAD_REQUEST
    assert unknown.json()["errors"][0]["loc"] == ["query", "parent"]


def test_unit_detail(api):
    unit = AdministrativeUnit.objects.get(site_profile__site__hostname=SXD)
    body = api(f"units/{unit.code}").json()
    assert body["name"] == unit.name
    assert body["parent"] == unit.parent.code
    assert api("units/khong-co").status_code == HTTPStatus.NOT_FOUND


def test_forms_have_versions_effective_dates_and_safe_downloads(api, client):
    body = api("forms/", limit=100).json()

    assert body["count"] == len(body["items"]) > 0
    form = body["items"][0]
    assert form["current"]["effective_date"]
    detail = api(f"forms/{form['id']}").json()
    assert detail["versions"][0]["version"]
    assert all(v["effective_date"] for v in detail["versions"])
    download = client.get(form["current"]["download_url"])
    assert download.status_code == HTTPStatus.OK
    assert download["Content-Disposition"].startswith("attachment;")


def test_forms_filter_by_procedure_and_site(api):
    form = FormTemplate.objects.filter(procedures__live=True).first()
    code = form.procedures.first().code
    items = api("forms/", procedure=code, limit=100).json()["items"]
    assert form.pk in {item["id"] for item in items}
    assert all(code in item["procedures"] for item in items)

    on_site = api("forms/", site=SXD, limit=100).json()["items"]
    assert len(on_site) <= api("forms/", limit=100).json()["count"]
    assert api("forms/", site="khong-co.localhost").status_code == 400


def test_restricted_forms_never_appear(api):
    form = FormTemplate.objects.first()
    collection = Collection.objects.get(pk=form.current_version.document.collection_id)
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type="login"
    )

    ids = {item["id"] for item in api("forms/", limit=100).json()["items"]}
    assert form.pk not in ids
    assert api(f"forms/{form.pk}").status_code == HTTPStatus.NOT_FOUND
