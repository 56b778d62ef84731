"""The search listens to the models apps registered, and to nothing else."""

import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models.signals import post_delete, post_save
from django.test.utils import CaptureQueriesContext
from wagtail.signals import page_published, page_unpublished

import search
from forms_library.models import FormTemplate
from procedure_pages.models import ProcedurePage
from search import signal_handlers
from search.models import SearchRecord
from search.records import object_key, source_for
from sites.models import StandardPage
from tests.forms_library.factories import FormTemplateFactory

SEARCH_DIR = str(Path(search.__file__).parent)
SEARCH_TABLE = SearchRecord._meta.db_table.rsplit("_", 1)[0]  # "portal_search"


def search_receivers(signal, sender):
    handlers = {
        signal_handlers._page_changed,
        signal_handlers._page_moved,
        signal_handlers._object_changed,
    }
    sync, async_ = signal._live_receivers(sender)
    return [r for r in [*sync, *async_] if r in handlers]


def test_every_app_registers_its_sources_through_documents_modules():
    assert source_for(ProcedurePage) is not None
    assert source_for(FormTemplate) is not None
    assert source_for(StandardPage) is not None
    assert type(source_for(StandardPage)).__module__ == "sites.documents"
    assert source_for(Group) is None


def test_handlers_are_connected_to_indexed_models_only():
    indexed = set(signal_handlers.indexed_models())
    assert {ProcedurePage, FormTemplate, StandardPage} <= indexed
    assert Group not in indexed

    for signal in (post_save, post_delete, page_published, page_unpublished):
        assert search_receivers(signal, Group) == []
    # Pages are synced on publish, not on every draft save.
    assert search_receivers(post_save, ProcedurePage) == []
    assert search_receivers(page_published, ProcedurePage)
    assert search_receivers(page_unpublished, StandardPage)
    assert search_receivers(post_delete, ProcedurePage)
    assert search_receivers(post_save, FormTemplate)
    assert search_receivers(post_delete, FormTemplate)


@contextmanager
def search_code_calls():
    """Every function of the ``search`` package called inside the block."""
    calls = []

    def profile(frame, event, arg):
        if event == "call" and frame.f_code.co_filename.startswith(SEARCH_DIR):
            calls.append(f"{frame.f_code.co_filename}:{frame.f_code.co_name}")

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        yield calls
    finally:
        sys.setprofile(previous)


@pytest.mark.django_db
def test_saving_an_unrelated_model_runs_no_search_code(
    django_capture_on_commit_callbacks,
):
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks() as callbacks,
        search_code_calls() as calls,
    ):
        group = Group.objects.create(name="Biên tập viên")
        group.name = "Biên tập viên cấp xã"
        group.save()
        group.delete()

    assert calls == []
    assert callbacks == []
    assert not [q for q in queries.captured_queries if SEARCH_TABLE in q["sql"]]


@pytest.mark.django_db
def test_saving_an_indexed_object_is_synced(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        form = FormTemplateFactory(title="Tờ khai đăng ký thường trú")

    assert SearchRecord.objects.filter(key=object_key(form)).exists()

    key = object_key(form)
    with django_capture_on_commit_callbacks(execute=True):
        form.delete()
    assert not SearchRecord.objects.filter(key=key).exists()
