"""All-or-nothing application of a file's rows, with a dry-run switch."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from typing import TypeVar

from django.db import transaction

from cms.core.tabular.errors import ErrorList

T = TypeVar("T")


class _Rollback(Exception):
    """Leave the transaction without saving (dry run, or problems were found)."""


@contextmanager
def all_or_nothing(
    errors: ErrorList, *, dry_run: bool = False, using: str | None = None
) -> Iterator[None]:
    """Run the caller's writes in one transaction, kept only when it is right.

    The transaction is rolled back when the block raises, when ``errors``
    collected any problem (then :class:`TabularError` is raised after the
    rollback) and on a dry run (which otherwise ends normally, so the caller can
    report what would have changed). ``transaction.on_commit`` callbacks
    registered inside the block run only when it is kept.
    """
    try:
        with transaction.atomic(using=using):
            yield
            if errors or dry_run:
                raise _Rollback
    except _Rollback:
        pass
    errors.raise_if_any()


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of ``size`` items (the last one shorter), lazily."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
