"""Charts as pure functions: aggregated rows in, a Plotly figure (and its numbers) out.

Nothing here touches the database; ``proposals.summaries.snapshots`` does the GROUP BY
queries and hands the rows over. Each function returns a ``Chart``: the
figure as a plain dict for plotly.js, the same numbers as a table, and a
one-line summary for people who do not read the picture.

Readers:
- text shown by plotly (hover, tick labels, legend) is parsed as a small
  HTML dialect, so names and titles from the database are escaped with
  ``plotly_escape`` and passed as ``customdata``, never pasted into a
  ``hovertemplate`` (where ``%{…}`` would be interpreted);
- numbers are formatted as the active language writes them (Norwegian
  ``1 234 567``, English ``1,234,567``) before they reach the hover text,
  and ``layout.separators`` gives the axes the same; the refresh draws every
  chart once per language of the site;
- colours are the Okabe–Ito palette, which colour-blind readers can tell
  apart, and stacked bars carry a pattern as well, so no status is told by
  colour alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from proposals import formatting
from proposals.demands import workflow
from proposals.formatting import nok, signed_nok
from proposals.models import DemandStatus, Stance
from proposals.reference.labels import budget_post_label

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "grey": "#999999",
}

S = DemandStatus

# The statuses the public can see, in the order a demand goes through them.
PUBLIC_STATUSES = workflow.PUBLIC
STATUS_COLOURS = {
    S.SUBMITTED: OKABE_ITO["sky_blue"],
    S.UNDER_CONSIDERATION: OKABE_ITO["orange"],
    S.ADDRESSED: OKABE_ITO["reddish_purple"],
    S.ADOPTED: OKABE_ITO["bluish_green"],
    S.PARTIALLY_ADOPTED: OKABE_ITO["yellow"],
    S.NOT_ADOPTED: OKABE_ITO["vermillion"],
    S.WITHDRAWN: OKABE_ITO["grey"],
}
STATUS_PATTERNS = {
    S.SUBMITTED: "",
    S.UNDER_CONSIDERATION: "/",
    S.ADDRESSED: ".",
    S.ADOPTED: "",
    S.PARTIALLY_ADOPTED: "x",
    S.NOT_ADOPTED: "\\",
    S.WITHDRAWN: "-",
}


# Column types in a chart's table; the template formats each accordingly.
# NOK is an amount (an appropriation), NOK_CHANGE a requested change, shown with its sign.
TEXT, INT, NOK, NOK_CHANGE = "text", "int", "nok", "nok_change"


@dataclass(frozen=True)
class Chart:
    title: str
    summary: str
    figure: dict
    columns: list[dict] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.rows


def plotly_escape(text) -> str:
    """Text that plotly shows as written, whatever it contains.

    plotly.js decodes ``&amp;``, ``&lt;``, ``&gt;`` and numeric entities only,
    so quotes are written as numeric entities rather than ``&quot;``.
    """
    return (
        str(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&#34;")
        .replace("'", "&#39;")
    )


def number(value: int | None) -> str:
    """``1234567`` → ``1 234 567`` (no-break spaces): ``formatting.number``."""
    return formatting.number(value)


def _column(label: str, kind: str = INT) -> dict:
    return {"label": label, "type": kind}


def _rows_height(count: int) -> int:
    """Height for a chart with one row per category (horizontal bars, heatmap rows)."""
    return max(260, min(1200, 160 + 32 * count))


def separators() -> str:
    """plotly's ``separators`` for the active language: decimal mark, then thousands.

    Norwegian gives ``",\u00a0"`` (comma, no-break space), English ``".,"``.
    """
    decimal = formats.get_format("DECIMAL_SEPARATOR")
    thousands = formats.get_format("THOUSAND_SEPARATOR")
    return f"{decimal}{thousands}"


def _layout(**extra) -> dict:
    layout = {
        # An explicit height: without one a responsive plot grows to the window's.
        "height": 420,
        "separators": separators(),
        "font": {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"},
        "margin": {"l": 60, "r": 20, "t": 30, "b": 60},
        # At the foot of the figure, under the axis titles, whatever room the ticks take.
        "legend": {"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom"},
        "hoverlabel": {"namelength": -1},
        "plot_bgcolor": "#ffffff",
        "paper_bgcolor": "#ffffff",
    }
    layout.update(extra)
    # On a phone or at 200 % zoom the tick labels turn on end: each axis takes the
    # room its labels need instead of drawing them over the axis title and legend.
    for axis in ("xaxis", "yaxis"):
        layout[axis] = {"automargin": True, **layout.get(axis, {})}
    return layout


def _figure(data: list[dict], **layout) -> dict:
    return {"data": data, "layout": _layout(**layout)}


def _chapter_label(number_: str | None, title: str = "") -> str:
    if number_ is None:
        return _("Uten kapittel")
    return f"{number_} {title}".strip()


def _ordered_chapters(rows: Iterable[dict]) -> list[tuple[str | None, str]]:
    """The chapters in the order the rows give them (the query sorts them naturally)."""
    seen: dict[str | None, str] = {}
    for row in rows:
        seen.setdefault(row["chapter"], row.get("title", ""))
    return list(seen.items())


def _status_label(status: str) -> str:
    return _STATUS_LABELS.get(status) or str(S(status).label)


class _Labels(dict):
    """Status labels of the active language, translated once per language."""

    def get(self, status, default=None):
        language = translation.get_language() or ""
        table = self.setdefault(language, {})
        if status not in table:
            table[status] = str(S(status).label)
        return table[status]


_STATUS_LABELS = _Labels()


# --- 1. Demands per chapter, stacked by status ---------------------------------------


def chapter_status_chart(*, document: str, rows: Sequence[dict]) -> Chart:
    """Rows ``{"chapter": "10.3" | None, "title", "status", "count"}``, chapters in order.

    A chapter's count includes the demands on its sub-chapters, each demand
    once; ``None`` is the demands linked to no chapter of the document.
    """
    title = _("Krav per kapittel etter status: %(document)s") % {"document": document}
    chapters = _ordered_chapters(rows)
    counts = {(row["chapter"], row["status"]): row["count"] for row in rows}
    statuses = [s for s in PUBLIC_STATUSES if any(key[1] == s for key in counts)]
    x = [number_ or _("Uten kapittel") for number_, _title in chapters]
    names = [plotly_escape(_chapter_label(number_, t)) for number_, t in chapters]
    data = []
    for status in statuses:
        values = [counts.get((number_, status), 0) for number_, _title in chapters]
        data.append(
            {
                "type": "bar",
                "name": plotly_escape(_status_label(status)),
                "x": x,
                "y": values,
                "marker": {
                    "color": STATUS_COLOURS[status],
                    "line": {"color": "#1b1b1b", "width": 0.5},
                    "pattern": {"shape": STATUS_PATTERNS[status]},
                },
                "customdata": [
                    [name, plotly_escape(_status_label(status)), number(value)]
                    for name, value in zip(names, values, strict=True)
                ],
                "hovertemplate": "<b>%{customdata[0]}</b><br>%{customdata[1]}: "
                + _("%{customdata[2]} krav")
                + "<extra></extra>",
            }
        )
    figure = _figure(
        data,
        barmode="stack",
        xaxis={"title": {"text": _("Kapittel")}, "type": "category"},
        yaxis={"title": {"text": _("Antall krav")}, "rangemode": "tozero"},
    )
    columns = [_column(_("Kapittel"), TEXT)]
    columns += [_column(_status_label(s)) for s in statuses] + [_column(_("I alt"))]
    table = []
    for number_, t in chapters:
        values = [counts.get((number_, s), 0) for s in statuses]
        table.append([_chapter_label(number_, t), *values, sum(values)])
    if not table:
        summary = _("Ingen publiserte krav til dette dokumentet ennå.")
    else:
        linked = [row for row in table if row[0] != _("Uten kapittel")]
        if not linked:
            summary = _("Ingen av de publiserte kravene er knyttet til kapitler i dokumentet.")
        else:
            top = max(linked, key=lambda row: row[-1])
            summary = ngettext(
                "Krav til %(n)s kapittel; flest gjelder %(top)s (%(count)s krav, "
                "underkapitler medregnet).",
                "Krav til %(n)s kapitler; flest gjelder %(top)s (%(count)s krav, "
                "underkapitler medregnet).",
                len(linked),
            ) % {"n": number(len(linked)), "top": top[0], "count": number(top[-1])}
    return Chart(title, summary, figure, columns, table)


# --- 2. Organisations × chapters ---------------------------------------------------


def chapter_organisations_chart(
    *, document: str, rows: Sequence[dict], organisation_count: int | None = None
) -> Chart:
    """Rows ``{"organisation": name, "chapter", "title", "count"}``, chapters in order.

    ``rows`` may hold only the most active organisations; ``organisation_count``
    is then how many there are in all, for the summary.
    """
    title = _("Hvem krever hva: organisasjoner og kapitler i %(document)s") % {"document": document}
    chapters = _ordered_chapters(rows)
    organisations = sorted({row["organisation"] for row in rows}, key=str.casefold)
    counts = {(row["organisation"], row["chapter"]): row["count"] for row in rows}
    z = [[counts.get((org, number_), 0) for number_, _t in chapters] for org in organisations]
    customdata = [
        [
            [plotly_escape(org), plotly_escape(_chapter_label(number_, t)), number(value)]
            for (number_, t), value in zip(chapters, row, strict=True)
        ]
        for org, row in zip(organisations, z, strict=True)
    ]
    data = []
    if rows:
        data.append(
            {
                "type": "heatmap",
                "x": [number_ or _("Uten kapittel") for number_, _t in chapters],
                "y": [plotly_escape(org) for org in organisations],
                "z": z,
                "customdata": customdata,
                "texttemplate": "%{z}",
                # One hue from white to Okabe–Ito sky blue: read by lightness, not by hue.
                # Light enough that dark cell numbers keep 7:1 on every cell (plotly's own
                # choice of text colour drops to about 3.8:1 on mid blues).
                "colorscale": [[0, "#ffffff"], [1, OKABE_ITO["sky_blue"]]],
                "textfont": {"color": "#1b1b1b"},
                "zmin": 0,
                "xgap": 2,
                "ygap": 2,
                "colorbar": {"title": {"text": _("Krav")}},
                "hovertemplate": "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>"
                + _("%{customdata[2]} krav")
                + "<extra></extra>",
            }
        )
    figure = _figure(
        data,
        xaxis={"title": {"text": _("Kapittel")}, "type": "category", "side": "top"},
        yaxis={"type": "category", "autorange": "reversed", "automargin": True},
        margin={"l": 160, "r": 20, "t": 60, "b": 20},
        height=_rows_height(len(organisations)),
    )
    columns = [
        _column(_("Organisasjon"), TEXT),
        _column(_("Kapittel"), TEXT),
        _column(_("Krav")),
    ]
    table = [
        [row["organisation"], _chapter_label(row["chapter"], row["title"]), row["count"]]
        for row in sorted(rows, key=lambda r: r["organisation"].casefold())
    ]
    if not table:
        summary = _("Ingen publiserte krav til dette dokumentet ennå.")
    else:
        top = max(table, key=lambda row: row[2])
        who = ngettext(
            "%(n)s organisasjon har krav her.",
            "%(n)s organisasjoner har krav her.",
            organisation_count or len(organisations),
        ) % {"n": number(organisation_count or len(organisations))}
        summary = (
            who
            + " "
            + _("Flest: %(org)s, %(chapter)s (%(count)s krav).")
            % {
                "org": top[0],
                "chapter": top[1],
                "count": number(top[2]),
            }
        )
    return Chart(title, summary, figure, columns, table)


# --- 3. Supports against opposes -------------------------------------------------------


def chapter_stance_chart(*, document: str, rows: Sequence[dict]) -> Chart:
    """Rows ``{"chapter", "title", "stance", "count"}`` for the stances supports/opposes."""
    title = _("Støtter og går imot per kapittel: %(document)s") % {"document": document}
    relevant = [row for row in rows if row["stance"] in (Stance.SUPPORTS, Stance.OPPOSES)]
    chapters = _ordered_chapters(relevant)
    counts = {(row["chapter"], row["stance"]): row["count"] for row in relevant}
    y = [number_ or _("Uten kapittel") for number_, _t in chapters]
    names = [plotly_escape(_chapter_label(number_, t)) for number_, t in chapters]
    supports = [counts.get((number_, Stance.SUPPORTS), 0) for number_, _t in chapters]
    opposes = [counts.get((number_, Stance.OPPOSES), 0) for number_, _t in chapters]
    hover = "<b>%{customdata[0]}</b><br>%{customdata[1]}: " + _("%{customdata[2]} krav")
    data = []
    if relevant:
        for stance, values, sign, colour in (
            (Stance.OPPOSES, opposes, -1, OKABE_ITO["vermillion"]),
            (Stance.SUPPORTS, supports, 1, OKABE_ITO["bluish_green"]),
        ):
            label = plotly_escape(Stance(stance).label)
            data.append(
                {
                    "type": "bar",
                    "orientation": "h",
                    "name": label,
                    "y": y,
                    "x": [sign * value for value in values],
                    "marker": {
                        "color": colour,
                        "pattern": {"shape": "\\" if sign < 0 else ""},
                        "line": {"color": "#1b1b1b", "width": 0.5},
                    },
                    "customdata": [
                        [name, label, number(value)]
                        for name, value in zip(names, values, strict=True)
                    ],
                    "hovertemplate": hover + "<extra></extra>",
                }
            )
    widest = max(supports + opposes + [1])
    step = max(1, -(-widest // 4))  # about four ticks each side
    reach = -(-widest // step) * step
    ticks = list(range(-reach, reach + 1, step))
    figure = _figure(
        data,
        barmode="relative",
        xaxis={
            "title": {"text": _("← går imot · støtter →")},
            "range": [-widest - 0.5, widest + 0.5],
            "tickvals": ticks,
            # Counts are shown without sign on both sides of the middle line.
            "ticktext": [number(abs(tick)) for tick in ticks],
            "zeroline": True,
            "zerolinecolor": "#1b1b1b",
        },
        yaxis={"type": "category", "autorange": "reversed", "automargin": True},
        height=_rows_height(len(chapters)),
    )
    columns = [
        _column(_("Kapittel"), TEXT),
        _column(str(Stance.SUPPORTS.label)),
        _column(str(Stance.OPPOSES.label)),
    ]
    table = [
        [_chapter_label(number_, t), s, o]
        for (number_, t), s, o in zip(chapters, supports, opposes, strict=True)
    ]
    if not table:
        summary = _("Ingen publiserte krav som støtter eller går imot ennå.")
    else:
        summary = _(
            "I alt %(supports)s krav støtter og %(opposes)s går imot "
            "(underkapitler medregnet i hvert kapittel)."
        ) % {"supports": number(sum(supports)), "opposes": number(sum(opposes))}
        if max(opposes) > 0:
            worst = max(table, key=lambda row: row[2])
            summary += " " + _("Flest går imot %(chapter)s (%(count)s).") % {
                "chapter": worst[0],
                "count": number(worst[2]),
            }
    return Chart(title, summary, figure, columns, table)


# --- 4. Budget posts ---------------------------------------------------------------


def budget_posts_chart(*, rows: Sequence[dict]) -> Chart:
    """Rows ``{"year", "chapter", "post", "post_name", "amount_nok", "requested_nok",
    "organisations", "demands"}``, one per post with demands, in budget order."""
    title = _("Krav til budsjettposter")
    labels = [budget_post_label(row["chapter"], row["post"], row["year"]) for row in rows]
    names = [
        plotly_escape(f"{label} {row['post_name']}".strip())
        for label, row in zip(labels, rows, strict=True)
    ]
    data = []
    if rows:
        data.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": _("Foreslått bevilgning"),
                "y": labels,
                "x": [row["amount_nok"] or 0 for row in rows],
                "marker": {"color": OKABE_ITO["grey"]},
                "customdata": [
                    [name, plotly_escape(nok(row["amount_nok"]) or "–")]
                    for name, row in zip(names, rows, strict=True)
                ],
                "hovertemplate": "<b>%{customdata[0]}</b><br>"
                + _("Foreslått bevilgning: %{customdata[1]}")
                + "<extra></extra>",
            }
        )
        data.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": _("Krevd endring (sum)"),
                "y": labels,
                "x": [row["requested_nok"] or 0 for row in rows],
                "marker": {"color": OKABE_ITO["blue"], "pattern": {"shape": "/"}},
                "text": [
                    ngettext("%(n)s organisasjon", "%(n)s organisasjoner", row["organisations"])
                    % {"n": number(row["organisations"])}
                    for row in rows
                ],
                "textposition": "outside",
                "customdata": [
                    [
                        name,
                        plotly_escape(signed_nok(row["requested_nok"]) or "–"),
                        number(row["organisations"]),
                        number(row["demands"]),
                    ]
                    for name, row in zip(names, rows, strict=True)
                ],
                "hovertemplate": "<b>%{customdata[0]}</b><br>"
                + _("Krevd endring: %{customdata[1]}")
                + "<br>"
                + _("Organisasjoner: %{customdata[2]}, krav: %{customdata[3]}")
                + "<extra></extra>",
            }
        )
    figure = _figure(
        data,
        barmode="group",
        xaxis={"title": {"text": _("Kroner")}, "tickformat": ",d"},
        yaxis={"type": "category", "autorange": "reversed", "automargin": True},
        margin={"l": 180, "r": 40, "t": 30, "b": 60},
        height=_rows_height(2 * len(rows)),
    )
    columns = [
        _column(_("Post"), TEXT),
        _column(_("Navn"), TEXT),
        _column(_("Foreslått bevilgning"), NOK),
        _column(_("Krevd endring (sum)"), NOK_CHANGE),
        _column(_("Organisasjoner")),
        _column(_("Krav")),
    ]
    table = [
        [
            label,
            row["post_name"],
            row["amount_nok"],
            row["requested_nok"],
            row["organisations"],
            row["demands"],
        ]
        for label, row in zip(labels, rows, strict=True)
    ]
    if not table:
        summary = _("Ingen publiserte krav er knyttet til budsjettposter ennå.")
    else:
        most = max(table, key=lambda row: (row[4], abs(row[3] or 0)))
        summary = ngettext(
            "Krav til %(n)s budsjettpost; flest organisasjoner har krav til %(post)s (%(orgs)s).",
            "Krav til %(n)s budsjettposter; flest organisasjoner har krav til %(post)s (%(orgs)s).",
            len(table),
        ) % {"n": number(len(table)), "post": most[0], "orgs": number(most[4])}
    return Chart(title, summary, figure, columns, table)


# --- 4b. Asked versus got ------------------------------------------------------------


def asked_versus_got_chart(*, rows: Sequence[dict]) -> Chart:
    """Rows ``{"year", "chapter", "post", "post_name", "proposed", "asked", "organisations",
    "adopted", "spent"}``: per post, the change asked for against the change adopted."""
    title = _("Ønsket og fått per budsjettpost")
    labels = [budget_post_label(row["chapter"], row["post"], row["year"]) for row in rows]

    def adopted_change(row):
        if row["adopted"] is None or row["proposed"] is None:
            return None
        return row["adopted"] - row["proposed"]

    changes = [adopted_change(row) for row in rows]
    data = []
    if rows:
        data.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": _("Ønsket endring (sum)"),
                "y": labels,
                "x": [row["asked"] or 0 for row in rows],
                "marker": {"color": OKABE_ITO["blue"], "pattern": {"shape": "/"}},
                "customdata": [[plotly_escape(signed_nok(row["asked"]) or "–")] for row in rows],
                "hovertemplate": "%{y}<br>"
                + _("Ønsket endring: %{customdata[0]}")
                + "<extra></extra>",
            }
        )
        data.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": _("Vedtatt endring"),
                "y": labels,
                "x": [change or 0 for change in changes],
                "marker": {"color": OKABE_ITO["grey"]},
                "customdata": [[plotly_escape(signed_nok(change) or "–")] for change in changes],
                "hovertemplate": "%{y}<br>"
                + _("Vedtatt endring: %{customdata[0]}")
                + "<extra></extra>",
            }
        )
    figure = _figure(
        data,
        barmode="group",
        xaxis={
            "title": {"text": _("Kroner, endring fra regjeringens forslag")},
            "tickformat": ",d",
        },
        yaxis={"type": "category", "autorange": "reversed", "automargin": True},
        margin={"l": 180, "r": 40, "t": 30, "b": 60},
        height=_rows_height(2 * len(rows)),
    )
    columns = [
        _column(_("Post"), TEXT),
        _column(_("Navn"), TEXT),
        _column(_("Foreslått"), NOK),
        _column(_("Ønsket endring (sum)"), NOK_CHANGE),
        _column(_("Organisasjoner")),
        _column(_("Vedtatt"), NOK),
        _column(_("Vedtatt endring"), NOK_CHANGE),
        _column(_("Regnskap"), NOK),
    ]
    table = [
        [
            label,
            row["post_name"],
            row["proposed"],
            row["asked"],
            row["organisations"],
            row["adopted"],
            change,
            row["spent"],
        ]
        for label, row, change in zip(labels, rows, changes, strict=True)
    ]
    if not table:
        summary = _("Ingen budsjettposter med krav eller vedtatte beløp ennå.")
    else:
        decided = sum(1 for change in changes if change is not None)
        summary = ngettext(
            "%(n)s budsjettpost; vedtatt beløp er kjent for %(decided)s.",
            "%(n)s budsjettposter; vedtatt beløp er kjent for %(decided)s.",
            len(table),
        ) % {"n": number(len(table)), "decided": number(decided)}
    return Chart(title, summary, figure, columns, table)


# --- 5. Over time --------------------------------------------------------------------


def _months(first: date, last: date) -> list[date]:
    months, current = [], first.replace(day=1)
    while current <= last:
        months.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


def month_label(month: date) -> str:
    """``date(2026, 11, 1)`` → ``november 2026`` in Norwegian, ``November 2026`` in English."""
    return formats.date_format(month, "YEAR_MONTH_FORMAT")


def over_time_chart(*, submitted: Sequence[dict], resolved: Sequence[dict]) -> Chart:
    """Rows ``{"month": date, "count"}``: demands submitted, and first reaching an outcome.

    Months without either are filled in with zeros, so the axis is even.
    """
    title = _("Krav levert og avgjort per måned")
    by_month = {
        "submitted": {row["month"]: row["count"] for row in submitted},
        "resolved": {row["month"]: row["count"] for row in resolved},
    }
    known = sorted(set(by_month["submitted"]) | set(by_month["resolved"]))
    months = _months(known[0], known[-1]) if known else []
    labels = [month_label(month) for month in months]
    data = []
    for key, name, colour, pattern in (
        ("submitted", _("Levert"), OKABE_ITO["sky_blue"], ""),
        ("resolved", _("Avgjort"), OKABE_ITO["bluish_green"], "/"),
    ):
        if not months:
            break
        values = [by_month[key].get(month, 0) for month in months]
        data.append(
            {
                "type": "bar",
                "name": name,
                "x": labels,
                "y": values,
                "marker": {"color": colour, "pattern": {"shape": pattern}},
                "customdata": [[plotly_escape(name), number(value)] for value in values],
                "hovertemplate": "<b>%{x}</b><br>%{customdata[0]}: "
                + _("%{customdata[1]} krav")
                + "<extra></extra>",
            }
        )
    figure = _figure(
        data,
        barmode="group",
        # About a dozen month labels whatever the span; the table has every month.
        xaxis={
            "type": "category",
            "title": {"text": _("Måned")},
            "dtick": max(1, -(-len(months) // 12)),
        },
        yaxis={"title": {"text": _("Antall krav")}, "rangemode": "tozero"},
    )
    columns = [_column(_("Måned"), TEXT), _column(_("Levert")), _column(_("Avgjort"))]
    table = [
        [label, by_month["submitted"].get(month, 0), by_month["resolved"].get(month, 0)]
        for label, month in zip(labels, months, strict=True)
    ]
    if not table:
        summary = _("Ingen publiserte krav ennå.")
    else:
        summary = _(
            "Fra %(first)s til %(last)s: %(submitted)s krav levert og %(resolved)s avgjort."
        ) % {
            "first": labels[0],
            "last": labels[-1],
            "submitted": number(sum(row[1] for row in table)),
            "resolved": number(sum(row[2] for row in table)),
        }
    return Chart(title, summary, figure, columns, table)


# --- 6. One organisation's demands by status ---------------------------------------------


def organisation_status_chart(*, organisation: str, rows: Sequence[dict]) -> Chart:
    """Rows ``{"status", "count"}`` for one organisation."""
    title = _("Kravene fra %(organisation)s etter status") % {"organisation": organisation}
    counts = {row["status"]: row["count"] for row in rows}
    statuses = [s for s in PUBLIC_STATUSES if counts.get(s)]
    labels = [_status_label(s) for s in statuses]
    escaped = plotly_escape(organisation)
    data = []
    if statuses:
        data.append(
            {
                "type": "bar",
                "x": [plotly_escape(label) for label in labels],
                "y": [counts[s] for s in statuses],
                "marker": {
                    "color": [STATUS_COLOURS[s] for s in statuses],
                    "pattern": {"shape": [STATUS_PATTERNS[s] for s in statuses]},
                    "line": {"color": "#1b1b1b", "width": 0.5},
                },
                "text": [number(counts[s]) for s in statuses],
                "textposition": "outside",
                "customdata": [[escaped, number(counts[s])] for s in statuses],
                "hovertemplate": "<b>%{customdata[0]}</b><br>%{x}: "
                + _("%{customdata[1]} krav")
                + "<extra></extra>",
                "showlegend": False,
            }
        )
    figure = _figure(
        data,
        xaxis={"type": "category", "title": {"text": _("Status")}},
        yaxis={"title": {"text": _("Antall krav")}, "rangemode": "tozero"},
    )
    columns = [_column(_("Status"), TEXT), _column(_("Krav"))]
    table = [[label, counts[s]] for label, s in zip(labels, statuses, strict=True)]
    total = sum(row[1] for row in table)
    if not table:
        summary = _("%(organisation)s har ingen publiserte krav ennå.") % {
            "organisation": organisation
        }
    else:
        parts = ", ".join(f"{number(count)} {label.lower()}" for label, count in table)
        summary = ngettext(
            "%(organisation)s har %(n)s publisert krav: %(parts)s.",
            "%(organisation)s har %(n)s publiserte krav: %(parts)s.",
            total,
        ) % {"organisation": organisation, "n": number(total), "parts": parts}
    return Chart(title, summary, figure, columns, table)
