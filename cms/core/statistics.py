"""Planner statistics for work done inside one long transaction.

PostgreSQL's autovacuum never sees rows that are not committed yet: during a
seed or an import of thousands of procedures in one transaction, the planner
keeps taking the growing tables for empty and picks plans (nested loops over
sequential scans) that make every further lookup slower, so the work turns
quadratic. ``ANALYZE`` inside the transaction samples the rows it can see,
its own uncommitted ones included; it takes a second or two.
"""

from __future__ import annotations

from django.db import connection


def refresh_statistics() -> None:
    """ANALYZE on PostgreSQL; nothing elsewhere (SQLite plans without it)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


class GrowthWatch:
    """Refreshes the statistics each time the rows written double (from
    ``first`` on): O(log n) refreshes for n rows."""

    def __init__(self, first: int = 500) -> None:
        self.next_at = first

    def written(self, total: int) -> None:
        if total >= self.next_at:
            refresh_statistics()
            while self.next_at <= total:
                self.next_at *= 2
