"""Relevance evaluation: a catalogue of real procedures, queries, MRR and recall@3.

The data lives in ``tests/search/eval/`` (``catalogue.txt``, ``queries.txt``).
``evaluate()`` loads the catalogue into a throw-away collection (database rows
and, for Elasticsearch, its own index), runs every query through the real query
service and scores the ranking. Used by ``manage.py evaluate_search`` and by the
tests that hold the relevance floors.
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

    @staticmethod
    def _mean(values: list[float]) -> float:
        return sum(values) / len(values) if values else 0.0

    @property
    def mrr(self) -> float:
        return self._mean([o.reciprocal_rank for o in self.outcomes])

    @property
    def recall_at_3(self) -> float:
        return self._mean([o.recall_at_3 for o in self.outcomes])

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

    def failures(self) -> list[QueryOutcome]:
        return [o for o in self.outcomes if o.reciprocal_rank < 1.0]

    def render(self) -> str:
        lines = [
            f"backend={self.backend} queries={len(self.outcomes)} "
            f"MRR={self.mrr:.3f} recall@3={self.recall_at_3:.3f}",
            f"  {'kind':<14}{'n':>4}{'MRR':>8}{'R@3':>8}",
        ]
        for kind, (n, mrr, recall) in sorted(self.by_kind().items()):
            lines.append(f"  {kind:<14}{n:>4}{mrr:>8.3f}{recall:>8.3f}")
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


def load_queries(directory: Path = EVAL_DIR) -> list[EvalQuery]:
    return [
        EvalQuery(kind, text, [] if relevant == "-" else relevant.split())
        for kind, text, relevant in _rows(directory / "queries.txt")
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


def run_queries(collection: str, backend: str, queries: list[EvalQuery]) -> EvalReport:
    from search.services import search

    report = EvalReport(backend=backend)
    for query in queries:
        results = search(
            query.text, page_size=TOP_K, collection=collection, backend=backend
        )
        report.outcomes.append(score(query, [hit.code for hit in results.hits]))
    return report


def evaluate(backends: list[str], directory: Path = EVAL_DIR) -> list[EvalReport]:
    """Evaluate the given backends ("elasticsearch", "database") on the corpus."""
    entries = load_catalogue(directory)
    queries = load_queries(directory)
    with loaded_collection(entries, "elasticsearch" in backends) as collection:
        return [run_queries(collection, b, queries) for b in backends]
