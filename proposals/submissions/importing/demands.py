"""Split a cleaned submission into sections and pick out what it asks for.

Input is the body from :func:`clean.clean_text`: one unit per line (a heading,
a bullet or a run of sentences). A candidate demand is a whole sentence or
bullet that asks for something — with a modal ("må", "bør"), a request ("ber
om", "foreslår"), a position ("støtter", "advarer mot") or a stated need — or
any bullet in a list of proposed measures ("Rådets forslag til tiltak").
Candidates are proposals for a person to confirm, so the rules lean towards
finding too much rather than too little, but drop questions, fragments and
repeats (a measure listed as a bullet and then used as a heading).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from proposals.submissions.importing.clean import BULLET_RE

Stance = Literal["supports", "opposes", "wants_change", "new_measure"]


@dataclass(frozen=True)
class Unit:
    start: int
    text: str
    is_heading: bool
    is_bullet: bool


@dataclass
class Section:
    heading: Unit | None
    units: list[Unit] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.heading.start if self.heading else (self.units[0].start if self.units else 0)

    @property
    def end(self) -> int:
        last = self.units[-1] if self.units else self.heading
        return last.start + len(last.text) if last else 0


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    text: str
    section: Section
    stance: Stance
    from_heading: bool = False


# --- units, headings, sections -------------------------------------------------

_CLOSING_RE = re.compile(r"^(?:med\s+)?(?:vennlig|beste)\s+hilsen\b|^mvh\b", re.IGNORECASE)
_NUMBERED_HEADING_RE = re.compile(r"^(?:kapittel\s+)?\d{1,2}(?:\.\d{1,3}){0,3}\.?\s+\S", re.I)
_MAX_HEADING_CHARS = 170
_MAX_HEADING_WORDS = 24


def read_units(body: str) -> list[Unit]:
    """The body's units with offsets; everything after the closing greeting is dropped."""
    raw: list[tuple[int, str]] = []
    offset = 0
    for line in body.split("\n"):
        if line.strip():
            if _CLOSING_RE.match(line):
                break
            raw.append((offset, line))
        offset += len(line) + 1
    units: list[Unit] = []
    for index, (start, text) in enumerate(raw):
        following = raw[index + 1][1] if index + 1 < len(raw) else None
        bullet = bool(BULLET_RE.match(text))
        units.append(Unit(start, text, not bullet and is_heading(text, following), bullet))
    return units


def is_heading(text: str, following: str | None) -> bool:
    """A heading is a short unit without closing punctuation, followed by new text.

    The cleaner already joined lines that continue a sentence, so a unit with no
    final full stop that is followed by a unit of its own is a heading unless it
    is long or holds more than one sentence. Numbered headings ("1. Rekruttere
    og beholde personell", "10.3 Dimensjonering …") are headings even though the
    number carries a dot.
    """
    stripped = text.strip()
    if not stripped or stripped[-1] in ".!?:;,":
        return False
    if len(stripped) > _MAX_HEADING_CHARS or len(stripped.split()) > _MAX_HEADING_WORDS:
        return False
    first = stripped.lstrip('«"“(')[:1]
    if not (first.isupper() or first.isdigit()):
        return False
    if _NUMBERED_HEADING_RE.match(stripped):
        return True
    if len(sentence_spans(stripped)) > 1:
        return False
    return following is None or not following[:1].islower()


def split_sections(body: str) -> list[Section]:
    sections: list[Section] = [Section(heading=None)]
    for unit in read_units(body):
        if unit.is_heading:
            sections.append(Section(heading=unit))
        else:
            sections[-1].units.append(unit)
    return [s for s in sections if s.heading or s.units]


# --- sentences ------------------------------------------------------------------

# Abbreviations after which a full stop does not end the sentence.
_NO_BREAK_AFTER = frozenset(
    """jf. jfr. jmf. bl.a. f.eks. ca. evt. ev. vedr. mht. pkt. kap. nr. st. meld. prop.
    innst. kr. dvs. inkl. ift. iht. tlf. s. ref. pga. mill. mrd. dr. prof. eks. m.fl.
    o.l. stk.""".split()
)
_BOUNDARY_RE = re.compile(r"[.!?…]+[»\"”’)]*\s+(?=[«\"“(]?[A-ZÆØÅ0-9•])")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY_RE.finditer(text):
        word = text[: match.start() + 1].rsplit(None, 1)[-1].lower().lstrip('(«"')
        if word in _NO_BREAK_AFTER or re.fullmatch(r"[a-zæøå]\.", word):
            continue  # "Meld. St. 9", "J. M. Moholt"
        end = match.end()
        if text[start:end].strip():
            spans.append((start, end))
        start = end
    if text[start:].strip():
        spans.append((start, len(text)))
    return [(s, s + len(text[s:e].rstrip())) for s, e in spans]


# --- what counts as a demand ----------------------------------------------------

_DEMAND_RE = re.compile(
    r"""\b(?:
        må | bør | ber\s | foreslår | foreslås | anbefaler | anbefales | krever\s+at
      | forventer | støtter | støttes | er\s+(?:helt\s+|også\s+)?(?:u)?enig
      | advarer | går\s+imot | savner | savnes | etterlyser | etterlyses
      | (?:er|ser)\s+(?:\w+\s+)?positiv[et]?\s+til | er\s+(?:\w+\s+)?glad\s+for
      | det\s+er\s+bra\s+at | vurderes\s+som\s+positivt | stiller\s+seg\s+bak
      | til\s+orde\s+for | vi\s+trenger | trengs\s+det
      | er\s+(?:\w+\s+){0,2}behov\s+for
      | (?:er|være)\s+(?:\w+\s+)?(?:viktig|nødvendig|avgjørende)\s+(?:at|å)
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)
# "Kommunene trenger større frihet": a need stated as the main clause.
_SUBJECT_NEEDS_RE = re.compile(r"^(?:\S+\s+){1,2}trenger\s+(?!det\b)", re.IGNORECASE)
_TRENGS_RE = re.compile(r"\b(?P<before>\w+)\s+trengs\s+(?P<after>\w+)", re.IGNORECASE)
_LIST_OF_MEASURES_RE = re.compile(
    r"tiltak|forslag|krav|anbefal|vi ønsker|vi ber|våre innspill|innspill til", re.IGNORECASE
)

_OPPOSES_RE = re.compile(
    r"\b(?:advarer|går\s+imot|er\s+(?:\w+\s+)?uenig|motsetter\s+seg|støtter\s+ikke"
    r"|ikke\s+støtte|er\s+(?:\w+\s+)?(?:imot|kritisk\w*\s+til|negativ\w*\s+til)"
    r"|bør\s+ikke|må\s+ikke|fraråder)\b",
    re.IGNORECASE,
)
_SUPPORTS_RE = re.compile(
    r"\b(?:støtter|støttes|er\s+(?:helt\s+|også\s+)?enig|positiv[et]?\s+til|glad\s+for"
    r"|det\s+er\s+bra\s+at|vurderes\s+som\s+positivt|stiller\s+seg\s+bak)\b",
    re.IGNORECASE,
)
_NEW_MEASURE_RE = re.compile(
    r"\b(?:foreslår|foreslås|etablere[sr]?|etablering|opprette[sr]?|innføre[sr]?|utarbeide[sr]?"
    r"|utrede[sr]?|lage|ny\s+ordning|nytt?\s+\w+program|handlingsplan|ny(?:e|tt)?\s+og\s+\w+)\b",
    re.IGNORECASE,
)


# A modal that only describes a trend or a consequence: "Utdanningene må i
# økende grad sende studenter til andre byer", "… fører til at analyser må gjentas".
_DESCRIPTIVE_MODAL_RE = re.compile(
    r"\b(?:må|bør)\s+(?:\w+\s+)?(?:i\s+økende\s+grad|stadig\s+oftere)\b", re.IGNORECASE
)
_CONSEQUENCE_RE = re.compile(r"\bfører\s+til\s+at\b", re.IGNORECASE)


def is_demand(sentence: str) -> bool:
    if sentence.rstrip().endswith("?") or len(sentence.split()) < 3:
        return False
    if _DESCRIPTIVE_MODAL_RE.search(sentence):
        return False
    match = _DEMAND_RE.search(sentence)
    consequence = _CONSEQUENCE_RE.search(sentence)
    if match and consequence and match.start() > consequence.end():
        return False
    if match or _SUBJECT_NEEDS_RE.search(sentence):
        return True
    for match in _TRENGS_RE.finditer(sentence):
        # "I tillegg trengs styrket støtte" asks; "kompetansen som trengs" describes.
        if match.group("before").lower() not in {"som", "den", "det", "de", "faktisk"}:
            if match.group("after").lower() not in {"mest", "for", "til", "i"}:
                return True
    return False


def guess_stance(text: str) -> Stance:
    """Opposition first (it often reuses the words of support: "støtter ikke")."""
    if _OPPOSES_RE.search(text):
        return "opposes"
    if _SUPPORTS_RE.search(text):
        return "supports"
    if _NEW_MEASURE_RE.search(text):
        return "new_measure"
    return "wants_change"


def find_candidates(sections: list[Section]) -> list[Candidate]:
    candidates: list[Candidate] = []
    seen: list[frozenset[str]] = []
    for section in sections:
        measures_list = bool(section.heading and _LIST_OF_MEASURES_RE.search(section.heading.text))
        pieces: list[tuple[int, str, bool]] = []
        if section.heading and not _NUMBERED_HEADING_RE.match(section.heading.text):
            pieces.append((section.heading.start, section.heading.text, True))
        for unit in section.units:
            if unit.is_bullet:
                body = BULLET_RE.sub("", unit.text, count=1)
                offset = unit.start + len(unit.text) - len(body)
                if measures_list or is_demand(body):
                    pieces.append((offset, body, False))
                continue
            for start, end in sentence_spans(unit.text):
                sentence = unit.text[start:end]
                if is_demand(sentence):
                    pieces.append((unit.start + start, sentence, False))
        for start, text, from_heading in pieces:
            if from_heading and not is_demand(text):
                continue
            words = _words(text)
            if len(words) < 3 or any(_repeats(words, other, from_heading) for other in seen):
                continue
            seen.append(words)
            candidates.append(
                Candidate(start, start + len(text), text, section, guess_stance(text), from_heading)
            )
    candidates.sort(key=lambda c: c.start)
    return candidates


_STOPWORDS = frozenset("og i på til for av med om at en et den det de som er vi å".split())


def _words(text: str) -> frozenset[str]:
    return frozenset(
        w for w in re.findall(r"[\wæøå]+", text.lower()) if w not in _STOPWORDS and len(w) > 1
    )


def _repeats(words: frozenset[str], other: frozenset[str], heading: bool) -> bool:
    """A heading that repeats a bullet, or the same sentence said twice.

    A heading is compared loosely (it is a shortened bullet); a sentence only
    strictly, because the elaboration of a measure reuses the bullet's words
    while asking for something more specific.
    """
    if heading:
        smaller = min(len(words), len(other))
        return bool(smaller) and len(words & other) / smaller >= 0.75
    union = len(words | other)
    return bool(union) and len(words & other) / union >= 0.85
