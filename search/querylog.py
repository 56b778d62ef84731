"""What visitors search for, without personal data, and what editors learn from it.

``record_search`` stores one ``SearchQuery`` per first-page search made on the
search page or through the API: the text with anything that looks like a
CCCD/CMND, phone number, date or e-mail removed (``redact``), the site, the
backend and the number of results. No IP address, user, session, cookie or
user agent is stored. ``record_click`` stores which result was opened (the
results page sends it with the link's ``ping``). ``purge`` enforces the
retention limit (``SEARCH_LOG_RETENTION_DAYS``, default 180): run
``manage.py purge_search_log`` daily; writes also purge at most hourly.

``search_report`` aggregates the log for the editors' report (top queries,
queries with no result, queries whose results are not opened, searches per
day and their share with no result).
"""

from __future__ import annotations

import re
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from search.models import SearchClick, SearchQuery
from search.vietnamese import PARTIAL_CODE_RE, fold, normalise

DEFAULT_RETENTION_DAYS = 180
# Runs of digits this long are personal (phone 10, CMND 9, CCCD 12, dates 8)
# unless they are procedure codes.
PERSONAL_DIGITS = 7
MAX_QUERY = 255
MAX_CLICKS_PER_SEARCH = 20
PURGE_EVERY_SECONDS = 3600.0
_last_purge = 0.0

_EMAIL_RE = re.compile(r"[^\s@]+@[^\s@]+")
_NUMBER_RE = re.compile(r"\+?\d[\d\s./\-()]*\d")


def _number(match: re.Match[str]) -> str:
    text = match.group(0)
    parts = text.split()
    if all(PARTIAL_CODE_RE.match(part) for part in parts):
        return text  # procedure codes ("1.004227 1.004228")
    digits = sum(ch.isdigit() for ch in text)
    return " " if digits >= PERSONAL_DIGITS else text


def redact(text: str) -> str:
    """``text`` without e-mail addresses and long digit runs (phone numbers,
    CCCD/CMND numbers, dates of birth, dossier numbers)."""
    text = _EMAIL_RE.sub(" ", text)
    text = _NUMBER_RE.sub(_number, text)
    return " ".join(text.split())


def retention_days() -> int:
    return int(getattr(settings, "SEARCH_LOG_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))


def purge(days: int | None = None) -> int:
    """Delete searches (and their clicks) older than the retention limit."""
    cutoff = timezone.now() - timedelta(days=retention_days() if days is None else days)
    deleted, _detail = SearchQuery.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def _maybe_purge() -> None:
    global _last_purge
    now = time.monotonic()
    if now - _last_purge >= PURGE_EVERY_SECONDS:
        _last_purge = now
        purge()


def record_search(
    query: str,
    result_count: int,
    site_id: int | None = None,
    backend: str = "",
    source: str = "page",
    filtered: bool = False,
) -> SearchQuery | None:
    """Log one search (None when there is nothing left to log)."""
    text = normalise(redact(query))[:MAX_QUERY].strip()
    if not text:
        return None
    _maybe_purge()
    return SearchQuery.objects.create(
        query=text,
        query_folded=fold(text)[:MAX_QUERY],
        site_id=site_id,
        backend=backend[:20],
        source=source[:10],
        result_count=result_count,
        filtered=filtered,
    )


def record_click(token: str, key: str, rank: int) -> bool:
    """Remember that the result ``key`` at ``rank`` of a search was opened."""
    try:
        token_uuid = uuid.UUID(str(token))
    except ValueError:
        return False
    if not key or len(key) > 200 or not 0 < rank <= 1000:
        return False
    search = (
        SearchQuery.objects.filter(token=token_uuid)
        .annotate(n=Count("clicks"))
        .only("pk")
        .first()
    )
    if search is None or search.n >= MAX_CLICKS_PER_SEARCH:
        return False
    SearchClick.objects.create(search=search, key=key, rank=rank)
    return True


# -- the editors' report ------------------------------------------------------------
@dataclass
class QueryRow:
    query: str
    folded: str
    searches: int
    no_result: int
    unopened: int
    # Links to fix it (the report fills them in).
    actions: dict[str, str] = field(default_factory=dict)


@dataclass
class DayRow:
    day: date
    searches: int
    no_result: int

    @property
    def no_result_share(self) -> float:
        return self.no_result / self.searches if self.searches else 0.0


@dataclass
class SearchReport:
    days: int
    searches: int = 0
    no_result: int = 0
    opened: int = 0
    top: list[QueryRow] = field(default_factory=list)
    no_results: list[QueryRow] = field(default_factory=list)
    unopened: list[QueryRow] = field(default_factory=list)
    per_day: list[DayRow] = field(default_factory=list)

    @property
    def no_result_share(self) -> float:
        return self.no_result / self.searches if self.searches else 0.0

    def chart_data(self) -> dict[str, Any]:
        return {
            "labels": [row.day.isoformat() for row in self.per_day],
            "searches": [row.searches for row in self.per_day],
            "no_result_share": [
                round(100 * row.no_result_share, 1) for row in self.per_day
            ],
        }


def search_report(
    days: int = 30, site_id: int | None = None, limit: int = 30
) -> SearchReport:
    """The log of the last ``days`` days, aggregated per query (folded)."""
    since = timezone.now() - timedelta(days=days)
    logged = SearchQuery.objects.filter(created_at__gte=since)
    if site_id is not None:
        logged = logged.filter(site_id=site_id)
    no_result = Q(result_count=0)
    unopened = Q(result_count__gt=0, clicks__isnull=True)
    totals = logged.aggregate(
        searches=Count("id", distinct=True),
        no_result=Count("id", filter=no_result, distinct=True),
        opened=Count("id", filter=Q(clicks__isnull=False), distinct=True),
    )
    groups = logged.values("query_folded").annotate(
        searches=Count("id", distinct=True),
        no_result=Count("id", filter=no_result, distinct=True),
        unopened=Count("id", filter=unopened, distinct=True),
        text=Max("query"),
    )

    def rows(qs: Any) -> list[QueryRow]:
        return [
            QueryRow(
                query=row["text"],
                folded=row["query_folded"],
                searches=row["searches"],
                no_result=row["no_result"],
                unopened=row["unopened"],
            )
            for row in qs[:limit]
        ]

    per_day = (
        logged.annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(
            searches=Count("id", distinct=True),
            no_result=Count("id", filter=no_result, distinct=True),
        )
        .order_by("day")
    )
    return SearchReport(
        days=days,
        searches=totals["searches"] or 0,
        no_result=totals["no_result"] or 0,
        opened=totals["opened"] or 0,
        top=rows(groups.order_by("-searches", "query_folded")),
        no_results=rows(
            groups.filter(no_result__gt=0).order_by("-no_result", "query_folded")
        ),
        unopened=rows(
            groups.filter(unopened__gt=0).order_by("-unopened", "query_folded")
        ),
        per_day=[
            DayRow(row["day"], row["searches"], row["no_result"]) for row in per_day
        ],
    )
