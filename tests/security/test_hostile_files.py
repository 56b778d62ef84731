"""The standing hostile-file suite: every file of the corpus is refused, in Vietnamese.

The corpus (``tests/forms_library/corpus.py``) is generated on the spot: the 13
files the outside review got through (hex-escaped PDF names, JavaScript in an
object stream, an EXE attached to a PDF, HTML after 4 KB, a renamed macro part,
an OLE object, a remote template, StarBasic, a PDF+ZIP polyglot, a zip bomb with
falsified sizes, a nested zip bomb, EICAR in a PDF), variants of them, and the
kinds refused before. EICAR needs the real clamd (marker ``clamd``).

``python -m pytest tests/security/test_hostile_files.py -q`` prints the count.
"""

from __future__ import annotations

import io
import time
import tracemalloc

import pytest
from django.core.files import File
from django.utils import translation

from forms_library.validation import UploadRejected, validate_upload
from tests.forms_library import corpus

HOSTILE = corpus.hostile_files()


def _marks(row: corpus.Hostile) -> list[pytest.MarkDecorator]:
    return [pytest.mark.clamd] if row.needs_clamd else []


@pytest.mark.parametrize(
    "row",
    [pytest.param(row, id=row.label, marks=_marks(row)) for row in HOSTILE],
)
def test_hostile_file_is_refused_with_a_vietnamese_message(tmp_path, row):
    path = tmp_path / "upload.bin"
    path.write_bytes(row.content)
    with (
        path.open("rb") as handle,
        translation.override("vi"),
        pytest.raises(UploadRejected) as caught,
    ):
        validate_upload(File(handle), name=row.name, allow_images=row.allow_images)
        pytest.fail(f"{row.label} was accepted")
    assert caught.value.code == row.code
    with translation.override("vi"):
        message = caught.value.messages[0]
    with translation.override("en"):
        english = caught.value.messages[0]
    assert message != english, f"no Vietnamese message for {row.code}"
    assert "%(" not in message


def test_the_corpus_holds_what_the_review_got_through():
    got_through = [row for row in HOSTILE if row.got_through_before]
    assert len(got_through) == 13
    assert len(HOSTILE) >= 31
    assert len({row.label for row in HOSTILE}) == len(HOSTILE)


@pytest.mark.parametrize(
    ("name", "content", "kind"), corpus.ALLOWED, ids=[r[0] for r in corpus.ALLOWED]
)
def test_legitimate_files_are_still_accepted(name, content, kind):
    checked = validate_upload(io.BytesIO(content), name=name, allow_images=True)
    assert checked.kind.code == kind


def test_a_bomb_is_refused_within_bounded_memory_and_time():
    """The falsified-size bomb inflates to 60 MiB; refusal stops at the budget."""
    bomb = next(r for r in HOSTILE if r.label == "zip-bomb-falsified-sizes")
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(UploadRejected):
            validate_upload(io.BytesIO(bomb.content), name=bomb.name)
        elapsed = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < 2
    assert peak < 20 * 1024 * 1024
