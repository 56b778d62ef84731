"""The concepts the portal starts with (``search/data/concepts.txt``).

Loaded once by a data migration; afterwards the admin (Snippets → "Khái niệm
(cách nói thường ngày)") is the source of truth and editors' changes are never
overwritten.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).resolve().parent / "data" / "concepts.txt"


@dataclass(frozen=True)
class DefaultConcept:
    kind: str
    name: str
    phrases: tuple[str, ...]
    meanings: tuple[str, ...]


def _items(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(";") if part.strip())


def default_concepts(path: Path = DATA_FILE) -> list[DefaultConcept]:
    """``kind | name | phrase; phrase… | meaning; meaning…`` per line."""
    concepts = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [cell.strip() for cell in line.split("|")]
        if len(cells) != 4:
            raise ValueError(f"{path.name}:{number}: expected 4 columns")
        kind, name, phrases, meanings = cells
        concepts.append(DefaultConcept(kind, name, _items(phrases), _items(meanings)))
    return concepts


def ensure_default_concepts(
    concept_model: Any = None, names: Collection[str] | None = None
) -> int:
    """Create the missing default concepts (by name); returns how many.

    ``names``: only those (a later migration adding new defaults must not
    bring back a default concept an editor deleted)."""
    if concept_model is None:
        from search.models import Concept

        concept_model = Concept
    existing = set(concept_model.objects.values_list("name", flat=True))
    created = 0
    for concept in default_concepts():
        if concept.name in existing or (
            names is not None and concept.name not in names
        ):
            continue
        concept_model.objects.create(
            name=concept.name,
            kind=concept.kind,
            phrases="\n".join(concept.phrases),
            meanings="\n".join(concept.meanings),
        )
        created += 1
    return created


def add_default_phrases(concept_model: Any, added: dict[str, Collection[str]]) -> int:
    """Add phrases to the default concepts still named as they were (a
    migration lists exactly the phrases it brings, so a phrase an editor
    removed earlier is not brought back by a later one); returns how many."""
    from search.vietnamese import fold

    count = 0
    for concept in concept_model.objects.filter(name__in=list(added)):
        lines = [line.strip() for line in concept.phrases.splitlines() if line]
        have = {fold(line) for line in lines}
        new = [p for p in added[concept.name] if fold(p) not in have]
        if new:
            concept.phrases = "\n".join([*lines, *new])
            concept.save(update_fields=["phrases"])
            count += len(new)
    return count
