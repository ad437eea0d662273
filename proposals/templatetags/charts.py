"""``{% charts "home" %}``, ``{% charts "document" document %}``,
``{% charts "organisation" organisation %}``, ``{% charts "budget" %}``.

Shows the page's charts from the current generation of snapshots: one query
per tag, whatever the number of charts. Each chart is drawn by plotly.js
from ``json_script`` data, and works without it: a one-line summary, the
numbers as a table, and when they were computed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.utils import timezone

from .. import summaries
from ..charts import INT, NOK, number
from .kravsporing import signed_nok

register = template.Library()

# Pages where the charts stand on their own get a section heading; on the
# others they sit inside a section the page has already headed.
_OWN_SECTION = {"home", "budget"}


@dataclass(frozen=True)
class Cell:
    text: str
    numeric: bool


@dataclass(frozen=True)
class ChartView:
    dom_id: str
    data_id: str
    title: str
    summary: str
    figure: dict
    has_plot: bool
    columns: list[Cell]
    rows: list[list[Cell]]
    computed_at: object
    is_stale: bool


def _cell(value, kind: str) -> Cell:
    if kind == INT:
        return Cell(number(value), True)
    if kind == NOK:
        return Cell(signed_nok(value) if value is not None else "–", True)
    return Cell("" if value is None else str(value), False)


def _view(snapshot, now) -> ChartView:
    kinds = [column["type"] for column in snapshot.columns]
    dom_id = f"chart-{snapshot.kind}-{snapshot.pk}"
    return ChartView(
        dom_id=dom_id,
        data_id=f"{dom_id}-data",
        title=snapshot.title,
        summary=snapshot.summary,
        figure=snapshot.figure,
        has_plot=bool(snapshot.figure.get("data")),
        columns=[Cell(column["label"], column["type"] != "text") for column in snapshot.columns],
        rows=[
            [_cell(value, kind) for value, kind in zip(row, kinds, strict=False)]
            for row in snapshot.rows
        ],
        computed_at=snapshot.computed_at,
        is_stale=summaries.is_stale(snapshot.computed_at, now=now),
    )


@register.inclusion_tag("includes/charts.html")
def charts(page, obj=None):
    now = timezone.now()
    views = [_view(snapshot, now) for snapshot in summaries.page_snapshots(page, obj)]
    return {"charts": views, "page": page, "own_section": page in _OWN_SECTION}
