"""Demo seeding for the search: index whatever the other seeders created."""

from __future__ import annotations

import logging
from collections.abc import Callable

from search import services
from search.synonym_defaults import ensure_default_terms

logger = logging.getLogger(__name__)


def seed(report: Callable[[str], None] = print) -> None:
    """Bring the search records (and the index, when configured) up to date."""
    created = ensure_default_terms()
    if created:
        report(f"search   {created} default synonyms and concepts added")
    try:
        result = services.reconcile()
    except Exception as error:  # noqa: BLE001 - the demo works on the database fallback
        logger.warning("search: index not updated (%s)", error)
        name = error.__class__.__name__
        report(f"search   index not updated ({name}); the database search works")
        return
    report(
        f"search   {result.records_written} records written, "
        f"{result.documents_written} documents indexed ({result.backend})"
    )
