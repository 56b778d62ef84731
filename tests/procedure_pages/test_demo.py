"""The demo catalogue: the plan's 1,006 procedures, loaded through the importer."""

from http import HTTPStatus
from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Page

from procedure_pages.demo import PRIORITY
from procedure_pages.models import ProcedurePage

pytestmark = pytest.mark.django_db


def test_demo_has_the_plan_totals_and_is_idempotent(settings, client):
    settings.DEMO_SAMPLE_SCALE = 1.0  # the plan's full catalogue
    call_command("seed_demo", stdout=StringIO())
    counts = {
        tier: ProcedurePage.objects.filter(tier=tier).count()
        for tier in ["tinh", "huyen", "xa"]
    }
    before = (Page.objects.count(), ProcedurePage.objects.count())

    call_command("seed_demo", stdout=StringIO())

    assert counts == {"tinh": 650, "huyen": 207, "xa": 149}
    assert (Page.objects.count(), ProcedurePage.objects.count()) == before
    assert Page.find_problems() == ([], [], [], [], [])

    # The plan's 7 priority procedures have complete content; the rest are samples.
    priority = ProcedurePage.objects.filter(code__in=[p["code"] for p in PRIORITY])

    assert priority.count() == 7
    for page in priority:
        assert not page.is_sample
        assert len(page.steps) >= 2 and len(page.documents) >= 2
        assert len(page.legal_basis) >= 1
        assert page.processing_days and page.result and page.fee_text
        assert page.level >= 3
        response = client.get(page.url, HTTP_HOST=page.get_site().hostname)
        assert response.status_code == HTTPStatus.OK
    generated = ProcedurePage.objects.exclude(code__in=[p["code"] for p in PRIORITY])
    assert generated.count() == 999
    assert not generated.filter(is_sample=False).exists()


def test_seed_keeps_an_editors_change_to_a_demo_procedure(demo_site):
    page = ProcedurePage.objects.get(code=PRIORITY[0]["code"])
    page.result = "Sửa bởi biên tập viên"
    page.save_revision().publish()

    call_command("seed_demo", stdout=StringIO())

    page.refresh_from_db()
    assert page.result == "Sửa bởi biên tập viên"
