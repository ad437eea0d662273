"""Put cleaning, reference finding and demand finding together.

:func:`analyse` returns exactly the ``import_submission --dry-run --format
json`` contract of DESIGN.md. Candidates carry extra keys the contract allows
and the review screen shows: ``title``, ``confidence``, ``reason``,
``section`` (its heading), ``heading``, ``stance``, ``amount_kind``,
``programme_categories``, ``cited_documents``.

Which references a candidate carries: those written in its own sentence or
list item (and the footnotes cited there). Of each kind — chapters, budget
posts, programme categories — that it has none of, it inherits the ones of
its list's lead-in, else of its heading, else of a heading stacked right above
that heading with no text of its own. Nothing comes from elsewhere in the
section, nor from earlier sections.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from proposals.submissions.importing import references as refs
from proposals.submissions.importing.amounts import requested_amount
from proposals.submissions.importing.clean import CleanText, clean_text
from proposals.submissions.importing.demands import (
    CONFIDENT,
    Candidate,
    Section,
    find_candidates,
    split_sections,
)
from proposals.submissions.importing.references import (
    BudgetRef,
    ChapterRef,
    DocumentMention,
    unique,
)

# Answers "does this document have this chapter?"; the Django layer passes one
# that looks in the database. Without it every chapter reference is unresolved.
ChapterResolver = Callable[[str, str], bool]
# Answers "which chapters does this document have?" (None when it is not known).
ChapterLists = Callable[[str], "list[str] | None"]

_TITLE_MAX_CHARS = 300
__all__ = ["CONFIDENT", "ChapterLists", "ChapterResolver", "analyse"]


def analyse(
    text: str,
    *,
    target_document: str | None = None,
    resolver: ChapterResolver | None = None,
    chapter_lists: ChapterLists | None = None,
) -> dict[str, Any]:
    """Find references and candidate demands in a submission's text.

    ``text`` may be raw extracted text (with footnotes and page breaks) or a
    plain-text file; it is cleaned here. ``target_document`` is the document the
    submission answers when the caller knows it; otherwise it is read from the
    title or from phrases like "innspill til …".
    """
    cleaned = clean_text(text)
    body = cleaned.body
    sections = split_sections(body)
    notes_text = "\n".join(cleaned.footnotes.values())

    body_documents = refs.find_documents(body)
    note_documents = refs.find_documents(notes_text)
    target = _target(body, body_documents, sections, target_document)
    year = refs.find_budget_year(body, target=target, documents=body_documents + note_documents)

    body_chapters = refs.chapter_refs_at(
        body, default_document=target, documents=body_documents, chapter_lists=chapter_lists
    )
    heading_chapters = _heading_chapter_refs(sections, target)
    body_budget = refs.budget_refs_at(body, year=year)
    body_programmes = refs.programme_categories_at(body)
    notes = _footnote_refs(cleaned, target=target, year=year, chapter_lists=chapter_lists)

    chapter_refs = unique(
        [ref for _, ref in sorted(body_chapters + heading_chapters, key=lambda item: item[0])]
        + [ref for note in notes.values() for ref in note["chapters"]]
    )
    budget_refs = unique(
        [ref for _, ref in body_budget] + [ref for note in notes.values() for ref in note["budget"]]
    )
    cited = unique(
        [m.identifier for m in body_documents + note_documents if m.identifier != target]
        + [ref.document for ref in chapter_refs if ref.document and ref.document != target]
    )

    candidates = [
        _candidate_dict(
            candidate,
            chapters=body_chapters + heading_chapters,
            budget=body_budget,
            programmes=body_programmes,
            anchors=cleaned.anchors,
            notes=notes,
            resolver=resolver,
            documents=body_documents,
            target=target,
        )
        for candidate in find_candidates(sections)
    ]
    return {
        "target_document": target,
        "cited_documents": cited,
        "chapter_refs": [_chapter_dict(ref, resolver) for ref in chapter_refs],
        "budget_refs": [_budget_dict(ref) for ref in budget_refs],
        "programme_categories": unique(number for _, number in body_programmes),
        "candidates": candidates,
    }


def _target(
    body: str,
    documents: list[DocumentMention],
    sections: list[Section],
    given: str | None,
) -> str | None:
    if given and given.strip():
        return refs.normalise_identifier(given)
    first = sections[0] if sections else None
    title_end = 0
    if first is not None and first.heading is not None:
        title_end = min(first.heading.start + len(first.heading.text), _TITLE_MAX_CHARS)
    return refs.find_target(body, documents, title_end=title_end)


def _heading_chapter_refs(
    sections: list[Section], target: str | None
) -> list[tuple[int, ChapterRef]]:
    """Chapter numbers that headings carry, unless they are the letter's own numbering."""
    numbered = [
        (section.heading.start, number)
        for section in sections
        if section.heading and (number := refs.heading_number(section.heading.text))
    ]
    numbers = [number for _, (number, _dot) in numbered]
    if refs.headings_are_own_numbering(numbers):
        return []
    found: list[tuple[int, ChapterRef]] = []
    for start, (number, _dot) in numbered:
        found.append((start, ChapterRef(target, number)))
    return found


def _footnote_refs(
    cleaned: CleanText,
    *,
    target: str | None,
    year: int | None,
    chapter_lists: ChapterLists | None = None,
) -> dict[int, dict[str, list[Any]]]:
    result: dict[int, dict[str, list[Any]]] = {}
    for number, note in cleaned.footnotes.items():
        documents = refs.find_documents(note)
        # A chapter in a footnote with no document beside it still belongs to the
        # document the footnote cites, if it cites exactly one.
        named = {m.identifier for m in documents}
        default = next(iter(named)) if len(named) == 1 else target
        result[number] = {
            "documents": [m.identifier for m in documents],
            "chapters": refs.find_chapter_refs(
                note, default_document=default, documents=documents, chapter_lists=chapter_lists
            ),
            "budget": refs.find_budget_refs(note, year=year),
        }
    return result


def _candidate_dict(
    candidate: Candidate,
    *,
    chapters: list[tuple[int, ChapterRef]],
    budget: list[tuple[int, BudgetRef]],
    programmes: list[tuple[int, str]],
    anchors: tuple[tuple[int, int], ...],
    notes: dict[int, dict[str, list[Any]]],
    resolver: ChapterResolver | None,
    documents: list[DocumentMention],
    target: str | None,
) -> dict[str, Any]:
    section = candidate.section
    heading = section.heading

    def within(spans: list[tuple[int, int]], items: list[tuple[int, Any]]) -> list[Any]:
        return [item for offset, item in items if any(a <= offset < b for a, b in spans)]

    own = [(candidate.start, candidate.end), *candidate.merged]
    own_notes = [n for offset, n in anchors if any(a <= offset <= b for a, b in own)]
    # Where a candidate may inherit from, nearest first (see the module's docstring).
    sources = [[candidate.lead_in]] if candidate.lead_in else []
    stacked = section
    while stacked is not None and stacked.heading is not None:
        sources.append([(stacked.heading.start, stacked.heading.start + len(stacked.heading.text))])
        stacked = stacked.above

    def attached(items: list[tuple[int, Any]], from_notes: str | None = None) -> list[Any]:
        found = within(own, items)
        if from_notes:
            found += [ref for number in own_notes for ref in notes[number][from_notes]]
        for spans in sources:
            if found:
                break
            found = within(spans, items)
        return unique(found)

    cited = [m.identifier for m in documents if any(a <= m.start < b for a, b in own)]
    cited += [doc for number in own_notes for doc in notes[number]["documents"]]
    amount = requested_amount(candidate.own_text or candidate.text)
    return {
        "text": candidate.text,
        "chapter_refs": [_chapter_dict(ref, resolver) for ref in attached(chapters, "chapters")],
        "budget_refs": [_budget_dict(ref) for ref in attached(budget, "budget")],
        "requested_amount_nok": amount.nok if amount else None,
        "amount_kind": amount.kind if amount else None,
        "title": candidate.title,
        "confidence": round(candidate.confidence, 2),
        "confident": candidate.confidence >= CONFIDENT,
        "reason": candidate.reason,
        "section": heading.text if heading else None,
        "heading": heading.text if heading else None,
        "stance": candidate.stance,
        "programme_categories": attached(programmes),
        "cited_documents": [doc for doc in unique(cited) if doc != target],
    }


def _chapter_dict(ref: ChapterRef, resolver: ChapterResolver | None) -> dict[str, Any]:
    resolved = bool(resolver and ref.document and resolver(ref.document, ref.number))
    found = {"document": ref.document, "number": ref.number, "resolved": resolved}
    if ref.range_endpoint:
        found["range_endpoint"] = True
    return found


def _budget_dict(ref: BudgetRef) -> dict[str, Any]:
    return {"year": ref.year, "chapter": ref.chapter, "post": ref.post}
