"""Citizens' files: the same validator, then private storage with no URL."""

from __future__ import annotations

from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile

from forms_library.services import store_private_upload
from forms_library.validation import UploadRejected
from tests.forms_library import corpus
from tests.forms_library.test_validation import HTML


def private_files() -> set[Path]:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return set(root.rglob("*")) if root.exists() else set()


@pytest.mark.django_db
def test_accepted_image_goes_to_private_storage_under_a_random_name(client):
    upload = SimpleUploadedFile("Ảnh CCCD mặt trước.png", corpus.png_bytes())
    name, checked = store_private_upload(upload, allow_images=True)
    storage = storages["private"]
    try:
        assert checked.kind.code == "png"
        assert name.startswith("uploads/") and name.endswith(".png")
        assert "CCCD" not in name
        assert Path(storage.path(name)).is_relative_to(settings.PRIVATE_MEDIA_ROOT)
        assert not Path(storage.path(name)).is_relative_to(settings.MEDIA_ROOT)
        # base_url=None falls back to MEDIA_URL, but nothing serves it there.
        assert client.get(storage.url(name)).status_code == HTTPStatus.NOT_FOUND
    finally:
        storage.delete(name)


def test_refused_file_is_not_stored():
    before = private_files()
    upload = SimpleUploadedFile("anh.png", corpus.png_bytes(HTML))
    with pytest.raises(UploadRejected) as caught:
        store_private_upload(upload, allow_images=True)
    assert caught.value.code == "polyglot"
    assert private_files() == before
