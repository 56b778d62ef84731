"""DOC and XLS: the compound-file (OLE2) container, read with olefile.

Macros and embedded objects are refused outright, so what matters is the
container's structure: the storages and streams it holds. Excel 4.0 (XLM) macro
sheets live inside the ``Workbook`` stream rather than in a storage of their
own, so the workbook's sheet list (BIFF ``BOUNDSHEET`` records) is read too.
"""

from __future__ import annotations

import io
import struct

from forms_library.validation import messages
from forms_library.validation.base import KINDS, FileKind, reject

MACRO_ENTRIES = frozenset({"macros", "_vba_project_cur", "_vba_project", "vba"})
OBJECT_ENTRIES = frozenset({"objectpool", "\x01ole10native", "ole10native"})
ENCRYPTION_ENTRIES = frozenset({"encryptedpackage", "encryptioninfo"})
BOUNDSHEET = 0x0085
EOF_RECORD = 0x000A
SHEET_TYPE_MACRO = 0x01
SHEET_TYPE_VBA_MODULE = 0x06


def _is_object_storage(part: str) -> bool:
    # Excel keeps embedded OLE objects in storages named MBD<hex>.
    return part in OBJECT_ENTRIES or (part.startswith("mbd") and len(part) == 11)


def _has_macro_sheets(workbook: bytes) -> bool:
    """True when the workbook globals declare an XLM macro sheet or VBA module."""
    pos = 0
    while pos + 4 <= len(workbook):
        record, length = struct.unpack_from("<HH", workbook, pos)
        body = workbook[pos + 4 : pos + 4 + length]
        if (
            record == BOUNDSHEET
            and len(body) >= 6
            and body[5] in {SHEET_TYPE_MACRO, SHEET_TYPE_VBA_MODULE}
        ):
            return True
        if record == EOF_RECORD:
            return False
        pos += 4 + length
    return False


def check_ole(data: bytes) -> FileKind:
    """The kind of a DOC/XLS, or a refusal (macros, objects, encryption)."""
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
        entries = [
            [part.lower() for part in path]
            for path in ole.listdir(streams=True, storages=True)
        ]
    except Exception:  # noqa: BLE001 - olefile raises many types on damaged input
        reject(messages.CORRUPT, "corrupt")
    parts = {part for path in entries for part in path}
    if parts & ENCRYPTION_ENTRIES:
        reject(messages.ENCRYPTED, "encrypted")
    if parts & MACRO_ENTRIES:
        reject(messages.MACROS, "macros")
    if any(_is_object_storage(part) for part in parts):
        reject(messages.OLE_OBJECT, "ole_object")
    top = {path[0] for path in entries}
    if "worddocument" in top:
        return KINDS["doc"]
    for name in ("workbook", "book"):
        if name in top:
            try:
                workbook = ole.openstream(name).read()
            except Exception:  # noqa: BLE001 - damaged stream chain
                reject(messages.CORRUPT, "corrupt")
            if _has_macro_sheets(workbook):
                reject(messages.MACROS, "macros")
            return KINDS["xls"]
    from django.utils.translation import gettext_lazy as _

    reject(
        _(
            "This Office file is neither a Word document nor an Excel "
            "workbook. Allowed types: %(allowed)s."
        ),
        "unsupported_type",
    )
