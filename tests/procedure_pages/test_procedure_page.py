"""A procedure page shows every field of the publication standard."""

import datetime
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forms_library.models import FormTemplate
from procedure_pages.models import (
    OnlineKind,
    ProcedureStatus,
    ProcessingTimeUnit,
    UserType,
)
from tests.procedure_pages.factories import (
    AgencyFactory,
    ProcedurePageFactory,
    SectorFactory,
    site_with_catalogue,
)

pytestmark = pytest.mark.django_db

HOST = "portal.localhost"
LONG_NAME = (
    "Thủ tục cấp giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản "
    "khác gắn liền với đất lần đầu cho hộ gia đình, cá nhân, cộng đồng dân cư, người "
    "Việt Nam định cư ở nước ngoài được sở hữu nhà ở tại Việt Nam trong trường hợp "
    "đã có giấy tờ về quyền sử dụng đất theo quy định tại Điều 137 của Luật Đất đai "
    "và không có tranh chấp, được Ủy ban nhân dân cấp xã xác nhận ĐOẠN-CUỐI"
)


def document(name, form=None, originals=1, copies=0, note=""):
    return (
        "document",
        {
            "name": name,
            "originals": originals,
            "copies": copies,
            "note": note,
            "form": form,
        },
    )


def legal(number, title):
    return (
        "legal_document",
        {
            "number": number,
            "date": datetime.date(2022, 6, 9),
            "issuer": "Chính phủ",
            "title": title,
        },
    )


@pytest.fixture
def catalogue():
    return site_with_catalogue(hostname=HOST, name="Cổng tỉnh", is_default=True)[1]


def full_procedure(parent, documents=1, references=1):
    form = FormTemplate.objects.create(form_number="Mẫu 01", title="Đơn đề nghị")
    procedure = ProcedurePageFactory(
        parent=parent,
        title=LONG_NAME[:250],
        full_name=LONG_NAME,
        code="1.004227",
        sector=SectorFactory(name="Đất đai"),
        lead_agency=AgencyFactory(name="UBND huyện Hòa An"),
        deciding_agency=AgencyFactory(name="Sở Tài nguyên và Môi trường"),
        online_kind=OnlineKind.PARTIAL,
        level=3,
        user_type=UserType.INDIVIDUAL,
        steps=[
            ("step", {"description": "Bước một: nộp hồ sơ"}),
            ("step", {"description": "Bước hai: nhận kết quả"}),
        ],
        channel_in_person=True,
        channel_post=True,
        channel_online=True,
        documents=[
            document(f"Giấy tờ số {i}", form=form, copies=2, note=f"ghi chú {i}")
            for i in range(documents)
        ],
        processing_days=30,
        processing_time_unit=ProcessingTimeUnit.WORKING_DAYS,
        processing_time_text="kể từ ngày nhận đủ hồ sơ",
        applicants="Hộ gia đình, cá nhân",
        result="Giấy chứng nhận quyền sử dụng đất",
        fee_amount=100000,
        fee_text="Lệ phí cấp giấy",
        conditions="Đất không có tranh chấp",
        legal_basis=[
            legal(f"{i}/2022/NĐ-CP", f"Nghị định số {i}") for i in range(references)
        ],
        status=ProcedureStatus.SUSPENDED,
    )
    procedure.co_processing_agencies.add(AgencyFactory(name="Chi cục Thuế"))
    procedure.save()
    return procedure


def test_every_field_renders(client, catalogue):
    procedure = full_procedure(catalogue)

    response = client.get(procedure.url, HTTP_HOST=HOST)

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    for text in [
        "1.004227",
        "ĐOẠN-CUỐI",  # the name beyond 255 characters
        "Đất đai",
        "Cấp tỉnh",
        "Một phần",
        "Mức độ 3",
        "Cá nhân",
        "UBND huyện Hòa An",
        "Sở Tài nguyên và Môi trường",
        "Chi cục Thuế",
        "Bước một: nộp hồ sơ",
        "Bước hai: nhận kết quả",
        "Trực tiếp, Bưu chính, Trực tuyến",
        "Giấy tờ số 0",
        "ghi chú 0",
        "Mẫu 01 – Đơn đề nghị",
        "30 ngày làm việc",
        "kể từ ngày nhận đủ hồ sơ",
        "Hộ gia đình, cá nhân",
        "Giấy chứng nhận quyền sử dụng đất",
        "100.000",
        "Lệ phí cấp giấy",
        "Đất không có tranh chấp",
        "0/2022/NĐ-CP",
        "09/06/2022",
        "Nghị định số 0",
        "Tạm dừng",
        "Nộp hồ sơ trực tuyến",  # the online badge
    ]:
        assert text in html, text
    assert html.index("Bước một") < html.index("Bước hai")


@pytest.mark.parametrize(
    ("kind", "level", "badge"),
    [
        (OnlineKind.FULL, 4, "Nộp hồ sơ, nộp phí và nhận kết quả trực tuyến"),
        (OnlineKind.NONE, 2, "Tải biểu mẫu trực tuyến"),
        (OnlineKind.NONE, 1, "Chỉ xem thông tin"),
    ],
)
def test_badge_says_what_can_be_done_online(client, catalogue, kind, level, badge):
    procedure = ProcedurePageFactory(parent=catalogue, online_kind=kind, level=level)

    html = client.get(procedure.url, HTTP_HOST=HOST).content.decode()

    assert f"online-badge--{procedure.online_capability[0]}" in html
    assert badge in html


def test_print_layout_has_the_document_checklist(client, catalogue):
    procedure = full_procedure(catalogue, documents=3)

    response = client.get(procedure.url + "in/", HTTP_HOST=HOST)

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert 'class="document-checklist"' in html
    assert html.count("☐") == 3
    for i in range(3):
        assert f"Giấy tờ số {i}" in html
    assert "site-header" not in html  # a bare printable page, no portal chrome


def count_queries(client, url):
    """Steady-state query count: the fewest of three runs, so that work other
    apps do now and then (e.g. flushing a visit counter) is not counted."""
    counts = []
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, HTTP_HOST=HOST)
        assert response.status_code == HTTPStatus.OK
        counts.append(len(queries))
    return min(counts)


def test_query_count_does_not_grow_with_documents_and_references(client, catalogue):
    small = full_procedure(catalogue, documents=1, references=1)
    small.slug, small.code = "small", "1.000001"
    small.save()
    large = full_procedure(catalogue, documents=20, references=20)
    client.get(small.url, HTTP_HOST=HOST)  # warm per-process caches

    assert count_queries(client, large.url) == count_queries(client, small.url)
    assert count_queries(client, large.url + "in/") == count_queries(
        client, small.url + "in/"
    )
