"""Drafts: an application kept on the server between steps, resumable later.

A draft and its files expire ``ONLINE_DRAFT_TTL_DAYS`` after the last change;
:func:`purge_expired` deletes them with their files (``purge_online_drafts``).
"""

from __future__ import annotations

import datetime
import re
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forms_library.online import versions
from forms_library.online.fields import FieldSpec
from forms_library.online.models import (
    DraftFile,
    OnlineDraft,
    OnlineServicePage,
)
from forms_library.online.uploads import StoredFile, delete_stored, store_citizen_file

# No 0/O, 1/I/L: the code is read aloud and written down.
RESUME_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
RESUME_LENGTH = 10  # ~49 bits, looked up only under rate limiting
# token_urlsafe(32): anything else is not a key (and never reaches the database).
KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{20,64}")


def ttl() -> datetime.timedelta:
    return datetime.timedelta(days=int(getattr(settings, "ONLINE_DRAFT_TTL_DAYS", 30)))


def new_resume_code() -> str:
    return "".join(secrets.choice(RESUME_ALPHABET) for _ in range(RESUME_LENGTH))


def format_resume_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def normalise_resume_code(text: str) -> str:
    return "".join(c for c in (text or "").upper() if c in RESUME_ALPHABET)[:16]


def start(page: OnlineServicePage) -> OnlineDraft:
    version = versions.current_version(page)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return OnlineDraft.objects.create(
                    key=secrets.token_urlsafe(32),
                    resume_code=new_resume_code(),
                    page=page,
                    version=version,
                    expires_at=timezone.now() + ttl(),
                )
        except IntegrityError:
            continue
    raise RuntimeError("Could not allocate a draft key.")


def find(page: OnlineServicePage, key: str | None) -> OnlineDraft | None:
    """The live draft with this key for this page (expired drafts are gone)."""
    if not key or not KEY_PATTERN.fullmatch(key):
        return None
    draft = (
        OnlineDraft.objects.select_related("version").filter(page=page, key=key).first()
    )
    if draft is not None and draft.expires_at <= timezone.now():
        discard(draft)
        return None
    return draft


def find_by_resume_code(page: OnlineServicePage, code: str) -> OnlineDraft | None:
    code = normalise_resume_code(code)
    if len(code) != RESUME_LENGTH:
        return None
    draft = OnlineDraft.objects.filter(page=page, resume_code=code).first()
    if draft is not None and draft.expires_at <= timezone.now():
        discard(draft)
        return None
    return draft


def touch(draft: OnlineDraft, **changes: Any) -> None:
    for name, value in changes.items():
        setattr(draft, name, value)
    draft.expires_at = timezone.now() + ttl()
    draft.save()


def file_counts(draft: OnlineDraft) -> dict[str, int]:
    counts: dict[str, int] = {}
    for name in draft.files.values_list("field", flat=True):
        counts[name] = counts.get(name, 0) + 1
    return counts


def add_files(draft: OnlineDraft, spec: FieldSpec, uploads: list[Any]) -> list[str]:
    """Validate and keep each upload for ``spec``; return the refusals' messages.

    Accepted files are kept even when a sibling is refused or another field
    has an error: the citizen never sends a good file twice.
    """
    messages: list[str] = []
    room = (spec.max_files or 1) - draft.files.filter(field=spec.name).count()
    for upload in uploads:
        if room <= 0:
            messages.append(f"{str(upload.name)[:80]}: {_too_many(spec)}")
            continue
        try:
            stored = store_citizen_file(upload, spec)
        except ValidationError as error:
            messages += [str(m) for m in error.messages]
            continue
        DraftFile.objects.create(
            draft=draft,
            field=stored.field,
            stored_name=stored.stored_name,
            display_name=stored.display_name,
            size=stored.size,
            sha256=stored.sha256,
            kind=stored.kind,
            scan_status=stored.scan_status,
        )
        room -= 1
    return messages


def _too_many(spec: FieldSpec) -> str:
    return _("At most %(count)d file(s) for this document.") % {
        "count": spec.max_files or 1
    }


def remove_files(draft: OnlineDraft, ids: list[str]) -> None:
    wanted = [int(i) for i in ids if i.isascii() and i.isdigit() and len(i) < 19]
    doomed = list(draft.files.filter(pk__in=wanted))
    delete_stored([f.stored_name for f in doomed])
    DraftFile.objects.filter(pk__in=[f.pk for f in doomed]).delete()


def stored_files(draft: OnlineDraft) -> list[StoredFile]:
    return [
        StoredFile(
            field=f.field,
            stored_name=f.stored_name,
            display_name=f.display_name,
            size=f.size,
            sha256=f.sha256,
            kind=f.kind,
            scan_status=f.scan_status,
        )
        for f in draft.files.all()
    ]


def discard(draft: OnlineDraft, keep_files: bool = False) -> None:
    """Delete a draft; its files too unless a dossier took them over."""
    if not keep_files:
        delete_stored(list(draft.files.values_list("stored_name", flat=True)))
    draft.delete()


def purge_expired(now: datetime.datetime | None = None) -> int:
    """Delete expired, unsubmitted drafts and their files; return how many."""
    expired = OnlineDraft.objects.filter(expires_at__lte=now or timezone.now())
    count = 0
    for draft in expired.iterator():
        discard(draft, keep_files=bool(draft.submitted_code))
        count += 1
    return count
