"""sites.stats and forms_library.stats: monthly sums of the daily counters."""

from __future__ import annotations

import datetime

import pytest

from forms_library.models import FormDownloadCount
from forms_library.stats import downloads_by_month
from sites.models import VisitCounter
from sites.stats import visits_by_month

pytestmark = pytest.mark.django_db
D = datetime.date


def test_visits_per_month_per_site(province):
    portal, sxd = province.portal, province.construction
    VisitCounter.increment(day=D(2026, 1, 5), site=portal)
    VisitCounter.increment(day=D(2026, 1, 5), site=portal)
    VisitCounter.increment(day=D(2026, 1, 31), site=portal)
    VisitCounter.increment(day=D(2026, 3, 1), site=sxd)
    VisitCounter.increment(day=D(2026, 4, 1), site=sxd)  # outside the period
    every = visits_by_month(D(2026, 1, 1), D(2026, 3, 31))
    assert [(m.month, m.count) for m in every] == [
        (D(2026, 1, 1), 3),
        (D(2026, 2, 1), 0),
        (D(2026, 3, 1), 1),
    ]
    own = visits_by_month(D(2026, 1, 1), D(2026, 3, 31), sites=[sxd.pk])
    assert [m.count for m in own] == [0, 0, 1]


def test_downloads_per_month(db):
    from tests.forms_library.factories import FormTemplateFactory

    form = FormTemplateFactory()
    for day in (D(2026, 2, 1), D(2026, 2, 1), D(2026, 2, 28)):
        FormDownloadCount.increment(day=day, form=form)
    assert [m.count for m in downloads_by_month(D(2026, 1, 1), D(2026, 2, 28))] == [
        0,
        3,
    ]
