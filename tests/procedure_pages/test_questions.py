"""Questions and answers per procedure (issue 17 §5, hỏi đáp).

A citizen asks on ``<procedure>/hoi-dap/`` (CSRF, honeypot, rate limit); the
moderators of the procedure's agency's site answer and publish in the admin;
only published answers are shown on the procedure page and found by the search
(both backends), as the procedure's own record; the asker's contact is never
shown nor indexed; another site's moderators cannot open the question; the
page cache is purged when an answer is published, not when a question is asked.
"""

from __future__ import annotations

from contextlib import contextmanager
from http import HTTPStatus

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache, caches
from django.test import Client
from django.urls import reverse

from procedure_pages.models import ProcedureQuestion, QuestionStatus, Tier
from search import services
from search.index import SearchIndex
from search.models import DEFAULT_COLLECTION, SearchRecord
from search.records import object_key
from sites.provisioning import SiteSpec, provision_site
from tests.procedure_pages.factories import (
    AgencyFactory,
    ProcedurePageFactory,
    SectorFactory,
)
from tests.search.conftest import clean_catalogue_index

pytestmark = pytest.mark.django_db

clean_catalogue_index = clean_catalogue_index

PORTAL = "tinh.localhost"
XAY_DUNG = "soxaydung.tinh.localhost"
TU_PHAP = "sotuphap.tinh.localhost"
PERMIT = "/thu-tuc-hanh-chinh/1009972/"
ASK = PERMIT + "hoi-dap/"
EMAIL = "nong.van.dung.h23@example.com"
PHONE = "0912 345 678"
NAME = "Nông Văn Dũng"
QUESTION = "Xây nhà tạm trên đất nông nghiệp có phải xin phép không?"
# "quây tôn" and "thời hạn" appear only in the answer, nowhere else in the
# catalogue. Words found only in a record's body count half in the search's
# "did anything really match?" judgement (search/relevance.py), as a procedure's
# steps do: a query of answer words alone answers "no result" by design, so the
# queries below pair them with the procedure's name, which alone finds nothing.
ANSWER = "Công trình tạm quây tôn phải có giấy phép xây dựng có thời hạn."
QUERY = "giấy phép xây dựng quây tôn"
QUERY_EXACT = "giấy phép xây dựng có thời hạn"
PERMIT_CODE = "1.009972"


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()  # rate-limit counters live in the default cache
    services.reset_availability()
    yield
    services.reset_availability()


@pytest.fixture(
    params=["database", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)]
)
def backend(request, settings, clean_catalogue_index):
    if request.param == "database":
        settings.ELASTICSEARCH_URL = ""
    services.reset_availability()
    return request.param


@pytest.fixture
def synced(django_capture_on_commit_callbacks, settings):
    """Run the search sync queued on commit, then make Elasticsearch show it."""

    @contextmanager
    def block():
        with django_capture_on_commit_callbacks(execute=True):
            yield
        if settings.ELASTICSEARCH_URL:
            index = SearchIndex(DEFAULT_COLLECTION)
            index.ensure()
            index.refresh()

    return block


@pytest.fixture
def province(synced):
    portal = provision_site(
        SiteSpec(kind="province", name="Tỉnh Thử", hostname=PORTAL)
    ).site
    xay_dung = provision_site(
        SiteSpec(
            kind="department", name="Sở Xây dựng", hostname=XAY_DUNG, parent=PORTAL
        )
    ).site
    tu_phap = provision_site(
        SiteSpec(kind="department", name="Sở Tư pháp", hostname=TU_PHAP, parent=PORTAL)
    ).site
    catalogue = xay_dung.root_page.get_children().get(slug="thu-tuc-hanh-chinh")
    agency = AgencyFactory(name="Sở Xây dựng", unit=xay_dung.profile.unit)
    sector = SectorFactory(name="Xây dựng")
    with synced():
        permit = ProcedurePageFactory(
            parent=catalogue,
            code="1.009972",
            slug="1009972",
            title="Cấp giấy phép xây dựng",
            tier=Tier.PROVINCIAL,
            sector=sector,
            lead_agency=agency,
        )
        permit.save_revision().publish()
        for code, title in [
            ("1.009973", "Cấp giấy phép di dời công trình"),
            ("1.009974", "Điều chỉnh giấy phép xây dựng"),
        ]:
            other = ProcedurePageFactory(
                parent=catalogue,
                code=code,
                slug=code.replace(".", ""),
                title=title,
                tier=Tier.PROVINCIAL,
                sector=sector,
                lead_agency=agency,
            )
            other.save_revision().publish()
    return {
        "portal": portal,
        "xay_dung": xay_dung,
        "tu_phap": tu_phap,
        "permit": permit,
    }


def staff(profile, group: str):
    user = get_user_model().objects.create_user(
        username=f"{group}-{profile.site.hostname}", password="x"
    )
    user.groups.add(getattr(profile, f"{group}_group"))
    client = Client()
    client.force_login(user)
    return user, client


def ask(client: Client | None = None, **fields: str):
    data = {"asker_name": NAME, "contact": EMAIL, "question": QUESTION, **fields}
    return (client or Client()).post(ASK, data, HTTP_HOST=XAY_DUNG)


def answer(client: Client, question, text: str, status: str, synced):
    url = reverse("procedure_questions:edit", args=[question.pk])
    with synced():
        response = client.post(
            url,
            {"question": question.question, "answer": text, "status": status},
            HTTP_HOST=XAY_DUNG,
        )
    return response


def search(client: Client, query: str) -> dict:
    response = client.get("/api/v2/search/", {"q": query}, HTTP_HOST=PORTAL)
    assert response.status_code == HTTPStatus.OK
    return response.json()


def codes(data: dict) -> list[str]:
    return [result["code"] for result in data["results"]]


# --- asking ------------------------------------------------------------------------


def test_a_citizen_asks_with_the_csrf_token_of_the_form_and_is_thanked(province):
    browser = Client(enforce_csrf_checks=True)
    form = browser.get(ASK, HTTP_HOST=XAY_DUNG)
    assert form.status_code == HTTPStatus.OK
    page = form.content.decode()
    assert "csrfmiddlewaretoken" in page
    assert 'name="website"' in page  # the honeypot, hidden from people
    token = form.cookies["csrftoken"].value

    refused = ask(browser)  # no token: Django's CSRF check refuses it
    assert refused.status_code == HTTPStatus.FORBIDDEN
    assert ProcedureQuestion.objects.count() == 0

    sent = ask(browser, csrfmiddlewaretoken=token, contact=PHONE)
    assert sent.status_code == HTTPStatus.FOUND
    assert sent["Location"] == ASK + "da-gui/"
    thanks = browser.get(sent["Location"], HTTP_HOST=XAY_DUNG).content.decode()
    assert "Cảm ơn bạn đã gửi câu hỏi" in thanks
    assert "sẽ được công khai tại đây sau khi kiểm duyệt" in thanks

    question = ProcedureQuestion.objects.get()
    assert question.procedure_id == province["permit"].pk
    assert question.site == province["xay_dung"]  # the lead agency's site
    assert question.status == QuestionStatus.NEW
    assert question.contact == "0912345678"
    assert (question.asker_name, question.question) == (NAME, QUESTION)


def test_a_missing_or_malformed_contact_shows_the_form_again_in_vietnamese(province):
    missing = ask(contact="")
    assert missing.status_code == HTTPStatus.OK
    page = missing.content.decode()
    assert "Vui lòng sửa các mục được đánh dấu dưới đây." in page
    assert "Vui lòng nhập địa chỉ thư điện tử hoặc số điện thoại." in page
    assert 'aria-invalid="true"' in page
    assert "Vui lòng nhập thông tin này." in ask(asker_name="").content.decode()
    # What was typed is kept.
    assert NAME in page
    assert "Xây nhà tạm trên đất nông nghiệp" in page

    for wrong in ("dung@", "12345", "0912 345 67"):
        page = ask(contact=wrong).content.decode()
        assert "Vui lòng nhập địa chỉ thư điện tử hợp lệ" in page or (
            "Địa chỉ thư điện tử không hợp lệ" in page
        ), wrong
    short = ask(question="Hỏi?").content.decode()
    assert "Xây nhà" not in short and "Hỏi?" in short
    assert ProcedureQuestion.objects.count() == 0


def test_the_honeypot_refuses_the_question(province):
    response = ask(website="http://spam.example")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert ProcedureQuestion.objects.count() == 0


def test_questions_are_rate_limited_per_client(province, settings):
    settings.PROCEDURE_QUESTION_RATE = "2/h"
    assert ask().status_code == HTTPStatus.FOUND
    assert ask().status_code == HTTPStatus.FOUND
    third = ask()
    assert third.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Quá nhiều câu hỏi" in third.content.decode()
    assert third["Retry-After"] == "3600"
    assert ProcedureQuestion.objects.count() == 2
    # Another client address still may ask.
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert ask(other).status_code == HTTPStatus.FOUND
    assert ProcedureQuestion.objects.count() == 3


# --- moderation, page and search ---------------------------------------------------


def test_only_a_published_answer_is_shown_and_found_never_the_contact(
    province, backend, synced
):
    with synced():
        assert ask().status_code == HTTPStatus.FOUND
    question = ProcedureQuestion.objects.get()
    moderator, moderator_client = staff(province["xay_dung"].profile, "moderators")
    client = Client()

    # Waiting: nothing on the page, the Q&A page or in the search.
    page = client.get(PERMIT, HTTP_HOST=XAY_DUNG).content.decode()
    assert "Hỏi đáp" in page and 'href="' + ASK + '"' in page
    assert "Xây nhà tạm" not in page
    assert "Chưa có câu hỏi nào về thủ tục này được trả lời." in page
    assert "Xây nhà tạm" not in client.get(ASK, HTTP_HOST=XAY_DUNG).content.decode()
    assert codes(search(client, QUERY)) == []
    assert codes(search(client, QUERY_EXACT)) == []

    # Answered but hidden: still nothing.
    response = answer(moderator_client, question, ANSWER, QuestionStatus.HIDDEN, synced)
    assert response.status_code == HTTPStatus.FOUND
    question.refresh_from_db()
    assert question.answered_by == moderator and question.answered_at is not None
    page = client.get(PERMIT, HTTP_HOST=XAY_DUNG).content.decode()
    assert "Xây nhà tạm" not in page and "quây tôn" not in page
    assert codes(search(client, QUERY)) == []
    record = SearchRecord.objects.get(key=object_key(province["permit"]))
    assert "quây" not in record.body

    # Published: on the procedure page (and its Q&A page), found by words
    # that only the answer has, as the procedure itself (one result).
    answer(moderator_client, question, ANSWER, QuestionStatus.PUBLISHED, synced)
    for path in (PERMIT, ASK):
        page = client.get(path, HTTP_HOST=XAY_DUNG).content.decode()
        assert QUESTION in page and ANSWER in page, path
        assert EMAIL not in page and NAME not in page, path
    data = search(client, QUERY)
    assert data["backend"] == backend
    assert codes(data)[0] == PERMIT_CODE
    assert codes(data).count(PERMIT_CODE) == 1  # one result per procedure
    assert codes(search(client, QUERY_EXACT)) == [PERMIT_CODE]

    # The contact and the name are never indexed.
    record = SearchRecord.objects.get(key=object_key(province["permit"]))
    assert "quây tôn" in record.body
    for private in (EMAIL, "nong.van.dung", NAME, "Dũng"):
        assert private not in record.body and private not in record.search_folded
    assert codes(search(client, EMAIL)) == []
    assert codes(search(client, "nong van dung h23")) == []
    if backend == "elasticsearch":
        index = SearchIndex(DEFAULT_COLLECTION)
        source = index.client.get(index=index.alias, id=object_key(province["permit"]))[
            "_source"
        ]
        assert "quây tôn" in source["body"]
        assert EMAIL not in str(source) and NAME not in str(source)

    # Hidden again: gone from the page and the search.
    answer(moderator_client, question, ANSWER, QuestionStatus.HIDDEN, synced)
    assert ANSWER not in client.get(PERMIT, HTTP_HOST=XAY_DUNG).content.decode()
    assert codes(search(client, QUERY)) == []

    # Deleted while published: gone too.
    answer(moderator_client, question, ANSWER, QuestionStatus.PUBLISHED, synced)
    assert codes(search(client, QUERY_EXACT)) == [PERMIT_CODE]
    with synced():
        question.delete()
    assert codes(search(client, QUERY_EXACT)) == []
    assert ANSWER not in client.get(PERMIT, HTTP_HOST=XAY_DUNG).content.decode()


def test_publishing_needs_an_answer_and_a_moderated_question_never_waits_again(
    province, synced
):
    ask()
    question = ProcedureQuestion.objects.get()
    _moderator, client = staff(province["xay_dung"].profile, "moderators")

    response = answer(client, question, "", QuestionStatus.PUBLISHED, synced)
    assert response.status_code == HTTPStatus.OK
    assert "Hãy trả lời câu hỏi trước khi công khai." in response.content.decode()
    question.refresh_from_db()
    assert question.status == QuestionStatus.NEW

    answer(client, question, ANSWER, QuestionStatus.HIDDEN, synced)
    form = client.get(
        reverse("procedure_questions:edit", args=[question.pk]), HTTP_HOST=XAY_DUNG
    ).content.decode()
    assert 'value="hidden"' in form and 'value="published"' in form
    assert 'value="new"' not in form


# --- who may moderate ----------------------------------------------------------------


def test_only_the_moderators_of_the_agencys_site_see_and_open_the_questions(
    province, synced
):
    ask()
    ask(question="Giấy phép xây dựng có thời hạn được gia hạn mấy lần?")
    question = ProcedureQuestion.objects.order_by("pk").first()
    index = reverse("procedure_questions:index")
    edit = reverse("procedure_questions:edit", args=[question.pk])
    delete = reverse("procedure_questions:delete", args=[question.pk])

    _own, own = staff(province["xay_dung"].profile, "moderators")
    listing = own.get(index, HTTP_HOST=XAY_DUNG)
    assert listing.status_code == HTTPStatus.OK
    assert "Xây nhà tạm trên đất nông nghiệp" in listing.content.decode()
    assert "gia hạn mấy lần" in listing.content.decode()
    opened = own.get(edit, HTTP_HOST=XAY_DUNG)
    assert opened.status_code == HTTPStatus.OK
    assert EMAIL in opened.content.decode()  # the agency may reach the asker
    home = own.get(reverse("wagtailadmin_home"), HTTP_HOST=XAY_DUNG).content.decode()
    assert "2 câu hỏi đang chờ trả lời" in home

    # Another department's moderator: empty list, 404 by id, nothing saved.
    _other, other = staff(province["tu_phap"].profile, "moderators")
    listing = other.get(index, HTTP_HOST=TU_PHAP)
    assert listing.status_code == HTTPStatus.OK
    assert "Xây nhà tạm" not in listing.content.decode()
    assert other.get(edit, HTTP_HOST=TU_PHAP).status_code == HTTPStatus.NOT_FOUND
    assert other.get(delete, HTTP_HOST=TU_PHAP).status_code == HTTPStatus.NOT_FOUND
    posted = other.post(
        edit,
        {"question": "x" * 20, "answer": "Sai", "status": QuestionStatus.PUBLISHED},
        HTTP_HOST=TU_PHAP,
    )
    assert posted.status_code == HTTPStatus.NOT_FOUND
    question.refresh_from_db()
    assert (question.status, question.answer) == (QuestionStatus.NEW, "")
    home = other.get(reverse("wagtailadmin_home"), HTTP_HOST=TU_PHAP).content.decode()
    assert "câu hỏi đang chờ trả lời" not in home

    # The same site's editors do not moderate.
    _editor, editor = staff(province["xay_dung"].profile, "editors")
    assert "Xây nhà tạm" not in editor.get(index, HTTP_HOST=XAY_DUNG).content.decode()
    assert editor.get(edit, HTTP_HOST=XAY_DUNG).status_code != HTTPStatus.OK

    # Nobody adds a question in the admin, not even a superuser.
    admin = get_user_model().objects.create_superuser("root", password="x")
    root = Client()
    root.force_login(admin)
    assert root.get(edit, HTTP_HOST=PORTAL).status_code == HTTPStatus.OK
    added = root.get(reverse("procedure_questions:add"), HTTP_HOST=PORTAL)
    assert added.status_code != HTTPStatus.OK


# --- the page cache ------------------------------------------------------------------


def test_publishing_an_answer_purges_the_cached_procedure_page(
    province, settings, synced
):
    settings.PAGE_CACHE_ENABLED = True
    caches["pages"].clear()
    visitor = Client()
    assert visitor.get(PERMIT, HTTP_HOST=XAY_DUNG)["X-Page-Cache"] == "miss"
    cached = visitor.get(PERMIT, HTTP_HOST=XAY_DUNG)
    assert cached["X-Page-Cache"] == "hit"  # the page carries no CSRF token
    assert not cached.cookies

    # A new question changes nothing a visitor sees: the cache stays.
    with synced():
        assert ask().status_code == HTTPStatus.FOUND
    assert visitor.get(PERMIT, HTTP_HOST=XAY_DUNG)["X-Page-Cache"] == "hit"
    # The form page is never stored (it has a CSRF token): sent as private.
    for _ in range(2):
        form = Client().get(ASK, HTTP_HOST=XAY_DUNG)
        assert "X-Page-Cache" not in form
        assert "private" in form["Cache-Control"]

    question = ProcedureQuestion.objects.get()
    _moderator, client = staff(province["xay_dung"].profile, "moderators")
    answer(client, question, ANSWER, QuestionStatus.PUBLISHED, synced)

    fresh = visitor.get(PERMIT, HTTP_HOST=XAY_DUNG)
    assert fresh["X-Page-Cache"] == "miss"
    assert ANSWER in fresh.content.decode()
    caches["pages"].clear()


# --- a tier's shared procedure ------------------------------------------------------

HOA_AN = "hoaan.tinh.localhost"
SHARED = "/thu-tuc-hanh-chinh/2000815/"


def test_a_shared_procedure_is_asked_about_on_a_units_site_and_moderated_by_the_portal(
    province, settings, synced
):
    district = provision_site(
        SiteSpec(kind="district", name="Huyện Hòa An", hostname=HOA_AN, parent=PORTAL)
    ).site
    catalogue = (
        province["portal"].root_page.get_children().get(slug="thu-tuc-hanh-chinh")
    )
    with synced():
        shared = ProcedurePageFactory(
            parent=catalogue,
            code="2.000815",
            slug="2000815",
            title="Chứng thực bản sao từ bản chính",
            tier=Tier.DISTRICT,
            lead_agency=AgencyFactory(name="UBND cấp huyện", tier=Tier.DISTRICT),
        )
        shared.save_revision().publish()
    settings.PAGE_CACHE_ENABLED = True
    caches["pages"].clear()
    visitor = Client()
    assert visitor.get(SHARED, HTTP_HOST=HOA_AN)["X-Page-Cache"] == "miss"
    page = visitor.get(SHARED, HTTP_HOST=HOA_AN)
    assert page["X-Page-Cache"] == "hit"
    # The district's own address of the shared procedure.
    assert f'href="{SHARED}hoi-dap/"' in page.content.decode()

    sent = Client().post(
        SHARED + "hoi-dap/",
        {"asker_name": NAME, "contact": EMAIL, "question": QUESTION},
        HTTP_HOST=HOA_AN,
    )
    assert sent["Location"] == SHARED + "hoi-dap/da-gui/"
    question = ProcedureQuestion.objects.get()
    assert question.site == province["portal"]  # its agency has no site

    _district_moderator, local = staff(district.profile, "moderators")
    edit = reverse("procedure_questions:edit", args=[question.pk])
    assert local.get(edit, HTTP_HOST=HOA_AN).status_code == HTTPStatus.NOT_FOUND
    _portal_moderator, portal = staff(province["portal"].profile, "moderators")
    found = portal.get(
        reverse("procedure_questions:index"), {"q": "2.000815"}, HTTP_HOST=PORTAL
    )
    assert "Xây nhà tạm trên đất nông nghiệp" in found.content.decode()
    with synced():
        response = portal.post(
            edit,
            {"question": QUESTION, "answer": ANSWER, "status": "published"},
            HTTP_HOST=PORTAL,
        )
    assert response.status_code == HTTPStatus.FOUND

    # Purged on the district's site too: the answer shows there at once.
    fresh = visitor.get(SHARED, HTTP_HOST=HOA_AN)
    assert fresh["X-Page-Cache"] == "miss"
    assert ANSWER in fresh.content.decode()
    caches["pages"].clear()


def test_the_migration_lets_the_moderators_of_existing_sites_answer(province):
    from importlib import import_module

    from django.apps import apps
    from django.contrib.auth.models import Permission
    from wagtail.models import GroupSitePermission

    migration = import_module("procedure_pages.migrations.0004_procedure_question")
    granted = GroupSitePermission.objects.filter(
        permission__codename__endswith="_procedurequestion"
    )
    # Provisioning granted them (the hook); a database from before had none.
    assert granted.count() == 3 * 2
    granted.delete()
    Permission.objects.filter(codename__endswith="_procedurequestion").delete()

    migration.grant(apps, None)
    migration.grant(apps, None)  # twice: nothing doubled

    rows = sorted(
        (row.site.hostname, row.group.name, row.permission.codename)
        for row in granted.select_related("site", "group", "permission")
    )
    assert rows == sorted(
        (host, f"Kiểm duyệt viên – {host}", codename)
        for host in (PORTAL, XAY_DUNG, TU_PHAP)
        for codename in ("change_procedurequestion", "delete_procedurequestion")
    )
