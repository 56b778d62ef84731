"""Index lifecycle with real procedure pages: publish, unpublish, outage, rebuild."""

import time

import pytest

from procedure_pages.models import ProcedurePage
from search import services
from search.index import SearchIndex
from search.models import DEFAULT_COLLECTION, PendingIndexChange, SearchRecord
from search.records import object_key
from tests.procedure_pages.factories import (
    AgencyFactory,
    ProcedurePageFactory,
    SectorFactory,
    site_with_catalogue,
)

pytestmark = pytest.mark.django_db

CLOSED_PORT_URL = "http://127.0.0.1:9"


@pytest.fixture
def catalogue():
    _site, index = site_with_catalogue(
        hostname="portal.localhost", name="Tỉnh Cao Bằng", is_default=True
    )
    return index


def publish(index, title, code, capture):
    page = ProcedurePageFactory.build(
        title=title,
        code=code,
        slug=code.replace(".", "-"),
        sector=SectorFactory(name="Hộ tịch"),
        lead_agency=AgencyFactory(name="UBND cấp xã"),
        live=False,
    )
    index.add_child(instance=page)
    with capture(execute=True):
        page.save_revision().publish()
    return ProcedurePage.objects.get(pk=page.pk)


def found(query, expect=None, **kwargs):
    """(backend, codes); waits up to 2 s (the index refresh) for ``expect``."""
    deadline = time.monotonic() + 2.5
    while True:
        results = services.search(query, **kwargs)
        outcome = results.backend, [hit.code for hit in results.hits]
        if expect is None or outcome == expect or time.monotonic() > deadline:
            return outcome
        time.sleep(0.1)


@pytest.fixture(
    params=["database", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)]
)
def configured(request, settings, clean_catalogue_index):
    if request.param == "database":
        settings.ELASTICSEARCH_URL = ""
    return request.param


def test_published_page_is_found_and_unpublished_one_disappears(
    configured, catalogue, django_capture_on_commit_callbacks
):
    page = publish(
        catalogue, "Đăng ký khai sinh", "1.001193", django_capture_on_commit_callbacks
    )

    assert found("dang ky khai sinh", (configured, ["1.001193"])) == (
        configured,
        ["1.001193"],
    )
    record = SearchRecord.objects.get(key=object_key(page))
    assert record.agency == "UBND cấp xã" and record.url == page.url

    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert found("dang ky khai sinh", (configured, [])) == (configured, [])
    assert not SearchRecord.objects.filter(key=object_key(page)).exists()


@pytest.mark.elasticsearch
def test_elasticsearch_outage_falls_back_and_reconcile_catches_up(
    settings, catalogue, clean_catalogue_index, django_capture_on_commit_callbacks
):
    real_url = settings.ELASTICSEARCH_URL
    publish(
        catalogue, "Đăng ký kết hôn", "1.000894", django_capture_on_commit_callbacks
    )
    assert found("ket hon", ("elasticsearch", ["1.000894"])) == (
        "elasticsearch",
        ["1.000894"],
    )

    # Elasticsearch "stops": the client now points at a closed port.
    settings.ELASTICSEARCH_URL = CLOSED_PORT_URL
    assert found("ket hon", ("database", ["1.000894"])) == ("database", ["1.000894"])
    page = publish(
        catalogue, "Đăng ký khai tử", "1.000656", django_capture_on_commit_callbacks
    )
    assert page.live  # publishing did not fail
    assert found("khai tu", ("database", ["1.000656"])) == ("database", ["1.000656"])
    assert PendingIndexChange.objects.filter(key=object_key(page)).exists()

    # Elasticsearch is back, but it missed the page published meanwhile.
    settings.ELASTICSEARCH_URL = real_url
    services.reset_availability()
    assert found("khai tu", ("elasticsearch", [])) == ("elasticsearch", [])

    report = services.reconcile()
    assert report.documents_written == 1
    assert found("khai tu", ("elasticsearch", ["1.000656"])) == (
        "elasticsearch",
        ["1.000656"],
    )
    assert not PendingIndexChange.objects.exists()


@pytest.mark.elasticsearch
def test_rebuild_answers_throughout_and_ends_equal_to_live_pages(
    catalogue, clean_catalogue_index, django_capture_on_commit_callbacks
):
    for i in range(5):
        publish(
            catalogue,
            f"Cấp giấy phép số {i}",
            f"1.20000{i}",
            django_capture_on_commit_callbacks,
        )
    SearchIndex(DEFAULT_COLLECTION).refresh()  # the five are searchable (1 s refresh)
    seen_during_rebuild = []

    def while_rebuilding(done):
        if done == 1:
            seen_during_rebuild.append(found("cap giay phep so", page_size=50))
            publish(
                catalogue,
                "Cấp giấy phép trong lúc dựng lại",
                "1.209999",
                django_capture_on_commit_callbacks,
            )

    services.rebuild(progress=while_rebuilding)

    backend, codes = seen_during_rebuild[0]
    assert backend == "elasticsearch" and len(codes) == 5
    index = SearchIndex(DEFAULT_COLLECTION)
    live = {object_key(p) for p in ProcedurePage.objects.live()}
    assert set(index.fingerprints()) == live
    assert len(index.concrete_indexes()) == 1
    assert "1.209999" in found("trong luc dung lai")[1]


def test_imported_procedures_are_found_without_a_manual_step(
    configured, catalogue, django_capture_on_commit_callbacks
):
    """An import publishes like an editor; search keeps up with no custom signal."""
    from procedure_pages.transfer import import_file

    csv_data = (
        "code,name,sector,agency,tier,level\n"
        "1.000894,Đăng ký kết hôn,Hộ tịch,UBND cấp xã,xa,3\n"
        "1.001022,Đăng ký khai tử,Hộ tịch,UBND cấp xã,xa,2\n"
    ).encode()
    with django_capture_on_commit_callbacks(execute=True):
        import_file(csv_data, "thu-tuc.csv")

    assert found("dang ky ket hon", (configured, ["1.000894"])) == (
        configured,
        ["1.000894"],
    )
    assert SearchRecord.objects.filter(code="1.001022").exists()
