"""Budget figures per kap./post and year: the CSV shape, the Innst.'s tables, and "granted".

Plain Python with no Django.

The CSV shape (documented in README.md) follows the state accounts' open data,
which publish one row per year, chapter and post with the amount: columns
``year, chapter, post, kind, amount_nok, source`` (Norwegian names accepted:
``år, kapittel, post, type, beløp, kilde``), optional ``chapter_name`` and
``post_name``. ``kind`` is ``proposed`` (forslag), ``recommended`` (innstilling),
``adopted`` (vedtatt) or ``spent`` (regnskap). Comma or semicolon separated;
amounts may be written ``458 591 000`` or ``458591000``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from proposals.reference import amounts

KINDS = {
    "proposed": "proposed",
    "forslag": "proposed",
    "gul bok": "proposed",
    "recommended": "recommended",
    "innstilling": "recommended",
    "innstilt": "recommended",
    "adopted": "adopted",
    "vedtatt": "adopted",
    "saldert": "adopted",
    "spent": "spent",
    "regnskap": "spent",
}
COLUMNS = {
    "year": "year",
    "år": "year",
    "budsjettår": "year",
    "chapter": "chapter",
    "kapittel": "chapter",
    "kap": "chapter",
    "post": "post",
    "kind": "kind",
    "type": "kind",
    "amount_nok": "amount_nok",
    "amount": "amount_nok",
    "beløp": "amount_nok",
    "source": "source",
    "kilde": "source",
    "chapter_name": "chapter_name",
    "kapittelnavn": "chapter_name",
    "kap_navn": "chapter_name",
    "post_name": "post_name",
    "postnavn": "post_name",
    "post_navn": "post_name",
}
REQUIRED = ("year", "chapter", "post", "kind", "amount_nok")


@dataclass(frozen=True)
class FigureRow:
    year: int
    chapter: int
    post: int
    kind: str
    amount_nok: int
    source: str
    chapter_name: str = ""
    post_name: str = ""


def parse_amount(text: str) -> int:
    """Whole kroner by the one amount parser (``proposals.reference.amounts``); ValueError if none."""
    try:
        amount = amounts.parse_amount(text or "")
    except amounts.AmountError as exc:
        raise ValueError(text) from exc
    if amount is None:
        raise ValueError(text)
    return amount


def read_figures_csv(text: str, *, default_source: str = "") -> tuple[list[FigureRow], list[str]]:
    """The rows, and one message per line that could not be read (with its line number)."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        return [], ["Filen er tom."]
    first = text.splitlines()[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [COLUMNS.get(h.strip().lower(), h.strip().lower()) for h in next(reader)]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        return [], [f"Linje 1: mangler kolonnene {', '.join(missing)}."]
    rows, errors = [], []
    for line_number, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        record = dict(zip(header, (v.strip() for v in values), strict=False))
        kind = KINDS.get(record.get("kind", "").lower())
        try:
            year, chapter, post = (int(record[k]) for k in ("year", "chapter", "post"))
            amount = parse_amount(record["amount_nok"])
        except (KeyError, ValueError):
            errors.append(f"Linje {line_number}: år, kapittel, post og beløp må være tall.")
            continue
        if kind is None:
            errors.append(
                f"Linje {line_number}: ukjent type «{record.get('kind', '')}» "
                "(proposed, recommended, adopted eller spent)."
            )
            continue
        if not (1900 <= year <= 2200 and 1 <= chapter <= 9999 and 1 <= post <= 99):
            errors.append(f"Linje {line_number}: år, kapittel eller post er utenfor gyldig område.")
            continue
        source = record.get("source") or default_source
        if not source:
            errors.append(f"Linje {line_number}: kilden mangler.")
            continue
        rows.append(
            FigureRow(
                year,
                chapter,
                post,
                kind,
                amount,
                source[:200],
                record.get("chapter_name", "")[:200],
                record.get("post_name", "")[:200],
            )
        )
    return rows, errors


_TABLE_ROW = re.compile(
    r"^\s*(?P<chapter>\d{3,4})\s*\|\s*(?P<post>\d{1,2})\s*\|\s*(?P<name>[^|]*)\|\s*(?P<amount>-?[\d\s\u00a0]+)\s*$"
)


def table_figures(text: str) -> list[tuple[int, int, int]]:
    """``(chapter, post, amount)`` from the rows of a budget table (``701 | 21 | … | 254 978 000``)."""
    found = []
    for line in text.splitlines():
        match = _TABLE_ROW.match(line)
        if match:
            found.append((int(match["chapter"]), int(match["post"]), parse_amount(match["amount"])))
    return found


def granted(*, asked: int | None, proposed: int | None, adopted: int | None) -> int | None:
    """How much of an asked change the Storting granted, measured against the proposal.

    The adopted change (adopted − proposed) counts only in the direction asked, and
    never more than was asked; ``None`` when any of the three is unknown.
    """
    if asked is None or proposed is None or adopted is None:
        return None
    change = adopted - proposed
    if asked == 0 or change == 0 or (change > 0) != (asked > 0):
        return 0
    return change if abs(change) <= abs(asked) else asked
