"""The search shows an anonymous visitor only what they may open (issue 13,
leak 2), on both backends: no title, URL or snippet of a page behind a login or
password restriction (on it or an ancestor), of a form template in a private
collection, or of a promoted page that is restricted, on the search page, the
search API or the suggestions; and the index follows when a restriction is
added or removed."""

from __future__ import annotations

import json
import re
from contextlib import contextmanager
from http import HTTPStatus

import pytest
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from procedure_pages.models import ProcedurePage
from search import services
from search.index import SearchIndex
from search.models import DEFAULT_COLLECTION, PromotedResult, SearchRecord
from sites.models import StandardPage
from sites.provisioning import SiteSpec, provision_site
from tests.forms_library.factories import DocumentFactory, FormVersionFactory
from tests.procedure_pages.factories import ProcedurePageFactory

PORTAL = "tinh.localhost"
XAY_DUNG = "soxaydung.tinh.localhost"

SECRET_PAGE = "Biên bản họp kín về nhân sự"
SECRET_PROCEDURE = "Thẩm định hồ sơ mật Khuổi Khon"
SECRET_FORM = "Mẫu báo cáo mật Phja Oắc"
PUBLIC_PAGE = "Giới thiệu chung về Sở Xây dựng"
TAG = re.compile(r"<[^>]+>")


@pytest.fixture(
    params=["database", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)]
)
def backend(request, settings, db):
    from search.connection import get_client

    if request.param == "database":
        settings.ELASTICSEARCH_URL = ""
    services.reset_availability()
    client = get_client()
    index = SearchIndex(DEFAULT_COLLECTION, client=client) if client else None
    if index is not None:
        index.drop()
    yield request.param
    if index is not None:
        index.drop()
    services.reset_availability()


@pytest.fixture
def sites(backend):
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    portal = provision_site(
        SiteSpec(kind="province", name="Tỉnh Thử", hostname=PORTAL)
    ).site
    xay_dung = provision_site(
        SiteSpec(
            kind="department", name="Sở Xây dựng", hostname=XAY_DUNG, parent=PORTAL
        )
    ).site
    return portal, xay_dung


@pytest.fixture
def synced(django_capture_on_commit_callbacks, backend):
    """Run the search sync a change enqueues, and make Elasticsearch show it."""

    @contextmanager
    def block():
        with django_capture_on_commit_callbacks(execute=True):
            yield
        if backend == "elasticsearch":
            index = SearchIndex(DEFAULT_COLLECTION)
            index.ensure()
            index.refresh()

    return block


def publish_page(parent, title, synced, model=StandardPage, **fields):
    page = model(title=title, **fields)
    parent.add_child(instance=page)
    with synced():
        page.save_revision().publish()
    return page.specific_class.objects.get(pk=page.pk)


def restrict(page, synced, kind=PageViewRestriction.LOGIN):
    with synced():
        return PageViewRestriction.objects.create(
            page=page,
            restriction_type=kind,
            password="mat-khau" if kind == PageViewRestriction.PASSWORD else "",
        )


def routes(client, query, host=PORTAL):
    """Every anonymous way into the search, with what each answered."""
    prefix = query.split()[0] + " " + query.split()[1][:2]
    answers = {
        "search page (portal)": client.get("/tim-kiem/", {"q": query}, HTTP_HOST=host),
        "search page (own site)": client.get(
            "/tim-kiem/", {"q": query}, HTTP_HOST=XAY_DUNG
        ),
        "search API": client.get("/api/v2/search/", {"q": query}, HTTP_HOST=host),
        "search API (site)": client.get(
            "/api/v2/search/", {"q": query, "site": XAY_DUNG}, HTTP_HOST=host
        ),
        "suggestions": client.get(
            "/api/v2/search/suggest/", {"q": prefix}, HTTP_HOST=host
        ),
        "suggestions (site)": client.get(
            "/api/v2/search/suggest/", {"q": prefix, "site": XAY_DUNG}, HTTP_HOST=host
        ),
    }
    for name, response in answers.items():
        assert response.status_code == HTTPStatus.OK, name
    return {name: response.content.decode() for name, response in answers.items()}


def leaking(client, query, *secrets):
    """The routes whose answer holds any of ``secrets`` (titles, URLs)."""
    texts = [s for s in secrets if s]
    escaped = [json.dumps(s, ensure_ascii=False)[1:-1] for s in texts]
    return sorted(
        name
        for name, body in routes(client, query).items()
        # Highlighting splits a title with <mark> tags: look at the text too.
        if any(s in body or s in TAG.sub("", body) for s in [*texts, *escaped])
    )


def found_by(client, query):
    """The titles an anonymous visitor finds with ``query`` (search API)."""
    response = client.get("/api/v2/search/", {"q": query}, HTTP_HOST=PORTAL)
    return [result["title"] for result in response.json()["results"]]


def page_path(page):
    return page.get_url_parts()[2]


def test_a_page_restricted_after_publishing_leaves_every_route_and_comes_back(
    client, sites, synced
):
    _portal, xay_dung = sites
    page = publish_page(
        xay_dung.root_page, SECRET_PAGE, synced, body="<p>Danh sách cán bộ</p>"
    )
    secrets = (SECRET_PAGE, page_path(page))
    assert len(leaking(client, "bien ban hop kin", *secrets)) == 6  # found first

    restriction = restrict(page, synced)
    assert leaking(client, "bien ban hop kin", *secrets) == []
    assert not SearchRecord.objects.filter(title=SECRET_PAGE).exists()

    with synced():
        restriction.delete()
    assert len(leaking(client, "bien ban hop kin", *secrets)) == 6


def test_a_password_on_an_ancestor_hides_every_page_below_it(client, sites, synced):
    _portal, xay_dung = sites
    catalogue = xay_dung.root_page.get_children().get(slug="thu-tuc-hanh-chinh")
    procedure = ProcedurePageFactory(
        parent=catalogue, title=SECRET_PROCEDURE, code="9.900001"
    )
    with synced():
        procedure.save_revision().publish()
    secrets = (SECRET_PROCEDURE, page_path(procedure))
    assert leaking(client, "tham dinh ho so mat", *secrets)

    restrict(catalogue, synced, kind=PageViewRestriction.PASSWORD)
    assert leaking(client, "tham dinh ho so mat", *secrets) == []

    # Published while the section is restricted: never indexed.
    later = ProcedurePageFactory(
        parent=catalogue, title="Thẩm định hồ sơ mật Cốc Pàng", code="9.900002"
    )
    with synced():
        later.save_revision().publish()
    assert leaking(client, "tham dinh ho so mat", "Cốc Pàng") == []
    assert not SearchRecord.objects.filter(code__in=["9.900001", "9.900002"]).exists()


def private_collection(name="Nội bộ"):
    collection = Collection.get_first_root_node().add_child(name=name)
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    return collection


def test_a_form_in_a_private_collection_is_never_found(client, sites, synced):
    _portal, xay_dung = sites
    with synced():
        version = FormVersionFactory(
            form__title=SECRET_FORM,
            form__site=xay_dung,
            document=DocumentFactory(collection=private_collection()),
        )
        version.form.save()
    secrets = (SECRET_FORM, version.form.get_download_url())
    assert leaking(client, "mau bao cao mat", *secrets) == []


def test_a_collection_restricted_later_takes_its_forms_out_and_back(
    client, sites, synced
):
    _portal, xay_dung = sites
    collection = Collection.get_first_root_node().add_child(name="Văn bản chung")
    with synced():
        version = FormVersionFactory(
            form__title=SECRET_FORM,
            form__site=xay_dung,
            document=DocumentFactory(collection=collection),
        )
        version.form.save()
    secrets = (SECRET_FORM, version.form.get_download_url())
    assert leaking(client, "mau bao cao mat", *secrets)

    with synced():
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.LOGIN
        )
    assert leaking(client, "mau bao cao mat", *secrets) == []

    with synced():
        restriction.delete()
    assert leaking(client, "mau bao cao mat", *secrets)


def test_a_public_form_does_not_reveal_the_restricted_procedure_using_it(
    client, sites, synced
):
    _portal, xay_dung = sites
    catalogue = xay_dung.root_page.get_children().get(slug="thu-tuc-hanh-chinh")
    procedure = ProcedurePageFactory(
        parent=catalogue, title=SECRET_PROCEDURE, code="9.900003"
    )
    restrict(procedure, synced)
    with synced():
        version = FormVersionFactory(form__title="Tờ khai chung", form__site=xay_dung)
        version.form.procedures.add(ProcedurePage.objects.get(pk=procedure.pk))
        version.form.save()

    # Neither shown (snippet) nor usable as an oracle (found by its words).
    assert leaking(client, "tham dinh ho so mat khuoi khon", SECRET_PROCEDURE) == []
    assert found_by(client, "tham dinh ho so mat khuoi khon") == []
    assert found_by(client, "to khai chung") == ["Tờ khai chung"]
    record = SearchRecord.objects.get(title="Tờ khai chung")
    assert SECRET_PROCEDURE not in record.body


def test_a_promoted_page_that_is_restricted_is_not_shown(client, sites, synced):
    _portal, xay_dung = sites
    page = publish_page(xay_dung.root_page, SECRET_PAGE, synced)
    publish_page(xay_dung.root_page, PUBLIC_PAGE, synced)
    PromotedResult.objects.create(query="giới thiệu", page=page)
    restrict(page, synced)

    secrets = (SECRET_PAGE, page_path(page))
    assert leaking(client, "gioi thieu", *secrets) == []
    results = services.search("gioi thieu")
    assert [hit.title for hit in results.hits] == [PUBLIC_PAGE]
