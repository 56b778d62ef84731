"""Form downloads per month from ``FormDownloadCount`` (aggregates only)."""

from __future__ import annotations

import datetime

from forms_library.models import FormDownloadCount
from sites.stats import MonthlyCount, monthly


def downloads_by_month(start: datetime.date, end: datetime.date) -> list[MonthlyCount]:
    """Downloads of every form template per month, empty months included."""
    return monthly(FormDownloadCount.objects.all(), start, end)
