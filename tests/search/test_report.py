"""The editors' search report (issue 16): top queries, queries with no result,
queries whose results are not opened, a chart, and one-click fixes."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from search.models import Concept, PromotedResult, SearchQuery, Synonym
from search.querylog import record_click, record_search, search_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged():
    for _ in range(3):
        record_search("lấy vợ", 2)
    record_search("rước dâu", 0)
    record_search("rước dâu", 0)
    opened = record_search("khai sinh", 4)
    record_click(str(opened.token), "k:1", 1)
    record_search("khai sinh", 4)


def test_the_report_aggregates_the_log(logged):
    report = search_report(days=30)
    assert (report.searches, report.no_result, report.opened) == (7, 2, 1)
    assert [row.query for row in report.top][:3] == ["lấy vợ", "khai sinh", "rước dâu"]
    assert [row.query for row in report.no_results] == ["rước dâu"]
    unopened = {row.query: row.unopened for row in report.unopened}
    assert unopened == {"lấy vợ": 3, "khai sinh": 1}
    assert report.chart_data()["searches"] == [7]
    assert report.chart_data()["no_result_share"] == [28.6]


def test_editors_see_the_report_with_its_chart(admin_client, logged):
    response = admin_client.get(reverse("search_report"))
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "rước dâu" in html and "lấy vợ" in html
    assert 'id="search-report-data"' in html
    assert "search/vendor/chart.umd.min.js" in html
    add_synonym = reverse(Synonym.snippet_viewset.get_url_name("add"))
    assert f"{add_synonym}?term=r%C6%B0%E1%BB%9Bc+d%C3%A2u" in html


def test_the_report_needs_its_permission(client, django_user_model, logged):
    user = django_user_model.objects.create_user("editor", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    # Wagtail answers a refused admin view with a redirect to the dashboard.
    refused = client.get(reverse("search_report"))
    assert refused.status_code in {HTTPStatus.FOUND, HTTPStatus.FORBIDDEN}
    group = Group.objects.create(name="Search editors")
    group.permissions.add(Permission.objects.get(codename="view_searchquery"))
    user.groups.add(group)
    assert client.get(reverse("search_report")).status_code == HTTPStatus.OK


def test_one_click_adds_the_query_to_a_concept(admin_client, logged, db_collection):
    from search.services import search

    concept = Concept.objects.get(name="Kết hôn")
    response = admin_client.post(
        reverse("search_report_add_to_concept"),
        {"concept": concept.pk, "query": "rước dâu", "next": reverse("search_report")},
    )
    assert response.status_code == HTTPStatus.FOUND
    concept.refresh_from_db()
    assert "rước dâu" in concept.phrase_list
    results = search("rước dâu", collection=db_collection, backend="database")
    assert results.hits[0].code == "1.000894"


def test_only_logged_queries_can_be_added(admin_client, logged):
    concept = Concept.objects.get(name="Kết hôn")
    admin_client.post(
        reverse("search_report_add_to_concept"),
        {"concept": concept.pk, "query": "anything at all"},
    )
    concept.refresh_from_db()
    assert "anything at all" not in concept.phrase_list


def test_the_add_forms_are_prefilled_and_create(admin_client, logged):
    add_synonym = reverse(Synonym.snippet_viewset.get_url_name("add"))
    html = admin_client.get(add_synonym, {"term": "rước dâu"}).content.decode()
    assert 'value="rước dâu"' in html
    response = admin_client.post(
        add_synonym + "?term=r%C6%B0%E1%BB%9Bc+d%C3%A2u",
        {"term": "rước dâu", "expansions": "đăng ký kết hôn", "enabled": "on"},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert Synonym.objects.get(term="rước dâu").expansion_list == ["đăng ký kết hôn"]

    add_concept = reverse(Concept.snippet_viewset.get_url_name("add"))
    html = admin_client.get(
        add_concept, {"name": "rước dâu", "phrases": "rước dâu"}
    ).content.decode()
    assert "rước dâu" in html

    add_promoted = reverse(PromotedResult.snippet_viewset.get_url_name("add"))
    html = admin_client.get(add_promoted, {"query": "rước dâu"}).content.decode()
    assert 'value="rước dâu"' in html
    assert SearchQuery.objects.filter(query="rước dâu").count() == 2
