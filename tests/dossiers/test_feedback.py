"""Citizens' feedback (phản ánh, kiến nghị): the public form on every site, the
code and PIN, tracking with the same answer for a wrong code and a wrong
factor, the honeypot, the Sở Nội vụ's inbox and nobody else's, the audited
answer the citizen reads, and nothing of it in the page cache."""

from __future__ import annotations

import re
from http import HTTPStatus

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.test import Client
from django.utils import timezone

from dossiers.models import Feedback, FeedbackEvent, FeedbackStatus
from sites.provisioning import SiteSpec, provision_site
from tests.dossiers.conftest import HOA_AN, PORTAL, SXD, desk_user

pytestmark = pytest.mark.django_db

SNV = "sonoivu.tinh.localhost"
PER_RESPONSE = re.compile(rb'(name="csrfmiddlewaretoken" value|nonce)="[^"]+"')
FORM = {
    "topic": "service",
    "name": "Hoàng Thị Mai",
    "phone": "0987 654 321",
    "email": "",
    "dossier_code": "000.00.19.H12-260115-0007",
    "procedure": "Cấp giấy phép xây dựng",
    "subject": "Cán bộ hẹn nhiều lần",
    "content": "Tôi phải đến bộ phận một cửa ba lần mới nộp được hồ sơ.",
}


@pytest.fixture
def home_affairs(desk):
    """The province of the desk tests plus its Sở Nội vụ and its desk."""
    site = provision_site(
        SiteSpec(kind="department", name="Sở Nội vụ", hostname=SNV, parent=PORTAL)
    ).site
    desk.snv_staff = desk_user(site, "snv.canbo")
    desk.snv_site = site
    return desk


def send(client, host: str = HOA_AN, address: str = "10.5.5.5", **changes):
    return client.post(
        "/phan-anh-kien-nghi/", {**FORM, **changes}, HTTP_HOST=host, REMOTE_ADDR=address
    )


def lookup(client, code: str, factor: str, address: str = "10.6.6.6"):
    return client.post(
        "/phan-anh-kien-nghi/tra-cuu/",
        {"code": code, "factor": factor},
        HTTP_HOST=SXD,
        REMOTE_ADDR=address,
    )


def pin_of(response) -> str:
    found = re.search(
        r'class="dossier-code feedback-pin">(\d{6})<', response.content.decode()
    )
    assert found, response.content.decode()
    return found.group(1)


def test_the_form_is_on_every_site_and_a_submission_gets_a_code_and_pin(
    client, home_affairs
):
    for host in (PORTAL, HOA_AN, SNV):
        page = client.get("/phan-anh-kien-nghi/", HTTP_HOST=host)
        assert page.status_code == HTTPStatus.OK
        assert 'name="website"' in page.content.decode()  # honeypot
        assert "Sở Nội vụ" in page.content.decode()

    first = send(client)
    second = send(client, subject="Thủ tục rườm rà")

    assert first.status_code == second.status_code == HTTPStatus.CREATED
    day = timezone.localdate().strftime("%y%m%d")
    items = list(Feedback.objects.order_by("pk"))
    assert [i.code for i in items] == [f"PAKN-{day}-0001", f"PAKN-{day}-0002"]
    assert f"PAKN-{day}-0001" in first.content.decode()
    item = items[0]
    assert item.unit == home_affairs.snv_site.profile.unit
    assert item.status == FeedbackStatus.NEW
    assert item.phone == "0987654321"
    assert item.site_hostname == HOA_AN
    pin = pin_of(first)
    assert pin not in item.pin_digest  # only a digest is kept
    assert first["Cache-Control"] == "private, no-store"
    event = FeedbackEvent.objects.get(feedback=item)
    assert (event.action, event.to_status, event.user) == ("submit", "new", None)


def test_a_contact_is_required_and_fields_are_checked(client, home_affairs):
    no_contact = send(client, phone="", email="")
    bad_phone = send(client, phone="12ab")
    bad_email = send(client, phone="", email="not-an-email")

    for response in (no_contact, bad_phone, bad_email):
        assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "để chúng tôi trả lời" in no_contact.content.decode()
    assert not Feedback.objects.exists()
    by_mail = send(client, phone="", email="mai@example.test")
    assert by_mail.status_code == HTTPStatus.CREATED


def test_the_honeypot_refuses_robots(client, home_affairs):
    response = send(client, website="http://spam.example")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not Feedback.objects.exists()


def test_submissions_need_csrf_and_are_rate_limited(client, home_affairs, settings):
    strict = Client(enforce_csrf_checks=True)
    assert send(strict).status_code == HTTPStatus.FORBIDDEN

    settings.FEEDBACK_SUBMIT_RATE = "2/h"
    codes = [send(client).status_code for _ in range(3)]

    assert codes == [HTTPStatus.CREATED, HTTPStatus.CREATED, 429]
    assert Feedback.objects.count() == 2


def test_tracking_by_code_and_pin_or_phone_digits(client, home_affairs):
    response = send(client)
    item = Feedback.objects.get()
    pin = pin_of(response)

    by_pin = lookup(client, item.code.lower(), pin)
    by_phone = lookup(client, item.code, "4321")

    assert by_pin.status_code == by_phone.status_code == HTTPStatus.FOUND
    assert by_pin["Location"] == f"/phan-anh-kien-nghi/{item.public_token}/"
    page = client.get(by_pin["Location"], HTTP_HOST=SXD)
    assert page.status_code == HTTPStatus.OK
    assert "Mới" in page.content.decode()
    assert FORM["subject"] in page.content.decode()
    assert page["Cache-Control"] == "private, no-store"


def test_a_wrong_factor_answers_like_an_unknown_code(client, home_affairs):
    send(client)
    item = Feedback.objects.get()
    unknown = item.code[:-4] + "9999"

    wrong_factor = lookup(client, item.code, "000000")
    wrong_code = lookup(client, unknown, "4321")

    assert wrong_factor.status_code == wrong_code.status_code == HTTPStatus.NOT_FOUND
    assert PER_RESPONSE.sub(b"", wrong_factor.content).replace(
        item.code.encode(), b"CODE"
    ) == PER_RESPONSE.sub(b"", wrong_code.content).replace(unknown.encode(), b"CODE")
    assert (
        client.get("/phan-anh-kien-nghi/" + "x" * 43 + "/", HTTP_HOST=SXD).status_code
        == 404
    )


def test_tracking_is_rate_limited(client, home_affairs, settings):
    settings.DOSSIERS_TRACK_RATE = "2/m"
    codes = [lookup(client, "PAKN-000000-0001", "1234").status_code for _ in range(3)]

    assert codes == [404, 404, 429]


def admin_get(user, path: str):
    client = Client()
    client.force_login(user)
    return client.get(path, HTTP_HOST=PORTAL)


def test_only_the_home_affairs_desk_and_it_staff_see_the_inbox(client, home_affairs):
    send(client)
    item = Feedback.objects.get()
    index = "/admin/phan-anh-kien-nghi/"
    detail = f"/admin/phan-anh-kien-nghi/{item.pk}/"
    root = get_user_model().objects.create_superuser("root", "root@example.test", "x")

    for user in (home_affairs.snv_staff, home_affairs.it_admin, root):
        listing = admin_get(user, index)
        assert listing.status_code == HTTPStatus.OK
        assert item.code in listing.content.decode()
        page = admin_get(user, detail)
        assert page.status_code == HTTPStatus.OK
        assert FORM["content"] in page.content.decode()
    # The other units' desks: no inbox, and the item's URL is not found.
    for user in (
        home_affairs.sxd_staff,
        home_affairs.sxd_leader,
        home_affairs.district_staff,
    ):
        listing = admin_get(user, index)
        assert listing.status_code in (HTTPStatus.FOUND, HTTPStatus.FORBIDDEN)
        assert item.code not in listing.content.decode()
        assert admin_get(user, detail).status_code == HTTPStatus.NOT_FOUND
        assert (
            admin_get(user, f"/admin/phan-anh-kien-nghi/{item.pk + 1}/").status_code
            == 404
        )
        other = Client()
        other.force_login(user)
        changed = other.post(
            f"{detail}change/",
            {"status": "answered", "answer": "Không"},
            HTTP_HOST=PORTAL,
        )
        assert changed.status_code == HTTPStatus.NOT_FOUND
    # The menu and the home page's counter: the inbox's desk only.
    own_home = admin_get(home_affairs.snv_staff, "/admin/").content.decode()
    other_home = admin_get(home_affairs.sxd_staff, "/admin/").content.decode()
    assert "phan-anh-kien-nghi" in own_home
    assert 'data-counter="feedback" data-count="1"' in own_home
    assert "phan-anh-kien-nghi" not in other_home
    assert 'data-counter="feedback"' not in other_home
    item.refresh_from_db()
    assert item.status == FeedbackStatus.NEW


def test_the_desk_answers_audited_and_the_citizen_reads_it(client, home_affairs):
    send(client)
    item = Feedback.objects.get()
    staff = Client()
    staff.force_login(home_affairs.snv_staff)
    change = f"/admin/phan-anh-kien-nghi/{item.pk}/change/"
    answer = "Sở Nội vụ đã làm việc với Sở Xây dựng; cán bộ liên quan đã được nhắc nhở."

    # IT staff look but do not answer.
    it = Client()
    it.force_login(home_affairs.it_admin)
    assert (
        it.post(change, {"status": "processing"}, HTTP_HOST=PORTAL).status_code == 404
    )
    # Answered needs an answer; going back is not allowed.
    staff.post(change, {"status": "answered", "answer": ""}, HTTP_HOST=PORTAL)
    item.refresh_from_db()
    assert item.status == FeedbackStatus.NEW
    staff.post(
        change,
        {"status": "processing", "internal_note": "Chuyển phòng CCHC"},
        HTTP_HOST=PORTAL,
    )
    staff.post(change, {"status": "answered", "answer": answer}, HTTP_HOST=PORTAL)
    staff.post(change, {"status": "new"}, HTTP_HOST=PORTAL)

    item.refresh_from_db()
    assert item.status == FeedbackStatus.ANSWERED
    assert item.answer == answer
    assert item.answered_at is not None
    events = list(item.events.order_by("pk"))
    assert [(e.action, e.from_status, e.to_status) for e in events] == [
        ("submit", "", "new"),
        ("status", "new", "processing"),
        ("answer", "processing", "answered"),
    ]
    assert events[1].user == events[2].user == home_affairs.snv_staff
    assert events[1].internal_note == "Chuyển phòng CCHC"
    assert events[2].answer == answer

    page = client.get(f"/phan-anh-kien-nghi/{item.public_token}/", HTTP_HOST=HOA_AN)
    text = page.content.decode()
    assert "Đã trả lời" in text
    assert answer in text
    assert "Chuyển phòng CCHC" not in text  # internal notes stay inside


def test_nothing_of_it_on_a_cached_public_page(client, home_affairs, settings):
    settings.PAGE_CACHE_ENABLED = True
    caches["pages"].clear()
    response = send(client)
    item = Feedback.objects.get()
    Feedback.objects.filter(pk=item.pk).update(
        status=FeedbackStatus.ANSWERED,
        answer="Câu trả lời riêng",
        answered_at=timezone.now(),
    )
    visitor = Client()
    try:
        for path in (
            "/phan-anh-kien-nghi/",
            f"/phan-anh-kien-nghi/{item.public_token}/",
        ):
            for _ in range(2):
                page = visitor.get(path, HTTP_HOST=HOA_AN)
                assert page.status_code == HTTPStatus.OK
                assert "X-Page-Cache" not in page
                assert "no-store" in page["Cache-Control"]
        assert "no-store" in response["Cache-Control"]
        home = visitor.get("/", HTTP_HOST=HOA_AN)
        for _ in range(2):
            home = visitor.get("/", HTTP_HOST=HOA_AN)
        assert home["X-Page-Cache"] == "hit"
        for secret in (item.code, FORM["subject"], "Câu trả lời riêng", FORM["name"]):
            assert secret not in home.content.decode()
    finally:
        caches["pages"].clear()


def test_lookups_take_the_same_minimum_time(client, home_affairs, settings):
    import time

    from dossiers import feedback

    send(client)
    item = Feedback.objects.get()
    settings.DOSSIERS_TRACK_MIN_SECONDS = 0.2
    for code, factor, found in (
        (item.code, "4321", True),
        (item.code, "0000", False),
        ("PAKN-000000-0001", "4321", False),
        ("not a code\x00", "4321", False),
    ):
        started = time.monotonic()
        result = feedback.find_for_tracking(code, factor)
        assert time.monotonic() - started >= 0.2
        assert (result is not None) is found
