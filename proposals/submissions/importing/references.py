"""Find references to policy documents, their chapters, budget posts and amounts.

Every pattern here is anchored on a word that only appears in a reference
("Meld. St.", "NOU", "kapittel", "kap.", "post", "programkategori", "kr",
"mill."), so plain numbers — years, counts, percentages, dates, phone numbers,
footnote numbers — never become references on their own. URLs are blanked out
before searching because they are full of numbers and words like "nou-2020-15".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from proposals.reference import identifiers

T = TypeVar("T")

_SESSION = rf"\(\s*\d{{4}}\s*[{identifiers.DASHES}]\s*(?:\d{{4}}|\d{{2}})\s*\)"

# Where each kind of official identifier is written in a text; what it says is
# read by ``identifiers.parse_identifier``, the same function forms and commands use.
_IDENTIFIER_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"\bMeld\.\s*St\.\s*(?:nr\.\s*)?\d{{1,3}}\s*{_SESSION}"),
    re.compile(rf"\bSt\.\s*meld\.\s*(?:nr\.\s*)?\d{{1,3}}\s*{_SESSION}"),
    re.compile(r"\bNOU\s*\d{4}\s*:\s*0?\d{1,3}\b"),
    re.compile(rf"\bProp\.\s*\d{{1,3}}\s*(?:LS|S|L)\s*{_SESSION}"),
    re.compile(rf"\bInnst\.\s*\d{{1,3}}\s*(?:S|L|O)\s*{_SESSION}"),
    re.compile(rf"\bLovvedtak\s+\d{{1,3}}\s*{_SESSION}"),
    re.compile(rf"\bDokument\s*\d{{1,2}}\s*:\s*\d{{1,4}}\s*(?:LS|S|L)\s*{_SESSION}"),
)

# "Koronakommisjonens rapport": a document named rather than numbered. Only used
# when a chapter reference points at it (see find_chapter_refs).
_NAMED_DOCUMENT_RE = re.compile(
    r"\b[A-ZÆØÅ][\wæøåÆØÅ-]*s\s+(?:rapport|utredning|melding|stortingsmelding|proposisjon"
    r"|innstilling|strategi|handlingsplan)\b"
)

# Words that show a document is the one being answered, when they come right
# before its identifier: "innspill til behandlingen av Meld. St. 9 (2023–2024)".
_TARGET_LEAD_RE = re.compile(
    r"(?:innspill|høringssvar|høringsuttalelse|høringsinnspill|merknader|kommentarer|uttalelse|svar)"
    r"\s+(?:til|på|om|vedrørende|vedr\.)\s+(?:behandlingen\s+av\s+|høringen\s+(?:om|av)\s+)?"
    r"(?:[\wæøå-]+\s+){0,2}$",
    re.IGNORECASE,
)

_URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_EMAIL_RE = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")


@dataclass(frozen=True)
class DocumentMention:
    identifier: str
    start: int
    end: int
    named: bool = False  # a named report, not an official identifier


@dataclass(frozen=True)
class ChapterRef:
    document: str | None
    number: str


@dataclass(frozen=True)
class BudgetRef:
    year: int | None
    chapter: int
    post: int


def mask_urls(text: str) -> str:
    """Blank out URLs and e-mail addresses, keeping every other offset unchanged."""

    def blank(match: re.Match[str]) -> str:
        return " " * len(match.group(0))

    return _EMAIL_RE.sub(blank, _URL_RE.sub(blank, text))


def _identifier(written: str) -> str | None:
    try:
        parsed = identifiers.parse_identifier(written)
    except identifiers.SessionError:  # "(2019–2023)" is no session
        return None
    return identifiers.format_identifier(parsed) if parsed else None


def normalise_identifier(identifier: str) -> str:
    """Official form of an identifier someone typed; the one rule is in proposals.reference.identifiers."""
    return identifiers.normalise_identifier(identifier)


def find_documents(text: str) -> list[DocumentMention]:
    """Official identifiers in the text, in order of appearance (repeats kept)."""
    masked = mask_urls(text)
    mentions: list[DocumentMention] = []
    for pattern in _IDENTIFIER_PATTERNS:
        for match in pattern.finditer(masked):
            identifier = _identifier(match.group(0))
            if identifier:
                mentions.append(DocumentMention(identifier, match.start(), match.end()))
    mentions.sort(key=lambda m: m.start)
    return mentions


def find_named_documents(text: str) -> list[DocumentMention]:
    return [
        DocumentMention(m.group(0), m.start(), m.end(), named=True)
        for m in _NAMED_DOCUMENT_RE.finditer(text)
    ]


def find_target(text: str, mentions: list[DocumentMention], *, title_end: int) -> str | None:
    """The document the submission answers, judged from the text alone.

    It is the first identifier in the title (``title_end`` is where the title
    stops), or one introduced as what the submission is "innspill til",
    "høringssvar til" and the like. Anything else is only cited.
    """
    for mention in mentions:
        if mention.start < title_end:
            return mention.identifier
    for mention in mentions:
        if _TARGET_LEAD_RE.search(text[max(0, mention.start - 80) : mention.start]):
            return mention.identifier
    return None


# --- chapters -----------------------------------------------------------------

_CHAPTER_WORD = (
    r"(?:kapitlene|kapitler|kapittel|kapitel|kap\.|kap(?=\s)|delkapittel|delkapitlene"
    r"|punktene|punkt|pkt\.|avsnittene|avsnitt)"
)
_NUMBER = r"\d{1,2}(?:\.\d{1,3}){0,3}"
_CHAPTER_RE = re.compile(
    rf"\b{_CHAPTER_WORD}\s*(?P<list>{_NUMBER}(?:\s*(?:,|og|eller|samt|–|-|til)\s*{_NUMBER})*)"
    r"(?![\d.]*\d)(?P<after>\s*[,/]?\s*post)?",
    re.IGNORECASE,
)
_NUMBER_RE = re.compile(_NUMBER)
# "punkt 2 ovenfor" points inside the submission itself.
_OWN_POINTER_RE = re.compile(
    r"^\s*(?:ovenfor|over|nedenfor|under|i dette (?:innspillet|notatet|brevet)"
    r"|i (?:vårt|dette|vårt) (?:innspill|høringssvar|brev))\b",
    re.IGNORECASE,
)
_AFTER_DOCUMENT_RE = re.compile(r"^\s*,?\s*(?:i|av|fra|in)\s+(?:den\s+|det\s+)?$", re.IGNORECASE)
_BEFORE_DOCUMENT_RE = re.compile(r"^\s*[,:]?\s*(?:jf\.\s*)?$", re.IGNORECASE)


def find_chapter_refs(
    text: str,
    *,
    default_document: str | None,
    documents: list[DocumentMention] | None = None,
) -> list[ChapterRef]:
    """Chapter references, each once, in order of appearance (see chapter_refs_at)."""
    found = chapter_refs_at(text, default_document=default_document, documents=documents)
    return unique(ref for _, ref in found)


def chapter_refs_at(
    text: str,
    *,
    default_document: str | None,
    documents: list[DocumentMention] | None = None,
) -> list[tuple[int, ChapterRef]]:
    """Chapter references written out in words ("kapittel 2, 12 og 13", "punkt 5.2").

    A reference belongs to the document named right next to it ("kapittel 7 i
    NOU 2020: 15", "I Koronakommisjonens rapport, kapittel 18.4.4"), otherwise
    to ``default_document`` — normally the document being answered.
    """
    masked = mask_urls(text)
    if documents is None:
        documents = find_documents(masked)
    candidates = sorted(documents + find_named_documents(masked), key=lambda m: m.start)
    refs: list[tuple[int, ChapterRef]] = []
    for match in _CHAPTER_RE.finditer(masked):
        if match.group("after"):  # "kap. 70 post 1" is a budget line
            continue
        if _OWN_POINTER_RE.match(masked[match.end() : match.end() + 40]):
            continue
        document = _tied_document(masked, match.start(), match.end(), candidates)
        for number in _expand(match.group("list")):
            refs.append((match.start(), ChapterRef(document or default_document, number)))
    return refs


def _tied_document(text: str, start: int, end: int, documents: list[DocumentMention]) -> str | None:
    for mention in documents:
        if end <= mention.start <= end + 20 and _AFTER_DOCUMENT_RE.match(text[end : mention.start]):
            return mention.identifier
        if start - 6 <= mention.end <= start and _BEFORE_DOCUMENT_RE.match(
            text[mention.end : start]
        ):
            return mention.identifier
    return None


def _expand(number_list: str) -> list[str]:
    numbers = _NUMBER_RE.findall(number_list)
    separators = re.findall(rf"(?<=\d)\s*(,|og|eller|samt|–|-|til)\s*(?={_NUMBER})", number_list)
    result: list[str] = []
    for index, number in enumerate(numbers):
        separator = separators[index - 1] if index else ""
        if separator in {"–", "-", "til"} and result and "." not in number + result[-1]:
            low, high = int(result[-1]), int(number)
            if 0 < high - low <= 20:  # "kapittel 10–12" means 10, 11 and 12
                result.extend(str(n) for n in range(low + 1, high + 1))
                continue
        result.append(number)
    return result


_HEADING_NUMBER_RE = re.compile(
    r"^(?:kapittel\s+)?(?P<n>\d{1,2}(?:\.\d{1,3}){0,3})(?P<dot>\.?)\s+\S", re.I
)


def heading_number(heading: str) -> tuple[str, bool] | None:
    """The number a heading starts with, and whether a dot follows it ("1. Innledning")."""
    match = _HEADING_NUMBER_RE.match(heading)
    if not match:
        return None
    return match.group("n"), bool(match.group("dot"))


def headings_are_own_numbering(numbers: list[str]) -> bool:
    """Whether numbered headings are the submission's own list rather than chapters.

    A letter numbers its own points 1, 2, 3 …; a response that follows the
    document's structure uses the document's numbers (10.3, 12, 13.4), which
    rarely start at 1 and run without gaps. So: if the top-level numbers, in
    order, start at 1 and never grow by more than one, the numbering is the
    letter's own and says nothing about the document's chapters.
    """
    tops = [int(number.split(".")[0]) for number in numbers]
    if not tops or tops[0] != 1:
        return False
    return all(b - a in (0, 1) for a, b in zip(tops, tops[1:], strict=False))


# --- budget -------------------------------------------------------------------

_KAP = r"\bkap(?:ittel|itel|\.|(?=\s))\s*(?P<kap>\d{3,4})\b"
_POSTS = (
    r"\bpost(?:ene|er)?\s*(?P<posts>\d{1,2}(?:\.\d)?(?:\s*(?:,|og|eller|&)\s*\d{1,2}(?:\.\d)?)*)\b"
)
_KAP_POST_RE = re.compile(_KAP + r"\s*[,/]?\s*(?:under\s+)?" + _POSTS, re.IGNORECASE)
_POST_KAP_RE = re.compile(_POSTS + r"\s+(?:under|på|i|til|over)\s+" + _KAP, re.IGNORECASE)
_KAP_RE = re.compile(_KAP, re.IGNORECASE)
_LONE_POST_RE = re.compile(r"\bpost\s*(?P<post>\d{1,2})\b(?![.,]\d)", re.IGNORECASE)
_DOTTED_RE = re.compile(r"(?<![\d.,])(?P<kap>\d{3,4})\.(?P<post>\d{2})(?![\d]|[.,]\d)")
_BUDGET_CONTEXT_RE = re.compile(
    r"\bkap\b|\bkap\.|\bpost|bevilg|budsjett|\bkroner\b|\bmill\.|\bmrd\.|programkategori",
    re.IGNORECASE,
)
_PROGRAMME_RE = re.compile(
    r"\bprogramkategori(?:ene|en)?\s*(?P<list>\d{2}\.\d{2}(?:\s*(?:,|og|–|-)\s*\d{2}\.\d{2})*)",
    re.IGNORECASE,
)
_CONTEXT_DISTANCE = 800


def _post_numbers(posts: str) -> list[int]:
    # "01.1" is a sub-post of post 1; the budget post is the part before the dot.
    return [int(p.split(".")[0]) for p in re.findall(r"\d{1,2}(?:\.\d)?", posts)]


def find_budget_refs(text: str, *, year: int | None) -> list[BudgetRef]:
    """Budget posts, each once, in order of appearance (see budget_refs_at)."""
    return unique(ref for _, ref in budget_refs_at(text, year=year))


def budget_refs_at(text: str, *, year: int | None) -> list[tuple[int, BudgetRef]]:
    """Budget posts in all the forms seen in Storting and government texts."""
    masked = mask_urls(text)
    found: list[tuple[int, BudgetRef]] = []
    taken: list[tuple[int, int]] = []
    for pattern in (_KAP_POST_RE, _POST_KAP_RE):
        for match in pattern.finditer(masked):
            if _overlaps(match.span(), taken):
                continue
            taken.append(match.span())
            for post in _post_numbers(match.group("posts")):
                found.append((match.start(), BudgetRef(year, int(match.group("kap")), post)))
    # "Post 21 Spesielle driftsutgifter" under a "Kap. 746 …" heading: the chapter
    # is the nearest one mentioned before it.
    chapters = [(m.start(), int(m.group("kap"))) for m in _KAP_RE.finditer(masked)]
    for match in _LONE_POST_RE.finditer(masked):
        if _overlaps(match.span(), taken):
            continue
        before = [c for c in chapters if match.start() - _CONTEXT_DISTANCE <= c[0] < match.start()]
        if before:
            found.append((match.start(), BudgetRef(year, before[-1][1], int(match.group("post")))))
    # "2620.70" means kap. 2620 post 70 only where the sentence is about the budget.
    for match in _DOTTED_RE.finditer(masked):
        if _overlaps(match.span(), taken) or not _in_budget_context(masked, match):
            continue
        chapter = int(match.group("kap"))
        if chapter >= 100:
            found.append((match.start(), BudgetRef(year, chapter, int(match.group("post")))))
    found.sort(key=lambda item: item[0])
    return found


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)


def _in_budget_context(text: str, match: re.Match[str]) -> bool:
    start = max(0, text.rfind(".", 0, max(0, match.start() - 1)) - 150)
    window = text[start : match.end() + 150]
    window = window.replace(match.group(0), " ")
    return bool(_BUDGET_CONTEXT_RE.search(window))


def find_programme_categories(text: str) -> list[str]:
    return unique(category for _, category in programme_categories_at(text))


def programme_categories_at(text: str) -> list[tuple[int, str]]:
    categories: list[tuple[int, str]] = []
    for match in _PROGRAMME_RE.finditer(mask_urls(text)):
        for number in re.findall(r"\d{2}\.\d{2}", match.group("list")):
            categories.append((match.start(), number))
    return categories


_BUDGET_YEAR_RE = re.compile(
    r"\b(?:stats)?budsjett(?:et|innspill(?:et)?|forslaget|året|proposisjonen)?\s+"
    r"(?:for\s+)?(?:(?:år|året)\s+)?(?P<year>(?:19|20)\d{2})\b",
    re.IGNORECASE,
)


budget_year_of = identifiers.budget_year_of


def find_budget_year(
    text: str, *, target: str | None, documents: list[DocumentMention]
) -> int | None:
    year = budget_year_of(target)
    if year:
        return year
    match = _BUDGET_YEAR_RE.search(text)
    if match:
        return int(match.group("year"))
    for mention in documents:
        year = budget_year_of(mention.identifier)
        if year:
            return year
    return None


# --- amounts ------------------------------------------------------------------

_AMOUNT_NUMBER = r"\d{1,3}(?:[ .]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_SCALE = r"(?P<scale>mill(?:ioner|ion)?\.?|mrd\.?|milliard(?:er)?|tusen)"
_AMOUNT_RE = re.compile(
    rf"(?:\b(?:kr\.?|NOK)\s*(?P<n1>{_AMOUNT_NUMBER})(?:\s*{_SCALE.replace('scale', 's1')})?)"
    rf"|(?:(?<![\d,.])(?P<n2>{_AMOUNT_NUMBER})\s*{_SCALE.replace('scale', 's2')}"
    r"(?P<currency>\s*(?:kroner|kr\b\.?|NOK\b))?)"
    rf"|(?:(?<![\d,.])(?P<n3>{_AMOUNT_NUMBER})\s*(?:kroner|kr\b\.?|NOK\b|,-))",
    re.IGNORECASE,
)
# After "250 millioner" without "kroner", these words still leave it an amount;
# any other noun ("250 millioner innbyggere") makes it a count.
_AMOUNT_FOLLOWERS = frozenset(
    "til i for på årlig ekstra mer over per som fra mot og eller i året hvert".split()
)
_CUT_RE = re.compile(
    r"\b(?:kutt\w*|reduser\w*|reduksjon\w*|innsparing\w*|spare|trekke\w* ut)\b", re.I
)


def _parse_number(number: str) -> float:
    digits = number.replace(" ", "")
    if "," in digits:
        whole, _, fraction = digits.partition(",")
        return float(whole.replace(".", "") + "." + fraction)
    return float(digits.replace(".", ""))


def _scale(word: str | None) -> int:
    if not word:
        return 1
    word = word.lower()
    if word.startswith("mrd") or word.startswith("milliard"):
        return 1_000_000_000
    if word.startswith("mill"):
        return 1_000_000
    return 1_000  # tusen


def find_amounts(text: str) -> list[int]:
    """Amounts in NOK, as integers; negative when the sentence asks for a cut."""
    amounts: list[int] = []
    masked = mask_urls(text)
    for match in _AMOUNT_RE.finditer(masked):
        if match.group("n2") and not match.group("currency"):
            following = masked[match.end() :].split(None, 1)
            if (
                following
                and following[0][:1].isalpha()
                and following[0].lower() not in _AMOUNT_FOLLOWERS
            ):
                continue
        number = match.group("n1") or match.group("n2") or match.group("n3")
        scale = match.group("s1") or match.group("s2")
        value = round(_parse_number(number) * _scale(scale))
        if _CUT_RE.search(masked[max(0, match.start() - 40) : match.start()]):
            value = -value
        amounts.append(value)
    return amounts


def unique(items: Iterable[T]) -> list[T]:
    seen: set[T] = set()
    result: list[T] = []
    for item in items:
        if item not in seen:
            seen.add(item)
            result.append(item)
    return result
