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
    # A heading with no text of its own right above this one ("Programkategori
    # 10.60 …" over "Kap. 762 …"): its references cover this section too.
    above: Section | None = None

    @property
    def start(self) -> int:
        return self.heading.start if self.heading else (self.units[0].start if self.units else 0)

    @property
    def end(self) -> int:
        last = self.units[-1] if self.units else self.heading
        return last.start + len(last.text) if last else 0


@dataclass
class Candidate:
    start: int
    end: int
    text: str
    section: Section
    stance: Stance
    from_heading: bool = False
    confidence: float = 0.5
    reason: str = ""
    title: str = ""
    # The list's lead-in ("NITO ber komiteen om å:") for an item under one: its
    # span is searched for references like a heading's.
    lead_in: tuple[int, int] | None = None
    merged: list[tuple[int, int]] = field(default_factory=list)  # spans of repeats merged in
    own_text: str = ""  # the sentence or list item itself, without its lead-in


# --- units, headings, sections -------------------------------------------------

_CLOSING_RE = re.compile(r"^(?:med\s+)?(?:vennlig|beste)\s+hilsen\b|^mvh\b", re.IGNORECASE)
_NUMBERED_HEADING_RE = re.compile(r"^(?:kapittel\s+)?\d{1,2}(?:\.\d{1,3}){0,3}\.?\s+\S", re.I)
_MAX_HEADING_CHARS = 170
_MAX_HEADING_WORDS = 24


# Datelines and file references are no headings and ask for nothing:
# "Dato: 25.04.2025", "Oslo, 14. oktober 2025", "Vår dato: … Deres ref.: …".
_META_RE = re.compile(
    r"^(?:dato|vår\s+dato|deres\s+dato|vår\s+ref\.?|deres\s+ref\.?|saksnr\.?|arkivkode|sted)\s*[:.]"
    r"|^[A-ZÆØÅ][\wæøå-]+(?:\s[A-ZÆØÅ][\wæøå-]+)?,?\s+(?:den\s+)?\d{1,2}\.\s*(?:\d{1,2}\.\s*\d{2,4}|[a-zæøå]+\s+\d{4})\.?$"
    r"|^\d{1,2}\.\s*\d{1,2}\.\s*\d{4}$"
    r"|^til\s+.{0,60}(?:komit[eé]en|departementet|stortinget|direktoratet)\s*$",
    re.IGNORECASE,
)


def is_meta(text: str) -> bool:
    return bool(_META_RE.match(text.strip()))


def read_units(body: str) -> list[Unit]:
    """The body's units with offsets; datelines are left out, and everything after
    the closing greeting."""
    raw: list[tuple[int, str]] = []
    offset = 0
    for line in body.split("\n"):
        if line.strip():
            if _CLOSING_RE.match(line):
                break
            if not is_meta(line):
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
            previous = sections[-1]
            stacked = previous.heading is not None and not previous.units
            sections.append(Section(heading=unit, above=previous if stacked else None))
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
        må | bør | ber\s | foreslår | anbefaler | krever\s+at
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
    r"|bør\s+ikke|må\s+ikke|fraråder|avvise)\b",
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

# Others speaking: the government, the report, the hearing letter. "Regjeringen
# foreslår …", "Det foreslås …", "Høringsinstansene oppfordres til …", "Utvalget
# mener at … bør …" describe what someone else says; the writer asks nothing.
_OTHERS = (
    r"(?:regjeringen|departementet|utvalget|meldingen|kommisjonen|direktoratet|statsråden"
    r"|ministeren|høringsnotatet|høringsbrevet|proposisjonen|utredningen|planen|strategien"
    r"|rapporten|høringsinstansene|[\wæøå]+departementet|[\wæøå]+direktoratet|[\wæøå]+utvalget)"
)
_OTHERS_SPEAK_RE = re.compile(
    rf"(?:^|[,;:]\s+|\bog\s+|\bmen\s+)(?!slik\b|som\b)(?:\w+\s+)?{_OTHERS}\s+(?:\w+\s+)?"
    r"(?:foreslår|foreslo|anbefaler|anbefalte|ber|oppfordrer|mener|skriver|sier|beskriver"
    r"|peker\s+på|påpeker|konkluderer|legger\s+opp\s+til|varsler|viser\s+til)\b",
    re.IGNORECASE,
)
_REPORTING_VERB_RE = re.compile(
    r"\b(?:foreslår|foreslo|anbefaler|anbefalte|ber|oppfordrer|mener|skriver|sier|beskriver"
    r"|peker|påpeker|konkluderer|legger|varsler|viser)\b",
    re.IGNORECASE,
)
_PASSIVE_REPORT_RE = re.compile(
    r"^(?:\w+\s+){0,3}?(?:foreslås|oppfordres|anbefales|varsles)\b|\b(?:det|dette)\s+"
    r"(?:foreslås|anbefales|oppfordres)\b",
    re.IGNORECASE,
)
# «…», skriver utvalget: a quotation.
_QUOTED_RE = re.compile(r"^[«\"“].*[»\"”](?:,|\s+(?:skriver|sier|heter|står))", re.IGNORECASE)
# Agreeing with how someone describes things is no demand.
_AGREES_WITH_ANALYSIS_RE = re.compile(
    r"\b(?:støtter|deler|er\s+(?:helt\s+)?enig\s+i)\s+(?:\w+\s+){0,2}"
    r"(?:beskrivelse\w*|analyse\w*|vurdering\w*|utfordringsbilde\w*|problembeskrivelse\w*"
    r"|situasjonsbeskrivelse\w*|virkelighetsbeskrivelse\w*|virkelighetsforståelse\w*"
    r"|kunnskapsgrunnlag\w*)\b",
    re.IGNORECASE,
)
_COURTESY_RE = re.compile(
    r"\b(?:ta\s+(?:gjerne\s+)?kontakt|takker\s+for|bidrar\s+gjerne|stiller\s+gjerne"
    r"|lykke\s+til|står\s+(?:gjerne\s+)?til\s+(?:disposisjon|rådighet)"
    r"|ber\s+om\s+å\s+få\s+(?:delta|møte|komme|holde|innlede|presentere|ordet))\b",
    re.IGNORECASE,
)

# How sure each kind of signal makes us, and the word the review screen shows.
REQUEST, PROPOSES, OPPOSES, MUST, SHOULD, LIST, MEASURE = (
    "ber om",
    "foreslår",
    "går imot",
    "må",
    "bør",
    "liste",
    "tiltak",
)
SUPPORTS, MISSES, NEED, IMPORTANT, POSITIVE = "støtter", "savner", "behov", "viktig", "positiv"
_SIGNALS: tuple[tuple[str, float, re.Pattern[str]], ...] = (
    (REQUEST, 0.9, re.compile(r"\b(?:ber|anmoder|krever|oppfordrer)\b", re.I)),
    (OPPOSES, 0.85, re.compile(r"\b(?:går\s+imot|advarer|motsetter\s+seg|fraråder)\b", re.I)),
    (PROPOSES, 0.85, re.compile(r"\b(?:foreslår|anbefaler|forventer)\b", re.I)),
    (MUST, 0.8, re.compile(r"\bmå\b", re.I)),
    (SHOULD, 0.8, re.compile(r"\bbør\b", re.I)),
    (MISSES, 0.75, re.compile(r"\b(?:savner|savnes|etterlyser|etterlyses)\b", re.I)),
    (
        SUPPORTS,
        0.7,
        re.compile(r"\b(?:støtter|støttes|stiller\s+seg\s+bak|er\s+(?:\w+\s+)?(?:u)?enig)\b", re.I),
    ),
    (NEED, 0.6, re.compile(r"\b(?:behov|trengs|trenger)\b", re.I)),
    (IMPORTANT, 0.5, re.compile(r"\b(?:viktig|nødvendig|avgjørende)\b", re.I)),
    (POSITIVE, 0.5, re.compile(r"\b(?:positiv|glad|bra|til\s+orde)\b", re.I)),
)
# Proposals at or above this are ticked on the review screen.
CONFIDENT = 0.7
_ASKING_LEAD_IN_RE = re.compile(
    r"\b(?:ber|anmoder|krever|foreslår|anbefaler|ønsker|vil|mener|forventer|oppfordrer"
    r"|går\s+inn\s+for|må|bør)\b",
    re.IGNORECASE,
)


def _triggers(sentence: str) -> bool:
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


def not_a_demand(sentence: str) -> str | None:
    """Why a sentence that sounds like a demand is none, or None."""
    if _COURTESY_RE.search(sentence):
        return "courtesy"
    if _QUOTED_RE.search(sentence.strip()):
        return "quotation"
    if _AGREES_WITH_ANALYSIS_RE.search(sentence):
        return "agreement with a description"
    if _PASSIVE_REPORT_RE.search(sentence):
        return "description"
    if _REPORTING_VERB_RE.search(sentence) and _OTHERS_SPEAK_RE.search(sentence):
        return "description"
    return None


def classify(sentence: str) -> tuple[str, float] | None:
    """The reason a sentence is a demand and how sure that is, or None."""
    if not _triggers(sentence) or not_a_demand(sentence):
        return None
    # The first signal in the sentence is the writer's main verb more often than
    # not ("… må lovfestes, slik utvalget foreslår" is a "må").
    found = [
        (match.start(), reason, confidence)
        for reason, confidence, pattern in _SIGNALS
        if (match := pattern.search(sentence))
    ]
    if not found:
        return NEED, 0.6
    _, reason, confidence = min(found, key=lambda item: item[0])
    return reason, confidence


def is_demand(sentence: str) -> bool:
    return classify(sentence) is not None


def guess_stance(text: str) -> Stance:
    """Opposition first (it often reuses the words of support: "støtter ikke")."""
    if _OPPOSES_RE.search(text):
        return "opposes"
    if _SUPPORTS_RE.search(text):
        return "supports"
    if _NEW_MEASURE_RE.search(text):
        return "new_measure"
    return "wants_change"


@dataclass
class _Piece:
    start: int
    text: str
    reason: str
    confidence: float
    from_heading: bool = False
    core: str = ""  # what the title is made of: the list item, else the sentence
    lead_in: tuple[int, int] | None = None


def _lead_in(unit: Unit, following: Unit | None) -> tuple[int, str] | None:
    """The last sentence of a unit that introduces a list ("X ber komiteen om å:")."""
    if unit.is_bullet or following is None or not following.is_bullet:
        return None
    spans = sentence_spans(unit.text)
    if not spans:
        return None
    start, end = spans[-1]
    sentence = unit.text[start:end]
    return (unit.start + start, sentence) if sentence.rstrip().endswith(":") else None


def _join_lead_in(lead_in: str, item: str) -> str:
    item = item.rstrip(" ;,.")
    if item[:1].isupper() and not item[1:2].isupper():
        item = item[0].lower() + item[1:]
    return f"{lead_in.rstrip().rstrip(':').rstrip()} {item}."


def _section_pieces(section: Section) -> list[_Piece]:
    measures_list = bool(section.heading and _LIST_OF_MEASURES_RE.search(section.heading.text))
    pieces: list[_Piece] = []
    heading = section.heading
    if heading and not _NUMBERED_HEADING_RE.match(heading.text):
        found = classify(heading.text)
        if found:
            pieces.append(_Piece(heading.start, heading.text, *found, True, heading.text))
    lead_in: tuple[int, str] | None = None
    units = section.units
    for index, unit in enumerate(units):
        following = units[index + 1] if index + 1 < len(units) else None
        if unit.is_bullet:
            body = BULLET_RE.sub("", unit.text, count=1)
            offset = unit.start + len(unit.text) - len(body)
            if lead_in is not None:
                lead_start, lead_text = lead_in
                asking = bool(_ASKING_LEAD_IN_RE.search(lead_text))
                if asking or classify(body):
                    pieces.append(
                        _Piece(
                            offset,
                            _join_lead_in(lead_text, body),
                            LIST,
                            0.9 if asking else 0.75,
                            core=body,
                            lead_in=(lead_start, lead_start + len(lead_text)),
                        )
                    )
                continue
            found = classify(body)
            if found:
                pieces.append(_Piece(offset, body, *found, core=body))
            elif measures_list and not not_a_demand(body) and len(body.split()) >= 3:
                pieces.append(_Piece(offset, body, MEASURE, 0.75, core=body))
            continue
        lead_in = _lead_in(unit, following)
        spans = sentence_spans(unit.text)
        if lead_in is not None:
            spans = spans[:-1]
        for start, end in spans:
            sentence = unit.text[start:end]
            found = classify(sentence)
            if found:
                pieces.append(_Piece(unit.start + start, sentence, *found, core=sentence))
    return pieces


def find_candidates(sections: list[Section]) -> list[Candidate]:
    candidates: list[Candidate] = []
    seen: list[frozenset[str]] = []  # the words of each candidate, as first found
    for section in sections:
        for piece in _section_pieces(section):
            words = _words(piece.text)
            if len(words) < 3:
                continue
            repeat = next(
                (
                    c
                    for c, other in zip(candidates, seen, strict=True)
                    if _repeats(words, other, piece.from_heading)
                ),
                None,
            )
            if repeat is not None:
                # The same demand said twice (a summary and its section, a bullet
                # and a heading): one candidate, the surer of the two, keeping both places.
                if piece.confidence > repeat.confidence and not piece.from_heading:
                    repeat.merged.append((repeat.start, repeat.end))
                    repeat.start, repeat.end = piece.start, piece.start + len(piece.text)
                    repeat.text, repeat.reason = piece.text, piece.reason
                    repeat.confidence, repeat.lead_in = piece.confidence, piece.lead_in
                    repeat.title = make_title(piece.core or piece.text)
                    repeat.own_text = piece.core or piece.text
                else:
                    repeat.merged.append((piece.start, piece.start + len(piece.text)))
                continue
            seen.append(words)
            candidates.append(
                Candidate(
                    piece.start,
                    piece.start + len(piece.text)
                    if not piece.lead_in
                    else piece.start + len(piece.core),
                    piece.text,
                    section,
                    guess_stance(piece.text),
                    piece.from_heading,
                    confidence=piece.confidence,
                    reason=piece.reason,
                    title=make_title(piece.core or piece.text),
                    lead_in=piece.lead_in,
                    own_text=piece.core or piece.text,
                )
            )
    candidates.sort(key=lambda c: c.start)
    return candidates


# --- titles ---------------------------------------------------------------------

TITLE_MAX_CHARS = 100
# What introduces the request rather than saying it: "NITO mener at", "Vi ber
# komiteen om å", "Det er viktig at", "Som nevnt i …, ".
_TITLE_LEAD_RE = re.compile(
    r"^(?:(?:videre|derfor|også|samtidig|oppsummert|likevel|i\s+tillegg),?\s+)?"
    r"(?:(?:[A-ZÆØÅ][\wæøå-]*\s+){1,4}|vi\s+|det\s+er\s+(?:\w+\s+)?)"
    r"(?:også\s+|derfor\s+|videre\s+)?"
    r"(?:mener|ber(?:\s+\w+){0,2}\s+om|anbefaler|foreslår|krever|forventer|er\s+(?:\w+\s+)?viktig"
    r"|viktig|nødvendig|avgjørende)\s+(?:også\s+|derfor\s+)?(?:at|å)\s+",
    re.IGNORECASE,
)


_ASIDE_RE = re.compile(r"\b(må|bør|skal|vil),\s[^,]{3,80},\s")


def make_title(text: str) -> str:
    """The request's core, at most 100 characters: the lead ("NITO mener at") left out,
    cut at a clause boundary when long, never in the middle of a word."""
    core = " ".join(text.split()).strip()
    # "Regjeringen bør, gjennom bevilgninger og styringsdialog, sikre …": the aside goes.
    core = _ASIDE_RE.sub(r"\1 ", core, count=1)
    stripped = _TITLE_LEAD_RE.sub("", core, count=1)
    if len(stripped.split()) >= 3:
        core = stripped
    core = core.rstrip(" .:;,")
    if len(core) > TITLE_MAX_CHARS:
        for boundary in (r",\s", r"\s(?:slik\s+at|for\s+å|fordi|ettersom|og\s+at)\s", r";\s"):
            cut = [
                m.start() for m in re.finditer(boundary, core) if 30 <= m.start() <= TITLE_MAX_CHARS
            ]
            if cut:
                core = core[: cut[-1]]
                break
    if len(core) > TITLE_MAX_CHARS:
        core = core[: TITLE_MAX_CHARS - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
    return core[:1].upper() + core[1:]


_STOPWORDS = frozenset("og i på til for av med om at en et den det de som er vi å".split())


def _words(text: str) -> frozenset[str]:
    return frozenset(
        w
        for w in re.findall(r"[\wæøå]+", text.lower())
        if w not in _STOPWORDS and (len(w) > 1 or w.isdigit())
    )


def _repeats(words: frozenset[str], other: frozenset[str], heading: bool) -> bool:
    """A heading that repeats a bullet, or the same demand said twice.

    A heading is compared loosely (it is a shortened bullet). Two sentences are
    one demand when they share nearly all their words, or when one says almost
    nothing the other does not and they still share most words (a summary that
    repeats a section's demand in fewer words). An elaboration that reuses a
    bullet's words while asking for something more specific adds words of its
    own, so it stays.
    """
    if not words or not other:
        return False
    shared = len(words & other)
    smaller = min(len(words), len(other))
    if shared / smaller < 0.75:
        return False  # every rule below needs at least this much in common
    if any(word.isdigit() for word in words ^ other):
        return False  # another number, another amount or place: another demand
    if heading:
        return True
    jaccard = shared / len(words | other)
    contained = shared / smaller
    return (
        jaccard >= 0.85
        or (contained >= 0.85 and jaccard >= 0.6)
        or contained >= 0.9
        and jaccard >= 0.5
    )
