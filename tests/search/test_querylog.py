"""The search log (issue 16): what was searched, how many results, which was
opened; no IP address and nothing that looks like personal data."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.utils import timezone

from search.models import SearchClick, SearchQuery
from search.querylog import record_click, record_search, redact
from tests.search.test_api import PORTAL, catalogue  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "logged"),
    [
        ("cấp lại căn cước 012345678901", "cấp lại căn cước"),
        ("hồ sơ của tôi sđt 0912 345 678", "hồ sơ của tôi sđt"),
        ("+84912345678 đăng ký tạm trú", "đăng ký tạm trú"),
        ("cmnd 123456789 bị mất", "cmnd bị mất"),
        ("nguyen.van.a@example.com lý lịch tư pháp", "lý lịch tư pháp"),
        ("khai sinh ngày 12/05/2024", "khai sinh ngày"),
        ("tra cứu hồ sơ SXD-261201-0001", "tra cứu hồ sơ SXD-"),
        # Procedure codes and small numbers are not personal.
        ("thủ tục 1.004227", "thủ tục 1.004227"),
        ("1.004227 1.004228", "1.004227 1.004228"),
        ("căn cước cho con 14 tuổi", "căn cước cho con 14 tuổi"),
    ],
)
def test_personal_data_is_removed(typed, logged):
    assert redact(typed) == logged


def test_nothing_is_logged_when_only_personal_data_was_typed():
    assert record_search("0912345678", 0) is None
    assert SearchQuery.objects.count() == 0


def test_the_search_page_logs_the_query_without_the_visitor(client, catalogue):  # noqa: F811
    response = client.get(
        "/tim-kiem/",
        {"q": "Đăng ký kết hôn 0912345678"},
        headers={"host": PORTAL},
        REMOTE_ADDR="203.0.113.7",
        HTTP_USER_AGENT="Mozilla/5.0 test",
    )
    assert response.status_code == HTTPStatus.OK
    # One visitor's logged search: never stored in a shared cache.
    assert "private" in response["Cache-Control"]
    logged = SearchQuery.objects.get()
    assert logged.query == "đăng ký kết hôn"
    assert logged.query_folded == "dang ki ket hon"
    assert logged.result_count >= 1
    assert logged.source == "page"
    assert logged.site.hostname == PORTAL
    stored = " ".join(str(getattr(logged, f.attname)) for f in logged._meta.fields)
    assert "203.0.113" not in stored and "Mozilla" not in stored
    assert "0912345678" not in stored
    # The results link to the page and ping which one was opened.
    html = response.content.decode()
    assert f"/api/v2/search/opened/?s={logged.token}&amp;k=" in html


def test_later_pages_and_browsing_are_not_logged(client, catalogue):  # noqa: F811
    client.get("/tim-kiem/", {"q": "dang ky", "page": 2}, headers={"host": PORTAL})
    client.get("/tim-kiem/", {"sector": "Hộ tịch"}, headers={"host": PORTAL})
    assert SearchQuery.objects.count() == 0


def test_the_api_logs_its_searches(client, catalogue):  # noqa: F811
    client.get("/api/v2/search/", {"q": "ket hon"}, headers={"host": PORTAL})
    assert SearchQuery.objects.get().source == "api"


def test_an_opened_result_is_recorded(client, catalogue):  # noqa: F811
    entry = record_search("đăng ký kết hôn", 3)
    response = client.post(
        "/api/v2/search/opened/",
        QUERY_STRING=f"s={entry.token}&k=procedure_pages.procedurepage:1&r=2",
        headers={"host": PORTAL},
        content_type="text/ping",
        data="PING",
    )
    assert response.status_code == HTTPStatus.NO_CONTENT
    click = SearchClick.objects.get()
    assert (click.search, click.key, click.rank) == (
        entry,
        "procedure_pages.procedurepage:1",
        2,
    )


@pytest.mark.parametrize(
    "query_string",
    ["s=not-a-token&k=x:1&r=1", "s=&k=x:1&r=1", "k=x:1&r=0", "s=&k=&r=abc"],
)
def test_a_bad_ping_records_nothing(client, catalogue, query_string):  # noqa: F811
    response = client.post(
        "/api/v2/search/opened/",
        QUERY_STRING=query_string,
        headers={"host": PORTAL},
    )
    assert response.status_code in {HTTPStatus.NO_CONTENT, HTTPStatus.BAD_REQUEST}
    assert SearchClick.objects.count() == 0


def test_clicks_per_search_are_capped():
    entry = record_search("kết hôn", 2)
    results = [record_click(str(entry.token), "k:1", 1) for _ in range(25)]
    assert results.count(True) == 20


def test_the_log_is_purged_after_its_retention(settings):
    settings.SEARCH_LOG_RETENTION_DAYS = 30
    old = record_search("kết hôn", 1)
    recent = record_search("khai sinh", 1)
    SearchQuery.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=31)
    )
    record_click(str(old.token), "k:1", 1)
    call_command("purge_search_log")
    assert list(SearchQuery.objects.all()) == [recent]
    assert SearchClick.objects.count() == 0
