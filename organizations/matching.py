"""Matching an organisation's name as a sender wrote it to a known organisation.

Senders write the same organisation many ways: "Norsk Sykepleierforbund",
"NSF – Norsk Sykepleierforbund", "Norsk sykepleierforbund (NSF)". A name is
folded (case, accents kept, punctuation and spacing gone) and split into its
parts (before and after a dash, inside and outside brackets); a part equal to an
organisation's folded name, short name or a known alias is an exact match.
Otherwise the best fuzzy score (rapidfuzz) over names and aliases decides, if it
reaches ``THRESHOLD``; below it the name goes to the secretariat's review.

``THRESHOLD`` was measured on the name pairs in
``tests/organizations/test_matching.py`` (precision and recall printed there).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

THRESHOLD = 90.0

_BRACKETS = re.compile(r"[(\[]([^)\]]*)[)\]]")
_DASHES = re.compile(r"\s+[-–—:/|]\s+|\s*[–—]\s*")
_NOT_WORD = re.compile(r"[^\w]+")
# Where the organisation's name ends and a person or an address begins:
# "NSF v/ forbundsleder", "NITO, att. Kari Nordmann", "Tekna ved generalsekretær".
_ADDRESSED = re.compile(r"\s*(?:\bv/|\bved\s|,\s*att\b|,\s*v/|\bc/o\b).*$", re.IGNORECASE)
# An acronym written inside the name ("… arbeidsgiverorganisasjon KS").
_ACRONYM = re.compile(r"\b[A-ZÆØÅ]{2,6}\b")


def fold(name: str) -> str:
    """A name for comparison: NFKC, lower case, punctuation as spaces, single spaces."""
    text = unicodedata.normalize("NFKC", name or "").casefold()
    text = text.replace("&", " og ")
    return " ".join(_NOT_WORD.sub(" ", text).split())


def name_parts(name: str) -> list[str]:
    """The folded whole and each part a sender may have put around the name."""
    name = _ADDRESSED.sub("", name or "")
    parts = [name]
    inside = _BRACKETS.findall(name)
    outside = _BRACKETS.sub(" ", name)
    parts += inside + [outside]
    for piece in list(parts):
        parts += _DASHES.split(piece)
    parts += _ACRONYM.findall(name)
    folded = []
    for part in parts:
        key = fold(part)
        if key and key not in folded:
            folded.append(key)
    return folded


@dataclass(frozen=True)
class Known:
    organisation_id: int
    name: str
    short_name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Match:
    organisation_id: int | None
    score: float
    exact: bool
    # The best candidate when it was not good enough, for the reviewer.
    suggestion_id: int | None = None

    @property
    def matched(self) -> bool:
        return self.organisation_id is not None


class NameIndex:
    """Every known organisation's names, folded once, for matching many names."""

    def __init__(self, known: Iterable[Known], *, threshold: float = THRESHOLD):
        self.threshold = threshold
        self.exact: dict[str, int] = {}
        self.choices: list[str] = []
        self.owners: list[int] = []
        for org in known:
            full = [org.name, *org.aliases]
            for key in (fold(value) for value in full):
                if key:
                    self.exact.setdefault(key, org.organisation_id)
                    self.choices.append(key)
                    self.owners.append(org.organisation_id)
            short = fold(org.short_name)
            if short:
                self.exact.setdefault(short, org.organisation_id)

    def match(self, name: str) -> Match:
        parts = name_parts(name)
        for part in parts:
            if part in self.exact:
                return Match(self.exact[part], 100.0, True)
        best_score, best_owner = 0.0, None
        for part in parts:
            if len(part) < 4:
                continue
            found = process.extractOne(
                part, self.choices, scorer=fuzz.token_sort_ratio, score_cutoff=best_score
            )
            if found and found[1] > best_score:
                best_score, best_owner = found[1], self.owners[found[2]]
        if best_owner is not None and best_score >= self.threshold:
            return Match(best_owner, best_score, False)
        return Match(None, best_score, False, suggestion_id=best_owner)
