"""An import publishes many procedures and purges the page cache once: a
district's catalogue stored before the import shows the new procedures after it."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.test import Client

from procedure_pages.transfer.importing import import_file
from tests.dossiers import conftest as shared
from tests.dossiers.conftest import HOA_AN, PORTAL

province = shared.province
fresh_limits_and_vietnamese = shared.fresh_limits_and_vietnamese

pytestmark = pytest.mark.django_db

CATALOGUE = "/thu-tuc-hanh-chinh/"
ROWS = (
    "code,name,tier,level\n"
    "9.900001,Cấp phép khai thác nước mặt quy mô nhỏ thử nghiệm,huyen,2\n"
    "9.900002,Đăng ký hoạt động chăn nuôi thử nghiệm,huyen,2\n"
)


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def get(host: str, path: str):
    return Client().get(path, HTTP_HOST=host)


def test_an_import_purges_the_stored_catalogues_of_every_site(
    province, django_capture_on_commit_callbacks
):
    for host in (HOA_AN, PORTAL):
        assert get(host, CATALOGUE)["X-Page-Cache"] == "miss"
        stored = get(host, CATALOGUE)
        assert stored["X-Page-Cache"] == "hit"
        assert "khai thác nước mặt" not in stored.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        report = import_file(ROWS.encode(), "thu-tuc.csv")

    assert sorted(report.created) == ["9.900001", "9.900002"]
    for host in (HOA_AN, PORTAL):
        after = get(host, CATALOGUE)
        assert after["X-Page-Cache"] == "miss", host
        assert "khai thác nước mặt" in after.content.decode(), host
