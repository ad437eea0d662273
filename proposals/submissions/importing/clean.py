"""Clean the debris that PDF text extraction leaves behind.

Input is text as :func:`extract.extract_text` returns it (pages separated by
form feeds) or a plain-text file that was itself extracted from a PDF (no page
separators, a blank line after every line, footnotes in the middle of a
sentence). The output keeps the body and the footnotes apart: references are
looked for in both, demands only in the body.

The body is returned as *units*, one per line: a unit is a heading, a bullet,
or a run of sentences. Deciding which unit is a heading is left to
:mod:`demands`; this module only decides which physical lines belong together.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

_PAGE_BREAK = "\f"

_CHAR_FIXES = str.maketrans(
    {
        "\u00a0": " ",  # no-break space
        "\u2009": " ",  # thin space (used as thousands separator)
        "\u202f": " ",  # narrow no-break space
        "\u00ad": None,  # soft hyphen: invisible, only a break opportunity
        "\t": " ",
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\u2010": "-",
        "\u2011": "-",
        # Superscript digits are footnote markers; plain digits are handled below.
        "\u00b9": "1",
        "\u00b2": "2",
        "\u00b3": "3",
        **{chr(0x2070 + d): str(d) for d in (0, 4, 5, 6, 7, 8, 9)},
    }
)

# A bullet, or an item of a list numbered "1)" or "a)" (numbered headings use "1." instead).
BULLET_RE = re.compile(r"^(?:[•·▪■●◦‣∙*]|[-–](?=\s)|o(?=\s)|(?:\d{1,2}|[a-zæøå])\)(?=\s))\s*")
URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_URL_LINE_RE = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_PAGE_NUMBER_RE = re.compile(
    r"^(?:side\s+)?\d{1,4}(?:\s*(?:av|/)\s*\d{1,4})?$|^[-–]\s*\d{1,4}\s*[-–]$"
    # A footer that names the sender before the page number: "Vestland fylkeskommune – side 2 av 4".
    r"|^(?:\S+\s+){1,6}(?:[-–|]\s*)?side\s+\d{1,4}\s*(?:av|/)\s*\d{1,4}$",
    re.IGNORECASE,
)
# "12 Moland. Mulige og umulige …" at the foot of a page.
_FOOTNOTE_START_RE = re.compile(r"^(\d{1,3})\s+(\S.*)$")
# Words after which a line cannot end a sentence or a heading: the next line
# continues it even when it starts with a capital (a name, "Meld. St.", …).
_CONTINUATION_WORDS = frozenset(
    """og eller samt men i på til for av med om fra ved mot som at en et ei den det de der
    når hvor både mellom under over etter innen uten gjennom blant hos per å er var har vil
    kan skal må bør ikke så enn dette disse sin sitt sine seg hvis dersom fordi deres vår
    våre vårt slik blir bli også ha få gi the of and to in""".split()
)
_ABBREVIATIONS = frozenset(
    """jf. jfr. jmf. bl.a. f.eks. mv. m.m. ca. evt. vedr. mht. pkt. kap. nr. st. meld.
    prop. innst. kr. dvs. etc. inkl. ift. iht. tlf. s. ref. pga. mill. mrd.""".split()
)
_AMOUNT_ABBREVIATIONS = frozenset({"mill.", "mrd.", "kr."})
# A hyphen after these stays when a line breaks: "Ikke-\nlegemidler" is the
# compound "ikke-legemidler", not a word split by the typesetter.
_KEEP_HYPHEN_WORDS = frozenset({"ikke", "e", "m", "non", "anti", "pre", "post", "ex"})
_HYPHEN_CONJUNCTIONS = frozenset({"og", "eller", "samt", "til", "enn", "&"})


@dataclass(frozen=True)
class CleanText:
    """Body units joined by newlines, footnotes by number, and where each was cited."""

    body: str
    footnotes: dict[int, str] = field(default_factory=dict)
    anchors: tuple[tuple[int, int], ...] = ()  # (offset in body, footnote number)

    @property
    def units(self) -> list[str]:
        return [unit for unit in self.body.split("\n") if unit]


@dataclass
class _Line:
    text: str
    page_break: bool = False


def clean_text(text: str) -> CleanText:
    """Split raw extracted text into body units and footnotes."""
    lines = _lines_without_page_furniture(normalise_characters(text))
    body_lines, footnotes = _separate_footnotes(lines)
    units = _join_lines(body_lines)
    body, anchors = _strip_footnote_markers("\n".join(units), footnotes)
    return CleanText(body=body, footnotes=footnotes, anchors=tuple(anchors))


def normalise_characters(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_CHAR_FIXES)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


def _lines_without_page_furniture(text: str) -> list[_Line]:
    pages = [page.split("\n") for page in text.split(_PAGE_BREAK)]
    furniture = _running_lines(pages)
    result: list[_Line] = []
    for number, page in enumerate(pages):
        if number:
            result.append(_Line("", page_break=True))
        for raw in page:
            line = " ".join(raw.split())
            if _is_page_number(line) or _furniture_key(line) in furniture:
                continue
            result.append(_Line(line))
    return result


def _is_page_number(line: str) -> bool:
    if not line or not line[-1].isdigit() or len(line) > 80:
        return False
    return bool(_PAGE_NUMBER_RE.match(line))


def _furniture_key(line: str) -> str:
    """Running lines compare equal; numbers are ignored only in short lines
    ("Side 3 av 12"), so body lines that differ in a number are not merged."""
    if not line:
        return ""
    words = [w for w in line.split() if not any(ch.isdigit() for ch in w)]
    return re.sub(r"\d+", "#", line.lower()) if len(words) <= 4 else line.lower()


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Lines at the top or bottom of most pages: running headers and footers."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for page in pages:
        edge = [line.strip() for line in page if line.strip()]
        keys = {_furniture_key(line) for line in edge[:2] + edge[-2:]}
        counts.update(keys)
    threshold = max(3, len(pages) // 2)
    return {key for key, count in counts.items() if count >= threshold and key}


# A footnote marker is a number glued to the end of a word or to closing punctuation
# ("flere.1", "anbefaling15", "(2019)5", "sykehus»4"), never one after a space.
_MARKER_RE = re.compile(
    r"(?:(?<=[^\W\d_])|(?<=[^\W\d_][.»\"”’)])|(?<=\d\)))(\d{1,3})(?=[\s.,;:)»\"”’]|$)"
)


def _separate_footnotes(lines: list[_Line]) -> tuple[list[_Line], dict[int, str]]:
    """Take footnote blocks out of the body.

    Footnotes are numbered 1, 2, 3 … through the document, so a line is taken as
    the start of footnote *n* only when *n* is the next number expected, its
    marker has already been seen glued to a word in the body, and the line
    follows a blank line. That keeps "3 av 4 kommuner" in the body.
    """
    body: list[_Line] = []
    footnotes: dict[int, str] = {}
    next_note = 1
    next_marker = 1
    i = 0
    while i < len(lines):
        line = lines[i]
        match = _FOOTNOTE_START_RE.match(line.text)
        after_blank = not body or not body[-1].text or body[-1].page_break
        if (
            match
            and int(match.group(1)) == next_note
            and next_marker > next_note
            and after_blank
            and not _starts_like_sentence_continuation(match.group(2))
        ):
            i, block = _read_footnote_block(lines, i, next_note)
            footnotes.update(block)
            next_note = max(block) + 1
            next_marker = max(next_marker, next_note)
            continue
        if not line.page_break:
            for marker in _MARKER_RE.finditer(line.text):
                if int(marker.group(1)) in (next_marker, next_marker + 1):
                    next_marker = int(marker.group(1)) + 1
        body.append(line)
        i += 1
    return body, footnotes


def _starts_like_sentence_continuation(rest: str) -> bool:
    first = rest.split()[0].lower()
    return first in _CONTINUATION_WORDS or first in {"%", "prosent", "kr", "mill.", "år"}


def _read_footnote_block(lines: list[_Line], start: int, number: int) -> tuple[int, dict[int, str]]:
    """Read footnotes from ``start``; return the index after the block and the notes.

    A block ends at a page break, at the first text line after the list of link
    targets that PDF extraction appends, or at a line that neither starts the
    next footnote nor continues an unfinished one.
    """
    first = _FOOTNOTE_START_RE.match(lines[start].text)
    assert first is not None  # noqa: S101 - checked by the caller
    notes: dict[int, list[str]] = {number: [first.group(2)]}
    current = number
    seen_url = False
    i = start + 1
    while i < len(lines):
        line = lines[i]
        text = line.text
        if line.page_break:
            break
        if not text:
            i += 1
            continue
        if _URL_LINE_RE.match(text):
            seen_url = True
            i += 1
            continue
        if seen_url:
            break
        match = _FOOTNOTE_START_RE.match(text)
        if match and int(match.group(1)) == current + 1:
            current += 1
            notes[current] = [match.group(2)]
        elif (text[0].islower() or text[0] in "(«") and not _ends_sentence(notes[current][-1]):
            notes[current].append(text)
        else:
            break
        i += 1
    return i, {n: _join_parts(parts) for n, parts in notes.items()}


def _join_parts(parts: list[str]) -> str:
    joined = parts[0]
    for part in parts[1:]:
        joined = _join_two(joined, part)
    return joined


def _ends_sentence(text: str) -> bool:
    return text.endswith((".", "!", "?", ":", ";")) and not _ends_with_abbreviation(text)


def _ends_with_abbreviation(text: str) -> bool:
    last = text.rsplit(" ", 1)[-1].lower()
    return last in _ABBREVIATIONS


def _join_lines(lines: list[_Line]) -> list[str]:
    units: list[str] = []
    current = ""
    for line in lines:
        text = line.text
        if not text:
            continue
        if current and _continues(current, text):
            current = _join_two(current, text)
        else:
            if current:
                units.append(current)
            current = text
    if current:
        units.append(current)
    return units


_NUMBERED_HEADING_RE = re.compile(r"^\d{1,2}(?:\.\d{1,2}){0,3}\.?\s+[A-ZÆØÅ]")


def _continues(previous: str, line: str) -> bool:
    """Whether ``line`` continues the unit that ends with ``previous``."""
    if BULLET_RE.match(line):
        return False
    last_word = previous.rsplit(" ", 1)[-1].lower()
    if previous.endswith(("-", ",", "(", "–", "/", "&")) or last_word in _CONTINUATION_WORDS:
        return True
    if _ends_with_abbreviation(previous):
        # "… med 5 mill." then "Kap. 732 …": an amount ends a sentence as often as not.
        amount_end = previous.rsplit(" ", 1)[-1].lower() in _AMOUNT_ABBREVIATIONS
        return not (amount_end and line[:1].isupper())
    first = line.lstrip("«\"“'(")[:1] or line[0]
    if first.islower():
        # Also '"handlingsregel" for …' and '(radiografer, …)' after an unfinished line.
        return line[0] == first or not _ends_sentence(previous)
    if first.isdigit():
        return not _NUMBERED_HEADING_RE.match(line) and not _ends_sentence(previous)
    return first in "%)"


def _join_two(previous: str, line: str) -> str:
    if previous.endswith("-") and len(previous) > 1 and previous[-2] != " ":
        next_word = line.split(" ", 1)[0].lower()
        if next_word in _HYPHEN_CONJUNCTIONS:
            return f"{previous} {line}"  # "helse- og omsorg": an elided compound
        left = re.split(r"[\s/]", previous[:-1])[-1]
        if (
            left.isalpha()
            and left.islower()
            and len(left) > 1
            and left not in _KEEP_HYPHEN_WORDS
            and line[:1].islower()
        ):
            return previous[:-1] + line  # "utdan-\nningen": split by the typesetter
        return previous + line  # "IKT-\ningeniører", "«…»-\nkampanjen": a real hyphen
    last_token = previous.rsplit(" ", 1)[-1]
    first_token = line.split(" ", 1)[0]
    if (
        URL_RE.match(last_token)
        and not first_token[:1].isupper()
        and re.search(r"[/._=?&%-]", first_token)
    ):
        return previous + line  # a URL broken over two lines
    return f"{previous} {line}"


def _strip_footnote_markers(
    body: str, footnotes: dict[int, str]
) -> tuple[str, list[tuple[int, int]]]:
    """Remove the markers of footnotes that were found; remember where they were."""
    if not footnotes:
        return body, []
    pending = sorted(footnotes)
    pieces: list[str] = []
    anchors: list[tuple[int, int]] = []
    position = 0
    length = 0
    for match in _MARKER_RE.finditer(body):
        if not pending:
            break
        number = int(match.group(1))
        if number not in pending[:2]:
            continue
        piece = body[position : match.start()]
        pieces.append(piece)
        length += len(piece)
        anchors.append((length, number))
        position = match.end()
        pending = [n for n in pending if n > number]
    pieces.append(body[position:])
    return "".join(pieces), anchors
