"""Reading the Storting's open-data answers (XML) into plain records.

Plain Python, no Django: the importer (``importer.py``) turns the records into
rows. The XML is read with defusedxml, which refuses entity declarations and
never fetches anything, so an entity bomb or an external entity is an error,
not a hang. The answers are serialised the .NET way: a default namespace on
the root, ``i:nil="true"`` for an empty value, ``0001-01-01T00:00:00`` for a
date that is not set, local times without a zone.

Each reader returns ``Answer(kind, meta, rows, problems)``: a malformed row is
left out and named in ``problems`` with the reason; the rest are read. Elements
this module does not know are ignored.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from html.parser import HTMLParser
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"
_UNSET_DATE = "0001-01-01"


class AnswerRefused(ValueError):
    """The whole answer cannot be read (not XML, unsafe XML, an unknown root)."""


@dataclass
class Problem:
    row: str
    reason: str

    def __str__(self):
        return f"{self.row}: {self.reason}"


@dataclass
class Answer:
    kind: str
    meta: dict[str, Any]
    rows: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class RowError(ValueError):
    pass


# --- small readers -----------------------------------------------------------


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def child(element: Element | None, name: str) -> Element | None:
    if element is None:
        return None
    for node in element:
        if local(node.tag) == name:
            return node
    return None


def children(element: Element | None, name: str) -> list[Element]:
    if element is None:
        return []
    return [node for node in element if local(node.tag) == name]


def items(element: Element | None, list_name: str, item_name: str) -> list[Element]:
    return children(child(element, list_name), item_name)


def text(element: Element | None, name: str | None = None) -> str:
    node = child(element, name) if name else element
    if node is None or node.get(NIL) == "true":
        return ""
    return (node.text or "").strip()


def required(element: Element, name: str) -> str:
    value = text(element, name)
    if not value:
        raise RowError(f"«{name}» mangler")
    return value


def number(element: Element, name: str, *, needed: bool = False) -> int | None:
    value = required(element, name) if needed else text(element, name)
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise RowError(f"«{name}» er ikke et tall: {value[:40]!r}") from None


def boolean(element: Element, name: str) -> bool:
    return text(element, name).lower() == "true"


def moment(element: Element, name: str) -> datetime | None:
    """A local date and time; ``None`` for nil, empty or the .NET zero date."""
    value = text(element, name)
    if not value or value.startswith(_UNSET_DATE):
        return None
    value = value.rstrip("Z")
    try:
        return datetime.fromisoformat(value).replace(tzinfo=None)
    except ValueError:
        raise RowError(f"«{name}» er ikke en dato: {value[:40]!r}") from None


def day(element: Element, name: str) -> date | None:
    value = moment(element, name)
    return value.date() if value else None


def committee_id(element: Element | None) -> str:
    return text(child(element, "komite"), "id").upper()


# --- HTML to clean text ------------------------------------------------------

_BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table"}
_DROPPED = {"script", "style", "head", "title"}
_BLANK_LINES = re.compile(r"\n{3,}")
_SPACES = re.compile(r"[ \t\u00a0]+")


class _TextParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.dropping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _DROPPED:
            self.dropping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n\n" if tag != "br" else "\n")
        if tag == "li":
            self.parts.append("• ")

    def handle_endtag(self, tag):
        if tag in _DROPPED:
            self.dropping = max(0, self.dropping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self.dropping:
            self.parts.append(data)


def clean_html(value: str) -> str:
    """Text from markup: paragraphs as blank lines, no tags, no scripts, entities decoded."""
    if "<" not in value:
        return html.unescape(value).strip()
    parser = _TextParser()
    parser.feed(value)
    parser.close()
    joined = "".join(parser.parts)
    lines = [_SPACES.sub(" ", line).strip() for line in joined.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


# --- answers -----------------------------------------------------------------


def parse(data: bytes) -> Answer:
    """Read one saved answer of any resource this module knows."""
    try:
        root = fromstring(data, forbid_dtd=True)
    except DefusedXmlException as refusal:
        raise AnswerRefused(f"usikker XML avvist ({type(refusal).__name__})") from None
    except ParseError as error:
        raise AnswerRefused(f"ikke gyldig XML: {error}") from None
    kind = local(root.tag)
    reader = _READERS.get(kind)
    if reader is None:
        raise AnswerRefused(f"ukjent svar «{kind}»")
    meta = {
        "respons_dato_tid": text(root, "respons_dato_tid"),
        "versjon": text(root, "versjon"),
        "sesjon_id": text(root, "sesjon_id"),
        "horing_id": text(root, "horing_id"),
        "komite": committee_id(root),
    }
    answer = Answer(kind=kind, meta=meta)
    reader(root, answer)
    return answer


def _collect(answer: Answer, nodes: list[Element], label: str, read) -> None:
    for position, node in enumerate(nodes, start=1):
        ident = text(node, "id") or f"nr. {position}"
        try:
            answer.rows.append(read(node))
        except RowError as error:
            answer.problems.append(Problem(row=f"{label} {ident}", reason=str(error)))


def _hearing(node: Element) -> dict[str, Any]:
    return {
        "id": number(node, "id", needed=True),
        "committee": committee_id(node),
        "committee_name": text(child(node, "komite"), "navn"),
        "kind": text(node, "type") or "ikke_spesifisert",
        "written_only": boolean(node, "skriftlig"),
        "status": text(node, "horing_status") or "Ukjent",
        "publication_status": text(node, "status"),
        "status_text": clean_html(text(node, "status_info_tekst")),
        "request_deadline": moment(node, "anmodningsfrist_dato_tid"),
        "input_deadline": moment(node, "innspillsfrist"),
        "application_deadline": moment(node, "soknadfrist_dato"),
        "starts_at": moment(node, "start_dato"),
        "cases": [
            {
                "id": number(info, "sak_id", needed=True),
                "reference": text(info, "sak_henvisning"),
                "short_title": text(info, "sak_korttittel"),
                "title": text(info, "sak_tittel"),
                "url": text(info, "sak_publikasjon"),
            }
            for info in items(node, "horing_sak_info_liste", "horing_sak_info")
        ],
        "times": [
            {"at": moment(slot, "tidspunkt"), "place": text(slot, "sted")}
            for slot in items(node, "horingstidspunkt_liste", "horingstidspunkt")
        ],
    }


def _read_hearings(root: Element, answer: Answer) -> None:
    _collect(answer, items(root, "horinger_liste", "horing"), "høring", _hearing)


def _submission(node: Element) -> dict[str, Any]:
    return {
        "id": number(node, "id", needed=True),
        "date": day(node, "dato"),
        "organisation": required(node, "organisasjon"),
        "title": text(node, "tittel"),
        "text": clean_html(text(node, "tekst")),
    }


def _read_submissions(root: Element, answer: Answer) -> None:
    _collect(
        answer, items(root, "horingsinnspill_liste", "horingsinnspill"), "innspill", _submission
    )


def _read_written(root: Element, answer: Answer) -> None:
    _collect(
        answer,
        items(root, "skriftlige_innspill_liste", "skriftlig_innspill")
        or children(root, "skriftlig_innspill"),
        "skriftlig innspill",
        _submission,
    )


def _read_programme(root: Element, answer: Answer) -> None:
    for programme in children(child(root, "horingsprogram_liste"), "horingsprogram") or children(
        root, "horingsprogram"
    ):
        try:
            on = day(programme, "dato")
        except RowError as error:
            answer.problems.append(Problem(row="program", reason=str(error)))
            continue
        footnote = clean_html(text(programme, "fotnote"))

        def entry(node: Element, on=on, footnote=footnote) -> dict[str, Any]:
            return {
                "day": on,
                "order": number(node, "rekkefolge_nummer", needed=True),
                "participant": clean_html(required(node, "tekst")),
                "time_slot": text(node, "tidsangivelse"),
                "footnote": footnote,
            }

        nodes = items(programme, "horingsprogram_element_liste", "horingsprogram_element")
        for position, node in enumerate(nodes, start=1):
            try:
                answer.rows.append(entry(node))
            except RowError as error:
                label = text(node, "rekkefolge_nummer") or f"nr. {position}"
                answer.problems.append(Problem(row=f"programpost {label}", reason=str(error)))


def _case_entry(node: Element) -> dict[str, Any]:
    return {
        "id": number(node, "id", needed=True),
        "reference": text(node, "henvisning"),
        "title": required(node, "tittel"),
        "short_title": text(node, "korttittel"),
        "kind": text(node, "type"),
        "status": text(node, "status"),
        "committee": committee_id(node),
        "committee_name": text(child(node, "komite"), "navn"),
        "recommendation_storting_id": text(node, "innstilling_id"),
        "source_updated_at": moment(node, "sist_oppdatert_dato"),
    }


def _read_cases(root: Element, answer: Answer) -> None:
    _collect(answer, items(root, "saker_liste", "sak"), "sak", _case_entry)


def _read_case(root: Element, answer: Answer) -> None:
    def read(node: Element) -> dict[str, Any]:
        row = _case_entry(node)
        procedure = child(node, "saksgang")
        row.update(
            session=text(node, "sak_sesjon"),
            recommended_decision=clean_html(text(node, "innstillingstekst")),
            decision_summary=clean_html(text(node, "kortvedtak")),
            decision_text=clean_html(text(node, "vedtakstekst")),
            procedure_name=text(procedure, "navn"),
            steps=[
                {
                    "number": number(step, "steg_nummer", needed=True),
                    "name": required(step, "navn"),
                    "not_applicable": boolean(step, "uaktuell"),
                }
                for step in items(procedure, "saksgang_steg_liste", "saksgang_steg")
                or children(procedure, "saksgang_steg")
            ],
            publications=[
                {
                    "export_id": text(ref, "eksport_id"),
                    "text": text(ref, "lenke_tekst"),
                    "url": text(ref, "lenke_url"),
                    "type": text(ref, "type"),
                }
                for ref in items(node, "publikasjon_referanse_liste", "publikasjon_referanse")
            ],
        )
        return row

    _collect(answer, [root], "sak", read)


def _read_committees(root: Element, answer: Answer) -> None:
    def read(node: Element) -> dict[str, Any]:
        return {"id": required(node, "id").upper(), "name": text(node, "navn")}

    _collect(answer, items(root, "komiteer_liste", "komite"), "komité", read)


_READERS = {
    "horinger_oversikt": _read_hearings,
    "horingsinnspill_oversikt": _read_submissions,
    "skriftlige_innspill_oversikt": _read_written,
    "horingsprogram_oversikt": _read_programme,
    "saker_oversikt": _read_cases,
    "detaljert_sak": _read_case,
    "komiteer_oversikt": _read_committees,
}
