"""The visitor counter keeps aggregate numbers per site and nothing else."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from sites.models import VisitCounter
from sites.visits import stats
from tests.sites.conftest import XAY_DUNG, Y_TE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_visit_counts_once_however_many_pages_it_views(xay_dung, y_te):
    first, second = Client(), Client()
    for _ in range(3):
        first.get("/", HTTP_HOST=XAY_DUNG)
    second.get("/lien-he/", HTTP_HOST=XAY_DUNG)
    # Browsers keep cookies per host; the test client does not, so a new one.
    Client().get("/", HTTP_HOST=Y_TE)

    xd = stats(xay_dung)
    assert (xd.online, xd.today, xd.this_week, xd.total) == (2, 2, 2, 2)
    assert stats(y_te).today == 1
    assert {f.name for f in VisitCounter._meta.concrete_fields} == {
        "id",
        "site",
        "day",
        "count",
    }


def test_week_and_total_include_earlier_days(xay_dung):
    today = timezone.localdate()
    VisitCounter.objects.create(site=xay_dung, day=today - timedelta(days=400), count=7)
    VisitCounter.objects.create(site=xay_dung, day=today, count=3)

    result = stats(xay_dung)

    assert result.today == 3
    assert result.total == 10
    assert result.this_week == 3


def test_the_admin_and_missing_pages_are_not_counted(client, xay_dung, xd_editor):
    client.get("/khong-co/", HTTP_HOST=XAY_DUNG)
    client.force_login(xd_editor)
    client.get("/admin/", HTTP_HOST=XAY_DUNG)

    assert not VisitCounter.objects.exists()


def test_footer_shows_the_counter(client, xay_dung):
    client.get("/", HTTP_HOST=XAY_DUNG)

    html = client.get("/", HTTP_HOST=XAY_DUNG).content.decode()

    assert "Thống kê truy cập" in html
    assert "<dt>Hôm nay</dt><dd>1</dd>" in html


def test_a_returning_page_view_writes_nothing(
    client, xay_dung, django_assert_max_num_queries
):
    client.get("/", HTTP_HOST=XAY_DUNG)
    client.get("/", HTTP_HOST=XAY_DUNG)  # warm caches

    with django_assert_max_num_queries(20) as queries:
        client.get("/", HTTP_HOST=XAY_DUNG)
    counter_queries = [
        q["sql"] for q in queries.captured_queries if "visitcounter" in q["sql"]
    ]
    # The footer's one read; no UPDATE or INSERT for a returning visitor.
    assert len(counter_queries) == 1
    assert counter_queries[0].startswith("SELECT")
