"""Parts of pages kept in the shared cache (cms.core.fragments) with the page
cache off: the catalogue and the site menu are read from the cache, and a
publish, a new procedure or a renamed sector shows on the next request."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.http import HttpRequest
from django.test import Client
from django.test.utils import CaptureQueriesContext

from procedure_pages.models import Sector, Tier
from search.models import SearchRecord
from search.records import object_key
from search.tasks import sync_search_entry
from tests.dossiers import conftest as shared
from tests.dossiers.conftest import PORTAL, SXD
from tests.procedure_pages.factories import ProcedurePageFactory, SectorFactory

province = shared.province
fresh_limits_and_vietnamese = shared.fresh_limits_and_vietnamese
private_storage = shared.private_storage

pytestmark = pytest.mark.django_db

CATALOGUE = "/thu-tuc-hanh-chinh/"


def get(host: str, path: str) -> str:
    response = Client().get(path, HTTP_HOST=host)
    assert response.status_code == 200
    return response.content.decode()


def total(html: str) -> int:
    found = re.search(r'<p class="catalogue-total">(\d+) ', html)
    assert found, "no total"
    return int(found.group(1))


def sxd_catalogue(province):
    return province.construction.root_page.get_children().get(slug="thu-tuc-hanh-chinh")


def test_a_catalogue_seen_before_runs_no_listing_query(province):
    first = get(PORTAL, CATALOGUE)
    with CaptureQueriesContext(connection) as second:
        again = get(PORTAL, CATALOGUE)

    assert again == first
    sql = " ".join(query["sql"] for query in second.captured_queries)
    assert "procedure_pages_procedurepage" not in sql
    assert "procedure_pages_sector" not in sql
    # Another query string is another fragment.
    assert total(get(PORTAL, CATALOGUE + "?tier=huyen")) == 1


def test_a_new_procedure_shows_in_every_catalogue_after_publish(
    province, django_capture_on_commit_callbacks
):
    assert total(get(PORTAL, CATALOGUE)) == 2
    assert total(get(SXD, CATALOGUE)) == 1

    procedure = ProcedurePageFactory.build(
        title="Cấp giấy phép di dời công trình",
        code="1.009980",
        slug="1009980",
        tier=Tier.PROVINCIAL,
        lead_agency=province.permit.lead_agency,
        sector=SectorFactory(name="Lĩnh vực mới"),
        live=False,
    )
    with django_capture_on_commit_callbacks(execute=True):
        sxd_catalogue(province).add_child(instance=procedure)
        procedure.save_revision().publish()

    for host, expected in ((PORTAL, 3), (SXD, 2)):
        html = get(host, CATALOGUE)
        assert total(html) == expected
        assert "Cấp giấy phép di dời công trình</a>" in html
    # Its sector is offered as a filter at once.
    assert ">Lĩnh vực mới</option>" in get(PORTAL, CATALOGUE)


def test_a_changed_title_and_a_renamed_sector_show_on_the_next_request(
    province, django_capture_on_commit_callbacks
):
    get(PORTAL, CATALOGUE), get(SXD, CATALOGUE)
    permit = type(province.permit).objects.get(pk=province.permit.pk)
    permit.title = "Cấp giấy phép xây dựng nhà ở riêng lẻ"
    with django_capture_on_commit_callbacks(execute=True):
        permit.save_revision().publish()
    for host in (PORTAL, SXD):
        assert "Cấp giấy phép xây dựng nhà ở riêng lẻ</a>" in get(host, CATALOGUE)

    sector = Sector.objects.get(pk=permit.sector_id)
    with django_capture_on_commit_callbacks(execute=True):
        sector.name = "Lĩnh vực đổi tên"
        sector.save()
    assert ">Lĩnh vực đổi tên</option>" in get(PORTAL, CATALOGUE)


def test_a_text_query_follows_the_search_index(province):
    """The catalogue's text filter reads the search records; their sync (a task
    after the publish) purges the fragments that listed a query's matches."""
    query = CATALOGUE + "?q=di+doi"
    procedure = ProcedurePageFactory.build(
        title="Cấp giấy phép di dời công trình",
        code="1.009980",
        slug="1009980",
        tier=Tier.PROVINCIAL,
        lead_agency=province.permit.lead_agency,
        sector=province.permit.sector,
    )
    sxd_catalogue(province).add_child(instance=procedure)  # no sync yet
    assert not SearchRecord.objects.filter(key=object_key(procedure)).exists()
    assert total(get(PORTAL, query)) == 0  # stored

    sync_search_entry.enqueue(object_key(procedure))  # immediate in tests

    assert total(get(PORTAL, query)) == 1


def test_the_menu_follows_a_renamed_section(
    province, django_capture_on_commit_callbacks
):
    assert ">Biểu mẫu</a></li>" in get(SXD, "/")
    library = province.construction.root_page.get_children().get(slug="bieu-mau")
    library = library.specific
    library.title = "Mẫu đơn, tờ khai"
    with django_capture_on_commit_callbacks(execute=True):
        library.save_revision().publish()

    html = get(SXD, CATALOGUE)
    assert ">Mẫu đơn, tờ khai</a></li>" in html
    assert ">Biểu mẫu</a></li>" not in html


def test_the_form_library_filters_follow_a_renamed_agency(
    province, django_capture_on_commit_callbacks
):
    from tests.forms_library.factories import FormVersionFactory

    agency = province.permit.lead_agency
    FormVersionFactory(form__agency=agency)
    assert f">{agency.name}</option>" in get(PORTAL, "/bieu-mau/")

    with django_capture_on_commit_callbacks(execute=True):
        agency.name = "Sở Xây dựng (tên mới)"
        agency.save()

    assert ">Sở Xây dựng (tên mới)</option>" in get(PORTAL, "/bieu-mau/")


def test_where_to_go_follows_a_unit_that_stops_handling_a_procedure(
    province, django_capture_on_commit_callbacks
):
    from procedure_pages.models import HandlingChange, UnitProcedureChange
    from tests.dossiers.conftest import HOA_AN

    path = "/thu-tuc-hanh-chinh/1003003/"  # the district tier's land procedure
    assert "where-unit" in get(HOA_AN, path)

    with django_capture_on_commit_callbacks(execute=True):
        UnitProcedureChange.objects.create(
            unit=province.district.profile.unit,
            procedure=province.land,
            change=HandlingChange.EXCLUDES,
        )

    response = Client().get(path, HTTP_HOST=HOA_AN)
    assert response.status_code == 404 or "where-unit" not in response.content.decode()


def test_a_procedure_page_body_is_kept_until_the_page_changes(province):
    from procedure_pages.models import ProcedurePage

    page = ProcedurePage.objects.get(code=shared.PERMIT_CODE)
    path = page.relative_url(page.get_site())
    host = page.get_site().hostname
    live = get(host, path)
    assert page.name in live
    with CaptureQueriesContext(connection) as again:
        assert get(host, path) == live
    sql = " ".join(query["sql"] for query in again.captured_queries)
    assert "co_processing_agencies" not in sql  # the body came from the cache

    page.title = page.full_name = "Tên mới của thủ tục cấp phép"
    page.save_revision().publish()
    assert "Tên mới của thủ tục cấp phép" in get(host, path)


def test_a_preview_neither_reads_nor_stores_fragments(province):
    from django.test import RequestFactory

    from cms.core import fragments

    def request(preview: bool) -> HttpRequest:
        made = RequestFactory().get("/", HTTP_HOST=SXD)
        setattr(made, "is_preview", preview)  # noqa: B010 - as Wagtail sets it
        return made

    assert fragments.cached(request(False), "probe", lambda: "live") == "live"
    assert fragments.cached(request(False), "probe", lambda: "other") == "live"
    # A draft's preview renders its own content and leaves the live one alone.
    assert fragments.cached(request(True), "probe", lambda: "draft") == "draft"
    assert fragments.cached(request(False), "probe", lambda: "other") == "live"
