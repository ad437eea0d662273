"""The Storting's decisions (``stortingsvedtak``) and a recommendation's export, read safely.

Plain Python with no Django. The decisions answer is
``stortingsvedtak_oversikt/stortingsvedtak_liste/stortingsvedtak`` (see
shared/reference/stortinget-open-data.md); each decision's text is HTML inside
the element, and empty values are written ``i:nil="true"``.
"""

from __future__ import annotations

from proposals.outcomes.blocks import blocks_from_html, blocks_from_xml, local_name, parse_xml
from proposals.outcomes.splitting import DECISION, Passage, split

_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"


def _child(element, name: str):
    for child in element:
        if local_name(child.tag) == name:
            return child
    return None


def _text(element, name: str) -> str:
    child = _child(element, name)
    if child is None or child.get(_NIL) == "true":
        return ""
    return "".join(child.itertext()).strip()


def read_decisions(data: bytes, *, case_id: str | None = None) -> list[Passage]:
    """The decisions in a ``stortingsvedtak`` answer (those of one case, if given)."""
    root = parse_xml(data)
    found: list[Passage] = []
    for element in root.iter():
        if local_name(element.tag) != "stortingsvedtak":
            continue
        if case_id is not None and _text(element, "sak_id") != str(case_id):
            continue
        kind = _child(element, "stortingsvedtak_type")
        decision_type = _text(kind, "id") if kind is not None else ""
        html = _text(element, "stortingsvedtak_tekst")
        text = "\n\n".join(b.text for b in blocks_from_html(html)) or html
        title = _text(element, "stortingsvedtak_tittel")
        found.append(
            Passage(
                kind=DECISION,
                text=text,
                heading_path=[title] if title else [],
                number=_text(element, "stortingsvedtak_nummer"),
                decision_type=decision_type.upper(),
                source_id=_text(element, "id"),
            )
        )
    return found


def is_decisions_answer(data: bytes) -> bool:
    return b"stortingsvedtak_oversikt" in data[:2000]


def read_recommendation(data: bytes, filename: str) -> list[Passage]:
    """A recommendation's passages from an export answer (XML) or an HTML file."""
    name = filename.lower()
    if name.endswith(".xml") or data.lstrip()[:5] == b"<?xml":
        return split(blocks_from_xml(data))
    return split(blocks_from_html(data.decode("utf-8", errors="replace")))
