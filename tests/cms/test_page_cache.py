"""The full-page cache (cms.core.cache): anonymous pages are served from it and
purged on publish, unpublish, move and delete on every site that shows them;
nothing private is ever stored or served from it."""

from __future__ import annotations

import gzip
from http import HTTPStatus

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client

from cms.core import cache as page_cache
from procedure_pages.models import ProcedurePage, Sector
from search.records import object_key
from search.tasks import sync_search_entry
from tests.dossiers import conftest as shared
from tests.dossiers.conftest import HOA_AN, PORTAL, SXD

province = shared.province
fresh_limits_and_vietnamese = shared.fresh_limits_and_vietnamese
private_storage = shared.private_storage

pytestmark = pytest.mark.django_db

PERMIT = "/thu-tuc-hanh-chinh/1009972/"
LAND = "/thu-tuc-hanh-chinh/1003003/"
CATALOGUE = "/thu-tuc-hanh-chinh/"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def get(host: str, path: str, client: Client | None = None, **headers: str):
    return (client or Client()).get(path, HTTP_HOST=host, **headers)


def html(response) -> str:
    return response.content.decode()


def publish_title(page, title: str, capture) -> None:
    page = page.specific.__class__.objects.get(pk=page.pk)
    page.title = title
    with capture(execute=True):
        page.save_revision().publish()


# --- served from the cache, with the headers a front-end cache needs -------------


def test_an_anonymous_page_is_stored_then_served_from_the_cache(province):
    first = get(SXD, PERMIT)
    second = get(SXD, PERMIT)

    assert first.status_code == second.status_code == HTTPStatus.OK
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert html(second) == html(first)
    for response in (first, second):
        control = response["Cache-Control"]
        assert "public" in control and "s-maxage=" in control
        assert response["ETag"].startswith('W/"')
        assert not response.cookies
        assert "cookie" not in response.get("Vary", "").lower()
    # The security headers are added to a cached page too.
    assert "Content-Security-Policy" in second
    assert second["Content-Language"] == "vi"


def test_a_page_answers_304_to_its_etag_and_is_compressed(province):
    etag = get(SXD, PERMIT)["ETag"]

    assert get(SXD, PERMIT, HTTP_IF_NONE_MATCH=etag).status_code == 304
    packed = get(SXD, PERMIT, HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.content) == get(SXD, PERMIT).content


def test_cache_headers_are_sent_when_the_page_cache_is_off(settings, province):
    settings.PAGE_CACHE_ENABLED = False

    response = get(SXD, PERMIT)

    assert response["X-Page-Cache"] == "off"
    assert "public" in response["Cache-Control"]
    assert not response.cookies


def test_english_visitors_get_their_own_entries(province):
    vietnamese = get(SXD, PERMIT)
    english = Client()
    english.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"

    response = get(SXD, PERMIT, client=english)

    assert response["X-Page-Cache"] == "miss"
    assert "Skip to main content" in html(response)
    assert "Chuyển đến nội dung chính" in html(vietnamese)


# --- purged where the page shows ---------------------------------------------------


def test_publishing_purges_the_page_and_every_site_that_lists_it(
    province, django_capture_on_commit_callbacks
):
    # A district-tier procedure: in the portal's catalogue, shown by every district.
    pages = [(PORTAL, LAND), (PORTAL, CATALOGUE), (HOA_AN, LAND), (HOA_AN, CATALOGUE)]
    for host, path in pages:
        get(host, path)
        assert get(host, path)["X-Page-Cache"] == "hit"

    publish_title(
        province.land, "Cấp sổ đỏ lần đầu (đã sửa)", django_capture_on_commit_callbacks
    )

    for host, path in pages:
        response = get(host, path)
        assert response["X-Page-Cache"] == "miss", (host, path)
        assert "Cấp sổ đỏ lần đầu (đã sửa)" in html(response), (host, path)


def test_publishing_on_one_site_keeps_unrelated_sites_cached(
    province, django_capture_on_commit_callbacks
):
    get(HOA_AN, "/lien-he/")

    publish_title(
        province.permit, "Cấp phép xây dựng", django_capture_on_commit_callbacks
    )

    # The permit is the construction department's: a district does not show it.
    assert get(HOA_AN, "/lien-he/")["X-Page-Cache"] == "hit"
    assert "Cấp phép xây dựng" in html(get(SXD, PERMIT))


def test_unpublishing_purges(province, django_capture_on_commit_callbacks):
    assert "Cấp giấy phép xây dựng" in html(get(SXD, CATALOGUE))
    get(SXD, PERMIT)

    with django_capture_on_commit_callbacks(execute=True):
        ProcedurePage.objects.get(pk=province.permit.pk).unpublish()

    assert get(SXD, PERMIT).status_code == HTTPStatus.NOT_FOUND
    assert "Cấp giấy phép xây dựng" not in html(get(SXD, CATALOGUE))


def test_moving_purges(province, django_capture_on_commit_callbacks):
    get(SXD, PERMIT)
    portal_catalogue = province.portal.root_page.get_children().get(
        slug="thu-tuc-hanh-chinh"
    )

    with django_capture_on_commit_callbacks(execute=True):
        ProcedurePage.objects.get(pk=province.permit.pk).move(
            portal_catalogue, pos="last-child"
        )

    # Now in the portal's catalogue (the department still shows it, as it
    # handles it): both answers are new.
    assert get(SXD, PERMIT)["X-Page-Cache"] == "miss"
    assert get(PORTAL, PERMIT).status_code == HTTPStatus.OK


def test_deleting_purges(province, django_capture_on_commit_callbacks):
    assert "Cấp giấy phép xây dựng" in html(get(SXD, CATALOGUE))

    with django_capture_on_commit_callbacks(execute=True):
        ProcedurePage.objects.get(pk=province.permit.pk).delete()

    assert "Cấp giấy phép xây dựng" not in html(get(SXD, CATALOGUE))


def test_shared_content_changes_purge_every_site(
    province, django_capture_on_commit_callbacks
):
    sector = Sector.objects.create(name="Xây dựng")
    ProcedurePage.objects.filter(pk=province.permit.pk).update(sector=sector)
    with django_capture_on_commit_callbacks(execute=True):
        page_cache.purge_all()
    assert "Xây dựng" in html(get(SXD, PERMIT))

    sector.name = "Quy hoạch - Xây dựng"
    with django_capture_on_commit_callbacks(execute=True):
        sector.save()

    assert "Quy hoạch - Xây dựng" in html(get(SXD, PERMIT))


def test_a_finished_search_sync_purges_the_search_results(province):
    # The catalogue's text filter reads the search records (q= in the query).
    search = CATALOGUE + "?q=giay+phep"
    get(SXD, search)
    assert get(SXD, search)["X-Page-Cache"] == "hit"

    sync_search_entry.enqueue(object_key(province.permit))  # immediate in tests

    assert get(SXD, search)["X-Page-Cache"] == "miss"
    assert get(SXD, PERMIT)["X-Page-Cache"] == "miss"  # first time
    assert get(SXD, PERMIT)["X-Page-Cache"] == "hit"  # not purged by the sync


# --- never private ---------------------------------------------------------------


def test_a_signed_in_editor_is_never_served_nor_fills_the_cache(province):
    get(SXD, PERMIT)  # an anonymous copy is stored
    ProcedurePage.objects.filter(pk=province.permit.pk).update(title="Bản nháp")
    editor = Client()
    editor.force_login(
        get_user_model().objects.create_superuser("bientap", "b@example.com", "x")
    )

    response = get(SXD, PERMIT, client=editor)

    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]
    assert "Bản nháp" in html(response)
    # The anonymous copy is still the one stored, not the editor's page.
    anonymous = get(SXD, PERMIT)
    assert anonymous["X-Page-Cache"] == "hit"
    assert "Bản nháp" not in html(anonymous)


def test_a_visitor_with_a_session_is_never_served_from_the_cache(province):
    get(SXD, PERMIT)
    visitor = Client()
    session = visitor.session
    session["draft"] = "x"
    session.save()
    visitor.cookies[django_settings.SESSION_COOKIE_NAME] = session.session_key

    response = get(SXD, PERMIT, client=visitor)

    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize(
    "path",
    [
        PERMIT + "nop-truc-tuyen/",  # the online form: a CSRF token, a draft
        "/tra-cuu-ho-so/",  # dossier tracking
    ],
)
def test_forms_and_tracking_are_never_stored(province, path):
    for _ in range(2):
        response = get(SXD, path)
        assert response.status_code == HTTPStatus.OK
        assert response.get("X-Page-Cache") is None
        assert "public" not in response["Cache-Control"]


def test_a_page_with_a_csrf_token_is_never_stored(rf):
    request = rf.get(PERMIT, HTTP_HOST=SXD)
    get_token(request)

    assert not page_cache.response_is_public(request, HttpResponse("<form>"))
