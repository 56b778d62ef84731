"""From what a citizen typed to what both backends search for (a ``QueryPlan``).

The plan holds weighted *variants* of the query: the typed words (repaired when
they were Telex/VNI keystrokes), each synonym/abbreviation expansion, and a
spelling-corrected variant for words the catalogue does not know. Elasticsearch
turns each variant into clauses; the database fallback scores rows with the
same variants, so both understand the same queries.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from django.core.cache import cache

from search.models import SYNONYMS_CACHE_KEY, SearchRecord, Synonym
from search.vietnamese import (
    PARTIAL_CODE_RE,
    PROCEDURE_CODE_RE,
    closest_word,
    fold,
    normalise,
    repair,
    strip_fillers,
    tokens,
)

SYNONYM_WEIGHT = 1.0
TYPED_WEIGHT_WHEN_EXPANDED = 0.5
CORRECTED_WEIGHT = 0.7
VOCABULARY_VERSION_KEY = "search:vocabulary-version"


@dataclass
class Variant:
    """One way to read the query, with its weight."""

    text: str  # normalised, with diacritics when the user typed them
    weight: float = 1.0
    source: str = "typed"

    @property
    def strict(self) -> bool:
        """Spelling-corrected readings must match every word (no 3-in-4)."""
        return self.source == "corrected"

    @cached_property
    def exact_words(self) -> list[str]:
        return tokens(self.text)

    @cached_property
    def folded(self) -> str:
        return fold(self.text)

    @cached_property
    def folded_words(self) -> list[str]:
        return tokens(self.folded)

    @cached_property
    def core_words(self) -> list[str]:
        """The words a match must contain (3 in 4 of them for long queries)."""
        return list(dict.fromkeys(self.folded_words))


@dataclass
class QueryPlan:
    raw: str
    text: str
    variants: list[Variant] = field(default_factory=list)
    code: str = ""
    code_prefix: str = ""
    corrected: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.text

    @property
    def highlight_words(self) -> list[str]:
        words: list[str] = []
        for variant in self.variants:
            words.extend(variant.exact_words)
        return words


# -- synonyms -------------------------------------------------------------------
def load_synonyms() -> list[tuple[list[str], list[str]]]:
    """``[(folded term words, [expansion, …]), …]``; cached until one is edited."""
    cached = cache.get(SYNONYMS_CACHE_KEY)
    if cached is not None:
        return cached
    table = [
        (tokens(syn.folded_term), syn.expansion_list)
        for syn in Synonym.objects.filter(enabled=True)
    ]
    table = [(term, exp) for term, exp in table if term and exp]
    cache.set(SYNONYMS_CACHE_KEY, table, 300)
    return table


def _find(words: list[str], term: list[str]) -> int:
    for i in range(len(words) - len(term) + 1):
        if words[i : i + len(term)] == term:
            return i
    return -1


def expand(text: str) -> list[str]:
    """Readings of ``text`` with synonyms/abbreviations replaced.

    One reading per (synonym, expansion); when several synonyms occur, one more
    reading with all of them replaced ("sang tên sổ đỏ").
    """
    words = tokens(text)
    readings: list[str] = []
    matches: list[tuple[list[str], str]] = []
    for term, expansions in load_synonyms():
        at = _find([fold(w) for w in words], term)
        if at < 0:
            continue
        matches.append((term, expansions[0]))
        for expansion in expansions:
            replaced = [*words[:at], normalise(expansion), *words[at + len(term) :]]
            readings.append(" ".join(replaced))
    if len(matches) > 1:
        combined = list(words)
        for term, expansion in matches:
            folded = [fold(w) for w in combined]
            at = _find(folded, term)
            if at >= 0:
                combined = [
                    *combined[:at],
                    *tokens(normalise(expansion)),
                    *combined[at + len(term) :],
                ]
        readings.append(" ".join(combined))
    return readings


# -- vocabulary (spelling correction, did-you-mean) -----------------------------
@dataclass
class Vocabulary:
    """Words of a collection: spellings for corrections, frequencies for scoring."""

    spellings: dict[str, str]
    title_frequency: dict[str, int]
    size: int

    def idf(self, folded_word: str) -> float:
        df = self.title_frequency.get(folded_word, 0)
        return math.log(1 + (self.size + 1) / (df + 0.5))


def load_vocabulary(collection: str) -> Vocabulary:
    """The collection's vocabulary, cached until its records change."""
    version = cache.get(VOCABULARY_VERSION_KEY, 0)
    key = f"search:vocabulary:{collection}:{version}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    spellings: dict[str, Counter[str]] = {}
    frequency: Counter[str] = Counter()
    size = 0
    rows = SearchRecord.objects.filter(collection=collection).values_list(
        "title", "agency", "sector"
    )
    for title, agency, sector in rows.iterator(chunk_size=2000):
        size += 1
        frequency.update({fold(w) for w in tokens(title)})
        for word in tokens(normalise(f"{title} {agency} {sector}")):
            if word.isdigit():
                continue
            spellings.setdefault(fold(word), Counter())[word] += 1
    result = Vocabulary(
        spellings={folded: c.most_common(1)[0][0] for folded, c in spellings.items()},
        title_frequency=dict(frequency),
        size=size,
    )
    cache.set(key, result, 600)
    return result


def vocabulary(collection: str) -> dict[str, str]:
    """``{folded word: its most common spelling with diacritics}``."""
    return load_vocabulary(collection).spellings


def vocabulary_changed() -> None:
    """Records changed: the next query rebuilds the vocabulary."""
    try:
        cache.incr(VOCABULARY_VERSION_KEY)
    except ValueError:
        cache.set(VOCABULARY_VERSION_KEY, 1, None)


def correct(text: str, collection: str) -> str:
    """``text`` with unknown words replaced by the nearest catalogue word."""
    vocab = vocabulary(collection)
    if not vocab:
        return ""
    known_terms = {" ".join(term) for term, _ in load_synonyms()}
    out: list[str] = []
    changed = False
    for word in tokens(text):
        folded = fold(word)
        if folded in vocab or folded in known_terms or any(ch.isdigit() for ch in word):
            out.append(word)
            continue
        nearest = closest_word(folded, vocab)
        if nearest is None:
            out.append(word)
            continue
        out.append(vocab[nearest])
        changed = True
    return " ".join(out) if changed else ""


def with_diacritics(text: str, collection: str) -> str:
    """Write each known folded word with its catalogue spelling (did-you-mean)."""
    vocab = vocabulary(collection)
    return " ".join(
        vocab.get(fold(word), word) if word.isascii() else word for word in tokens(text)
    )


def plan_query(raw: str, collection: str) -> QueryPlan:
    """Analyse a query once; both backends run the resulting plan."""
    text = repair(raw.strip())[:200]
    plan = QueryPlan(raw=raw, text=text)
    if not text:
        return plan
    words = tokens(text)
    for word in words:
        if PROCEDURE_CODE_RE.match(word):
            plan.code = word
        elif PARTIAL_CODE_RE.match(word) and len(words) == 1:
            plan.code_prefix = word
    searched = strip_fillers(text)
    readings = expand(searched)
    plan.variants.append(
        Variant(searched, TYPED_WEIGHT_WHEN_EXPANDED if readings else 1.0, "typed")
    )
    for reading in readings:
        plan.variants.append(Variant(reading, SYNONYM_WEIGHT, "synonym"))
    corrected = correct(searched, collection)
    if corrected:
        plan.corrected = corrected
        plan.variants.append(Variant(corrected, CORRECTED_WEIGHT, "corrected"))
        for reading in expand(corrected):
            plan.variants.append(Variant(reading, CORRECTED_WEIGHT, "corrected"))
    return plan
