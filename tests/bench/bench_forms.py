"""Benchmark: the upload validator (not a pytest test). Run with ``make bench-forms``.

For each file the validator's time is compared with a baseline measured in the same
run: one SHA-256 pass over the same bytes (the least any content check must do).
For the zip bomb the baseline is what unpacking it would cost: the validator must
refuse it in a small fraction of that, because it never decompresses.
"""

from __future__ import annotations

import hashlib
import io
import os
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="bench-forms-")
os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"

import django  # noqa: E402

django.setup()

from PIL import Image  # noqa: E402

from forms_library import samples  # noqa: E402
from forms_library.validation import UploadRejected, validate_upload  # noqa: E402

MB = 1024 * 1024
REPEAT = 5


def best(fn) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def docx_with(extra: bytes, name: str = "word/media/image1.bin") -> bytes:
    buffer = io.BytesIO(samples.docx_bytes("Mẫu 01", "Đơn", ["x"]))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, extra)
    return buffer.getvalue()


def png(size_px: int) -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise((size_px, size_px), 64).convert("RGB").save(buffer, "PNG")
    return buffer.getvalue()


def main() -> None:
    cases = {
        "pdf 1 MB": samples.text_pdf_bytes(["x"]) + b"%" * MB,
        "pdf 9.5 MB": samples.text_pdf_bytes(["x"]) + b"%" * int(9.5 * MB),
        "docx 9 MB": docx_with(os.urandom(9 * MB)),
        "png noise": png(1600),
    }
    print(f"{'file':<14}{'size':>10}{'validate ms':>14}{'sha256 ms':>12}{'ratio':>8}")
    for label, data in cases.items():
        run = best(
            lambda data=data: validate_upload(
                io.BytesIO(data), name="f", allow_images=True
            )
        )
        base = best(lambda data=data: hashlib.sha256(data).digest())
        print(
            f"{label:<14}{len(data) / MB:>8.2f}MB{run * 1000:>14.1f}"
            f"{base * 1000:>12.1f}{run / base:>8.1f}"
        )

    bomb = docx_with(b"\0" * (180 * MB))

    def refuse() -> None:
        try:
            validate_upload(io.BytesIO(bomb), name="bom.docx")
        except UploadRejected:
            return
        raise AssertionError("zip bomb accepted")

    def unpack() -> None:
        with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
            for info in archive.infolist():
                archive.read(info)

    run, base = best(refuse), best(unpack)
    print(
        f"zip bomb {len(bomb) / 1024:.0f} KB → 180 MB: refused in {run * 1000:.2f} ms, "
        f"unpacking would take {base * 1000:.0f} ms (ratio {run / base:.4f})"
    )


if __name__ == "__main__":
    main()
