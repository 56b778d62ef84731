"""Charts as data: one JSON ``data-chart`` attribute per canvas, drawn by
``static/dashboards/charts.js`` (no inline script under the CSP). Every number
of a chart is also in the table it enhances."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from dashboards.roadmap import YearProgress
from dashboards.rollup import Statistics

BLUE, GREEN, RED, ORANGE = "#1f5fa8", "#2e7d32", "#c62828", "#b45309"


def chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[Any], str]],
    kind: str = "bar",
    horizontal: bool = False,
) -> str:
    return json.dumps(
        {
            "type": kind,
            "horizontal": horizontal,
            "labels": list(labels),
            "series": [
                {"label": label, "data": list(data), "color": color}
                for label, data, color in series
            ],
        },
        ensure_ascii=False,
    )


def by_month(stats: Statistics) -> str:
    months = stats.by_month
    return chart(
        [f"{m.month:%m/%Y}" for m in months],
        [
            (_("Received"), [m.received for m in months], BLUE),
            (_("On time"), [m.on_time for m in months], GREEN),
            (_("Late"), [m.late for m in months], RED),
        ],
    )


def by_unit(stats: Statistics) -> str:
    """Horizontal bars, one per receiving unit (the table's order)."""
    units = stats.by_unit
    return chart(
        [u.unit_name for u in units],
        [
            (_("Received"), [u.received for u in units], BLUE),
            (_("On time"), [u.on_time for u in units], GREEN),
            (_("Late"), [u.late for u in units], RED),
            (_("Open past the appointment date"), [u.overdue for u in units], ORANGE),
        ],
        horizontal=True,
    )


def progress(years: Sequence[YearProgress], with_priorities: bool) -> str:
    """Lines: agencies with an online service (and priority services live,
    against those planned) at the end of each year."""
    series = [
        (
            _("Agencies with an online service"),
            [y.agencies_online for y in years],
            BLUE,
        )
    ]
    if with_priorities:
        series += [
            (_("Priority services live"), [y.priorities_live for y in years], GREEN),
            (
                _("Priority services planned"),
                [y.priorities_planned for y in years],
                ORANGE,
            ),
        ]
    return chart([str(y.year) for y in years], series, kind="line")
