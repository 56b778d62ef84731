"""Vietnamese text handling shared by the index, the queries and the DB fallback.

Elasticsearch here has no Vietnamese analysis (and the integ-test distribution
not even ``asciifolding``), so everything language-specific happens in this one
module: documents are indexed with pre-folded fields it computes, queries are
rewritten by it, and the database fallback scores with it. Both backends
therefore understand the same things in the same way.

Vocabulary used below:

* **normalise**: NFC, lowercase, one tone placement style, single spaces.
* **fold**: normalise, then drop every diacritic and map ``đ`` to ``d``
  ("Giấy phép" -> "giay phep").
* **repair**: undo Telex/VNI typing done without an input method
  ("thur tucj" -> "thủ tục", "thu3 tu5c" -> "thủ tục").
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

# Combining marks (after NFD) for the five tones and for the three modifiers.
TONE_MARKS = {
    "\u0301": 1,  # sắc
    "\u0300": 2,  # huyền
    "\u0309": 3,  # hỏi
    "\u0303": 4,  # ngã
    "\u0323": 5,  # nặng
}
TONE_TO_MARK = {tone: mark for mark, tone in TONE_MARKS.items()}
CIRCUMFLEX, BREVE, HORN = "\u0302", "\u0306", "\u031b"

TELEX_TONES = {"s": 1, "f": 2, "r": 3, "x": 4, "j": 5}
VNI_TONES = {"1": 1, "2": 2, "3": 3, "4": 4, "5": 5}

VOWELS = set("aăâeêioôơuưy")
ONSETS = [
    "ngh",
    "ng",
    "nh",
    "ch",
    "gh",
    "gi",
    "kh",
    "ph",
    "qu",
    "th",
    "tr",
    "b",
    "c",
    "d",
    "đ",
    "g",
    "h",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "x",
]
CODAS = ("ch", "ng", "nh", "c", "m", "n", "p", "t")
# Vowel nuclei of real Vietnamese syllables, folded. Letter pairs like "aa",
# "ee", "oo", "ow" are absent on purpose: they are what Telex typing leaves.
NUCLEI = frozenset(
    [
        "a",
        "e",
        "i",
        "o",
        "u",
        "y",
        "ai",
        "ao",
        "au",
        "ay",
        "eo",
        "eu",
        "ia",
        "ie",
        "iu",
        "oa",
        "oe",
        "oi",
        "oo",
        "ua",
        "ue",
        "ui",
        "uo",
        "uu",
        "uy",
        "ya",
        "ye",
        "oai",
        "oao",
        "oay",
        "oeo",
        "uay",
        "uoi",
        "uou",
        "uya",
        "uye",
        "uyu",
        "ieu",
        "yeu",
    ]
)
_ONSET_RE = "|".join(sorted(ONSETS, key=len, reverse=True))
_SYLLABLE_RE = re.compile(
    rf"^(?P<onset>{_ONSET_RE})?(?P<nucleus>[aeiouy]{{1,3}})(?P<coda>ch|ng|nh|[cmnpt])?$"
)
# Unicode word characters plus the dot and slash inside codes ("1.004227",
# "43/2011"); the standard tokenizer of Elasticsearch keeps those together too.
_TOKEN_RE = re.compile(r"[\w]+(?:[./][\w]+)*", re.UNICODE)
PROCEDURE_CODE_RE = re.compile(r"^\d\.\d{6}$")
PARTIAL_CODE_RE = re.compile(r"^\d\.\d{3,6}$")

# Words citizens add around what they look for ("xin", "làm", "thủ tục", "ở
# đâu"…); they are dropped before searching. Phrases match folded; single words
# only with their diacritics ("làm", not "lâm" as in "lâm sản").
FILLER_PHRASES = (
    ("thu", "tuc"),
    ("lam", "the", "nao"),
    ("nhu", "the", "nao"),
    ("o", "dau"),
    ("can", "gi"),
    ("the", "nao"),
)
FILLER_WORDS = frozenset(
    ["làm", "xin", "cách", "muốn", "tôi", "mình", "cần", "cho", "hỏi", "ơi"]
)


def _strip_marks(text: str, keep: set[str] | None = None) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(
        ch
        for ch in decomposed
        if not unicodedata.combining(ch) or (keep is not None and ch in keep)
    )
    return unicodedata.normalize("NFC", kept)


# "ký"/"kí", "lý"/"lí", "mỹ"/"mĩ": both spellings are in use; fold to the "i".
_FINAL_Y_RE = re.compile(r"\b([bcdghklmnprstvx]h?)y\b")


@lru_cache(maxsize=100_000)
def fold(text: str) -> str:
    """Lowercase and remove every diacritic; ``đ`` becomes ``d``, "ký" = "kí"."""
    text = text.lower().replace("đ", "d").replace("Đ", "d")
    return _FINAL_Y_RE.sub(r"\1i", " ".join(_strip_marks(text).split()))


_Y_TO_I = str.maketrans("yýỳỷỹỵ", "iíìỉĩị")


@lru_cache(maxsize=50_000)
def i_for_final_y(word: str) -> str:
    """``word`` with its final y after a consonant written i, diacritics kept
    ("ký" → "kí", "mỹ" → "mĩ"): both spellings are right."""
    if _FINAL_Y_RE.fullmatch(_strip_marks(word.lower()).replace("đ", "d")):
        return word[:-1] + word[-1].translate(_Y_TO_I)
    return word


def tokens(text: str) -> list[str]:
    """Split like Elasticsearch's standard tokenizer does, lowercased."""
    return list(token_tuple(text))


@lru_cache(maxsize=200_000)
def token_tuple(text: str) -> tuple[str, ...]:
    """``tokens()`` as a cached tuple (the database fallback re-reads rows)."""
    found = _TOKEN_RE.findall(unicodedata.normalize("NFC", text))
    return tuple(t.lower() for t in found)


def split_tone(syllable: str) -> tuple[str, int]:
    """Return the syllable without its tone mark (modifiers kept) and the tone."""
    decomposed = unicodedata.normalize("NFD", syllable)
    tone = 0
    kept = []
    for ch in decomposed:
        if ch in TONE_MARKS:
            tone = TONE_MARKS[ch]
        else:
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def _nucleus_span(base: str) -> tuple[int, int] | None:
    """Index range of the vowel nucleus, skipping the "gi"/"qu" onsets."""
    start = 0
    lower = base
    if (
        lower.startswith("qu")
        and len(lower) > 2
        and lower[2] in VOWELS
        or lower.startswith("gi")
        and len(lower) > 2
        and lower[2] in VOWELS
    ):
        start = 2
    while start < len(lower) and lower[start] not in VOWELS:
        start += 1
    if start >= len(lower):
        if lower.startswith("gi"):  # "gì": the i is the nucleus
            return 1, 2
        return None
    end = start
    while end < len(lower) and lower[end] in VOWELS:
        end += 1
    return start, end


def place_tone(base: str, tone: int) -> str:
    """Put ``tone`` on the right vowel of ``base`` (modern placement rule)."""
    if tone == 0:
        return base
    span = _nucleus_span(base)
    if span is None:
        return base
    start, end = span
    nucleus = base[start:end]
    has_coda = end < len(base)
    modified = [i for i, ch in enumerate(nucleus) if ch in "ăâêôơư"]
    if modified:
        # "ươ" carries the tone on the ơ.
        target = modified[-1]
    elif len(nucleus) == 1:
        target = 0
    elif has_coda or len(nucleus) == 3 or nucleus in ("oa", "oe", "uy"):
        target = 1
    else:
        target = 0
    index = start + target
    marked = unicodedata.normalize("NFC", base[index] + TONE_TO_MARK[tone])
    return base[:index] + marked + base[index + 1 :]


@lru_cache(maxsize=50_000)
def normalise_word(word: str) -> str:
    """One spelling per syllable: "hòa" and "hoà" both become "hoà"."""
    base, tone = split_tone(word)
    if tone == 0 or not any(ch in VOWELS for ch in base):
        return word
    return place_tone(base, tone)


@lru_cache(maxsize=100_000)
def normalise(text: str) -> str:
    """NFC, lowercase, uniform tone placement, single spaces."""
    text = unicodedata.normalize("NFC", text).lower()
    return " ".join(
        re.sub(r"\w+", lambda m: normalise_word(m.group(0)), word)
        for word in text.split()
    )


def is_syllable(word: str) -> bool:
    """True when the folded ``word`` is a well-formed Vietnamese syllable."""
    match = _SYLLABLE_RE.match(fold(word))
    if match is None:
        return False
    nucleus = match.group("nucleus")
    onset = match.group("onset") or ""
    if onset in ("gi", "qu") and nucleus not in NUCLEI:
        nucleus = nucleus[1:] if len(nucleus) > 1 else nucleus
    if nucleus == "oo":  # only loanwords like "xoong", "moóc"
        return match.group("coda") in ("ng", "c")
    return nucleus in NUCLEI


def _apply_modifier(letters: list[str], mark: str, targets: str, upto: int) -> bool:
    """Add ``mark`` to the nearest letter in ``targets`` before position upto."""
    for i in range(min(upto, len(letters)) - 1, -1, -1):
        if letters[i] in targets:
            letters[i] = unicodedata.normalize("NFC", letters[i] + mark)
            # "uo" + horn gives "ươ": both vowels take the horn.
            if mark == HORN and letters[i] == "ơ" and i > 0 and letters[i - 1] == "u":
                letters[i - 1] = "ư"
            return True
    return False


def _repair_vni(word: str) -> str | None:
    letters: list[str] = []
    tone = 0
    for ch in word:
        if ch.isdigit():
            digit = ch
            if digit in VNI_TONES:
                tone = VNI_TONES[digit]
                ok = True
            elif digit == "6":
                ok = _apply_modifier(letters, CIRCUMFLEX, "aeo", len(letters))
            elif digit == "7":
                ok = _apply_modifier(letters, HORN, "ou", len(letters))
            elif digit == "8":
                ok = _apply_modifier(letters, BREVE, "a", len(letters))
            elif digit == "9":
                ok = _apply_modifier(letters, "", "", 0)
                for i in range(len(letters) - 1, -1, -1):
                    if letters[i] == "d":
                        letters[i] = "đ"
                        ok = True
                        break
            else:
                ok = False
            if not ok:
                return None
        else:
            letters.append(ch)
    base = "".join(letters)
    if not is_syllable(base):
        return None
    return place_tone(base, tone)


def _repair_telex(word: str) -> str | None:
    tone = 0
    body = word
    # The tone key is typed last, or just before the final consonant(s).
    if body and body[-1] in TELEX_TONES and len(body) > 1:
        candidate = body[:-1]
        if any(ch in VOWELS for ch in candidate):
            tone, body = TELEX_TONES[body[-1]], candidate
    letters: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        nxt = body[i + 1] if i + 1 < len(body) else ""
        if ch == nxt and ch in "aeod":
            letters.append({"a": "â", "e": "ê", "o": "ô", "d": "đ"}[ch])
            i += 2
            continue
        if ch == "w":
            if not (
                _apply_modifier(letters, HORN, "ou", len(letters))
                or _apply_modifier(letters, BREVE, "a", len(letters))
            ):
                letters.append("ư")
            i += 1
            continue
        if tone == 0 and ch in TELEX_TONES and letters and letters[-1] in VOWELS:
            # "tusc": tone key between the vowel and the final consonant.
            rest = body[i + 1 :]
            if rest and rest in CODAS:
                tone = TELEX_TONES[ch]
                i += 1
                continue
        letters.append(ch)
        i += 1
    base = "".join(letters)
    if base == word or not is_syllable(base):
        return None
    return place_tone(base, tone)


def repair_word(word: str) -> str | None:
    """Undo Telex or VNI keystrokes in one word; None when it needs no repair."""
    word = word.lower()
    if not word or not any(ch.isalpha() for ch in word):
        return None
    if any(ch.isdigit() for ch in word):
        if not word[0].isalpha() or not re.fullmatch(r"[a-zđ0-9]+", word):
            return None
        return _repair_vni(word)
    if not re.fullmatch(r"[a-zđ]+", word) or is_syllable(word):
        return None
    return _repair_telex(word)


def repair(text: str) -> str:
    """Repair every Telex/VNI word of ``text``; other words are left alone."""
    out = []
    for word in normalise(text).split():
        fixed = repair_word(word)
        out.append(fixed if fixed is not None else word)
    return " ".join(out)


def folded_tokens(text: str) -> list[str]:
    return tokens(fold(text))


def word_prefixes(text: str, limit: int = 8) -> list[str]:
    """Suffixes of the folded text starting at each word, for as-you-type input.

    "Cấp giấy phép xây dựng" gives "cap giay phep xay dung", "giay phep xay
    dung", … so typing any run of leading words finds the title.
    """
    words = folded_tokens(text)
    return [" ".join(words[i:]) for i in range(min(len(words), limit))]


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Levenshtein distance with transpositions, cut off above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def allowed_edits(word: str) -> int:
    """Like Elasticsearch's ``fuzziness: AUTO``: 0 up to 2 letters, 1 up to 5."""
    if len(word) <= 2:
        return 0
    return 1 if len(word) <= 5 else 2


def closest_word(word: str, vocabulary: Iterable[str]) -> str | None:
    """The vocabulary word nearest to ``word`` within ``allowed_edits``."""
    budget = allowed_edits(word)
    if budget == 0:
        return None
    best, best_distance = None, budget + 1
    for candidate in vocabulary:
        if candidate[:1] != word[:1]:
            continue
        distance = edit_distance(word, candidate, budget)
        if distance < best_distance:
            best, best_distance = candidate, distance
            if distance == 1:
                break
    return best


# Initial consonants that sound alike in a region and are often swapped in
# writing (northern l/n, s/x, tr/ch, d/gi/r; southern v/d): "khai xinh",
# "giấy phép nái xe", "tạm chú", "dao dịch".
CONFUSED_ONSETS = (
    ("s", "x"),
    ("l", "n"),
    ("tr", "ch"),
    ("d", "gi"),
    ("d", "r"),
    ("gi", "r"),
    ("v", "d"),
)


def onset_swaps(word: str) -> list[str]:
    """``word`` (lowercase, with or without diacritics) with a commonly
    confused initial consonant swapped; the rest, diacritics included, kept."""
    swaps = []
    for a, b in CONFUSED_ONSETS:
        for this, that in ((a, b), (b, a)):
            if word.startswith(this) and len(word) > len(this):
                rest = word[len(this) :]
                # "gi" + vowel is one onset; "d" + "i…" must not become "gii…".
                if this == "d" and that == "gi" and rest.startswith("i"):
                    continue
                swaps.append(that + rest)
    return list(dict.fromkeys(swaps))


def highlight(text: str, query_words: Sequence[str], tag: str = "mark") -> str:
    """HTML-escape ``text`` and wrap words whose folded form was searched for."""
    wanted = {fold(w) for w in query_words if w}
    if not wanted:
        return html.escape(text)
    parts: list[str] = []
    last = 0
    for match in _TOKEN_RE.finditer(text):
        parts.append(html.escape(text[last : match.start()]))
        word = match.group(0)
        escaped = html.escape(word)
        parts.append(f"<{tag}>{escaped}</{tag}>" if fold(word) in wanted else escaped)
        last = match.end()
    parts.append(html.escape(text[last:]))
    return "".join(parts)


def snippet(text: str, query_words: Sequence[str], width: int = 30) -> str:
    """A short window of ``text`` around the first searched word, highlighted."""
    words = text.split()
    wanted = {fold(w) for w in query_words}
    for i, word in enumerate(words):
        if any(t in wanted for t in folded_tokens(word)):
            start = max(0, i - width // 3)
            window = " ".join(words[start : start + width])
            prefix = "… " if start else ""
            suffix = " …" if start + width < len(words) else ""
            return prefix + highlight(window, query_words) + suffix
    return ""


def filler_positions(words: Sequence[str]) -> set[int]:
    """Where ``words`` has filler words or phrases (none when nothing else
    would remain)."""
    folded = [fold(w) for w in words]
    found: set[int] = set()
    for phrase in FILLER_PHRASES:
        n = len(phrase)
        for i in range(len(words) - n + 1):
            if tuple(folded[i : i + n]) == phrase:
                found.update(range(i, i + n))
    for i, word in enumerate(words):
        if word in FILLER_WORDS:
            found.add(i)
    return found if len(found) < len(words) else set()


def strip_fillers(text: str) -> str:
    """``text`` without filler words; unchanged when nothing else would remain."""
    words = text.split()
    fillers = filler_positions(words)
    return " ".join(w for i, w in enumerate(words) if i not in fillers)
