"""Journey 4: the charts draw, and the table under each holds the numbers the chart shows.

The numbers are read twice from the page as the browser has it: from the
figure data plotly.js draws (the ``json_script``) and from the ``<details>``
table a screen reader or a keyboard user reads.
"""

from __future__ import annotations

import json
import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _number(text: str) -> int:
    """A number as the table writes it: ``1 234``, ``+254 978 000 kr``, ``−5 kr``; ``–`` is none."""
    text = text.replace("kr", "").replace("\xa0", "").replace("\u202f", "").replace(" ", "")
    if text in ("", "–"):
        return 0
    return int(text.replace("−", "-").replace("+", ""))


def _table(chart) -> tuple[list[str], list[list[str]]]:
    return chart.evaluate(
        """figure => {
            const table = figure.querySelector('.chart-numbers table');
            const head = [...table.querySelectorAll('thead th')].map(c => c.textContent.trim());
            const rows = [...table.querySelectorAll('tbody tr')].map(
                tr => [...tr.children].map(c => c.textContent.trim()));
            return [head, rows];
        }"""
    )


def _matches(row_header: str, category: str) -> bool:
    # A chapter is «10» on the axis and «10 Utdanning …» in the table.
    return row_header == category or row_header.startswith(category + " ")


def _figure_points(figure: dict, numeric_columns: list[str]) -> dict[tuple, int]:
    """``{(category, series): value}`` from the traces; heatmaps give ``(row, column)``."""
    points = {}
    for trace in figure["data"]:
        if trace["type"] == "heatmap":
            for i, row in enumerate(trace["y"]):
                for j, column in enumerate(trace["x"]):
                    if trace["z"][i][j]:
                        points[(row, column)] = trace["z"][i][j]
            continue
        assert trace["type"] == "bar", trace["type"]
        horizontal = trace.get("orientation") == "h"
        categories, values = (trace["y"], trace["x"]) if horizontal else (trace["x"], trace["y"])
        series = trace.get("name") or (numeric_columns[0] if len(numeric_columns) == 1 else None)
        assert series in numeric_columns, (series, numeric_columns)
        for category, value in zip(categories, values, strict=True):
            if value:
                # Opposing demands are drawn to the left of zero; the table counts them.
                points[(category, series)] = abs(value)
    return points


def _table_points(head: list[str], rows: list[list[str]], figure: dict) -> dict[tuple, int]:
    if figure["data"] and figure["data"][0]["type"] == "heatmap":
        # One row per (organisation, chapter) with its count.
        return {(row[0], row[1]): _number(row[2]) for row in rows if _number(row[2])}
    series = {t.get("name") for t in figure["data"]}
    points = {}
    for row in rows:
        for column, cell in zip(head[1:], row[1:], strict=True):
            if (column in series or (series == {None} and column == head[-1])) and _number(cell):
                points[(row[0], column)] = _number(cell)
    return points


def _check_charts_on(page, url: str) -> int:
    page.goto(url)
    charts = page.locator("figure.chart:has(.chart-plot)")
    count = charts.count()
    assert count >= 2, f"charts on {url}"
    for index in range(count):
        chart = charts.nth(index)
        title = chart.locator(".chart-title").inner_text()
        plot = chart.locator(".chart-plot")
        figure = json.loads(
            page.locator(f"#{plot.get_attribute('data-chart-figure')}").text_content()
        )
        # plotly.js draws each bar trace as a group of paths, a heatmap as an image.
        layer = plot.locator("svg.main-svg .overplot")
        layer.locator(".trace.bars path, .hm image").first.wait_for(state="attached")
        assert plot.is_visible(), f"{title}: the plot area stays hidden"
        assert layer.locator(".trace.bars, .hm").count() == len(figure["data"]), title
        head, rows = _table(chart)
        numeric = [
            column
            for position, column in enumerate(head)
            if position and all(re.fullmatch(r"[-+−–\d\s\xa0kr]*", r[position]) for r in rows)
        ]
        from_figure = _figure_points(figure, numeric)
        from_table = _table_points(head, rows, figure)
        assert from_figure, f"{title}: the figure shows no numbers"
        # Each point of the figure is in the table under its row and column, and back.
        table_keys = list(from_table)
        matched = {}
        for (category, series), value in from_figure.items():
            hits = [k for k in table_keys if k[1] == series and _matches(k[0], category)]
            if figure["data"][0]["type"] == "heatmap":
                hits = [k for k in table_keys if k[0] == category and _matches(k[1], series)]
            assert len(hits) == 1, f"{title}: {category} / {series} in the table: {hits}"
            assert from_table[hits[0]] == value, f"{title}: {category} / {series}"
            matched[hits[0]] = value
        assert matched == from_table, f"{title}: the table has numbers the chart does not show"
    return count


def test_the_charts_draw_and_their_tables_hold_the_same_numbers(page, portal_data):
    drawn = _check_charts_on(page, "/")
    drawn += _check_charts_on(page, portal_data.nou.get_absolute_url())
    assert drawn >= 5
