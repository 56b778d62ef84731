"""From what a citizen typed to what both backends search for (a ``QueryPlan``).

The plan holds weighted *variants* of the query: the typed words (repaired when
they were Telex/VNI keystrokes), one reading per synonym/abbreviation and per
concept found in it, and a spelling-corrected variant for words the catalogue
does not know. Elasticsearch turns each variant into clauses; the database
fallback scores rows with the same variants, so both understand the same
queries.

Synonyms and concepts are one table of *terms* here (``load_terms``): a phrase
citizens use and the catalogue's wording for it. A synonym or an everyday verb
("mất" → "cấp lại") replaces its words and the rest of the query stays
required; any other concept says what is wanted ("cưới vợ" → "đăng ký kết
hôn"), so the rest of the query becomes *optional* words that rank but do not
gate. The table is reloaded in every process when ``TermsRevision`` moved, so
an editor's change applies to the next query everywhere.
"""

from __future__ import annotations

import itertools
import math
import secrets
import threading
from collections import Counter
from collections.abc import Container
from dataclasses import dataclass, field
from functools import cached_property

from django.core.cache import cache

from search.models import Concept, SearchRecord, Synonym, terms_revision
from search.vietnamese import (
    FILLER_WORDS,
    PARTIAL_CODE_RE,
    PROCEDURE_CODE_RE,
    allowed_edits,
    edit_distance,
    filler_positions,
    fold,
    i_for_final_y,
    is_syllable,
    normalise,
    onset_swaps,
    repair,
    strip_fillers,
    tokens,
)

SYNONYM_WEIGHT = 1.0
TYPED_WEIGHT_WHEN_EXPANDED = 0.5
CORRECTED_WEIGHT = 0.7
VOCABULARY_VERSION_KEY = "search:vocabulary-version"
# Readings of one query at most (every reading is a group of clauses).
MAX_READINGS = 6


@dataclass
class Variant:
    """One way to read the query, with its weight."""

    text: str  # normalised, with diacritics when the user typed them
    weight: float = 1.0
    source: str = "typed"
    # Folded words that rank but need not match (the rest of a query around a
    # concept: "cưới vợ *người nước ngoài*").
    optional: frozenset[str] = frozenset()

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
        words = [w for w in dict.fromkeys(self.folded_words) if w not in self.optional]
        return words or list(dict.fromkeys(self.folded_words))


@dataclass
class QueryPlan:
    raw: str
    text: str
    variants: list[Variant] = field(default_factory=list)
    code: str = ""
    code_prefix: str = ""
    corrected: str = ""
    # Names of the concepts the query was understood through ("Kết hôn").
    concepts: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.text

    @property
    def highlight_words(self) -> list[str]:
        words: list[str] = []
        for variant in self.variants:
            words.extend(variant.exact_words)
        return words


# -- synonyms and concepts -------------------------------------------------------
@dataclass(frozen=True)
class Term:
    """A phrase citizens type and the catalogue's wordings for it."""

    words: tuple[str, ...]  # folded
    meanings: tuple[str, ...]  # normalised
    rest_required: bool  # synonyms and everyday verbs
    label: str = ""  # the concept's name ("" for a synonym)
    # Normalised with diacritics: a one-word phrase typed with diacritics must
    # match them ("đò" is not the "đỏ" of "sổ đỏ", nor "độ").
    exact: tuple[str, ...] = ()


_terms_lock = threading.Lock()
_terms_cache: dict[str, object] = {}


def _read_terms() -> list[Term]:
    terms: list[Term] = []
    for synonym in Synonym.objects.filter(enabled=True):
        words = tuple(tokens(synonym.folded_term))
        meanings = tuple(normalise(e) for e in synonym.expansion_list)
        if words and meanings:
            exact = tuple(tokens(normalise(synonym.term)))
            terms.append(Term(words, meanings, rest_required=True, exact=exact))
    for concept in Concept.objects.filter(enabled=True):
        meanings = tuple(normalise(m) for m in concept.meaning_list)
        if not meanings:
            continue
        for phrase in concept.phrase_list:
            words = tuple(tokens(fold(phrase)))
            if words:
                terms.append(
                    Term(
                        words,
                        meanings,
                        concept.keeps_rest_required,
                        concept.name,
                        tuple(tokens(normalise(phrase))),
                    )
                )
    return terms


@dataclass(frozen=True)
class TermTable:
    """The terms of one revision, indexed by their first (folded) word."""

    terms: tuple[Term, ...] = ()
    by_first: dict[str, tuple[Term, ...]] = field(default_factory=dict)
    words: frozenset[str] = frozenset()  # every folded word of a phrase

    @classmethod
    def of(cls, terms: list[Term]) -> TermTable:
        by_first: dict[str, list[Term]] = {}
        for term in terms:
            by_first.setdefault(term.words[0], []).append(term)
        return cls(
            terms=tuple(terms),
            by_first={word: tuple(found) for word, found in by_first.items()},
            words=frozenset(word for term in terms for word in term.words),
        )


def current_terms() -> TermTable:
    """Every enabled synonym and concept phrase, reloaded when one changed.

    One small read (``terms_revision``): the table itself stays in this
    process until an edit in any process moves the revision. Read it once per
    query and pass it on.
    """
    revision = terms_revision()
    with _terms_lock:
        table = _terms_cache.get("table")
        if _terms_cache.get("revision") == revision and table is not None:
            return table  # type: ignore[return-value]
    table = TermTable.of(_read_terms())
    with _terms_lock:
        _terms_cache.update(revision=revision, table=table)
    return table


def load_terms() -> list[Term]:
    """The current terms (see ``current_terms``)."""
    return list(current_terms().terms)


def forget_terms() -> None:
    """Drop this process's copy (tests that roll back the revision row)."""
    with _terms_lock:
        _terms_cache.clear()


def load_synonyms() -> list[tuple[list[str], list[str]]]:
    """``[(folded term words, [expansion, …]), …]`` of the enabled synonyms."""
    return [
        (list(t.words), list(t.meanings))
        for t in load_terms()
        if t.rest_required and not t.label
    ]


def _find(words: list[str], term: list[str]) -> int:
    for i in range(len(words) - len(term) + 1):
        if words[i : i + len(term)] == term:
            return i
    return -1


@dataclass
class _Span:
    start: int
    end: int
    terms: list[Term]


def _matches(
    words: list[str], folded: list[str], terms: list[Term], spelled: bool = False
) -> dict[tuple[int, int], list[Term]]:
    """Every place a term occurs: ``{(start, end): [terms]}`` (may overlap).

    A word typed without diacritics matches the phrase's word folded; a word
    typed with diacritics must have the phrase's diacritics (final y and i
    alike): syllables collide once folded ("tờ cáo" is not "tố cáo", "đò" is
    not the "đỏ" of "sổ đỏ"). ``spelled``: every word is a catalogue spelling.
    """
    found: dict[tuple[int, int], list[Term]] = {}
    # Typed with diacritics (three words in four or more): a syllable without
    # them is as typed ("thiệt hại do cán bộ": "do", not the "đò" of a boat);
    # with fewer, it may be a word typed in haste ("đăng ký xe may").
    marked = 4 * sum(1 for word in words if not word.isascii()) >= 3 * len(words)
    for term in terms:
        n = len(term.words)
        for i in range(len(folded) - n + 1):
            if folded[i] != term.words[0] or tuple(folded[i : i + n]) != term.words:
                continue
            if _other_marks(words[i : i + n], term, spelled, marked):
                continue
            found.setdefault((i, i + n), []).append(term)
    # A phrase of several words also matches with one more word inside it
    # ("gộp hai thửa", "không có tiền án", "hộ cận nghèo"), where no phrase
    # matched as written, but not after a light verb such as "xin", "làm".
    taken = {p for start, end in found for p in range(start, end)}
    for term in terms:
        n = len(term.words)
        if n < 2:
            continue
        for i in range(len(folded) - n):
            if folded[i] != term.words[0] or taken & set(range(i, i + n + 1)):
                continue
            for gap in range(i + 1, i + n):
                if words[gap - 1] in FILLER_WORDS:
                    # "xin [chuyển] đất" is not "xin đất".
                    continue
                kept = [j for j in range(i, i + n + 1) if j != gap]
                if tuple(folded[j] for j in kept) != term.words:
                    continue
                if not _other_marks([words[j] for j in kept], term, spelled, marked):
                    found.setdefault((i, i + n + 1), []).append(term)
                break
    return found


def _other_marks(
    typed_words: list[str], term: Term, spelled: bool, marked: bool = False
) -> bool:
    """A word typed with diacritics (or spelled, or a syllable in a query
    typed with diacritics) has others than the phrase."""
    if len(term.exact) != len(typed_words):
        return False
    return any(
        (spelled or not typed.isascii() or (marked and is_syllable(typed)))
        and not wanted.isascii()
        and i_for_final_y(normalise(typed)) != i_for_final_y(wanted)
        for typed, wanted in zip(typed_words, term.exact, strict=True)
    )


def _spans(
    found: dict[tuple[int, int], list[Term]], fillers: Container[int] = ()
) -> list[_Span]:
    """The longest matches first (filler words not counted: "bằng lái xe"
    before "làm lại bằng"), never overlapping; the terms sharing one span (a
    synonym and a concept for "sổ đỏ") are all kept."""

    def length(span: tuple[int, int]) -> int:
        return sum(1 for i in range(*span) if i not in fillers)

    chosen: list[_Span] = []
    taken: set[int] = set()
    for (start, end), span_terms in sorted(
        found.items(), key=lambda item: (-length(item[0]), item[0][0])
    ):
        if taken.isdisjoint(range(start, end)):
            taken.update(range(start, end))
            chosen.append(_Span(start, end, span_terms))
    return sorted(chosen, key=lambda span: span.start)


@dataclass
class Reading:
    """The query with some phrases replaced; ``optional``: folded words that
    only rank; ``labels``: the concepts it went through."""

    text: str
    optional: frozenset[str] = frozenset()
    labels: tuple[str, ...] = ()


def _reading(
    words: list[str],
    spans: list[_Span],
    choice: list[tuple[str, Term] | None],
    fillers: Container[int] = (),
) -> Reading:
    """``fillers``: positions of filler words, dropped unless inside a
    replaced phrase (phrases may hold them: "làm lại", "xin con nuôi")."""
    out: list[str] = []
    replaced: set[int] = set()
    rest_required = True
    labels: list[str] = []
    meaning_words: set[str] = set()
    position = 0

    def kept(start: int, end: int) -> list[str]:
        return [words[i] for i in range(start, end) if i not in fillers]

    for span, picked in zip(spans, choice, strict=True):
        out.extend(kept(position, span.start))
        if picked is None:
            out.extend(kept(span.start, span.end))
        else:
            meaning, term = picked
            out.extend(tokens(meaning))
            meaning_words.update(tokens(fold(meaning)))
            replaced.update(range(span.start, span.end))
            rest_required = rest_required and term.rest_required
            if term.label:
                labels.append(term.label)
        position = span.end
    out.extend(kept(position, len(words)))
    optional: frozenset[str] = frozenset()
    if not rest_required:
        rest = {
            fold(w)
            for i, w in enumerate(words)
            if i not in replaced and i not in fillers
        } - meaning_words
        optional = frozenset(rest)
    return Reading(" ".join(out), optional, tuple(dict.fromkeys(labels)))


def readings(
    text: str, spelled: bool = False, table: TermTable | None = None
) -> list[Reading]:
    """Readings of ``text`` with synonyms and concept phrases replaced.

    One reading per (phrase, meaning); when several phrases occur, readings
    with all of them replaced too ("mất sổ đỏ" → "cấp lại giấy chứng nhận
    quyền sử dụng đất"). ``spelled``: the words are the catalogue's own
    spellings (a corrected query), so "do" is not "đò".
    """
    words = tokens(text)
    folded = [fold(w) for w in words]
    fillers = filler_positions(words)
    by_first = (table or current_terms()).by_first
    candidates = [
        term for word in dict.fromkeys(folded) for term in by_first.get(word, ())
    ]
    matches = _matches(words, folded, candidates, spelled)
    if not matches:
        return []
    found: list[Reading] = []
    # Each match on its own, overlapping ones too ("mở quán karaoke": "mở
    # quán" and "quán karaoke" both give a reading), but not one inside a
    # longer one ("đò" inside "sổ đỏ" folded).
    inside = {
        (start, end)
        for start, end in matches
        for other_start, other_end in matches
        if (other_start, other_end) != (start, end)
        and other_start <= start
        and end <= other_end
    }
    for (start, end), span_terms in sorted(matches.items()):
        if (start, end) in inside:
            continue
        span = _Span(start, end, span_terms)
        for term in span_terms:
            for meaning in term.meanings:
                found.append(_reading(words, [span], [(meaning, term)], fillers))
    spans = _spans(matches, fillers)
    options = [
        list(
            dict.fromkeys(
                (meaning, term) for term in span.terms for meaning in term.meanings
            )
        )
        for span in spans
    ]
    if len(spans) > 1:
        for combination in itertools.islice(itertools.product(*options), 8):
            found.append(_reading(words, spans, list(combination), fillers))
    as_typed = " ".join(w for i, w in enumerate(words) if i not in fillers)
    unique: dict[str, Reading] = {}
    for reading in found:
        if reading.text != as_typed:
            unique.setdefault(reading.text, reading)
    # Full combinations first: they carry the most of what was asked.
    ordered = sorted(unique.values(), key=lambda r: -len(r.labels))
    return ordered[:MAX_READINGS]


def expand(text: str) -> list[str]:
    """The texts of ``readings(text)`` (kept for callers of the old API)."""
    return [reading.text for reading in readings(text)]


# -- vocabulary (spelling correction, did-you-mean) -----------------------------
@dataclass
class Vocabulary:
    """Words of a collection: spellings for corrections, frequencies for scoring."""

    spellings: dict[str, str]
    title_frequency: dict[str, int]
    size: int
    # Adjacent folded syllables seen in titles ("giay phep", "o to"): the
    # catalogue's own compound words, used to judge how well a hit matches.
    pairs: frozenset[tuple[str, str]] = frozenset()
    # Every spelling with diacritics the catalogue uses (final y as i).
    exact: frozenset[str] = frozenset()
    # How many titles have each pair (which of two corrections fits better).
    pair_frequency: dict[tuple[str, str], int] = field(default_factory=dict)

    def idf(self, folded_word: str) -> float:
        df = self.title_frequency.get(folded_word, 0)
        return math.log(1 + (self.size + 1) / (df + 0.5))


# The last vocabularies this process used, by (collection, version): reading
# one back from the shared cache unpickles tens of thousands of entries, which
# cost more than the query itself.
_vocabularies: dict[tuple[str, int], Vocabulary] = {}


def _vocabulary_version() -> int:
    """A random token replaced whenever records change (never an old one
    back: a cleared or evicted token becomes a new one)."""
    version = cache.get(VOCABULARY_VERSION_KEY)
    if version is None:
        cache.add(VOCABULARY_VERSION_KEY, secrets.randbits(62), None)
        version = cache.get(VOCABULARY_VERSION_KEY, 0)
    return int(version)


def load_vocabulary(collection: str) -> Vocabulary:
    """The collection's vocabulary, cached until its records change."""
    version = _vocabulary_version()
    local = _vocabularies.get((collection, version))
    if local is not None:
        return local
    key = f"search:vocabulary:{collection}:{version}"
    cached = cache.get(key)
    if cached is not None:
        _remember(collection, version, cached)
        return cached
    spellings: dict[str, Counter[str]] = {}
    frequency: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    exact: set[str] = set()
    size = 0
    rows = SearchRecord.objects.filter(collection=collection).values_list(
        "title", "agency", "sector"
    )
    for title, agency, sector in rows.iterator(chunk_size=2000):
        size += 1
        title_words = tokens(fold(title))
        frequency.update(set(title_words))
        pairs.update(set(zip(title_words, title_words[1:], strict=False)))
        for word in tokens(normalise(f"{title} {agency} {sector}")):
            if word.isdigit():
                continue
            spellings.setdefault(fold(word), Counter())[word] += 1
            exact.add(i_for_final_y(word))
    result = Vocabulary(
        spellings={folded: c.most_common(1)[0][0] for folded, c in spellings.items()},
        title_frequency=dict(frequency),
        size=size,
        pairs=frozenset(pairs),
        exact=frozenset(exact),
        pair_frequency=dict(pairs),
    )
    cache.set(key, result, 600)
    _remember(collection, version, result)
    return result


def _remember(collection: str, version: int, vocabulary: Vocabulary) -> None:
    if len(_vocabularies) >= 8:
        _vocabularies.clear()
    _vocabularies[(collection, version)] = vocabulary


def vocabulary(collection: str) -> dict[str, str]:
    """``{folded word: its most common spelling with diacritics}``."""
    return load_vocabulary(collection).spellings


def vocabulary_changed() -> None:
    """Records changed: the next query rebuilds the vocabulary."""
    cache.set(VOCABULARY_VERSION_KEY, secrets.randbits(62), None)


def _known(word: str, vocabulary: Vocabulary, terms: frozenset[str]) -> bool:
    """In the catalogue or a phrase citizens use; typed with diacritics, with
    those diacritics ("nái" is not known because "nại" is)."""
    folded = fold(word)
    if folded in terms or any(ch.isdigit() for ch in word):
        return True
    if folded not in vocabulary.spellings:
        return False
    return word.isascii() or i_for_final_y(word) in vocabulary.exact


def _swapped(word: str, vocabulary: Vocabulary) -> str | None:
    """The catalogue word ``word`` is with a commonly confused initial
    consonant swapped ("xinh" → "sinh", "nái" → "lái")."""
    for candidate in onset_swaps(word.lower()):
        folded = fold(candidate)
        if folded not in vocabulary.spellings:
            continue
        if word.isascii():
            return vocabulary.spellings[folded]
        if i_for_final_y(normalise(candidate)) in vocabulary.exact:
            return normalise(candidate)
    return None


def _nearest(
    folded: str,
    vocabulary: Vocabulary,
    before: str = "",
    after: str = "",
    in_context: bool = False,
) -> str | None:
    """The catalogue word within ``allowed_edits`` of ``folded``: the closest;
    of those, the one titles most often write next to the neighbouring words
    ("trợ cấp thấp nghiệp" → "thất", paired with "nghiệp", not the more
    frequent "thẩm"; "kết hom" → "hôn"), then the most frequent in titles
    ("độg" → "động", not "do"). ``in_context``: only another spelling of
    the same letters, or a word titles write next to a neighbour (a syllable
    typed with its diacritics is a word: "pháo hoa" is not "phẩm hoa")."""
    budget = allowed_edits(folded)
    if budget == 0:
        return None
    best: tuple[int, int, int] | None = None
    found = None
    for candidate in vocabulary.spellings:
        if candidate[:1] != folded[:1]:
            continue
        distance = edit_distance(folded, candidate, budget)
        if distance > budget:
            continue
        together = getattr(vocabulary, "pair_frequency", {})
        paired = together.get((before, candidate), 0) + together.get(
            (candidate, after), 0
        )
        if in_context and distance and not paired:
            continue
        rank = (distance, -paired, -vocabulary.title_frequency.get(candidate, 0))
        if best is None or rank < best:
            best, found = rank, candidate
    return found


def correct(text: str, collection: str, table: TermTable | None = None) -> str:
    """``text`` with unknown words replaced by the nearest catalogue word."""
    vocab_data = load_vocabulary(collection)
    vocab = vocab_data.spellings
    if not vocab:
        return ""
    known_terms = (table or current_terms()).words
    out: list[str] = []
    changed = False
    words = tokens(text)
    for i, word in enumerate(words):
        folded = fold(word)
        if _known(word, vocab_data, known_terms):
            out.append(word)
            continue
        swapped = _swapped(word, vocab_data)
        if swapped is not None:
            out.append(swapped)
            changed = True
            continue
        before = fold(words[i - 1]) if i else ""
        after = fold(words[i + 1]) if i + 1 < len(words) else ""
        syllable = not word.isascii() and is_syllable(word)
        nearest = _nearest(folded, vocab_data, before, after, syllable)
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
    table = current_terms()
    # Phrases are found in the text as typed: many hold filler words ("làm
    # lại", "xin con nuôi"); the readings drop the fillers around them.
    found = readings(text, table=table)
    if searched != text:
        # And around them, as with the fillers gone ("khai sinh cho em bé":
        # "sinh em bé").
        typed_texts = {reading.text for reading in found}
        found += [
            reading
            for reading in readings(searched, table=table)
            if reading.text not in typed_texts
        ]
        found = found[:MAX_READINGS]
    plan.variants.append(
        Variant(searched, TYPED_WEIGHT_WHEN_EXPANDED if found else 1.0, "typed")
    )
    for reading in found:
        plan.variants.append(
            Variant(reading.text, SYNONYM_WEIGHT, "synonym", reading.optional)
        )
        plan.concepts.extend(reading.labels)
    corrected = correct(searched, collection, table)
    if corrected:
        plan.corrected = corrected
        plan.variants.append(Variant(corrected, CORRECTED_WEIGHT, "corrected"))
        for reading in readings(corrected, spelled=True, table=table):
            plan.variants.append(
                Variant(reading.text, CORRECTED_WEIGHT, "corrected", reading.optional)
            )
            plan.concepts.extend(reading.labels)
    plan.concepts = list(dict.fromkeys(plan.concepts))
    return plan
