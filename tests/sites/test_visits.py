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

COUNTER = "/luot-truy-cap/"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_visit_counts_once_however_many_pages_it_views(xay_dung, y_te):
    # Pages do not count (they are cached); their script asks the counter.
    first, second = Client(), Client()
    for _ in range(3):
        first.get("/", HTTP_HOST=XAY_DUNG)
        first.get(COUNTER, HTTP_HOST=XAY_DUNG)
    second.get(COUNTER, HTTP_HOST=XAY_DUNG)
    # Browsers keep cookies per host; the test client does not, so a new one.
    Client().get(COUNTER, HTTP_HOST=Y_TE)

    xd = stats(xay_dung)
    assert (xd.online, xd.today, xd.this_week, xd.total) == (2, 2, 2, 2)
    assert stats(y_te).today == 1
    assert {f.name for f in VisitCounter._meta.concrete_fields} == {
        "id",
        "site",
        "day",
        "count",
    }


def test_the_counter_answers_the_numbers_and_is_never_cached(client, xay_dung):
    response = client.get(COUNTER, HTTP_HOST=XAY_DUNG)

    assert response.json() == {"online": 1, "today": 1, "this_week": 1, "total": 1}
    assert "no-store" in response["Cache-Control"]
    assert {"portal_visit", "portal_online"} <= set(response.cookies)
    assert client.post(COUNTER, HTTP_HOST=XAY_DUNG).status_code == 405


def test_week_and_total_include_earlier_days(xay_dung):
    today = timezone.localdate()
    VisitCounter.objects.create(site=xay_dung, day=today - timedelta(days=400), count=7)
    VisitCounter.objects.create(site=xay_dung, day=today, count=3)

    result = stats(xay_dung)

    assert result.today == 3
    assert result.total == 10
    assert result.this_week == 3


def test_pages_the_admin_and_missing_pages_are_not_counted(client, xay_dung, xd_editor):
    client.get("/", HTTP_HOST=XAY_DUNG)
    client.get("/khong-co/", HTTP_HOST=XAY_DUNG)
    client.force_login(xd_editor)
    client.get("/admin/", HTTP_HOST=XAY_DUNG)

    assert not VisitCounter.objects.exists()


def test_footer_has_the_counter_without_numbers_or_cookies(client, xay_dung):
    response = client.get("/", HTTP_HOST=XAY_DUNG)
    html = response.content.decode()

    assert "Thống kê truy cập" in html
    assert 'data-visits-url="/luot-truy-cap/"' in html
    assert 'dd data-visits="today"></dd>' in html
    assert not response.cookies


def test_a_returning_visitor_writes_nothing(
    client, xay_dung, django_assert_max_num_queries
):
    client.get(COUNTER, HTTP_HOST=XAY_DUNG)

    with django_assert_max_num_queries(5) as queries:
        client.get(COUNTER, HTTP_HOST=XAY_DUNG)
    counter_queries = [
        q["sql"] for q in queries.captured_queries if "visitcounter" in q["sql"]
    ]
    # The one aggregate read; no UPDATE or INSERT for a returning visitor.
    assert len(counter_queries) == 1
    assert counter_queries[0].startswith("SELECT")
