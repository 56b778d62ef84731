"""Admin: procedure, agency and sector listings; the import upload screen."""

from http import HTTPStatus

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from procedure_pages.models import ProcedurePage
from tests.procedure_pages.factories import (
    AgencyFactory,
    ProcedurePageFactory,
    SectorFactory,
    site_with_catalogue,
)

pytestmark = pytest.mark.django_db

HOST = "portal.localhost"
CSV = (
    "code,name,agency,tier,level\n"
    "1.000111,Cấp phép khai thác khoáng sản,Sở Tài nguyên và Môi trường,tinh,3\n"
    "1.000112,Gia hạn giấy phép khai thác,Sở Tài nguyên và Môi trường,tinh,2\n"
)


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("boss", "b@example.com", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def catalogue():
    return site_with_catalogue(hostname=HOST, name="Cổng tỉnh", is_default=True)[1]


def test_editor_finds_a_procedure_by_code_or_name(admin_client, catalogue):
    ProcedurePageFactory(parent=catalogue, code="1.004227", title="Đăng ký khai sinh")
    ProcedurePageFactory(parent=catalogue, code="2.000001", title="Cấp phép xây dựng")
    url = reverse("procedure_pages_procedurepage_modeladmin_index")

    by_code = admin_client.get(url, {"q": "1.004227"}, HTTP_HOST=HOST)
    by_name = admin_client.get(url, {"q": "xây dựng"}, HTTP_HOST=HOST)

    assert by_code.status_code == HTTPStatus.OK
    assert "Đăng ký khai sinh" in by_code.content.decode()
    assert "Cấp phép xây dựng" not in by_code.content.decode()
    assert "Cấp phép xây dựng" in by_name.content.decode()


def test_agencies_and_sectors_are_listed_and_filtered(admin_client, catalogue):
    AgencyFactory(name="Sở Y tế", tier="tinh")
    AgencyFactory(name="UBND xã Dân Chủ", tier="xa")
    SectorFactory(name="Hộ tịch")

    agencies = admin_client.get(
        reverse("procedure_pages_agency_modeladmin_index"),
        {"tier__exact": "xa"},
        HTTP_HOST=HOST,
    ).content.decode()
    sectors = admin_client.get(
        reverse("procedure_pages_sector_modeladmin_index"), HTTP_HOST=HOST
    ).content.decode()

    assert "UBND xã Dân Chủ" in agencies and "Sở Y tế" not in agencies
    assert "Hộ tịch" in sectors


def upload(client, content, name="p.csv"):
    return client.post(
        reverse("procedure_pages_import"),
        {"file": SimpleUploadedFile(name, content.encode())},
        HTTP_HOST=HOST,
    )


def test_upload_shows_dry_run_then_confirm_imports(admin_client, catalogue):
    dry = upload(admin_client, CSV)

    html = dry.content.decode()
    assert "2 thủ tục mới" in html and "Chạy thử" in html
    assert ProcedurePage.objects.count() == 0
    token = html.split('name="token" value="', 1)[1].split('"', 1)[0]

    done = admin_client.post(
        reverse("procedure_pages_import"),
        {"token": token, "suffix": "csv"},
        HTTP_HOST=HOST,
    )

    assert done.status_code == HTTPStatus.OK
    assert ProcedurePage.objects.count() == 2
    assert "Chạy thử" not in done.content.decode()


def test_upload_with_bad_rows_reports_them_and_saves_nothing(admin_client, catalogue):
    response = upload(admin_client, CSV + "1.000113,,,tinh,9\n")

    html = response.content.decode()
    assert "Dòng 4: thiếu tên thủ tục" in html
    assert "Dòng 4: level “9” phải từ 1 đến 4." in html
    assert 'name="token"' not in html
    assert ProcedurePage.objects.count() == 0


def test_only_administrators_may_import(client, catalogue):
    user = get_user_model().objects.create_user("editor", "e@example.com", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)

    response = upload(client, CSV)

    # Wagtail turns a refused admin view into a redirect to the dashboard.
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("wagtailadmin_home")
    assert ProcedurePage.objects.count() == 0


def test_admin_listing_query_count_does_not_grow_with_page_size(
    admin_client, catalogue, settings
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from procedure_pages.wagtail_hooks import ProcedureAdmin

    for i in range(12):
        ProcedurePageFactory(parent=catalogue, code=f"7.{i:06d}")
    url = reverse("procedure_pages_procedurepage_modeladmin_index")
    admin_client.get(url, HTTP_HOST=HOST)
    counts = []
    original = ProcedureAdmin.list_per_page
    try:
        for size in (2, 12):
            ProcedureAdmin.list_per_page = size
            with CaptureQueriesContext(connection) as queries:
                response = admin_client.get(url, HTTP_HOST=HOST)
            assert response.content.decode().count("Sửa 7.") == size
            counts.append(len(queries))
    finally:
        ProcedureAdmin.list_per_page = original

    assert counts[0] == counts[1]


def test_import_is_recorded_in_the_audit_log(admin_client, catalogue):
    from wagtail.models import PageLogEntry

    dry = upload(admin_client, CSV).content.decode()
    token = dry.split('name="token" value="', 1)[1].split('"', 1)[0]
    admin_client.post(
        reverse("procedure_pages_import"),
        {"token": token, "suffix": "csv"},
        HTTP_HOST=HOST,
    )

    entry = PageLogEntry.objects.get(action="procedure_pages.import")
    assert entry.user.username == "boss"
    assert entry.data == {"created": 2}
    assert entry.page_id == catalogue.pk
