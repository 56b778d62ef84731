"""A department's editor uploads a new form in the admin and attaches it to one
of the department's procedures; the department's moderator approves the
procedure page and citizens download the form from it."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from wagtail.users.models import UserProfile

from forms_library import samples
from forms_library.models import FormTemplate
from procedure_pages.models import ProcedurePage
from tests.functional.test_citizen_mobile import DEPARTMENT, a_small_province

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "mat-khau-thu-nghiem-2026"


def member(group, username: str):  # type: ignore[no-untyped-def]
    user = get_user_model().objects.create_user(username, f"{username}@x.vn", PASSWORD)
    user.groups.add(group)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "vi"
    profile.save()
    return user


@pytest.fixture
def department():  # type: ignore[no-untyped-def]
    data = a_small_province()
    from wagtail.models import Site

    site = Site.objects.get(hostname=DEPARTMENT)
    data["editor"] = member(site.profile.editors_group, "bientap_xd").username
    data["moderator"] = member(site.profile.moderators_group, "kiemduyet_xd").username
    return data


def sign_in(page, site_url, username: str) -> None:  # type: ignore[no-untyped-def]
    page.context.clear_cookies()
    page.goto(site_url(DEPARTMENT, "/admin/login/"))
    assert "Đăng nhập trang quản trị" in page.content()
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/admin/")


def test_an_editor_uploads_a_form_a_moderator_publishes_it(
    page, site_url, department, tmp_path
):
    permit = ProcedurePage.objects.get(code="1.009994")
    pdf = tmp_path / "to-khai.pdf"
    pdf.write_bytes(
        samples.pdf_bytes("Mẫu số 02", "Tờ khai thông tin công trình", ["Chủ đầu tư"])
    )

    # The editor: Form templates is in the menu; upload the file, then the form.
    sign_in(page, site_url, department["editor"])
    assert "/admin/snippets/forms_library/formtemplate/" in page.content()
    page.goto(site_url(DEPARTMENT, "/admin/documents/multiple/add/"))
    page.locator("#fileupload").set_input_files(str(pdf))
    page.locator("#upload-list li.upload-success").first.wait_for()

    page.goto(site_url(DEPARTMENT, "/admin/snippets/forms_library/formtemplate/add/"))
    page.locator("#id_form_number").fill("Mẫu số 02")
    page.locator("#id_title").fill("Tờ khai thông tin công trình")
    site_choices = page.locator("#id_site option").all_inner_texts()
    assert len(site_choices) == 1  # their own site only
    page.locator("#id_procedures").select_option(str(permit.pk))
    page.locator("[id='id_versions-0-document-chooser'] button:visible").first.click()
    modal = page.locator(".modal-dialog")
    modal.get_by_role("link", name=re.compile("to-khai|Tờ khai")).first.click()
    page.locator("#id_versions-0-version").fill("1")
    page.locator("#id_versions-0-effective_date").fill("2026-01-01")
    page.locator("footer button[type=submit]").first.click()
    page.wait_for_url("**/admin/snippets/forms_library/formtemplate/")
    form = FormTemplate.objects.get(title="Tờ khai thông tin công trình")
    assert form.site.hostname == DEPARTMENT
    assert list(form.procedures.all()) == [permit]

    # The editor changes the procedure page and submits it for moderation.
    page.goto(site_url(DEPARTMENT, f"/admin/pages/{permit.pk}/edit/"))
    page.locator("#id_conditions").fill("Nộp kèm Mẫu số 02 (tờ khai thông tin).")
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    page.locator("button[name='action-submit']").click()
    page.wait_for_url(re.compile(r".*/admin/pages/\d+/.*"))

    # The moderator approves: the page is published with the form.
    sign_in(page, site_url, department["moderator"])
    page.goto(site_url(DEPARTMENT, f"/admin/pages/{permit.pk}/edit/"))
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    page.locator(
        "button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])"
    ).click()
    page.wait_for_load_state()
    permit.refresh_from_db()
    assert "Mẫu số 02" in permit.conditions

    page.context.clear_cookies()
    page.goto(site_url(DEPARTMENT, permit.get_url_parts()[2]))
    forms = page.locator("#forms")
    assert "Tờ khai thông tin công trình" in forms.inner_text()
    assert "Nộp kèm Mẫu số 02" in page.content()
