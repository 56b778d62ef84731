"""Relevance evaluation: a catalogue of real procedures, queries, MRR and recall@3.

The data lives in ``tests/search/eval/``: ``catalogue.txt`` and the queries in
two parts, ``tuning.txt`` (what the synonyms, concepts and thresholds were
tuned on) and ``heldout.txt`` (written first and never tuned on, so its numbers
say how the search does on queries nobody fitted it to). ``evaluate()`` loads
the catalogue into a throw-away collection (database rows and, for
Elasticsearch, its own index), runs every query through the real query service
and scores the ranking. Queries of kind ``none`` ask for something the
catalogue does not have: the right answer is no result. Used by ``manage.py
evaluate_search`` and by the tests that hold the relevance floors (on the
tuning part only).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from search.index import SearchIndex
from search.models import SearchRecord
from search.records import SearchEntry

EVAL_DIR = Path(settings.BASE_DIR) / "tests" / "search" / "eval"
ONLINE_KIND_BY_LEVEL = {4: "toan_trinh", 3: "mot_phan"}
TOP_K = 10
# "heldout2": a fresh held-out batch (2026-12), written by other hands than
# the concepts' after the first held-out part had been consulted once.
PARTS = ("tuning", "heldout", "heldout2")
HELDOUT_PARTS = ("heldout", "heldout2")
NEGATIVE_KIND = "none"


@dataclass
class EvalQuery:
    kind: str
    text: str
    relevant: list[str]


@dataclass
class QueryOutcome:
    query: EvalQuery
    ranked: list[str]
    reciprocal_rank: float
    recall_at_3: float


@dataclass
class EvalReport:
    backend: str
    outcomes: list[QueryOutcome] = field(default_factory=list)
    part: str = "tuning"

    @staticmethod
    def _mean(values: list[float]) -> float:
        return sum(values) / len(values) if values else 0.0

    @property
    def mrr(self) -> float:
        return self._mean([o.reciprocal_rank for o in self.outcomes])

    @property
    def recall_at_3(self) -> float:
        return self._mean([o.recall_at_3 for o in self.outcomes])

    def _positives(self) -> list[QueryOutcome]:
        return [o for o in self.outcomes if o.query.relevant]

    @property
    def positive_mrr(self) -> float:
        """MRR over the queries that have an answer (``none`` left out)."""
        return self._mean([o.reciprocal_rank for o in self._positives()])

    @property
    def positive_recall_at_3(self) -> float:
        return self._mean([o.recall_at_3 for o in self._positives()])

    @property
    def no_result_accuracy(self) -> tuple[int, int]:
        """(negative queries answered with no result, negative queries)."""
        negatives = [o for o in self.outcomes if not o.query.relevant]
        return sum(1 for o in negatives if not o.ranked), len(negatives)

    @property
    def false_no_result(self) -> tuple[int, int]:
        """(queries with an answer that got no result, such queries)."""
        positives = self._positives()
        return sum(1 for o in positives if not o.ranked), len(positives)

    def by_kind(self) -> dict[str, tuple[int, float, float]]:
        groups: dict[str, list[QueryOutcome]] = defaultdict(list)
        for outcome in self.outcomes:
            groups[outcome.query.kind].append(outcome)
        return {
            kind: (
                len(items),
                self._mean([o.reciprocal_rank for o in items]),
                self._mean([o.recall_at_3 for o in items]),
            )
            for kind, items in groups.items()
        }

    def empty_by_kind(self) -> dict[str, int]:
        """How many queries of each kind got no result at all."""
        empty: dict[str, int] = defaultdict(int)
        for outcome in self.outcomes:
            if not outcome.ranked:
                empty[outcome.query.kind] += 1
        return empty

    def failures(self) -> list[QueryOutcome]:
        return [o for o in self.outcomes if o.reciprocal_rank < 1.0]

    def render(self, misses: bool = True) -> str:
        answered, negatives = self.no_result_accuracy
        wrongly_empty, positives = self.false_no_result
        lines = [
            f"part={self.part} backend={self.backend} queries={len(self.outcomes)} "
            f"MRR={self.mrr:.3f} recall@3={self.recall_at_3:.3f} "
            f"(with an answer: MRR={self.positive_mrr:.3f} "
            f"recall@3={self.positive_recall_at_3:.3f}) "
            f"no result for negatives={answered}/{negatives} "
            f"no result for the others={wrongly_empty}/{positives}",
            f"  {'kind':<14}{'n':>4}{'MRR':>8}{'R@3':>8}{'empty':>7}",
        ]
        empty = self.empty_by_kind()
        for kind, (n, mrr, recall) in sorted(self.by_kind().items()):
            lines.append(
                f"  {kind:<14}{n:>4}{mrr:>8.3f}{recall:>8.3f}{empty.get(kind, 0):>7}"
            )
        if not misses:
            return "\n".join(lines)
        for outcome in self.failures():
            lines.append(
                f"  miss [{outcome.query.kind}] {outcome.query.text!r}: "
                f"want {' '.join(outcome.query.relevant) or 'nothing'}, "
                f"got {' '.join(outcome.ranked[:3]) or 'nothing'}"
            )
        return "\n".join(lines)


def _rows(path: Path) -> Iterator[list[str]]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield [cell.strip() for cell in line.split("|")]


def load_catalogue(directory: Path = EVAL_DIR, site_id: int = 1) -> list[SearchEntry]:
    entries = []
    for code, name, sector, agency, tier, level in _rows(directory / "catalogue.txt"):
        entries.append(
            SearchEntry(
                key=f"eval:{code}",
                kind="procedure",
                title=name,
                url=f"/thu-tuc/{code}/",
                code=code,
                agency=agency,
                sector=sector,
                tier=tier,
                level=int(level),
                online_kind=ONLINE_KIND_BY_LEVEL.get(int(level), "none"),
                site_ids=[site_id],
            )
        )
    return entries


def load_queries(directory: Path = EVAL_DIR, part: str = "tuning") -> list[EvalQuery]:
    """The queries of one part of the set (``PARTS``)."""
    if part not in PARTS:
        raise ValueError(f"unknown part {part!r}")
    return [
        EvalQuery(kind, text, [] if relevant == "-" else relevant.split())
        for kind, text, relevant in _rows(directory / f"{part}.txt")
    ]


def score(query: EvalQuery, ranked: list[str]) -> QueryOutcome:
    if not query.relevant:
        ok = 0.0 if ranked else 1.0
        return QueryOutcome(query, ranked, ok, ok)
    rr = 0.0
    for rank, code in enumerate(ranked, 1):
        if code in query.relevant:
            rr = 1.0 / rank
            break
    wanted = min(3, len(query.relevant))
    found = len([c for c in ranked[:3] if c in query.relevant])
    return QueryOutcome(query, ranked, rr, found / wanted)


@contextmanager
def loaded_collection(
    entries: list[SearchEntry], with_elasticsearch: bool
) -> Iterator[str]:
    """A throw-away collection holding ``entries``; removed afterwards."""
    from search.services import write_records

    collection = f"eval-{uuid.uuid4().hex[:8]}"
    write_records(entries, collection)
    index = SearchIndex(collection) if with_elasticsearch else None
    try:
        if index is not None:
            index.rebuild(entries)
        yield collection
    finally:
        if index is not None:
            index.drop()
        SearchRecord.objects.filter(collection=collection).delete()


def run_queries(
    collection: str, backend: str, queries: list[EvalQuery], part: str = "tuning"
) -> EvalReport:
    from search.services import search

    report = EvalReport(backend=backend, part=part)
    for query in queries:
        results = search(
            query.text, page_size=TOP_K, collection=collection, backend=backend
        )
        report.outcomes.append(score(query, [hit.code for hit in results.hits]))
    return report


def evaluate(
    backends: list[str], directory: Path = EVAL_DIR, parts: tuple[str, ...] = PARTS
) -> list[EvalReport]:
    """Evaluate the given backends ("elasticsearch", "database") on the corpus,
    one report per part and backend."""
    entries = load_catalogue(directory)
    with loaded_collection(entries, "elasticsearch" in backends) as collection:
        return [
            run_queries(collection, backend, load_queries(directory, part), part)
            for part in parts
            for backend in backends
        ]


def summary_table(reports: list[EvalReport]) -> str:
    """One Markdown table: MRR / recall@3 / empty answers per kind, part, backend."""
    kinds = sorted({kind for r in reports for kind in r.by_kind()})
    header = ["kind", *(f"{r.part} {r.backend}" for r in reports)]
    rows = [header, ["---"] * len(header)]
    for kind in kinds:
        row = [kind]
        for report in reports:
            found = report.by_kind().get(kind)
            if found is None:
                row.append("")
            elif kind == NEGATIVE_KIND:
                row.append(
                    f"{report.empty_by_kind().get(kind, 0)}/{found[0]} no result"
                )
            else:
                row.append(f"{found[1]:.2f} / {found[2]:.2f}")
        rows.append(row)
    overall = ["all with an answer"]
    negatives = ["negatives: no result"]
    for report in reports:
        overall.append(f"{report.positive_mrr:.3f} / {report.positive_recall_at_3:.3f}")
        answered, total = report.no_result_accuracy
        negatives.append(f"{answered}/{total}")
    rows.extend([overall, negatives])
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)
