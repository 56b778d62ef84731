"""How well a hit answers a query, judged the same way for both backends.

Elasticsearch scores are not comparable between queries, and both backends
let weak matches through their gates (three words in four, typo-tolerant
words, words found only in the body). So the answer to "did anything really
match?" is computed here, in Python, on the first page's hits:

* each query word counts with its weight in the catalogue (IDF): a rare word
  such as "karaoke" matters more than "cấp";
* a word counts fully when the hit's searchable text (title, code, sector,
  agency, keywords) has it, less when only a near spelling or the body does;
* words the catalogue writes as a pair ("ô tô", "giấy phép") count only when
  the hit has the pair: "đăng ký xe ô tô" is not answered by "đăng ký xe mô
  tô" (the catalogue's own word pairs stand in for word segmentation);
* a word typed with other diacritics than the hit's ("sổ hưu" against "sở
  hữu") counts partly: typing without them is common, wrong ones are rarer;
* the optional words of a concept's reading, and function words ("với",
  "của", "ở"…), count at a lower weight.

The best reading's share of the query's weight is the hit's quality; when no
hit on the first page reaches ``MATCH_FLOOR`` the search answers "no result"
(with what was nearly matched as related groups).
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from search.vietnamese import (
    allowed_edits,
    edit_distance,
    fold,
    i_for_final_y,
    is_syllable,
    normalise,
    token_tuple,
)

if TYPE_CHECKING:
    from search.analysis import QueryPlan, Variant, Vocabulary
    from search.backends.base import SearchHit

# Below this share of the query's weight the best hit is a weak match.
# Tuned on the tuning part of tests/search/eval (see the README).
MATCH_FLOOR = 0.7
OPTIONAL_WEIGHT = 0.3
FUNCTION_WEIGHT = 0.2
NEAR_SPELLING = 0.5
OTHER_MARKS = 0.6
DIGITS_WEIGHT = 0.5
BODY_ONLY = 0.5
BROKEN_PAIR = 0.35
CORRECTED_FACTOR = 0.9
# A reading's quality at most, when the hit lacks a required word no title
# of the catalogue uses (below the floor).
UNHEARD_OF_CAP = 0.6


# What a procedure does, when siblings differ only by it (normalised, final y
# as i): typed with diacritics, so "đổi" is not "đội" or "đôi".
ACTIONS = frozenset(i_for_final_y(normalise(w)) for w in ("đổi", "xóa", "hủy"))
# Two-syllable actions, compared folded (unambiguous without diacritics).
ACTION_PAIRS = frozenset(["gia han", "cap lai", "cap doi", "dieu chinh", "thu hoi"])

# Words that carry little of what is asked, with their diacritics (folded,
# many are content words: "đăng" ký, "đi" is "di" chúc, "cho" thuê…), and the
# few that stay unambiguous when typed without diacritics.
FUNCTION_WORDS = frozenset(
    """
    và với của ở tại về để thì là có các những được bị trong trên dưới vào đến
    nào gì này đó khi nếu mà hoặc cũng đã đang sẽ rồi như nhé à ạ tôi mình em đi
    sang ra qua lên xuống
    anh chị ông bà bố mẹ cháu
    """.split()  # noqa: SIM905 - a word list is easier to read and edit so
)
UNACCENTED_FUNCTION_WORDS = frozenset(["voi", "cua", "duoc", "nhung", "hoac"])


def _is_function_word(typed: str, folded: str) -> bool:
    if typed.isascii():
        return folded in UNACCENTED_FUNCTION_WORDS
    return i_for_final_y(normalise(typed)) in FUNCTION_WORDS


def _may_be_misspelt(typed: str) -> bool:
    """A near spelling in the hit can stand for ``typed`` only when it may be
    a typo: typed without diacritics, or not a well-formed syllable ("thôg").
    A syllable typed with its diacritics is a word of its own: "vàng" is not
    the "vận" of "vận tải", nor "cầm" the "cấp" of "cấp giấy phép" (a typo
    that makes another syllable is left to the corrected reading)."""
    return typed.isascii() or not is_syllable(typed)


# How titles write the numbers citizens type as digits ("lần 2" is "lần hai",
# "cấp 2" is "cấp II"): the word with its diacritics and the Roman numeral.
NUMBERS = {
    str(n): (word, roman)
    for n, (word, roman) in enumerate(
        [
            ("một", "i"),
            ("hai", "ii"),
            ("ba", "iii"),
            ("bốn", "iv"),
            ("năm", "v"),
            ("sáu", "vi"),
            ("bảy", "vii"),
            ("tám", "viii"),
            ("chín", "ix"),
            ("mười", "x"),
        ],
        1,
    )
}


def _number_in(digits: str, hay: Container[str], exact: Container[str]) -> bool:
    word, roman = NUMBERS.get(digits.lstrip("0") or "0", ("", ""))
    return bool(word) and (i_for_final_y(normalise(word)) in exact or roman in hay)


def _heard_of(typed: str, folded: str, vocab: Vocabulary) -> bool:
    """The catalogue's titles, sectors or agencies use the word (typed with
    diacritics: with those, so "vàng" is not the "vắng" of "tạm vắng")."""
    if typed.isascii():
        return folded in vocab.spellings
    return i_for_final_y(normalise(typed)) in vocab.exact


class _LazyWords:
    """The body's folded words, folded only if a query word needs them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._words: frozenset[str] | None = None

    def __contains__(self, word: object) -> bool:
        if not self.text:
            return False
        if self._words is None:
            self._words = frozenset(token_tuple(fold(self.text)))
        return word in self._words


def _pairs(words: Sequence[str]) -> set[tuple[str, str]]:
    return set(zip(words, words[1:], strict=False))


@lru_cache(maxsize=50_000)
def _near(word: str, candidates: frozenset[str]) -> bool:
    budget = allowed_edits(word)
    if budget == 0:
        return False
    return any(
        c[:1] == word[:1] and edit_distance(word, c, budget) <= budget
        for c in candidates
    )


@lru_cache(maxsize=20_000)
def _haystack(text: str) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    words = token_tuple(text)
    return frozenset(words), frozenset(_pairs(words))


@lru_cache(maxsize=20_000)
def _exact_words(text: str) -> frozenset[str]:
    return frozenset(i_for_final_y(w) for w in token_tuple(normalise(text)))


def variant_quality(
    variant: Variant,
    haystack: Sequence[str] | str,
    body: Container[str],
    vocab: Vocabulary,
    exact_haystack: frozenset[str] = frozenset(),
) -> float:
    words = variant.folded_words
    if not words:
        return 0.0
    typed = variant.exact_words
    if len(typed) != len(words):
        typed = words
    if isinstance(haystack, str):
        hay, hay_pairs = _haystack(haystack)
    else:
        hay, hay_pairs = frozenset(haystack), frozenset(_pairs(haystack))
    total = covered = 0.0
    seen: set[str] = set()
    unheard_of = False
    for i, word in enumerate(words):
        if word in seen:
            continue
        seen.add(word)
        weight = vocab.idf(word)
        required = False
        if word in variant.optional:
            if not _heard_of(typed[i], word, vocab):
                # Only ranks, and no title has it: it cannot tell hits apart.
                continue
            weight *= OPTIONAL_WEIGHT
        elif _is_function_word(typed[i], word):
            weight *= FUNCTION_WEIGHT
        elif word.isdigit():
            weight *= DIGITS_WEIGHT
        else:
            required = True
        total += weight
        if word in hay:
            share = 1.0
            if (
                exact_haystack
                and not typed[i].isascii()
                and i_for_final_y(normalise(typed[i])) not in exact_haystack
            ):
                share = OTHER_MARKS
        elif word.isdigit():
            found = word in body or _number_in(word, hay, exact_haystack)
            share = 1.0 if found else 0.0
        elif _near(word, hay) and _may_be_misspelt(typed[i]):
            share = NEAR_SPELLING
        elif word in body:
            share = BODY_ONLY
        else:
            if (
                required
                and not typed[i].isascii()
                and not _heard_of(typed[i], word, vocab)
            ):
                unheard_of = True
            continue
        around = [
            pair
            for pair in ((words[i - 1], word) if i else None,)
            + ((word, words[i + 1]) if i + 1 < len(words) else None,)
            if pair is not None and pair in vocab.pairs
        ]
        if around and not any(pair in hay_pairs for pair in around):
            share = min(share, BROKEN_PAIR)
        covered += weight * share
    quality = covered / total if total else 0.0
    if unheard_of:
        # A word asked for, typed with its diacritics, that no title in the
        # catalogue uses, that no reading explains and that this hit lacks:
        # the catalogue does not have what was asked ("cấp giấy phép kinh
        # doanh vàng"), however many of the form's words ("cấp", "giấy phép",
        # "kinh doanh") match. Words without diacritics are left out: codes
        # and classes ("b2"), abbreviations no synonym knows ("cty").
        quality = min(quality, UNHEARD_OF_CAP)
    return quality


def follow_up(plan: QueryPlan, title: str) -> bool:
    """The hit is a follow-up procedure (its title starts with an action such
    as "gia hạn", "cấp lại", "điều chỉnh") and no reading asks for that
    action: "giấy phép xây dựng" means getting one first. The engines rank
    these short titles first (length normalisation), so the first page's
    order corrects them (``services._rerank``)."""
    words = token_tuple(fold(title))
    if not words:
        return False
    pair = " ".join(words[:2])
    first = _exact_words(title.split(maxsplit=1)[0]) & ACTIONS
    if pair not in ACTION_PAIRS and not first:
        return False
    for variant in plan.variants:
        if pair in ACTION_PAIRS and f" {pair} " in f" {variant.folded} ":
            return False
        if first and first & _exact_words(variant.text):
            return False
    return True


def hit_quality(plan: QueryPlan, hit: SearchHit, vocab: Vocabulary) -> float:
    """The best reading's share of the query's weight found in ``hit``."""
    if hit.promoted:
        return 1.0
    if plan.code and hit.code == plan.code:
        return 1.0
    if plan.code_prefix and hit.code.startswith(plan.code_prefix):
        return 1.0
    haystack = hit.match_text or fold(f"{hit.title} {hit.code}")
    body = _LazyWords(hit.body)
    exact = _exact_words(f"{hit.title} {hit.sector} {hit.agency}")
    best = 0.0
    for variant in plan.variants:
        quality = variant_quality(variant, haystack, body, vocab, exact)
        if variant.source == "corrected":
            quality *= CORRECTED_FACTOR
        best = max(best, quality)
    return best


def literal_quality(plan: QueryPlan, hit: SearchHit, vocab: Vocabulary) -> float:
    """The share of the words as typed (no synonym or concept reading) that
    ``hit`` has: between readings that answer equally well, the one that
    also has the citizen's own words ("mở tiệm bán rượu": the liquor permit
    has "bán rượu", the household business has none)."""
    typed = next((v for v in plan.variants if v.source == "typed"), None)
    if typed is None or hit.promoted:
        return 0.0
    haystack = hit.match_text or fold(f"{hit.title} {hit.code}")
    exact = _exact_words(f"{hit.title} {hit.sector} {hit.agency}")
    return variant_quality(typed, haystack, _LazyWords(hit.body), vocab, exact)


def best_quality(
    plan: QueryPlan, hits: Iterable[SearchHit], vocab: Vocabulary
) -> float:
    return max((hit_quality(plan, hit, vocab) for hit in hits), default=0.0)
