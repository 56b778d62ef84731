"""Text helpers every layer shares (one definition of each)."""

from __future__ import annotations

import unicodedata

# Vietnamese "đ" has no decomposition: NFKD leaves it alone, so map it first.
_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})


def ascii_fold(text: str) -> str:
    """Diacritics removed, case kept: "Đăng ký" -> "Dang ky"; non-ASCII dropped."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_D_MAP))
    return decomposed.encode("ascii", "ignore").decode("ascii")
