"""``deferred_sync()``: many changes, one search synchronisation after commit."""

from unittest import mock

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from procedure_pages.models import ProcedurePage
from search import services, sync
from search.models import PendingIndexChange, SearchRecord
from search.records import object_key, source_for
from search.sync import deferred_sync
from tests.procedure_pages.factories import (
    AgencyFactory,
    ProcedurePageFactory,
    SectorFactory,
    site_with_catalogue,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(settings):
    settings.ELASTICSEARCH_URL = ""  # the database records are what we check
    _site, index = site_with_catalogue(
        hostname="portal.localhost", name="Tỉnh Cao Bằng", is_default=True
    )
    return index


@pytest.fixture
def enqueued():
    """What the per-object and the batch task were asked to sync (still run)."""
    with (
        mock.patch("search.services.sync_key", wraps=services.sync_key) as one,
        mock.patch("search.services.sync_keys", wraps=services.sync_keys) as many,
    ):
        yield Calls(one, many)


class Calls:
    def __init__(self, one, many):
        self._one, self._many = one, many

    @property
    def one(self):
        """Keys synced one by one (not from inside a batch)."""
        batched = {key for keys in self.many for key in keys}
        return [c.args[0] for c in self._one.call_args_list if c.args[0] not in batched]

    @property
    def many(self):
        return [list(c.args[0]) for c in self._many.call_args_list]


def publish(index, n):
    page = ProcedurePageFactory.build(
        title=f"Cấp giấy phép số {n}",
        code=f"7.{n:06d}",
        slug=f"gp-{n}",
        sector=SectorFactory(name="Xây dựng"),
        lead_agency=AgencyFactory(name="Sở Xây dựng"),
        live=False,
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return ProcedurePage.objects.get(pk=page.pk)


def indexed_keys():
    return set(SearchRecord.objects.values_list("key", flat=True))


def test_publishing_many_pages_syncs_them_in_one_batch(
    catalogue, enqueued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), deferred_sync() as batch:
        pages = [publish(catalogue, n) for n in range(20)]
        assert len(batch) == 20
        assert not SearchRecord.objects.exists()  # nothing synced yet

    assert enqueued.one == []
    assert len(enqueued.many) == 1
    live = {object_key(p) for p in ProcedurePage.objects.live()}
    assert set(enqueued.many[0]) == {object_key(p) for p in pages} == live
    assert indexed_keys() == live


def test_nested_blocks_flush_once_at_the_outermost_exit(
    catalogue, enqueued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), deferred_sync() as outer:
        publish(catalogue, 1)
        with deferred_sync() as inner:
            assert inner is outer
            publish(catalogue, 2)
        assert enqueued.many == []  # the inner exit did not flush
        publish(catalogue, 3)

    assert enqueued.one == []
    assert [len(keys) for keys in enqueued.many] == [3]
    assert len(indexed_keys()) == 3


def test_rolled_back_block_indexes_nothing(
    catalogue, enqueued, django_capture_on_commit_callbacks
):
    class Abort(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Abort),
        transaction.atomic(),
        deferred_sync(),
    ):
        for n in range(3):
            publish(catalogue, n)
        raise Abort

    assert callbacks == []
    assert enqueued.one == [] and enqueued.many == []
    assert not SearchRecord.objects.exists()
    assert not sync.is_deferred()


def test_without_a_block_each_change_is_synced_on_its_own(
    catalogue, enqueued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(catalogue, 1)
        publish(catalogue, 2)

    assert len(enqueued.one) == 2 and enqueued.many == []
    assert len(indexed_keys()) == 2


def test_large_batches_are_split_into_tasks_of_batch_size(enqueued, monkeypatch):
    monkeypatch.setattr(sync, "BATCH_SIZE", 2)
    with mock.patch("search.services.sync_key", return_value="ignored"):
        sync.enqueue_batch(["a:1", "a:2", "a:3", "a:4", "a:5"])
    assert enqueued.many == [["a:1", "a:2"], ["a:3", "a:4"], ["a:5"]]


def test_sync_keys_indexes_removes_and_ignores_in_one_pass(catalogue):
    """Without on-commit execution nothing was synced: the batch does it all."""
    pages = [publish(catalogue, n) for n in range(6)]
    pages[0].unpublish()
    gone = object_key(pages[1])
    ProcedurePage.objects.filter(pk=pages[1].pk).update(live=False)
    SearchRecord.objects.create(key=gone, kind="procedure", title="Đã xoá")
    deleted = "procedure_pages.procedurepage:987654"  # no such page (any more)
    keys = [object_key(p) for p in pages] + ["auth.group:1", deleted]

    assert services.sync_keys(keys[:3]) == {"removed": 2, "indexed": 1}
    with CaptureQueriesContext(connection) as few:  # caches warm now
        services.sync_keys(keys[:3])
    with CaptureQueriesContext(connection) as many:
        outcomes = services.sync_keys(keys)

    assert outcomes == {"indexed": 4, "removed": 3, "ignored": 1}
    assert len(many.captured_queries) == len(few.captured_queries)  # not per key
    live = ProcedurePage.objects.live()
    assert indexed_keys() == {object_key(p) for p in live}
    assert gone not in indexed_keys()
    source = source_for(ProcedurePage)
    for record in SearchRecord.objects.all():
        page = live.get(pk=record.key.partition(":")[2])
        assert record.fingerprint == source.to_entry(page).fingerprint()


def test_sync_keys_records_every_key_pending_when_elasticsearch_fails(
    catalogue, settings
):
    pages = [publish(catalogue, n) for n in range(3)]
    keys = [object_key(p) for p in pages]
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # a closed port

    assert services.sync_keys(keys) == {"pending": 3}
    assert services.sync_keys(keys) == {"pending": 3}  # now marked down

    pending = PendingIndexChange.objects.order_by("key")
    assert [p.key for p in pending] == sorted(keys)
    assert {p.attempts for p in pending} == {2}
    assert indexed_keys() == set(keys)  # the database fallback is current


@pytest.mark.elasticsearch
def test_a_deferred_batch_reaches_elasticsearch(
    clean_catalogue_index, django_capture_on_commit_callbacks
):
    _site, index = site_with_catalogue(
        hostname="portal.localhost", name="Tỉnh Cao Bằng", is_default=True
    )
    with django_capture_on_commit_callbacks(execute=True), deferred_sync():
        pages = [publish(index, n) for n in range(5)]
    with django_capture_on_commit_callbacks(execute=True), deferred_sync():
        for page in pages[:2]:
            page.unpublish()

    clean_catalogue_index.refresh()
    documents = clean_catalogue_index.fingerprints()
    records = dict(SearchRecord.objects.values_list("key", "fingerprint"))
    assert set(documents) == {object_key(p) for p in pages[2:]}
    assert documents == records
    assert not PendingIndexChange.objects.exists()
