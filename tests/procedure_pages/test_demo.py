"""The demo catalogue: the plan's 1,006 distinct procedures, believable ones.

Sector, lead agency and tier agree (the sector → agency table of
``procedure_pages/demo_data/sectors.csv``); district- and commune-tier
procedures are published once, in the portal's catalogue, and every unit of the
tier lists them; most procedures have a form.
"""

from __future__ import annotations

import re
from http import HTTPStatus
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Page, Site

from forms_library.models import FormTemplate
from forms_library.services import forms_for_site
from procedure_pages import demo
from procedure_pages.models import Agency, ProcedureIndexPage, ProcedurePage, Tier
from procedure_pages.services import procedures_for_catalogue
from search import services as search_services
from sites.demo import AGENCIES, PORTAL_HOSTNAME, hostname_for

DEPARTMENTS = {name for name, _label in AGENCIES}
PRIORITY_CODES = {row["code"] for row in demo.priority_rows()}
# Procedures with a form on the full demo (949 of 1,006 when written).
MIN_SHARE_WITH_FORM = 0.9


# --- the vocabulary (no database) -----------------------------------------------------


def test_every_sector_has_an_agency_of_its_tier():
    tier_agencies = demo.tier_agencies()
    table = demo.sector_agencies()

    assert set(tier_agencies) == {Tier.DISTRICT, Tier.COMMUNE}
    for (tier, sector), agency in table.items():
        if tier == Tier.PROVINCIAL:
            assert agency in DEPARTMENTS, (sector, agency)
        else:
            assert agency == tier_agencies[tier], (tier, sector, agency)
    # A few the issue named: the right department, never another one.
    assert table[(Tier.PROVINCIAL, "Luật sư")] == "Sở Tư pháp"
    assert table[(Tier.PROVINCIAL, "Thành lập và hoạt động doanh nghiệp")] == (
        "Sở Kế hoạch và Đầu tư"
    )
    assert table[(Tier.PROVINCIAL, "Hoạt động xây dựng")] == "Sở Xây dựng"
    assert table[(Tier.PROVINCIAL, "Dược phẩm")] == "Sở Y tế"
    assert table[(Tier.PROVINCIAL, "Đường bộ")] == "Sở Giao thông vận tải"
    # Every sector of the table is used, every department leads some.
    used = {
        (tier, sample.sector.name)
        for tier, samples in demo.vocabulary().samples.items()
        for sample in samples
    }
    assert used == set(table)
    assert {agency for (tier, _s), agency in table.items() if tier == "tinh"} == (
        DEPARTMENTS
    )


def test_the_vocabulary_names_the_plan_s_procedures_once_each():
    rows = demo.demo_rows(1.0)
    names = [row["name"] for row in rows]
    counts = {
        tier: sum(1 for row in rows if row["tier"] == tier)
        for tier in ["tinh", "huyen", "xa"]
    }

    assert counts == {"tinh": 650, "huyen": 207, "xa": 149}
    assert len(set(names)) == len(names) == 1006
    assert len({row["code"] for row in rows}) == 1006
    assert not [name for name in names if "(trường hợp" in name]
    # No nonsense of the old generator.
    assert "Thu hồi đăng ký kết hôn" not in names
    assert not [name for name in names if re.search(r"(tại cấp \w+) \(", name)]
    for row in rows:
        assert row["sector"] and row["agency"] and row["result"], row["code"]
        assert row["documents"] and row["steps"] and row["legal_basis"]


def test_a_small_sample_still_shows_every_department():
    rows = demo.demo_rows(0.05)
    provincial = {row["agency"] for row in rows if row["tier"] == "tinh"}

    assert provincial >= DEPARTMENTS
    assert {row["tier"] for row in rows} == {"tinh", "huyen", "xa"}


def test_sample_forms_are_shared_by_the_procedures_of_one_object():
    forms = demo.sample_forms(1.0)
    by_title = {(form.title, form.agency): form for form in forms}
    driving = by_title[
        ("Đơn đề nghị đổi, cấp lại giấy phép lái xe", "Sở Giao thông vận tải")
    ]

    assert len(by_title) == len(forms)
    assert {name for _code, name in driving.procedures} >= {
        "Cấp lại giấy phép lái xe",
        "Đổi giấy phép lái xe do ngành Công an cấp",
    }
    covered = {code for form in forms for code, _name in form.procedures}
    assert len(covered) / 1006 >= MIN_SHARE_WITH_FORM


# --- a small demo (before the full one: its transaction lasts to the end) -------------


def test_seed_keeps_an_editors_change_to_a_demo_procedure(demo_site):
    page = ProcedurePage.objects.get(code=demo.priority_rows()[0]["code"])
    page.result = "Sửa bởi biên tập viên"
    page.save_revision().publish()

    call_command("seed_demo", stdout=StringIO())

    page.refresh_from_db()
    assert page.result == "Sửa bởi biên tập viên"


# --- the full demo --------------------------------------------------------------------


def analyze(connection) -> None:  # type: ignore[no-untyped-def]
    """The seeded rows are not committed, so autovacuum never sees them: without
    fresh statistics PostgreSQL's planner takes the tables for empty and joins
    over the full catalogue run for minutes."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


@pytest.fixture(scope="module")
def full_demo(django_db_setup, django_db_blocker):
    """The plan's full catalogue, seeded twice, kept for this module's tests
    (one transaction, rolled back at the end)."""
    from django.db import connection, transaction

    with (
        django_db_blocker.unblock(),
        override_settings(DEMO_SAMPLE_SCALE=1.0),
        transaction.atomic(),
    ):
        call_command("seed_demo", stdout=StringIO())
        first = (Page.objects.count(), FormTemplate.objects.count())
        analyze(connection)
        call_command("seed_demo", stdout=StringIO())
        second = (Page.objects.count(), FormTemplate.objects.count())
        analyze(connection)
        yield {"first": first, "second": second}
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_demo_has_the_plan_totals_and_is_idempotent(full_demo):
    counts = {
        tier: ProcedurePage.objects.filter(tier=tier).count()
        for tier in ["tinh", "huyen", "xa"]
    }

    assert counts == {"tinh": 650, "huyen": 207, "xa": 149}
    assert full_demo["first"] == full_demo["second"]
    assert Page.find_problems() == ([], [], [], [], [])
    generated = ProcedurePage.objects.exclude(code__in=PRIORITY_CODES)
    assert generated.count() == 999
    assert not generated.filter(is_sample=False).exists()


@pytest.mark.django_db
def test_priority_procedures_are_complete(full_demo, client):
    priority = ProcedurePage.objects.filter(code__in=PRIORITY_CODES)

    assert priority.count() == 7
    for page in priority:
        assert not page.is_sample
        assert len(page.steps) >= 2 and len(page.documents) >= 2
        assert len(page.legal_basis) >= 1
        assert page.processing_days and page.result and page.fee_text
        assert page.level >= 3
        assert page.form_templates.exists(), page.code
        response = client.get(page.url, HTTP_HOST=page.get_site().hostname)
        assert response.status_code == HTTPStatus.OK


@pytest.mark.django_db
def test_sector_lead_agency_and_tier_agree(full_demo):
    table = demo.sector_agencies()
    procedures = ProcedurePage.objects.select_related("sector", "lead_agency")

    for page in procedures:
        assert table[(page.tier, page.sector.name)] == page.lead_agency.name, (
            page.code,
            page.title,
        )


@pytest.mark.django_db
def test_each_procedure_is_published_once_where_its_tier_says(full_demo):
    portal = Site.objects.get(hostname=PORTAL_HOSTNAME)
    portal_catalogue = ProcedureIndexPage.objects.child_of(portal.root_page).get()
    procedures = ProcedurePage.objects.select_related("lead_agency__unit")

    # One record per procedure: no title twice (no copy per district or commune).
    titles = list(procedures.values_list("title", flat=True))
    assert len(titles) == len(set(titles)) == 1006
    for name in demo.tier_agencies().values():
        agency = Agency.objects.get(name=name)
        assert agency.unit_id is None
    for page in procedures.exclude(tier=Tier.PROVINCIAL):
        assert page.lead_agency.name == demo.tier_agencies()[page.tier]
        assert page.get_parent().pk == portal_catalogue.pk, page.code
    for page in procedures.filter(tier=Tier.PROVINCIAL):
        unit = page.lead_agency.unit
        assert unit is not None and unit.name in DEPARTMENTS
        assert page.get_site().hostname == unit.site_profile.site.hostname


@pytest.mark.django_db
def test_a_district_and_a_commune_list_their_tier_s_procedures(full_demo, client):
    """Their catalogue and forms library show the tier's shared records."""
    for label, tier in [("hoaan", Tier.DISTRICT), ("danchu", Tier.COMMUNE)]:
        site = Site.objects.get(hostname=hostname_for(label))
        index = ProcedureIndexPage.objects.child_of(site.root_page).get()
        tier_procedures = set(
            ProcedurePage.objects.live().filter(tier=tier).values_list("pk", flat=True)
        )

        listed = set(procedures_for_catalogue(index).values_list("pk", flat=True))
        response = client.get(index.url, HTTP_HOST=site.hostname)

        assert listed == tier_procedures
        assert response.status_code == HTTPStatus.OK
        assert response.context["catalogue"].total == len(tier_procedures)
        # Its forms library lists the forms of those shared procedures.
        tier_forms = set(
            FormTemplate.objects.filter(procedures__tier=tier).values_list(
                "pk", flat=True
            )
        )
        in_library = set(forms_for_site(site).values_list("pk", flat=True))
        assert tier_forms and tier_forms <= in_library


@pytest.mark.django_db
def test_search_finds_each_marriage_procedure_once(full_demo):
    results = search_services.search(
        "dang ky ket hon", page_size=50, backend="database"
    )
    hits = [hit for hit in results.hits if hit.kind == "procedure"]
    marriage = set(
        ProcedurePage.objects.filter(title__icontains="kết hôn").values_list(
            "code", flat=True
        )
    )

    assert results.backend == "database"
    assert hits and hits[0].title == "Đăng ký kết hôn"
    assert len({hit.code for hit in hits}) == len(hits)
    assert len({hit.title for hit in hits}) == len(hits)
    assert {hit.code for hit in hits if "kết hôn" in hit.title} <= marriage
    assert len(marriage) <= 10  # the 23 near-copies of the old demo are gone


@pytest.mark.django_db
def test_most_procedures_have_a_form(full_demo):
    with_form = ProcedurePage.objects.filter(form_templates__isnull=False).distinct()
    driving = FormTemplate.objects.get(
        title="Đơn đề nghị đổi, cấp lại giấy phép lái xe"
    )

    assert with_form.count() / ProcedurePage.objects.count() >= MIN_SHARE_WITH_FORM
    # A sample form with a priority form's title is that form (one record).
    assert driving.form_number == "Phụ lục 19"
    assert driving.procedures.count() >= 4
    for form in FormTemplate.objects.exclude(
        procedures__code__in=PRIORITY_CODES
    ).select_related("agency")[:50]:
        assert form.current_version is not None
        assert {page.lead_agency_id for page in form.procedures.all()} == {
            form.agency_id
        }
