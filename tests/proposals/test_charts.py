"""The pure chart functions: known rows in, known numbers out, every label escaped."""

from __future__ import annotations

import json
from datetime import date

import plotly.graph_objects as go
import pytest
from django.utils import translation

from proposals.summaries import charts

EVIL = "<img src=x onerror=alert(1)> & \"Co\" 'AS'"


@pytest.fixture(autouse=True)
def _norwegian():
    with translation.override("nb"):
        yield


def _valid(chart: charts.Chart) -> dict:
    """The figure is one plotly accepts (validated by the Python library) and plain JSON."""
    go.Figure(chart.figure)
    return json.loads(json.dumps(chart.figure))


def _trace(figure: dict, name: str) -> dict:
    return next(trace for trace in figure["data"] if trace["name"] == name)


def test_chapter_status_stacks_counts_per_status_in_chapter_order():
    rows = [
        {"chapter": "10", "title": "Utdanning", "status": "submitted", "count": 3},
        {"chapter": "10", "title": "Utdanning", "status": "adopted", "count": 1},
        {"chapter": "10.3", "title": "Dimensjonering", "status": "submitted", "count": 2},
        {"chapter": None, "title": "", "status": "adopted", "count": 4},
    ]
    chart = charts.chapter_status_chart(document="NOU 2023:4", rows=rows)
    figure = _valid(chart)

    assert figure["layout"]["barmode"] == "stack"
    assert [trace["name"] for trace in figure["data"]] == ["Levert", "Imøtekommet"]
    assert _trace(figure, "Levert")["x"] == ["10", "10.3", "Uten kapittel"]
    assert _trace(figure, "Levert")["y"] == [3, 2, 0]
    assert _trace(figure, "Imøtekommet")["y"] == [1, 0, 4]
    assert chart.rows == [
        ["10 Utdanning", 3, 1, 4],
        ["10.3 Dimensjonering", 2, 0, 2],
        ["Uten kapittel", 0, 4, 4],
    ]
    assert [column["label"] for column in chart.columns] == [
        "Kapittel",
        "Levert",
        "Imøtekommet",
        "I alt",
    ]
    assert "10 Utdanning (4 krav" in chart.summary


def test_chapter_organisations_fills_the_matrix_with_zeros_where_nobody_asks():
    rows = [
        {"organisation": "Tekna", "chapter": "10", "title": "", "count": 2},
        {"organisation": "NITO", "chapter": "10", "title": "", "count": 1},
        {"organisation": "NITO", "chapter": "12", "title": "", "count": 5},
    ]
    chart = charts.chapter_organisations_chart(document="NOU 2023:4", rows=rows)
    heatmap = _valid(chart)["data"][0]

    assert heatmap["type"] == "heatmap"
    assert heatmap["x"] == ["10", "12"]
    assert heatmap["y"] == ["NITO", "Tekna"]
    assert heatmap["z"] == [[1, 5], [2, 0]]
    assert chart.rows == [["NITO", "10", 1], ["NITO", "12", 5], ["Tekna", "10", 2]]
    assert "2 organisasjoner" in chart.summary
    assert "NITO, 12 (5 krav)" in chart.summary


def test_chapter_stance_diverges_opposes_left_and_supports_right():
    rows = [
        {"chapter": "10", "title": "", "stance": "supports", "count": 3},
        {"chapter": "10", "title": "", "stance": "opposes", "count": 2},
        {"chapter": "10", "title": "", "stance": "new_measure", "count": 9},
        {"chapter": "12", "title": "", "stance": "opposes", "count": 1},
    ]
    chart = charts.chapter_stance_chart(document="NOU 2023:4", rows=rows)
    figure = _valid(chart)

    assert _trace(figure, "Støtter")["x"] == [3, 0]
    assert _trace(figure, "Går imot")["x"] == [-2, -1]
    # Tick labels show counts without sign on both sides.
    assert all(not text.startswith("-") for text in figure["layout"]["xaxis"]["ticktext"])
    assert chart.rows == [["10", 3, 2], ["12", 0, 1]]
    assert "3 krav støtter og 3 går imot" in chart.summary


def test_budget_posts_put_requested_sum_and_organisations_beside_the_proposed_amount():
    rows = [
        {
            "year": 2026,
            "chapter": 701,
            "post": 21,
            "post_name": "Spesielle driftsutgifter",
            "amount_nok": 254_978_000,
            "requested_nok": 40_000_000,
            "organisations": 2,
            "demands": 3,
        }
    ]
    chart = charts.budget_posts_chart(rows=rows)
    figure = _valid(chart)

    proposed = _trace(figure, "Foreslått bevilgning")
    requested = _trace(figure, "Krevd endring (sum)")
    assert proposed["y"] == requested["y"] == ["Kap. 701, post 21 (2026)"]
    assert proposed["x"] == [254_978_000]
    assert requested["x"] == [40_000_000]
    assert requested["text"] == ["2 organisasjoner"]
    # Norwegian grouping in the hover text: no-break spaces between thousands.
    assert requested["customdata"][0][1] == "+40\xa0000\xa0000 kr"
    assert figure["layout"]["separators"] == ",\u00a0"
    assert chart.rows == [
        ["Kap. 701, post 21 (2026)", "Spesielle driftsutgifter", 254_978_000, 40_000_000, 2, 3]
    ]


def test_over_time_fills_missing_months_and_counts_submitted_and_resolved():
    chart = charts.over_time_chart(
        submitted=[
            {"month": date(2025, 11, 1), "count": 4},
            {"month": date(2026, 1, 1), "count": 1},
        ],
        resolved=[{"month": date(2026, 2, 1), "count": 2}],
    )
    figure = _valid(chart)

    assert _trace(figure, "Levert")["x"] == [
        "november 2025",
        "desember 2025",
        "januar 2026",
        "februar 2026",
    ]
    assert _trace(figure, "Levert")["y"] == [4, 0, 1, 0]
    assert _trace(figure, "Avgjort")["y"] == [0, 0, 0, 2]
    assert "5 krav levert og 2 avgjort" in chart.summary


def test_organisation_status_counts_only_statuses_it_has_in_process_order():
    chart = charts.organisation_status_chart(
        organisation="NITO",
        rows=[{"status": "adopted", "count": 2}, {"status": "submitted", "count": 1_234}],
    )
    bars = _valid(chart)["data"][0]

    assert bars["x"] == ["Levert", "Imøtekommet"]
    assert bars["y"] == [1_234, 2]
    assert bars["text"] == ["1\xa0234", "2"]
    assert chart.rows == [["Levert", 1_234], ["Imøtekommet", 2]]
    assert chart.summary == "NITO har 1\xa0236 publiserte krav: 1\xa0234 levert, 2 imøtekommet."


def test_empty_rows_give_an_empty_figure_and_a_sentence_saying_so():
    for chart in [
        charts.chapter_status_chart(document="X", rows=[]),
        charts.chapter_organisations_chart(document="X", rows=[]),
        charts.chapter_stance_chart(document="X", rows=[]),
        charts.budget_posts_chart(rows=[]),
        charts.over_time_chart(submitted=[], resolved=[]),
        charts.organisation_status_chart(organisation="X", rows=[]),
    ]:
        assert _valid(chart)["data"] == []
        assert chart.rows == []
        assert chart.summary


def test_statuses_use_the_okabe_ito_palette_and_a_pattern_each():
    assert set(charts.STATUS_COLOURS.values()) <= set(charts.OKABE_ITO.values())
    assert len(set(charts.STATUS_COLOURS.values())) == len(charts.PUBLIC_STATUSES)
    patterned = [
        (charts.STATUS_COLOURS[s], charts.STATUS_PATTERNS[s]) for s in charts.PUBLIC_STATUSES
    ]
    assert len(set(patterned)) == len(patterned)


def test_it_escapes_organisation_names_and_titles_in_everything_plotly_renders():
    chart_sets = [
        charts.chapter_status_chart(
            document="X", rows=[{"chapter": "1", "title": EVIL, "status": "submitted", "count": 1}]
        ),
        charts.chapter_organisations_chart(
            document="X", rows=[{"organisation": EVIL, "chapter": "1", "title": EVIL, "count": 1}]
        ),
        charts.chapter_stance_chart(
            document="X", rows=[{"chapter": "1", "title": EVIL, "stance": "opposes", "count": 1}]
        ),
        charts.budget_posts_chart(
            rows=[
                {
                    "year": 2026,
                    "chapter": 701,
                    "post": 21,
                    "post_name": EVIL,
                    "amount_nok": 1,
                    "requested_nok": 1,
                    "organisations": 1,
                    "demands": 1,
                }
            ]
        ),
        charts.organisation_status_chart(
            organisation=EVIL, rows=[{"status": "adopted", "count": 1}]
        ),
    ]
    for chart in chart_sets:
        text = json.dumps(_valid(chart), ensure_ascii=False)
        assert "<img" not in text
        assert '\\"Co\\"' not in text and "'AS'" not in text
        assert "&lt;img src=x onerror=alert(1)&gt; &amp; &#34;Co&#34; &#39;AS&#39;" in text
        # Names never become part of a template plotly interprets.
        for trace in chart.figure["data"]:
            assert "onerror" not in trace.get("hovertemplate", "")


def test_plotly_escape_leaves_plain_text_alone_and_escapes_markup():
    assert charts.plotly_escape("Tekna – Teknisk-naturvitenskapelig forening") == (
        "Tekna – Teknisk-naturvitenskapelig forening"
    )
    assert charts.plotly_escape("<b>") == "&lt;b&gt;"
