"""A recommendation's text as a flat list of blocks: headings, paragraphs, table rows.

Plain Python with no Django, so it can be tested alone. Three readers give the
same shape: the Storting's publication export (XML, read with defusedxml so that
no entity is expanded and nothing is fetched), HTML, and extracted text (PDF or
DOCX, pages separated by form feeds).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from defusedxml import ElementTree


class UnreadableDocument(ValueError):
    """The file cannot be read as a recommendation; the message is shown as is."""


@dataclass(frozen=True)
class Block:
    kind: str  # "heading", "paragraph" or "row"
    text: str
    level: int = 1
    page: int | None = None


_SPACES = re.compile(r"\s+")


def _clean(text: str) -> str:
    return _SPACES.sub(" ", (text or "").replace("\u00ad", "")).strip()


def local_name(tag: str) -> str:
    """``{http://data.stortinget.no}tittel`` → ``tittel``."""
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


# --- The publication export --------------------------------------------------------

_SECTION_TAGS = {"del", "kapittel", "seksjon", "section", "avsnitt_gruppe", "underkapittel"}
_HEADING_TAGS = {"tittel", "overskrift", "title", "heading"}
_PARAGRAPH_TAGS = {"a", "p", "avsnitt", "ledd", "punkt", "forslag_tekst", "tekst", "li"}
_ROW_TAGS = {"rad", "tr", "row"}
_PAGE_TAGS = {"sideskift", "side", "pagebreak"}
# Metadata at the top of an export answer, not part of the document's text.
_SKIPPED_TAGS = {"respons_dato_tid", "versjon", "publikasjon_id", "eksport_id"}


def parse_xml(data: bytes) -> ElementTree:
    try:
        return ElementTree.fromstring(data, forbid_dtd=True)
    except Exception as exc:  # defusedxml's refusals and ParseError alike
        raise UnreadableDocument(
            "XML-filen kan ikke leses (ugyldig XML, eller den inneholder DTD/entiteter)."
        ) from exc


def blocks_from_xml(data: bytes) -> list[Block]:
    root = parse_xml(data)
    blocks: list[Block] = []
    page: list[int | None] = [None]

    def walk(element, depth: int) -> None:
        name = local_name(element.tag)
        if name in _SKIPPED_TAGS:
            return
        number = element.get("side") or element.get("nr") if name in _PAGE_TAGS else None
        if name in _PAGE_TAGS:
            if number and number.isdigit():
                page[0] = int(number)
            return
        if element.get("side", "").isdigit():
            page[0] = int(element.get("side"))
        if name in _HEADING_TAGS:
            text = _clean("".join(element.itertext()))
            if text:
                blocks.append(Block("heading", text, max(depth, 1), page[0]))
            return
        if name in _ROW_TAGS:
            cells = [_clean("".join(cell.itertext())) for cell in element]
            if any(cells):
                blocks.append(Block("row", " | ".join(cells), depth, page[0]))
            return
        if name in _PARAGRAPH_TAGS and not any(
            local_name(child.tag) in _PARAGRAPH_TAGS | _ROW_TAGS for child in element
        ):
            text = _clean("".join(element.itertext()))
            if text:
                blocks.append(Block("paragraph", text, depth, page[0]))
            return
        inner = depth + 1 if name in _SECTION_TAGS else depth
        for child in element:
            walk(child, inner)

    walk(root, 0)
    return blocks


# --- HTML --------------------------------------------------------------------------


class _HtmlBlocks(HTMLParser):
    _HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
    _PARAGRAPHS = {"p", "li", "blockquote", "div"}
    _IGNORED = {"script", "style", "head", "title"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._text: list[str] = []
        self._kind: str | None = None
        self._level = 1
        self._cells: list[str] | None = None
        self._ignored = 0

    def _flush(self):
        text = _clean("".join(self._text))
        self._text = []
        if self._cells is not None:
            if text:
                self._cells.append(text)
            return
        if text:
            self.blocks.append(Block(self._kind or "paragraph", text, self._level))
        self._kind, self._level = None, 1

    def handle_starttag(self, tag, attrs):
        if tag in self._IGNORED:
            self._ignored += 1
        elif tag in self._HEADINGS:
            self._flush()
            self._kind, self._level = "heading", self._HEADINGS[tag]
        elif tag == "tr":
            self._flush()
            self._cells = []
        elif tag in ("td", "th"):
            self._flush()
        elif tag in self._PARAGRAPHS or tag == "br":
            self._flush()

    def handle_endtag(self, tag):
        if tag in self._IGNORED:
            self._ignored = max(0, self._ignored - 1)
        elif tag == "tr":
            self._flush()
            if self._cells:
                self.blocks.append(Block("row", " | ".join(self._cells)))
            self._cells = None
        elif tag in self._HEADINGS or tag in self._PARAGRAPHS or tag in ("td", "th"):
            self._flush()

    def handle_data(self, data):
        if not self._ignored:
            self._text.append(data)


def blocks_from_html(text: str) -> list[Block]:
    parser = _HtmlBlocks()
    parser.feed(text)
    parser.close()
    parser._flush()
    return parser.blocks


# --- Extracted text (PDF, DOCX, plain text) --------------------------------------------

_NUMBERED_HEADING = re.compile(r"^(?:kapittel\s+)?\d{1,3}(?:\.\d{1,3})*\.?\s+\S", re.IGNORECASE)
_KNOWN_HEADINGS = re.compile(
    r"^(?:komiteens merknader|merknader fra komiteen|forslag fra mindretall\w*|"
    r"komiteens tilråding|tilråding|sammendrag|innledning|komiteens behandling|"
    r"kapittel\s+\d[\d.]*\b.*)$",
    re.IGNORECASE,
)
# Words that start a new paragraph even when the extraction lost the blank line.
OPENERS = re.compile(
    r"^(?:komiteen\b|komiteens\b|flertallet\b|mindretallet\b|disse medlemmer\b|dette medlem\b|"
    r"forslag\s+\d+\b|forslag fra\b|stortinget ber\b|[IVX]{1,5}\.?$)",
    re.IGNORECASE,
)


def _is_heading(line: str) -> bool:
    if len(line) > 100 or line.endswith((".", ",", ":", ";")) and not _KNOWN_HEADINGS.match(line):
        return False
    if _KNOWN_HEADINGS.match(line):
        return True
    return bool(_NUMBERED_HEADING.match(line)) and not re.match(r"^\d[\d\s]*$", line)


def blocks_from_text(text: str) -> list[Block]:
    blocks: list[Block] = []
    current: list[str] = []
    current_page: list[int] = [1]

    def flush():
        if current:
            blocks.append(Block("paragraph", _clean(" ".join(current)), 1, current_page[0]))
            current.clear()

    for page_number, page in enumerate(text.split("\f"), start=1):
        for raw in page.splitlines():
            line = _clean(raw)
            if not line:
                flush()
                continue
            if "|" in line or "\t" in raw:
                flush()
                cells = [_clean(c) for c in re.split(r"\t|\|", raw)]
                blocks.append(Block("row", " | ".join(c for c in cells if c), 1, page_number))
                continue
            if _is_heading(line):
                flush()
                level = line.split()[0].count(".") + 1 if line[:1].isdigit() else 1
                blocks.append(Block("heading", line, level, page_number))
                continue
            if OPENERS.match(line):
                flush()
            if re.fullmatch(r"[IVX]{1,5}\.?", line):
                # A part of the recommended decision: its number stands alone.
                blocks.append(Block("paragraph", line, 1, page_number))
                continue
            if not current:
                current_page[0] = page_number
            current.append(line)
        flush()
    return blocks
