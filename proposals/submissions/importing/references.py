"""Find references to policy documents, their chapters, budget posts and amounts.

Every pattern here is anchored on a word that only appears in a reference
("Meld. St.", "NOU", "kapittel", "kap.", "post", "programkategori", "kr",
"mill."), so plain numbers — years, counts, percentages, dates, phone numbers,
footnote numbers — never become references on their own. URLs are blanked out
before searching because they are full of numbers and words like "nou-2020-15".
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from proposals.reference import identifiers
from proposals.reference.chapters import chapter_sort_key
from proposals.submissions.importing.amounts import amount_spans

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
    # An end of a range ("10.3–10.5") kept as written because the document's
    # chapter list is not known, so what lies between cannot be named.
    range_endpoint: bool = False


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
    chapter_lists: ChapterLists | None = None,
) -> list[ChapterRef]:
    """Chapter references, each once, in order of appearance (see chapter_refs_at)."""
    found = chapter_refs_at(
        text, default_document=default_document, documents=documents, chapter_lists=chapter_lists
    )
    return unique(ref for _, ref in found)


def chapter_refs_at(
    text: str,
    *,
    default_document: str | None,
    documents: list[DocumentMention] | None = None,
    chapter_lists: ChapterLists | None = None,
) -> list[tuple[int, ChapterRef]]:
    """Chapter references written out in words ("kapittel 2, 12 og 13", "punkt 5.2").

    Each number is given to the document it belongs to (see :func:`owner_of`);
    numbers that belong to a law or to the writer's own papers are no chapter
    references and are left out. A range is expanded against the owner's
    chapter list when ``chapter_lists`` knows it, else kept as its endpoints.
    """
    masked = mask_urls(text)
    if documents is None:
        documents = find_documents(masked)
    candidates = sorted(documents + find_named_documents(masked), key=lambda m: m.start)
    sentences = _SentenceIndex(masked, candidates)
    refs: list[tuple[int, ChapterRef]] = []
    for match in _CHAPTER_RE.finditer(masked):
        if match.group("after"):  # "kap. 70 post 1" is a budget line
            continue
        if _OWN_POINTER_RE.match(masked[match.end() : match.end() + 40]):
            continue
        owner = owner_of(
            masked,
            match,
            candidates,
            sentence_start=sentences.start_of(match.start()),
            default_document=default_document,
        )
        if owner is _NOT_A_CHAPTER:
            continue
        known = chapter_lists(owner) if chapter_lists and owner else None
        for number, endpoint in _expand(match.group("list"), known):
            refs.append((match.start(), ChapterRef(owner, number, endpoint)))
    return refs


ChapterLists = Callable[[str], "list[str] | None"]

# What an anaphor points back to: the last-named document of that kind.
_ANAPHOR_RE = re.compile(
    r"\b(?:(?P<meld>(?:stortings)?meldingens?|meldinga|hvitboka|hvitboken)"
    r"|(?P<nou>utredningens?|utredninga|utvalgets?|NOU-ens?|NOUen)"
    r"|(?P<prop>(?:lov|budsjett)?proposisjonens?)"
    r"|(?P<innst>innstillingens?))\b",
    re.IGNORECASE,
)
_ANAPHOR_KINDS = {
    "meld": ("Meld. St.", "St.meld."),
    "nou": ("NOU",),
    "prop": ("Prop.",),
    "innst": ("Innst.",),
}
# Rules and agreements have chapters too, but they are not documents the
# Storting treats: "kommuneloven kapittel 14", "universitets- og høyskolelov kapittel 9".
_LAW = (
    r"[\wæøå-]*(?:lov|loven|lova|lovens|forskrift|forskriften|forskriftens|instruksen"
    r"|reglementet|vedtektene|tariffavtalen|hovedavtalen|overenskomsten)"
)
_LAW_BEFORE_RE = re.compile(rf"\b{_LAW}\s*(?:§+\s*[\d\s,a-z-]*)?[,:]?\s*$", re.IGNORECASE)
_LAW_AFTER_RE = re.compile(
    rf"^\s*,?\s*(?:i|av|til)\s+(?:den\s+|det\s+)?(?:nye\s+|gjeldende\s+|nåværende\s+)?{_LAW}\b",
    re.IGNORECASE,
)
# The writer's own papers: "vår uttalelse", "vårt høringssvar", "fylkestingets vedtak", "vedlegget".
_OWN = (
    r"(?:vår|vårt|våre)\s+(?:\w+\s+)?(?:uttalelse|høringssvar|høringsuttalelse|høringsinnspill"
    r"|innspill|brev|notat|resolusjon|vedtak|svar|merknader)"
    r"|(?:vedtaket|vedlegget|resolusjonen|uttalelsen)"
    r"|[\wæøå]+(?:tingets|styrets|rådets)\s+(?:vedtak|sak|resolusjon|uttalelse)"
)
_OWN_RE = re.compile(rf"\b(?:{_OWN})\b", re.IGNORECASE)
_OWN_AFTER_RE = re.compile(rf"^\s*,?\s*(?:i|av|fra)\s+(?:{_OWN})\b", re.IGNORECASE)
_ANAPHOR_AFTER_RE = re.compile(r"^\s*,?\s*(?:i|av|fra)\s+(?:den\s+|det\s+)?", re.IGNORECASE)
_POINT_WORD_RE = re.compile(r"^(?:punkt|pkt|avsnitt)", re.IGNORECASE)
_NOT_A_CHAPTER = object()


class _SentenceIndex:
    """Where each sentence of a text starts, with document identifiers treated as words
    (the full stops of "Meld. St." do not end a sentence)."""

    _BOUNDARY_RE = re.compile(r"[.!?]\s+(?=[«\"(]?[A-ZÆØÅ])|\n")
    _ABBREVIATION_RE = re.compile(r"\b(?:jf|jfr|kap|pkt|nr|bl\.a|f\.eks|ca|mill|mrd|kr)\.$", re.I)

    def __init__(self, text: str, documents: list[DocumentMention]):
        chars = list(text)
        for mention in documents:
            chars[mention.start : mention.end] = "D" * (mention.end - mention.start)
        masked = "".join(chars)
        self._starts = [0] + [
            m.end()
            for m in self._BOUNDARY_RE.finditer(masked)
            if m.group(0) == "\n"
            or not self._ABBREVIATION_RE.search(masked[max(0, m.start() - 8) : m.start() + 1])
        ]

    def start_of(self, offset: int) -> int:
        return self._starts[bisect.bisect_right(self._starts, offset) - 1]


def owner_of(
    text: str,
    match: re.Match[str],
    documents: list[DocumentMention],
    *,
    sentence_start: int,
    default_document: str | None,
) -> object:
    """The document a chapter number belongs to, or ``_NOT_A_CHAPTER``.

    In order: what is written right after it ("kapittel 7 i NOU 2020: 15",
    "kapittel 12.3 i utredningen", "kapittel 5 i vedlegget", "kapittel 9 i
    kommuneloven"), what is written right before it ("Meld. St. 19 (2022–2023)
    kapittel 3", "kommuneloven kapittel 14"), then the nearest mention earlier in
    the same sentence — a document, an anaphor ("meldingen", "utvalget",
    "NOU-en", "proposisjonen": the last-named document of that kind) or the
    writer's own papers. A "punkt" in a sentence that names the writer's own
    papers is a point of those papers. Otherwise the number is the answered
    document's.
    """
    start, end = match.start(), match.end()
    after = text[end : end + 80]
    tied = _tied_document(text, start, end, documents)
    if tied and any(m.start >= end and m.identifier == tied for m in documents):
        return tied
    if _LAW_AFTER_RE.match(after) or _OWN_AFTER_RE.match(after):
        return _NOT_A_CHAPTER
    anaphor = _ANAPHOR_AFTER_RE.match(after)
    if anaphor:
        word = _ANAPHOR_RE.match(after, anaphor.end())
        if word:
            return _resolve_anaphor(word, documents, start, default_document)
    before = text[sentence_start:start]
    if _POINT_WORD_RE.match(match.group(0)) and _OWN_RE.search(before):
        return _NOT_A_CHAPTER
    if tied:
        return tied
    if _LAW_BEFORE_RE.search(before[-80:]):
        return _NOT_A_CHAPTER
    nearest: tuple[int, object] | None = None
    for mention in documents:
        if sentence_start <= mention.start and mention.end <= start:
            nearest = (mention.end, mention.identifier)
    for word in _ANAPHOR_RE.finditer(before):
        position = sentence_start + word.end()
        if nearest is None or position > nearest[0]:
            nearest = (position, _resolve_anaphor(word, documents, start, default_document))
    for own in _OWN_RE.finditer(before):
        position = sentence_start + own.end()
        if nearest is None or position > nearest[0]:
            nearest = (position, _NOT_A_CHAPTER)
    return nearest[1] if nearest else default_document


def _resolve_anaphor(
    word: re.Match[str], documents: list[DocumentMention], before: int, default: str | None
) -> str | None:
    kind = next(name for name, value in word.groupdict().items() if value)
    prefixes = _ANAPHOR_KINDS[kind]
    named = [
        m.identifier
        for m in documents
        if m.end <= before and not m.named and m.identifier.startswith(prefixes)
    ]
    # Nothing of that kind named: loosely said of the document being answered.
    return named[-1] if named else default


def _tied_document(text: str, start: int, end: int, documents: list[DocumentMention]) -> str | None:
    for mention in documents:
        if end <= mention.start <= end + 20 and _AFTER_DOCUMENT_RE.match(text[end : mention.start]):
            return mention.identifier
        if start - 6 <= mention.end <= start and _BEFORE_DOCUMENT_RE.match(
            text[mention.end : start]
        ):
            return mention.identifier
    return None


_RANGE_SEPARATORS = {"–", "-", "til"}


def _expand(number_list: str, known: list[str] | None = None) -> list[tuple[str, bool]]:
    """The numbers of a list, ranges expanded; each with whether it is an unexpanded endpoint.

    "10–12" means 10, 11 and 12. "10.3–10.5" means every chapter of the
    document from 10.3 to 10.5 in its natural order (10.3, 10.3.1, 10.4, 10.5)
    when its chapter list is known; otherwise only the endpoints are certain.
    """
    numbers = _NUMBER_RE.findall(number_list)
    separators = re.findall(rf"(?<=\d)\s*(,|og|eller|samt|–|-|til)\s*(?={_NUMBER})", number_list)
    result: list[tuple[str, bool]] = []
    for index, number in enumerate(numbers):
        separator = separators[index - 1] if index else ""
        if separator in _RANGE_SEPARATORS and result:
            low = result[-1][0]
            between = _between(low, number, known)
            if between is not None:
                result.extend((n, False) for n in between)
                continue
            if "." not in low + number and 0 < int(number) - int(low) <= 20:
                result.extend((str(n), False) for n in range(int(low) + 1, int(number) + 1))
                continue
            result[-1] = (low, True)
            result.append((number, True))
            continue
        result.append((number, False))
    return result


def _between(low: str, high: str, known: list[str] | None) -> list[str] | None:
    """The known chapters after ``low`` up to and including ``high``, in natural order."""
    if not known or low not in known or high not in known:
        return None
    low_key, high_key = chapter_sort_key(low), chapter_sort_key(high)
    if high_key <= low_key:
        return None
    inside = [n for n in known if low_key < chapter_sort_key(n) <= high_key]
    return sorted(inside, key=chapter_sort_key)


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

_KAP_WORD = r"\bkap(?:ittel|itel|itlene|\.|(?=\s))\s*"
_KAP = _KAP_WORD + r"(?P<kap>\d{3,4})\b"
# "kap. 701 og 702, post 21": several chapters sharing the posts that follow.
_KAPS = _KAP_WORD + r"(?P<kaps>\d{3,4}(?:\s*(?:,|og|eller|&)\s*\d{3,4})*)\b"
_POST_LIST = r"\d{1,2}(?:\.\d)?(?:\s*(?:,|og|eller|&|–|-|til)\s*\d{1,2}(?:\.\d)?)*"
_POSTS = rf"\bpost(?:ene|er)?\s*(?P<posts>{_POST_LIST})\b"
_KAP_POST_RE = re.compile(_KAPS + r"\s*[,/]?\s*(?:under\s+)?" + _POSTS, re.IGNORECASE)
_POST_KAP_RE = re.compile(_POSTS + r"\s+(?:under|på|i|til|over)\s+" + _KAP, re.IGNORECASE)
_KAP_RE = re.compile(_KAP, re.IGNORECASE)
_LONE_POST_RE = re.compile(
    rf"\bpost(?:ene|er)?\s*(?P<posts>{_POST_LIST})\b(?![.,]\d)", re.IGNORECASE
)
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
_MAX_POST_RANGE = 30


def _post_numbers(posts: str) -> list[int]:
    """ "21, 45 og 70" → 21, 45, 70; "72–75" → 72, 73, 74, 75; "01.1" is a sub-post of post 1."""
    numbers: list[int] = []
    tokens = re.findall(r"\d{1,2}(?:\.\d)?|–|-|\btil\b", posts)
    pending_range = False
    for token in tokens:
        if token in {"–", "-", "til"}:
            pending_range = bool(numbers)
            continue
        number = int(token.split(".")[0])
        if pending_range:
            if not 0 < number - numbers[-1] <= _MAX_POST_RANGE:
                break  # "post 70 til 2 …" is no range of posts
            numbers.extend(range(numbers[-1] + 1, number + 1))
        else:
            numbers.append(number)
        pending_range = False
    return numbers


def find_budget_refs(text: str, *, year: int | None) -> list[BudgetRef]:
    """Budget posts, each once, in order of appearance (see budget_refs_at)."""
    return unique(ref for _, ref in budget_refs_at(text, year=year))


def budget_refs_at(text: str, *, year: int | None) -> list[tuple[int, BudgetRef]]:
    """Budget posts in all the forms seen in Storting and government texts.

    Lists and ranges of posts are expanded ("postene 72–75", "post 21, 45 og
    70"), and posts written after several chapters belong to each of them
    ("kap. 701 og 702, post 21").
    """
    masked = mask_urls(text)
    found: list[tuple[int, BudgetRef]] = []
    taken: list[tuple[int, int]] = []
    for match in _KAP_POST_RE.finditer(masked):
        taken.append(match.span())
        for chapter in re.findall(r"\d{3,4}", match.group("kaps")):
            for post in _post_numbers(match.group("posts")):
                found.append((match.start(), BudgetRef(year, int(chapter), post)))
    for match in _POST_KAP_RE.finditer(masked):
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
            for post in _post_numbers(match.group("posts")):
                found.append((match.start(), BudgetRef(year, before[-1][1], post)))
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

_CUT_RE = re.compile(
    r"\b(?:kutt\w*|reduser\w*|reduksjon\w*|innsparing\w*|spare|trekke\w* ut)\b", re.I
)


def find_amounts(text: str) -> list[int]:
    """Amounts in NOK, as integers; negative right after words of a cut.

    For a demand, :func:`amounts.requested_amount` reads the sign from what is
    asked instead ("går imot kuttet på 5 mill." asks to keep 5 mill.).
    """
    masked = mask_urls(text)
    found: list[int] = []
    for span in amount_spans(masked):
        value = span.nok
        if _CUT_RE.search(masked[max(0, span.start - 40) : span.start]):
            value = -value
        found.append(value)
    return found


def unique(items: Iterable[T]) -> list[T]:
    seen: set[T] = set()
    result: list[T] = []
    for item in items:
        if item not in seen:
            seen.add(item)
            result.append(item)
    return result
