"""Text helpers every layer shares (one definition of each)."""

from __future__ import annotations

import unicodedata

# Vietnamese "đ" has no decomposition: NFKD leaves it alone, so map it first.
_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})


def ascii_fold(text: str) -> str:
    """Diacritics removed, case kept: "Đăng ký" -> "Dang ky"; non-ASCII dropped."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_D_MAP))
    return decomposed.encode("ascii", "ignore").decode("ascii")


# Vietnamese alphabetical order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u
# ư v x y. The letters with a breve, circumflex or horn and "đ" are letters of
# their own (after their base letter); tone marks only break ties, in the order
# ngang, huyền, sắc, hỏi, ngã, nặng.
_LETTER_MARKS = {"\u0306": 1, "\u0302": 2, "\u031b": 3}  # breve, circumflex, horn
_TONE_MARKS = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}


def vietnamese_sort_key(
    text: str,
) -> tuple[tuple[tuple[str, int], ...], tuple[int, ...]]:
    """A sort key that orders Vietnamese words as a Vietnamese dictionary does
    ("Hạ Lang" < "Hà Quảng" < "Hòa An" < "Đông Khê"), case-insensitively."""
    letters: list[tuple[str, int]] = []
    tones: list[int] = []
    for char in unicodedata.normalize("NFD", text.casefold()):
        if char in _TONE_MARKS:
            if tones:
                tones[-1] = _TONE_MARKS[char]
        elif char in _LETTER_MARKS:
            if letters:
                letters[-1] = (letters[-1][0], _LETTER_MARKS[char])
        elif unicodedata.combining(char):
            continue
        elif char == "đ":
            letters.append(("d", 1))
            tones.append(0)
        else:
            letters.append((char, 0))
            tones.append(0)
    return tuple(letters), tuple(tones)
