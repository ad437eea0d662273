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
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from proposals.formatting import nok, signed_nok
from proposals.summaries import snapshots
from proposals.summaries.charts import INT, NOK, NOK_CHANGE, number

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


def plotly_config() -> dict:
    """plotly.js settings for the active language: its own texts (the tool buttons'
    names, the notes it shows) in the page's language, not in plotly's English."""
    language = translation.get_language() or "nb"
    dictionary = {
        "Download plot as a PNG": _("Last ned diagrammet som PNG"),
        "Download plot": _("Last ned diagrammet"),
        "Zoom": _("Forstørr et område"),
        "Pan": _("Flytt"),
        "Zoom in": _("Zoom inn"),
        "Zoom out": _("Zoom ut"),
        "Autoscale": _("Tilpass aksene"),
        "Reset axes": _("Tilbakestill aksene"),
        "Double-click to zoom back out": _("Dobbeltklikk for å zoome ut igjen"),
        "Double-click on legend to isolate one trace": _(
            "Dobbeltklikk på en forklaring for å vise bare den serien"
        ),
        "Preparing image - this may take a few seconds": _(
            "Lager bildet – dette kan ta noen sekunder"
        ),
        "Image download succeeded": _("Bildet er lastet ned"),
        "Sorry, there was a problem downloading your image!": _(
            "Beklager, bildet kunne ikke lastes ned."
        ),
    }
    return {"locale": language, "locales": {language: {"dictionary": dictionary}}}


def _cell(value, kind: str) -> Cell:
    if kind == INT:
        return Cell(number(value), True)
    if kind in (NOK, NOK_CHANGE):
        if value is None:
            return Cell("–", True)
        return Cell(signed_nok(value) if kind == NOK_CHANGE else nok(value), True)
    return Cell("" if value is None else str(value), False)


def _view(snapshot, now, config: dict) -> ChartView:
    kinds = [column["type"] for column in snapshot.columns]
    dom_id = f"chart-{snapshot.kind}-{snapshot.pk}"
    return ChartView(
        dom_id=dom_id,
        data_id=f"{dom_id}-data",
        title=snapshot.title,
        summary=snapshot.summary,
        figure={**snapshot.figure, "config": config},
        has_plot=bool(snapshot.figure.get("data")),
        columns=[Cell(column["label"], column["type"] != "text") for column in snapshot.columns],
        rows=[
            [_cell(value, kind) for value, kind in zip(row, kinds, strict=False)]
            for row in snapshot.rows
        ],
        computed_at=snapshot.computed_at,
        is_stale=snapshots.is_stale(snapshot.computed_at, now=now),
    )


@register.inclusion_tag("includes/charts.html")
def charts(page, obj=None):
    now = timezone.now()
    config = plotly_config()
    views = [_view(snapshot, now, config) for snapshot in snapshots.page_snapshots(page, obj)]
    return {
        "charts": views,
        "page": page,
        "own_section": page in _OWN_SECTION,
        # plotly.js (over 3 MB) only where a chart is drawn; tables need none of it.
        "draws": any(view.has_plot for view in views),
    }
