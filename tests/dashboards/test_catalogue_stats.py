"""procedure_pages.stats: procedures by level and kind, online since when."""

from __future__ import annotations

import datetime

import pytest
from wagtail.models import Page

from procedure_pages.models import OnlineKind, ProcedurePage, Tier
from procedure_pages.stats import catalogue_stats, online_service_went_live
from tests.procedure_pages.factories import ProcedurePageFactory

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def test_levels_kinds_and_online_since(province):
    # A level-2 procedure of the same department, no online service.
    sxd_catalogue = province.construction.root_page.get_children().get(
        slug="thu-tuc-hanh-chinh"
    )
    ProcedurePageFactory(
        parent=sxd_catalogue,
        code="1.000001",
        title="Thẩm định thiết kế",
        tier=Tier.PROVINCIAL,
        level=2,
        lead_agency=province.permit.lead_agency,
    )
    ProcedurePage.objects.filter(pk=province.permit.pk).update(
        online_kind=OnlineKind.PARTIAL
    )
    went_live = datetime.datetime(2015, 3, 2, 8, tzinfo=UTC)
    Page.objects.filter(pk=province.permit_service.pk).update(
        first_published_at=went_live
    )
    Page.objects.filter(pk=province.land_service.pk).update(
        first_published_at=datetime.datetime(2016, 1, 4, 8, tzinfo=UTC)
    )

    stats = catalogue_stats()
    assert stats.procedures == 3
    assert stats.by_level == {1: 0, 2: 1, 3: 2, 4: 0}
    assert stats.by_kind == {"toan_trinh": 0, "mot_phan": 1, "none": 2}
    assert stats.online_services == 2
    sxd = next(a for a in stats.agencies if a.name == "Sở Xây dựng")
    assert (sxd.procedures, sxd.by_level[2], sxd.by_level[3]) == (2, 1, 1)
    assert sxd.has_level3
    assert sxd.online_since == went_live
    assert online_service_went_live("1.009972") == went_live
    assert online_service_went_live("1.000001") is None

    # Unpublished, the service no longer counts.
    province.permit_service.unpublish()
    sxd = next(a for a in catalogue_stats().agencies if a.name == "Sở Xây dựng")
    assert not sxd.has_level3
    assert sxd.online_since is None
