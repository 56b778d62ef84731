"""PDF: parsed with pypdf, every object looked at, active content refused.

A PDF's dangerous parts are dictionary *names* (``/JavaScript``, ``/Launch``,
``/EmbeddedFile``…). A byte search is blind to two tricks the outside review
used: names spelt with ``#xx`` escapes (``/J#61vaScript`` is ``/JavaScript``)
and objects stored inside compressed object streams. So the file is parsed:
pypdf decodes escapes, decrypts (an empty user password only) and inflates
object streams; every object listed in the cross-reference data is resolved and
walked. A second pass reads the raw syntax outside stream data with the same
name normalisation, for objects a lenient viewer would find by rebuilding a
damaged cross-reference table although the table does not list them. Object
streams are inflated under a total budget first, so a small PDF cannot make the
check itself use gigabytes.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from typing import Any

from forms_library.validation import messages
from forms_library.validation.base import reject

# Decoded object streams (PDF syntax, not page content) across one file.
PDF_MAX_OBJECT_STREAM_BYTES = 64 * 1024 * 1024
# Objects, dictionary entries and array items visited in one file.
PDF_MAX_NODES = 2_000_000

# Actions that run code or open something outside the document.
ACTIVE_NAMES = frozenset(
    {"JavaScript", "JS", "Launch", "ImportData", "GoToE", "GoToR", "RichMediaExecute"}
)
EMBEDDED_NAMES = frozenset({"EmbeddedFile", "EmbeddedFiles", "FileAttachment", "EF"})
RICH_MEDIA_NAMES = frozenset({"RichMedia", "RichMediaContent", "XFA"})

NAME_TOKEN = re.compile(rb"/([^\x00\t\n\x0c\r ()<>\[\]{}/%]*)")
HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
STREAM_DATA = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)

logger = logging.getLogger(__name__)


def _verdict(name: str) -> tuple[Any, str] | None:
    if name in ACTIVE_NAMES:
        return messages.PDF_ACTIVE, "pdf_active_content"
    if name in EMBEDDED_NAMES:
        return messages.PDF_EMBEDDED_FILE, "pdf_embedded_file"
    if name in RICH_MEDIA_NAMES:
        return messages.PDF_RICH_MEDIA, "pdf_rich_media"
    return None


def _check_name(name: str) -> None:
    verdict = _verdict(name)
    if verdict is not None:
        reject(verdict[0], verdict[1])


def raw_names(syntax: bytes) -> Iterator[str]:
    """Every name token in PDF syntax, ``#xx`` escapes decoded, without the ``/``."""
    for match in NAME_TOKEN.finditer(syntax):
        token = HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), match.group(1))
        yield token.decode("latin-1")


def _check_raw_syntax(data: bytes) -> None:
    for name in raw_names(STREAM_DATA.sub(b"stream endstream", data)):
        _check_name(name)


def _open(data: bytes) -> Any:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        # Owner-password-only PDFs (print restrictions) open with an empty
        # password, as in every viewer; anything else cannot be inspected.
        try:
            opened = bool(reader.decrypt(""))
        except (DependencyError, NotImplementedError, ValueError):
            opened = False
        if not opened:
            reject(messages.PDF_ENCRYPTED, "pdf_encrypted")
    return reader


def _object_numbers(reader: Any) -> Iterator[tuple[int, int]]:
    for generation, table in list(reader.xref.items()):
        for number in list(table):
            yield number, generation
    for number in list(reader.xref_objStm):
        yield number, 0


def _walk(root: Any, budget: list[int]) -> None:
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    stack = [root]
    while stack:
        node = stack.pop()
        budget[0] -= 1
        if budget[0] < 0:
            reject(messages.ZIP_BOMB, "pdf_too_complex")
        if isinstance(node, DictionaryObject):
            for key, value in node.items():
                _check_name(str(key)[1:])
                stack.append(value)
        elif isinstance(node, ArrayObject):
            stack.extend(node)
        elif isinstance(node, NameObject):
            _check_name(str(node)[1:])


def _inspect_objects(reader: Any) -> None:
    from pypdf.generic import IndirectObject, StreamObject

    numbers = list(_object_numbers(reader))
    # Object streams first, under one budget: pypdf caps each stream, not a file.
    decoded = 0
    for number, generation in numbers:
        if number in reader.xref_objStm:
            continue
        obj = reader.get_object(IndirectObject(number, generation, reader))
        if isinstance(obj, StreamObject) and obj.get("/Type") == "/ObjStm":
            stream_data = obj.get_data()
            decoded += len(stream_data)
            if decoded > PDF_MAX_OBJECT_STREAM_BYTES:
                reject(messages.ZIP_BOMB, "pdf_bomb")
            # Objects an object stream holds but the cross-reference data does
            # not list are still PDF syntax a repairing viewer may read.
            _check_raw_syntax(stream_data)
    budget = [PDF_MAX_NODES]
    for number, generation in numbers:
        _walk(reader.get_object(IndirectObject(number, generation, reader)), budget)
    _walk(reader.trailer, budget)


def check_pdf(data: bytes) -> None:
    """Refuse a PDF with scripts, launch actions, attachments or rich media."""
    from forms_library.validation.base import UploadRejected

    _check_raw_syntax(data)
    pypdf_logger = logging.getLogger("pypdf")
    previous_level = pypdf_logger.level
    # A damaged-but-readable PDF makes pypdf log a warning per repair; the
    # verdict below is what matters, not a page of log lines per upload.
    pypdf_logger.setLevel(logging.ERROR)
    try:
        reader = _open(data)
        _inspect_objects(reader)
    except UploadRejected:
        raise
    except RecursionError:
        reject(messages.CORRUPT, "corrupt")
    except Exception as error:  # noqa: BLE001 - any parser failure means "damaged"
        from pypdf.errors import LimitReachedError

        if isinstance(error, LimitReachedError):
            reject(messages.ZIP_BOMB, "pdf_bomb")
        logger.info("PDF refused as damaged: %r", error)
        reject(messages.CORRUPT, "corrupt")
    finally:
        pypdf_logger.setLevel(previous_level)
