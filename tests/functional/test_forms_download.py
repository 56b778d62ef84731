"""A citizen opens a procedure and downloads its form with its Vietnamese name."""

from io import StringIO

import pytest
from django.core.files import File
from django.core.management import call_command

from forms_library.validation import validate_upload

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_citizen_downloads_a_form_from_a_procedure(page, site_url, tmp_path):
    from procedure_pages.models import ProcedurePage

    call_command("seed_demo", stdout=StringIO())
    procedure = ProcedurePage.objects.get(code="1.009972")
    _, root_url, path = procedure.get_url_parts()
    hostname = root_url.split("://", 1)[1].split(":", 1)[0]

    page.goto(site_url(hostname, path))
    forms = page.locator("#forms")
    assert "DOCX" in forms.inner_text()
    with page.expect_download() as download_info:
        forms.get_by_role("link", name="Đơn đề nghị cấp giấy phép xây dựng").click()
    download = download_info.value

    expected = "Mẫu số 01 - Đơn đề nghị cấp giấy phép xây dựng.docx"
    assert download.suggested_filename == expected
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    with saved.open("rb") as handle:
        assert validate_upload(File(handle), name=saved.name).kind.code == "docx"
