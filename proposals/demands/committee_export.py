"""The export for the committee's recommendation (innstilling): one XLSX per document.

Demands are grouped by chapter in the document's natural order; a demand on
several chapters appears under each, and those without a chapter come in a
last group. The notes column holds status notes *and internal notes*, so the
file is for the secretariat only (``permissions.can_export_committee``).
"""

from __future__ import annotations

import io
from collections import defaultdict

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from proposals.models import (
    Chapter,
    Demand,
    InternalNote,
    PolicyDocument,
    StatusChange,
)

AMOUNT_FORMAT = '#,##0 "kr";-#,##0 "kr"'


def committee_demands(*, document: PolicyDocument, user):
    """The demands on ``document`` that ``user`` may see, past the draft stage (four queries)."""
    return (
        Demand.objects.at_secretariat(user)
        .filter(document=document)
        .select_related("organisation")
        .prefetch_related(
            Prefetch("chapters", queryset=Chapter.objects.order_by("sort_key")),
            Prefetch(
                "status_changes",
                queryset=StatusChange.objects.exclude(note="").order_by("changed_at", "pk"),
            ),
            Prefetch("internal_notes", queryset=InternalNote.objects.order_by("created_at", "pk")),
        )
        .order_by("organisation__name", "title", "pk")
    )


def grouped_by_chapter(demands) -> list[tuple[Chapter | None, list[Demand]]]:
    """(chapter, demands) in chapter order, then (None, demands without a chapter)."""
    groups: dict[int, list[Demand]] = defaultdict(list)
    chapters: dict[int, Chapter] = {}
    loose = []
    for demand in demands:
        linked = list(demand.chapters.all())
        if not linked:
            loose.append(demand)
        for chapter in linked:
            chapters[chapter.pk] = chapter
            groups[chapter.pk].append(demand)
    ordered = sorted(chapters.values(), key=lambda c: c.sort_key)
    result: list[tuple[Chapter | None, list[Demand]]] = [(c, groups[c.pk]) for c in ordered]
    if loose:
        result.append((None, loose))
    return result


def _notes(demand: Demand) -> str:
    lines = [
        f"{date_format(timezone.localtime(change.changed_at), 'SHORT_DATE_FORMAT')} "
        f"{change.get_to_status_display()}: {change.note}"
        for change in demand.status_changes.all()
    ]
    lines += [
        _("Internt %(date)s: %(text)s")
        % {
            "date": date_format(timezone.localtime(note.created_at), "SHORT_DATE_FORMAT"),
            "text": note.text,
        }
        for note in demand.internal_notes.all()
    ]
    return "\n".join(lines)


def _text_cell(sheet, value, *, bold: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    # Text is text: a title starting with «=» must never become a formula.
    if isinstance(value, str) and value:
        cell.data_type = "s"
    if bold:
        cell.font = Font(bold=True)
    return cell


def committee_workbook(*, document: PolicyDocument, user) -> bytes:
    """The XLSX file as bytes."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Krav etter kapittel"))
    sheet.append([_text_cell(sheet, f"{document.identifier} {document.title}", bold=True)])
    sheet.append([])
    header = [
        _("Kapittel"),
        _("Organisasjon"),
        _("Krav"),
        _("Standpunkt"),
        _("Status"),
        _("Beløp (kr)"),
        _("Merknader"),
    ]
    sheet.append([_text_cell(sheet, str(label), bold=True) for label in header])
    for chapter, demands in grouped_by_chapter(committee_demands(document=document, user=user)):
        heading = str(chapter) if chapter is not None else _("Uten kapittel")
        sheet.append([_text_cell(sheet, heading, bold=True)])
        for demand in demands:
            amount = WriteOnlyCell(sheet, value=demand.requested_amount_nok)
            amount.number_format = AMOUNT_FORMAT
            sheet.append(
                [
                    _text_cell(sheet, chapter.number if chapter is not None else ""),
                    _text_cell(sheet, demand.organisation.name),
                    _text_cell(sheet, demand.title),
                    _text_cell(sheet, demand.get_stance_display()),
                    _text_cell(sheet, demand.get_status_display()),
                    amount,
                    _text_cell(sheet, _notes(demand)),
                ]
            )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
