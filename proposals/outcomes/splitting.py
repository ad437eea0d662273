"""Split a recommendation (Innst.) into the passages a person would cite.

Plain Python with no Django. The kinds of passage:

- ``committee_remarks``: the whole committee's remarks under a heading
  ("Komiteen viser til …");
- ``party_remarks``: a party group's remarks ("Komiteens medlemmer fra
  Fremskrittspartiet …", "Komiteens flertall, medlemmene fra …"), continued by
  "Disse medlemmer …" / "Dette medlem …";
- ``minority_proposal``: a numbered proposal under "Forslag fra mindretall";
- ``recommended_decision``: one roman-numeral part of the committee's
  recommended decision ("Komiteens tilråding", I, II, …);
- ``summary``: the Innst.'s account of the document (not the committee's view);
- ``decision``: a decision of the Storting (from ``stortingsvedtak``, see decisions.py).

Each passage keeps its heading path, the page where known, the chapter of the
treated document its heading names ("Kapittel 10 …") and the parties behind it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from proposals.outcomes.blocks import Block

COMMITTEE = "committee_remarks"
PARTY = "party_remarks"
MINORITY = "minority_proposal"
DECISION_PART = "recommended_decision"
SUMMARY = "summary"
DECISION = "decision"

PARTIES = {
    "Arbeiderpartiet": "A",
    "Høyre": "H",
    "Senterpartiet": "Sp",
    "Fremskrittspartiet": "FrP",
    "Sosialistisk Venstreparti": "SV",
    "Rødt": "R",
    "Venstre": "V",
    "Kristelig Folkeparti": "KrF",
    "Miljøpartiet De Grønne": "MDG",
    "Pasientfokus": "PF",
}
_PARTY_RE = re.compile(
    r"(?<!\w)("
    + "|".join(sorted((re.escape(p) for p in PARTIES), key=len, reverse=True))
    + r")(?!\w)"
)
# A roman numeral alone on its line: "I lov …" begins a sentence, not part I.
_ROMAN_RE = re.compile(r"^(?P<numeral>[IVX]{1,5})\.?$")
_PROPOSAL_RE = re.compile(r"^forslag\s+(?P<number>\d+)\b[.:]?\s*(?P<rest>.*)$", re.IGNORECASE)
_PROPOSAL_FROM_RE = re.compile(r"^forslag fra (?P<who>[^:]+):\s*(?P<rest>.*)$", re.IGNORECASE)
_CHAPTER_HEADING_RE = re.compile(r"\bkapittel\s+(?P<number>\d{1,3}(?:\.\d{1,3})*)", re.IGNORECASE)
_CHAPTER_IN_TEXT_RE = re.compile(
    r"\bkap(?:ittel|\.)\s*(?P<number>\d{1,2}(?:\.\d{1,3})*)\b(?!\s*,?\s*post)", re.IGNORECASE
)
_COMMITTEE_OPENER = re.compile(r"^komiteen\b", re.IGNORECASE)
_PARTY_OPENER = re.compile(
    r"^(?:komiteens\s+(?:medlemmer|medlem|flertall|mindretall)\b|flertallet\b|mindretallet\b)",
    re.IGNORECASE,
)
_CONTINUATION = re.compile(r"^(?:disse medlemmer|dette medlem)\b", re.IGNORECASE)
_REMARKS_HEADING = re.compile(r"komiteens merknader|merknader fra komiteen", re.IGNORECASE)
_MINORITY_HEADING = re.compile(r"forslag fra mindretall", re.IGNORECASE)
_DECISION_HEADING = re.compile(r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:komiteens\s+)?tilråding\b", re.I)
_SUMMARY_HEADING = re.compile(r"sammendrag|innledning|hovedinnhold", re.IGNORECASE)
_INTRO_END = re.compile(r"[,:]?\s+(?:viser|mener|er|støtter|ber|vil|går|deler|foreslår|merker)\b")


@dataclass
class Passage:
    kind: str
    text: str
    heading_path: list[str] = field(default_factory=list)
    page: int | None = None
    number: str = ""  # "3" for forslag 3, "II" for romertall II, the vedtak's number
    parties: list[str] = field(default_factory=list)
    chapter: str = ""  # the treated document's chapter the heading names
    majority: bool = False
    decision_type: str = ""
    source_id: str = ""

    @property
    def key(self) -> str:
        """Stable across re-imports of the same text, so confirmed matches keep their passage."""
        head = " / ".join(self.heading_path)
        return f"{self.kind}|{head}|{self.number}|{' '.join(self.text.split()[:12])}"[:250]

    def chapters_mentioned(self) -> list[str]:
        found = [self.chapter] if self.chapter else []
        for match in _CHAPTER_IN_TEXT_RE.finditer(self.text):
            if match.group("number") not in found:
                found.append(match.group("number"))
        return found


def parties_in(text: str) -> list[str]:
    """The parties named in a remark's opening clause, in order."""
    intro = text[:300]
    end = _INTRO_END.search(intro)
    if end:
        intro = intro[: end.start()]
    found = []
    for match in _PARTY_RE.finditer(intro):
        if match.group(1) not in found:
            found.append(match.group(1))
    return found


def _chapter_of(path: list[str]) -> str:
    for heading in reversed(path):
        match = _CHAPTER_HEADING_RE.search(heading)
        if match:
            return match.group("number")
    return ""


class _Splitter:
    def __init__(self):
        self.passages: list[Passage] = []
        self.path: list[tuple[int, str]] = []
        self.section = ""  # "remarks", "minority", "decision", "summary" or ""
        self.current: Passage | None = None
        self.proposers: list[str] = []

    @property
    def heading_path(self) -> list[str]:
        return [text for _, text in self.path]

    def start(self, kind: str, text: str, page, **extra) -> Passage:
        passage = Passage(
            kind=kind,
            text=text,
            heading_path=self.heading_path,
            page=page,
            chapter=_chapter_of(self.heading_path),
            **extra,
        )
        self.passages.append(passage)
        self.current = passage
        return passage

    def heading(self, block: Block) -> None:
        if _MINORITY_HEADING.search(block.text):
            self.section = "minority"
        elif _DECISION_HEADING.match(block.text):
            self.section = "decision"
        elif _REMARKS_HEADING.search(block.text):
            self.section = "remarks"
        elif _SUMMARY_HEADING.search(block.text):
            self.section = "summary"
        elif self.section != "decision":
            self.section = ""
        while self.path and self.path[-1][0] >= block.level:
            self.path.pop()
        self.path.append((block.level, block.text))
        self.current = None

    def paragraph(self, block: Block) -> None:
        text = block.text
        if self.section == "minority":
            self.minority(block)
            return
        if self.section == "decision":
            numeral = _ROMAN_RE.match(text)
            if numeral:
                self.start(DECISION_PART, "", block.page, number=numeral["numeral"])
                return
        if _COMMITTEE_OPENER.match(text) and not parties_in(text)[1:]:
            self.start(COMMITTEE, text, block.page)
        elif _COMMITTEE_OPENER.match(text) or _PARTY_OPENER.match(text):
            # "Komiteens flertall, alle unntatt medlemmene fra X": the parties are the others.
            parties = [] if re.search(r"alle unntatt", text[:120], re.I) else parties_in(text)
            majority = bool(re.match(r"^(?:komiteens flertall|flertallet)", text, re.I))
            # "Komiteen, medlemmene fra A, H, Sp …, viser til": everyone, so the committee.
            whole = _COMMITTEE_OPENER.match(text) and not majority
            self.start(
                COMMITTEE if whole else PARTY,
                text,
                block.page,
                parties=[] if whole else parties,
                majority=majority,
            )
        elif _CONTINUATION.match(text) and self.current and self.current.kind == PARTY:
            self.current.text += "\n\n" + text
        elif self.current is not None:
            self.current.text = (self.current.text + "\n\n" + text).strip()
        elif self.section == "summary" or not self.section:
            self.start(SUMMARY, text, block.page)
        else:
            self.start(COMMITTEE, text, block.page)

    def minority(self, block: Block) -> None:
        text = block.text
        who = _PROPOSAL_FROM_RE.match(text)
        if who:
            self.proposers = [m.group(1) for m in _PARTY_RE.finditer(who.group("who"))]
            text = who.group("rest").strip()
            if not text:
                return
        number = _PROPOSAL_RE.match(text)
        if number:
            self.start(
                MINORITY,
                number.group("rest").strip(),
                block.page,
                number=number.group("number"),
                parties=list(self.proposers),
            )
        elif self.current is not None and self.current.kind == MINORITY:
            self.current.text = (self.current.text + "\n\n" + text).strip()

    def row(self, block: Block) -> None:
        if self.current is None:
            kind = DECISION_PART if self.section == "decision" else COMMITTEE
            if self.section in ("summary", ""):
                kind = SUMMARY
            self.start(kind, block.text, block.page)
        else:
            self.current.text = (self.current.text + "\n" + block.text).strip()


def split(blocks: list[Block]) -> list[Passage]:
    """The passages of a recommendation, in document order; empty ones dropped."""
    splitter = _Splitter()
    for block in blocks:
        getattr(splitter, block.kind)(block)
    return [p for p in splitter.passages if p.text.strip()]
