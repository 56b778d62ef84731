"""Files of the import screen, kept between the dry run and the confirmation.

A dry run that passes keeps the uploaded file in private storage under a random
token, so the confirmation imports exactly what was checked. The file is
deleted when the import is confirmed (whatever the outcome) or cancelled; a dry
run left without either is deleted by :func:`purge_stale_uploads` once older
than ``IMPORT_UPLOAD_MAX_AGE_HOURS`` (24): the ``purge_import_uploads`` command
(cron) and the task of the same name, queued at every upload.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.utils import timezone

from procedure_pages.transfer import FORMATS

UPLOAD_FOLDER = "procedure-imports"
DEFAULT_MAX_AGE_HOURS = 24


def _storage() -> Storage:
    return storages["private"]


def max_age() -> datetime.timedelta:
    hours = getattr(settings, "IMPORT_UPLOAD_MAX_AGE_HOURS", DEFAULT_MAX_AGE_HOURS)
    return datetime.timedelta(hours=hours)


def stored_name(token: str, suffix: str) -> str | None:
    """The stored file's name for a token and format, or None if they are not
    ours (a token is a UUID: nothing else can name a path)."""
    try:
        uuid.UUID(token)
    except ValueError:
        return None
    if suffix not in FORMATS:
        return None
    return f"{UPLOAD_FOLDER}/{token}.{suffix}"


def keep(data: bytes, suffix: str) -> str:
    """Store a checked upload until it is confirmed; return its token."""
    token = str(uuid.uuid4())
    _storage().save(f"{UPLOAD_FOLDER}/{token}.{suffix}", ContentFile(data))
    return token


def take(name: str) -> bytes | None:
    """The stored file's bytes, deleting it (the confirmation uses it once);
    None if it has expired or was already used."""
    storage = _storage()
    if not storage.exists(name):
        return None
    try:
        with storage.open(name, "rb") as handle:
            return handle.read()
    finally:
        storage.delete(name)


def discard(name: str) -> None:
    """Delete a stored file (the dry run was cancelled)."""
    _storage().delete(name)


def purge_stale_uploads(
    older_than: datetime.timedelta | None = None,
    now: datetime.datetime | None = None,
) -> list[str]:
    """Delete the kept files older than ``older_than`` (default: the setting);
    return their names."""
    storage = _storage()
    age = older_than if older_than is not None else max_age()
    limit = (now or timezone.now()) - age
    try:
        _folders, files = storage.listdir(UPLOAD_FOLDER)
    except FileNotFoundError:
        return []
    purged = []
    for filename in sorted(files):
        name = f"{UPLOAD_FOLDER}/{filename}"
        try:
            if storage.get_modified_time(name) >= limit:
                continue
            storage.delete(name)
        except FileNotFoundError:
            continue  # confirmed or cancelled meanwhile
        purged.append(name)
    return purged
