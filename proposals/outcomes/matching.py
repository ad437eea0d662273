"""Rank a recommendation's passages against a demand, and propose what came of it.

Plain Python with no Django. Evidence, each counted once per passage:

- shared references: the chapter the passage's heading names (or that it cites)
  against the demand's chapters, and the kap./post it cites against the demand's posts;
- text similarity: cosine of TF-IDF weights over Snowball-stemmed Norwegian words
  (the same on SQLite and PostgreSQL, and testable without a database; PostgreSQL's
  ``norwegian`` configuration uses the same Snowball stemmer, but only inside the
  database, and a score needs both texts' stems side by side);
- the organisation named ("viser til innspill fra NITO");
- the demand's amount found in the passage.

The proposed outcome reads the passage's kind and wording: a minority's proposal
or a party group's remark does not decide anything; the committee's remarks and
its recommended decision do, and their wording says whether they agree.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

from proposals.outcomes import splitting as kinds
from proposals.submissions.importing.references import find_amounts, find_budget_refs

MET = "met"
PARTLY_MET = "partly_met"
NOT_MET = "not_met"
MENTIONED = "mentioned"

# Below this a passage is not offered at all: a guess the secretary must wade through.
MIN_SCORE = 0.9
TOP = 3

_WORD_RE = re.compile(r"[a-zæøåéü]+", re.IGNORECASE)
_STOPWORDS = frozenset(
    """og i jeg det at en et den til er som på de med han av ikke der så var meg seg men ett har
    om vi min mitt ha hadde hun nå over da ved fra du ut sin dem oss opp man kan hans hvor eller
    hva skal selv sjøl her alle vil bli ble blitt kunne inn når være kom noen noe ville dere
    deres kun ja etter ned skulle denne for deg si sine sitt mot å meget hvorfor dette disse
    uten hvordan ingen din ditt blir samme hvilken hvilke sånn inni mellom vår hver hvem vors
    hvis både bare enn fordi før mange også slik vært være begge siden dykk dykkar dei deira
    deires deim di då eg ein eit eitt elles honom hjå ho hoe henne hennar hennes hoss hossen
    ikkje ingi inkje korleis korso kva kvar kvarhelst kven kvi kvifor me medan mi mine mykje
    no nokon noka nokor noko nokre si sia sidan so somt somme um upp vere vore verte vort
    varte vart komiteen komiteens medlemmer medlem viser mener ber regjeringen stortinget
    organisasjonen krever krav foreslår ønsker""".split()
)
_NEGATIVE_RE = re.compile(
    r"\b(?:ikke|ingen|avviser|går imot|går ikke inn for|ser ikke|uenige?|"
    r"kan ikke støtte|ikke grunnlag|tilstrekkelig)\b",
    re.IGNORECASE,
)
_POSITIVE_RE = re.compile(
    r"\b(?:støtter|ber regjeringen|slutter seg til|foreslår å øke|øke|styrke|etablere|"
    r"prioritere|avgjørende|viktig)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("norwegian")


def stems(text: str) -> list[str]:
    words = [w.lower() for w in _WORD_RE.findall(text)]
    return _stemmer().stemWords([w for w in words if w not in _STOPWORDS and len(w) > 2])


@dataclass
class DemandFacts:
    key: object
    text: str
    organisation_names: list[str] = field(default_factory=list)
    chapters: list[str] = field(default_factory=list)
    budget_posts: list[tuple[int, int]] = field(default_factory=list)
    amount: int | None = None


@dataclass
class PassageFacts:
    key: object
    kind: str
    text: str
    chapters: list[str] = field(default_factory=list)
    majority: bool = False

    def budget_posts(self) -> set[tuple[int, int]]:
        return {(ref.chapter, ref.post) for ref in find_budget_refs(self.text, year=None)}

    def amounts(self) -> set[int]:
        return {abs(a) for a in find_amounts(self.text)}


@dataclass
class Evidence:
    kind: str  # chapter, budget_post, words, organisation, amount
    detail: str


@dataclass
class Suggestion:
    demand: object
    passage: object
    score: float
    outcome: str
    evidence: list[Evidence]
    outcome_reason: str


def _chapter_overlap(demand: list[str], passage: list[str]) -> str | None:
    for mine in demand:
        for theirs in passage:
            if mine == theirs or mine.startswith(theirs + ".") or theirs.startswith(mine + "."):
                return mine
    return None


class Index:
    """The passages of one recommendation with their stems and IDF weights, built once."""

    def __init__(self, passages: list[PassageFacts]):
        self.passages = passages
        self._stems = [Counter(stems(p.text)) for p in passages]
        self._posts = [p.budget_posts() for p in passages]
        self._amounts = [p.amounts() for p in passages]
        frequency = Counter(stem for counts in self._stems for stem in counts)
        total = max(len(passages), 1)
        self.idf = {stem: math.log((1 + total) / (1 + n)) + 1 for stem, n in frequency.items()}
        self._vectors = [self._vector(counts) for counts in self._stems]

    def _vector(self, counts: Counter) -> dict[str, float]:
        vector = {s: (1 + math.log(n)) * self.idf.get(s, 1.0) for s, n in counts.items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return {s: v / norm for s, v in vector.items()}

    def rank(self, demand: DemandFacts, *, top: int = TOP) -> list[Suggestion]:
        mine = self._vector(Counter(stems(demand.text)))
        found = []
        for i, passage in enumerate(self.passages):
            theirs = self._vectors[i]
            similarity = sum(v * theirs.get(s, 0.0) for s, v in mine.items())
            shared = sorted(set(mine) & set(theirs), key=lambda s: -mine[s] * theirs[s])
            evidence: list[Evidence] = []
            score = 4.0 * similarity
            if shared and similarity >= 0.08:
                evidence.append(Evidence("words", ", ".join(shared[:5])))
            chapter = _chapter_overlap(demand.chapters, passage.chapters)
            if chapter:
                score += 0.8
                evidence.append(Evidence("chapter", chapter))
            posts = set(demand.budget_posts) & self._posts[i]
            if posts:
                score += 1.2
                kap, post = sorted(posts)[0]
                evidence.append(Evidence("budget_post", f"{kap}.{post:02d}"))
            named = [n for n in demand.organisation_names if n and _names(passage.text, n)]
            if named:
                score += 0.8
                evidence.append(Evidence("organisation", named[0]))
            if demand.amount and abs(demand.amount) in self._amounts[i]:
                score += 1.0
                evidence.append(Evidence("amount", str(abs(demand.amount))))
            score *= _KIND_WEIGHT.get(passage.kind, 1.0)
            if score < MIN_SCORE or not evidence:
                continue
            outcome, reason = propose_outcome(passage, similarity=similarity, evidence=evidence)
            found.append(Suggestion(demand.key, passage.key, score, outcome, evidence, reason))
        found.sort(key=lambda s: -s.score)
        return found[:top]


# The Innst.'s account of the document says what the government wrote, not the committee.
_KIND_WEIGHT = {kinds.SUMMARY: 0.4}


def _names(text: str, name: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text) is not None


def propose_outcome(passage: PassageFacts, *, similarity: float, evidence) -> tuple[str, str]:
    """The outcome the passage implies, and a code for the reason (worded by the caller)."""
    text = passage.text
    negative = _NEGATIVE_RE.search(text) is not None
    positive = _POSITIVE_RE.search(text) is not None
    if passage.kind == kinds.MINORITY:
        return NOT_MET, "minority_proposal"
    if passage.kind == kinds.PARTY and not passage.majority:
        return MENTIONED, "party_minority"
    if passage.kind == kinds.SUMMARY:
        return MENTIONED, "summary"
    if negative and not (positive and similarity > 0.35):
        return NOT_MET, "rejects"
    if passage.kind in (kinds.DECISION_PART, kinds.DECISION) and positive:
        return MET, "decided"
    if positive and similarity >= 0.3:
        return MET, "agrees"
    if positive:
        return PARTLY_MET, "agrees_in_part"
    return MENTIONED, "mentions"
