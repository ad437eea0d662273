"""One entry for every file a recommendation or its decisions may come in.

Plain Python with no Django: the Storting's export (XML: a publication or a
``stortingsvedtak`` answer), HTML, or an uploaded PDF/DOCX/TXT (its text read by
the submissions' extractor, which refuses what is not what it claims to be).
"""

from __future__ import annotations

from proposals.outcomes.blocks import UnreadableDocument, blocks_from_html, blocks_from_text
from proposals.outcomes.decisions import is_decisions_answer, read_decisions, read_recommendation
from proposals.outcomes.splitting import Passage, split
from proposals.submissions.importing.extract import ImportRejected, extract_text

MAX_BYTES = 20 * 1024 * 1024
EXPORT_URL = "https://data.stortinget.no/eksport/publikasjon?publikasjonid={id}"


def read_file(data: bytes, filename: str, *, case_id: str | None = None) -> list[Passage]:
    """The passages in ``data``; raises UnreadableDocument with a message for people."""
    if not data.strip():
        raise UnreadableDocument("Filen er tom.")
    if len(data) > MAX_BYTES:
        raise UnreadableDocument("Filen er større enn 20 MB.")
    name = filename.lower()
    head = data.lstrip()[:200].lower()
    if name.endswith(".xml") or head.startswith(b"<?xml") and b"<html" not in head:
        if is_decisions_answer(data):
            return read_decisions(data, case_id=case_id)
        return read_recommendation(data, "export.xml")
    if name.endswith((".html", ".htm")) or head.startswith((b"<!doctype html", b"<html")):
        return split(blocks_from_html(data.decode("utf-8", errors="replace")))
    try:
        text = extract_text(data, filename)
    except ImportRejected as exc:
        raise UnreadableDocument(exc.message) from exc
    passages = split(blocks_from_text(text))
    if not passages:
        raise UnreadableDocument("Fant ingen tekst å dele i avsnitt.")
    return passages


def fetch_publication(publication_id: str, *, timeout: float = 30.0) -> bytes:
    """The publication export for ``publication_id`` (only the command calls this)."""
    from urllib.parse import quote
    from urllib.request import urlopen

    url = EXPORT_URL.format(id=quote(publication_id, safe=""))
    with urlopen(url, timeout=timeout) as response:  # noqa: S310 - fixed https address
        return response.read(MAX_BYTES + 1)
