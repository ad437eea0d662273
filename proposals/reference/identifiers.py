"""Official document identifiers: the one parser and the one formatter.

Plain Python with no Django in it: the importer reads identifiers in a
submission's text with the same function that forms and commands use.

People write the same identifier many ways — ``NOU 2023: 4``, ``NOU 2023:04``,
``Meld. St. nr. 9 (2023-2024)``, ``Meld.St.9 (2023-24)``. The canonical form is
the one the Storting and the government write: ``NOU 2023:4``,
``Meld. St. 9 (2023–2024)``, ``St.meld. nr. 47 (2008–2009)``,
``Prop. 1 S (2025–2026)``, ``Innst. 240 S (2023–2024)``,
``Dokument 8:5 S (2023–2024)``, ``Lovvedtak 12 (2023–2024)``.

A session runs from one autumn to the next summer, so its two years follow
each other: ``(2023–2025)`` is refused rather than guessed at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DASHES = "-–—‐‑/"
_SPACES = re.compile(r"\s+")
_SESSION = rf"\(\s*(?P<y1>\d{{4}})\s*[{DASHES}]\s*(?P<y2>\d{{4}}|\d{{2}})\s*\)"
_ANY_SESSION = re.compile(rf"\(\s*(\d{{4}})\s*[{DASHES}]\s*(\d{{4}}|\d{{2}})\s*\)")


@dataclass(frozen=True)
class Identifier:
    """One document's identifier, by its parts.

    ``series`` is one of ``SERIES``; ``session`` is the session's first year;
    ``year`` is an official report's year; ``dossier`` is a Dokument's series
    number (the 8 of ``Dokument 8:5 S``); ``letter`` is S, L, LS or O.
    """

    series: str
    number: int
    session: int | None = None
    letter: str = ""
    year: int | None = None
    dossier: int | None = None

    def __str__(self) -> str:
        return format_identifier(self)


# series: (how people write it, anchored and case-insensitive; canonical template)
_FORMS: dict[str, tuple[re.Pattern[str], str]] = {
    "nou": (
        re.compile(r"NOU\s*(?P<year>\d{4})\s*:\s*(?P<n>\d{1,4})", re.IGNORECASE),
        "NOU {year}:{number}",
    ),
    "meld_st": (
        re.compile(
            rf"Meld\.?\s*St\.?\s*(?:nr\.?\s*)?(?P<n>\d{{1,4}})\s*(?:{_SESSION})?", re.IGNORECASE
        ),
        "Meld. St. {number}{session}",
    ),
    "st_meld": (
        re.compile(
            rf"St\.?\s*meld\.?\s*(?:nr\.?\s*)?(?P<n>\d{{1,4}})\s*(?:{_SESSION})?", re.IGNORECASE
        ),
        "St.meld. nr. {number}{session}",
    ),
    "prop": (
        re.compile(
            rf"Prop\.?\s*(?P<n>\d{{1,4}})\s*(?P<letter>LS|S|L)?\s*(?:{_SESSION})?", re.IGNORECASE
        ),
        "Prop. {number}{letter}{session}",
    ),
    "innst": (
        re.compile(
            rf"Innst\.?\s*(?P<n>\d{{1,4}})\s*(?P<letter>S|L|O)?\s*(?:{_SESSION})?", re.IGNORECASE
        ),
        "Innst. {number}{letter}{session}",
    ),
    "lovvedtak": (
        re.compile(rf"Lovvedtak\s*(?P<n>\d{{1,4}})\s*(?:{_SESSION})?", re.IGNORECASE),
        "Lovvedtak {number}{session}",
    ),
    "dokument": (
        re.compile(
            rf"Dok(?:ument|\.)?\s*(?P<dossier>\d{{1,2}})\s*:\s*(?P<n>\d{{1,4}})\s*"
            rf"(?P<letter>LS|S|L)?\s*(?:{_SESSION})?",
            re.IGNORECASE,
        ),
        "Dokument {dossier}:{number}{letter}{session}",
    ),
}
SERIES = tuple(_FORMS)


class SessionError(ValueError):
    """A session whose two years do not follow each other, such as (2023–2025)."""


def tidy(raw: str) -> str:
    """Spaces collapsed and sessions written in full with an en dash: ``(2020-21)`` → ``(2020–2021)``.

    This is all an identifier of an unknown series gets.
    """
    text = _SPACES.sub(" ", raw.replace("\u00a0", " ")).strip()
    return _ANY_SESSION.sub(lambda m: "({}–{})".format(*_session_years(m[1], m[2])), text)


def _session_years(first: str, second: str) -> tuple[int, int]:
    start, end = int(first), int(second)
    if len(second) == 2:
        end += (start // 100) * 100
        if end < start:
            end += 100
    return start, end


def _session_start(first: str, second: str) -> int:
    start, end = _session_years(first, second)
    if end != start + 1:
        raise SessionError(f"({first}–{second})")
    return start


def _session_text(start: int | None) -> str:
    return f"({start}–{start + 1})" if start is not None else ""


def parse_identifier(raw: str) -> Identifier | None:
    """The identifier ``raw`` is written as, or None if it is not one of a known series.

    Raises ``SessionError`` for a known series whose session is not one year long.
    """
    text = _SPACES.sub(" ", raw.replace("\u00a0", " ")).strip()
    for series, (pattern, _template) in _FORMS.items():
        match = pattern.fullmatch(text)
        if match is None:
            continue
        parts = match.groupdict()
        session = None
        if parts.get("y1"):
            session = _session_start(parts["y1"], parts["y2"])
        return Identifier(
            series=series,
            number=int(parts["n"]),
            session=session,
            letter=(parts.get("letter") or "").upper(),
            year=int(parts["year"]) if parts.get("year") else None,
            dossier=int(parts["dossier"]) if parts.get("dossier") else None,
        )
    return None


def format_identifier(identifier: Identifier) -> str:
    """The canonical spelling: ``Meld. St. 9 (2023–2024)``, ``NOU 2023:4``."""
    _pattern, template = _FORMS[identifier.series]
    session = _session_text(identifier.session)
    return template.format(
        number=identifier.number,
        year=identifier.year,
        dossier=identifier.dossier,
        letter=f" {identifier.letter}" if identifier.letter else "",
        session=f" {session}" if session else "",
    )


def normalise_identifier(raw: str) -> str:
    """The canonical spelling of an identifier; an unknown form is tidied only.

    Raises ``SessionError`` for a known series whose session is not one year long.
    """
    identifier = parse_identifier(raw)
    return format_identifier(identifier) if identifier else tidy(raw)


def identifier_kind(identifier: str) -> str:
    """The document kind an identifier implies (see ``PolicyDocument.Kind``)."""
    try:
        parsed = parse_identifier(identifier)
    except SessionError:
        parsed = None
    if parsed is None:
        return "other"
    if parsed.series == "nou":
        return "official_report"
    if parsed.series in ("meld_st", "st_meld"):
        return "white_paper"
    if parsed.series == "prop":
        return "budget_proposition" if (parsed.number, parsed.letter) == (1, "S") else "proposition"
    if parsed.series == "innst":
        return "recommendation"
    return "other"


def budget_year_of(identifier: str | None) -> int | None:
    """The budget year a budget document is about: ``Prop. 1 S (2025–2026)`` → 2026.

    A session runs from October to June, and the budget it passes is for the
    calendar year the session ends in.
    """
    try:
        parsed = parse_identifier(identifier or "")
    except SessionError:
        return None
    if parsed is None or parsed.series not in ("prop", "innst") or parsed.letter != "S":
        return None
    return parsed.session + 1 if parsed.session is not None else None
