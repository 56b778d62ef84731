"""Citizens' files for online services: the field's rules, then the shared
validator and private storage (``forms_library.services.store_private_upload``).

Every file a citizen sends goes through :func:`store_citizen_file`, the one place
where the virus-scanning seam of ``forms_library.validation`` is applied.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.utils.translation import gettext_lazy as _

from forms_library.online.fields import DEFAULT_ACCEPT, DEFAULT_MAX_BYTES, FieldSpec
from forms_library.services import store_private_upload
from forms_library.validation import KINDS, UploadRejected, max_upload_bytes
from forms_library.validation.scanners import ScanStatus, scanner_configured

UPLOAD_FOLDER = "online"


@dataclass(frozen=True)
class StoredFile:
    """A citizen's accepted file in private storage."""

    field: str
    stored_name: str
    display_name: str
    size: int
    sha256: str
    kind: str
    scan_status: str = ScanStatus.PENDING


def accept_for(spec: FieldSpec) -> list[str]:
    return [code for code in (spec.accept or DEFAULT_ACCEPT) if code in KINDS]


def accept_labels(spec: FieldSpec) -> str:
    return ", ".join(KINDS[code].label for code in accept_for(spec))


def accept_attribute(spec: FieldSpec) -> str:
    """The ``accept`` attribute of the file input (a hint; the server decides)."""
    kinds = [KINDS[code] for code in accept_for(spec)]
    return ",".join(f".{k.extension},{k.mime_type}" for k in kinds)


def max_bytes_for(spec: FieldSpec) -> int:
    return min(spec.max_bytes or DEFAULT_MAX_BYTES, max_upload_bytes())


def sha256_of(file: Any) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(1024 * 1024), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def store_citizen_file(file: Any, spec: FieldSpec) -> StoredFile:
    """Validate ``file`` for the field ``spec`` and keep it privately.

    Raises ``UploadRejected``/``ValidationError`` with a message for the citizen
    and stores nothing when the file is refused.
    """
    limit = max_bytes_for(spec)
    size = getattr(file, "size", None)
    if size is not None and size > limit:
        raise UploadRejected(
            _("The file “%(name)s” is larger than the %(limit)s MB allowed."),
            code="too_large",
            params={"name": str(getattr(file, "name", ""))[:80], "limit": limit >> 20},
        )
    digest = sha256_of(file)
    accept = accept_for(spec)
    allow_images = any(KINDS[code].is_image for code in accept)
    stored_name, checked = store_private_upload(
        file, allow_images=allow_images, folder=UPLOAD_FOLDER
    )
    if checked.kind.code not in accept or checked.size > limit:
        storages["private"].delete(stored_name)
        raise UploadRejected(
            _("“%(name)s” is a %(type)s file; this field accepts %(allowed)s."),
            code="type_not_accepted",
            params={
                "name": checked.display_name[:80],
                "type": checked.kind.label,
                "allowed": accept_labels(spec),
            },
        )
    status = str(getattr(checked, "scan_status", ScanStatus.PENDING))
    if scanner_configured() and status != ScanStatus.CLEAN:
        # With a scanner, nothing enters a dossier before it is known clean.
        storages["private"].delete(stored_name)
        raise UploadRejected(
            _(
                "“%(name)s” could not be checked for viruses just now. Please send "
                "it again in a few minutes."
            ),
            code="scan_pending",
            params={"name": checked.display_name[:80]},
        )
    return StoredFile(
        field=spec.name,
        stored_name=stored_name,
        display_name=checked.display_name,
        size=checked.size,
        sha256=digest,
        kind=checked.kind.code,
        scan_status=status,
    )


def error_messages(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


def delete_stored(names: list[str]) -> None:
    storage = storages["private"]
    for name in names:
        storage.delete(name)
