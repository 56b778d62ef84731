"""Fixtures for the forms library tests."""

import pytest


@pytest.fixture(autouse=True)
def root_collection(request):  # type: ignore[no-untyped-def]
    """Documents need Wagtail's root collection, which a flushed test DB lacks."""
    if "db" not in request.fixturenames and not request.node.get_closest_marker(
        "django_db"
    ):
        return
    request.getfixturevalue("db")
    from wagtail.models import Collection

    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
