"""Official document identifiers and chapter numbers, normalised.

Plain functions with no Django in them: the importer uses them too.

People write the same identifier many ways: ``NOU 2023: 4`` and ``NOU 2023:4``,
``Meld. St. 9 (2023-2024)`` with a hyphen or an en dash, ``Meld.St.9``. The
stored form is the one the government writes: ``NOU 2023:4``,
``Meld. St. 9 (2023–2024)``, ``Prop. 1 S (2025–2026)``.
"""

from __future__ import annotations

import re

_SPACES = re.compile(r"\s+")
_SESSION = re.compile(r"\(\s*(\d{4})\s*[-–—/]\s*(\d{2,4})\s*\)")
_NOU = re.compile(r"^NOU\s*(\d{4})\s*:\s*(\d+)$", re.IGNORECASE)
_SERIES = [
    # (pattern for the prefix as people write it, the official spelling)
    (re.compile(r"^meld\.?\s*st\.?\s*", re.IGNORECASE), "Meld. St. "),
    (re.compile(r"^prop\.?\s*", re.IGNORECASE), "Prop. "),
    (re.compile(r"^innst\.?\s*", re.IGNORECASE), "Innst. "),
]
_NUMBER_AND_LETTER = re.compile(r"^(\d+)\s*([SLsl])?\s*(\(.*\))?$")
_CHAPTER_NUMBER = re.compile(r"^\d{1,4}(\.\d{1,4})*$")


def _full_session(match: re.Match) -> str:
    first, second = match.group(1), match.group(2)
    if len(second) == 2:
        second = first[:2] + second
    return f"({first}–{second})"


def normalise_identifier(raw: str) -> str:
    """The official spelling of a document identifier; unknown forms are tidied only."""
    text = _SPACES.sub(" ", raw.replace("\u00a0", " ")).strip()
    text = _SESSION.sub(_full_session, text)
    nou = _NOU.match(text)
    if nou:
        return f"NOU {nou.group(1)}:{nou.group(2)}"
    for pattern, official in _SERIES:
        prefix = pattern.match(text)
        if prefix:
            rest = text[prefix.end() :].strip()
            parts = _NUMBER_AND_LETTER.match(rest)
            if parts:
                number, letter, session = parts.groups()
                rest = number
                if letter:
                    rest += f" {letter.upper()}"
                if session:
                    rest += f" {session}"
            return official + rest
    return text


def identifier_kind(identifier: str) -> str:
    """The document kind an identifier implies (see ``PolicyDocument.Kind``)."""
    if identifier.startswith("NOU "):
        return "official_report"
    if identifier.startswith("Meld. St."):
        return "white_paper"
    if identifier.startswith("Prop. 1 S"):
        return "budget_proposition"
    if identifier.startswith("Prop."):
        return "proposition"
    if identifier.startswith("Innst."):
        return "recommendation"
    return "other"


def chapter_number_is_valid(number: str) -> bool:
    return bool(_CHAPTER_NUMBER.match(number))


def chapter_sort_key(number: str) -> str:
    """A string that sorts chapters naturally: 10.9 before 10.11, 10 before 10.1.

    Each part is zero-padded to four digits, so ``10.3`` becomes ``0010.0003``;
    a sub-chapter's key starts with its parent's key and a dot.
    """
    return ".".join(part.zfill(4) for part in number.split("."))


def chapter_parent_number(number: str) -> str | None:
    head, dot, _ = number.rpartition(".")
    return head if dot else None
