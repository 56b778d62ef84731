"""Fixtures: the evaluation catalogue loaded into throw-away collections."""

from __future__ import annotations

import pytest

from search import services
from search.analysis import forget_terms
from search.evaluation import load_catalogue, loaded_collection
from search.index import SearchIndex
from search.models import DEFAULT_COLLECTION
from search.synonym_defaults import ensure_default_terms


@pytest.fixture(autouse=True)
def _fresh_search_state(request):
    from django.core.cache import cache

    cache.clear()
    forget_terms()
    uses_db = request.node.get_closest_marker("django_db") is not None
    if uses_db or "db" in request.fixturenames or "backend" in request.fixturenames:
        # A transactional (browser) test earlier in the run flushes the data
        # migration's synonyms and concepts; put the defaults back.
        request.getfixturevalue("db")
        ensure_default_terms()
    services.reset_availability()
    yield
    services.reset_availability()


@pytest.fixture
def catalogue_entries():
    return load_catalogue()


@pytest.fixture
def db_collection(db, catalogue_entries):
    """The evaluation catalogue in the database only."""
    with loaded_collection(catalogue_entries, with_elasticsearch=False) as name:
        yield name


@pytest.fixture
def es_collection(db, catalogue_entries):
    """The evaluation catalogue in the database and its own Elasticsearch index."""
    with loaded_collection(catalogue_entries, with_elasticsearch=True) as name:
        yield name


@pytest.fixture(
    params=["database", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)]
)
def backend_collection(request, db, catalogue_entries):
    """(backend, collection): every behaviour test runs on both backends."""
    backend = request.param
    with loaded_collection(
        catalogue_entries, with_elasticsearch=backend == "elasticsearch"
    ) as name:
        yield backend, name


@pytest.fixture
def clean_catalogue_index(settings):
    """The default collection's index, dropped before and after the test."""
    from search.connection import get_client

    client = get_client()
    index = SearchIndex(DEFAULT_COLLECTION, client=client) if client else None
    if index is not None:
        index.drop()
    yield index
    if index is not None:
        index.drop()


@pytest.fixture(
    params=["database", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)]
)
def backend(request, db):
    return request.param
