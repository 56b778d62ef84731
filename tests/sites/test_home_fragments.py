"""The home page's panels are kept in the shared cache (cms.core.fragments) and
purged on publish: a new procedure changes the counters, a changed title shows,
on the next request; the page cache is off, as for a visitor with a session."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from procedure_pages.models import Sector, Tier
from tests.dossiers import conftest as shared
from tests.dossiers.conftest import PORTAL, SXD
from tests.procedure_pages.factories import ProcedurePageFactory

province = shared.province
fresh_limits_and_vietnamese = shared.fresh_limits_and_vietnamese
private_storage = shared.private_storage

pytestmark = pytest.mark.django_db


def home(host: str = PORTAL) -> str:
    response = Client().get("/", HTTP_HOST=host)
    assert response.status_code == 200
    return response.content.decode()


def agency_count(html: str, name: str) -> int:
    found = re.search(
        rf">{re.escape(name)}</a> <span class=\"count\">(\d+)</span>", html
    )
    assert found, f"{name} not listed by agency"
    return int(found.group(1))


def sxd_catalogue(province):
    return province.construction.root_page.get_children().get(slug="thu-tuc-hanh-chinh")


def test_the_panels_are_computed_once_then_read_from_the_cache(province):
    home()  # fills the cache
    with CaptureQueriesContext(connection) as second:
        html = home()

    assert agency_count(html, "Sở Xây dựng") == 1
    sql = " ".join(query["sql"] for query in second.captured_queries)
    assert "COUNT(" not in sql  # no counter worked out again
    assert "forms_library_formdownloadcount" not in sql


def test_a_new_procedure_changes_the_home_counter_after_publish(
    province, django_capture_on_commit_callbacks
):
    assert agency_count(home(), "Sở Xây dựng") == 1

    with django_capture_on_commit_callbacks(execute=True):
        procedure = ProcedurePageFactory.build(
            title="Cấp giấy phép di dời công trình",
            code="1.009980",
            slug="1009980",
            tier=Tier.PROVINCIAL,
            lead_agency=province.permit.lead_agency,
            sector=province.permit.sector,
            live=False,
        )
        sxd_catalogue(province).add_child(instance=procedure)
    # A draft shows nowhere.
    assert agency_count(home(), "Sở Xây dựng") == 1

    with django_capture_on_commit_callbacks(execute=True):
        procedure.save_revision().publish()

    assert agency_count(home(), "Sở Xây dựng") == 2


def test_a_changed_title_shows_on_the_next_request(
    province, django_capture_on_commit_callbacks
):
    assert "Cấp giấy phép xây dựng</a>" in home()
    assert "Cấp giấy phép xây dựng</a>" in home(SXD)

    permit = type(province.permit).objects.get(pk=province.permit.pk)
    permit.title = "Cấp giấy phép xây dựng nhà ở riêng lẻ"
    with django_capture_on_commit_callbacks(execute=True):
        permit.save_revision().publish()

    for host in (PORTAL, SXD):
        html = home(host)
        assert "Cấp giấy phép xây dựng nhà ở riêng lẻ</a>" in html
        assert "Cấp giấy phép xây dựng</a>" not in html


def test_a_renamed_sector_shows_on_the_next_request(
    province, django_capture_on_commit_callbacks
):
    sector = Sector.objects.get(pk=province.permit.sector_id)
    assert f">{sector.name}</a>" in home()

    with django_capture_on_commit_callbacks(execute=True):
        sector.name = "Hoạt động xây dựng (đổi tên)"
        sector.save()

    assert ">Hoạt động xây dựng (đổi tên)</a>" in home()


def test_each_site_and_language_has_its_own_panels(province):
    portal, department = home(PORTAL), home(SXD)
    assert "Procedures by agency" not in portal  # Vietnamese
    assert portal != department
    english = Client()
    english.cookies["django_language"] = "en"
    response = english.get("/", HTTP_HOST=PORTAL)
    assert "Procedures by agency" in response.content.decode()
    assert "Procedures by agency" not in home(PORTAL)
