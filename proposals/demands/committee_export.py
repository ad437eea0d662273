"""The committee's products: the XLSX for members and the working draft of the recommendation.

Both take the demands of a document or of the queue's current filter, as the
secretariat sees them (``permissions.can_export_committee``). Duplicates are
left out (the kept demand stands for both).

- ``committee_workbook``: one row per demand and chapter, the columns a member
  needs, a frozen header, an autofilter, wrapped text and links that open.
  Internal notes only in their own clearly named column, and only in the
  internal variant; the variant for sharing has no such column at all.
- ``recommendation_draft``: a Word document per chapter in the document's
  order: who supports, who opposes, who wants a change and which new measures
  are asked for, one line per organisation with its demand, shared demands
  grouped, and the amounts summed per budget post — the secretary's starting
  point for «Komiteens merknader».
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Callable

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from organizations.permissions import secretariat_demand_q
from proposals.formatting import signed_nok
from proposals.models import (
    BudgetPost,
    Chapter,
    Demand,
    InternalNote,
    PolicyDocument,
    Stance,
    StatusChange,
)

AMOUNT_FORMAT = '#,##0 "kr";-#,##0 "kr"'
STANCE_ORDER = [Stance.SUPPORTS, Stance.OPPOSES, Stance.WANTS_CHANGE, Stance.NEW_MEASURE]


def committee_demands(
    *, user, document: PolicyDocument | None = None, base: QuerySet | None = None
):
    """The demands to export (five queries): of ``document``, or of ``base`` (the queue's filter)."""
    demands = base if base is not None else Demand.objects.visible_to(user)
    if document is not None:
        demands = demands.filter(document=document)
    return (
        demands.filter(secretariat_demand_q(user))
        .filter(duplicate_of__isnull=True)
        .select_related("organisation", "document", "shared_demand")
        .prefetch_related(
            Prefetch("chapters", queryset=Chapter.objects.order_by("sort_key")),
            Prefetch(
                "budget_posts", queryset=BudgetPost.objects.order_by("year", "chapter", "post")
            ),
            Prefetch(
                "status_changes",
                queryset=StatusChange.objects.exclude(note="").order_by("changed_at", "pk"),
            ),
            Prefetch("internal_notes", queryset=InternalNote.objects.order_by("created_at", "pk")),
        )
        .order_by("document__identifier", "organisation__name", "title", "pk")
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
    ordered = sorted(chapters.values(), key=lambda c: (c.document_id, c.sort_key))
    result: list[tuple[Chapter | None, list[Demand]]] = [(c, groups[c.pk]) for c in ordered]
    if loose:
        result.append((None, loose))
    return result


def _date(value) -> str:
    return date_format(timezone.localtime(value), "SHORT_DATE_FORMAT") if value else ""


def _public_notes(demand: Demand) -> str:
    return "\n".join(
        f"{_date(change.changed_at)} {change.get_to_status_display()}: {change.note}"
        for change in demand.status_changes.all()
    )


def _internal_notes(demand: Demand) -> str:
    return "\n".join(
        f"{_date(note.created_at)}: {note.text}" for note in demand.internal_notes.all()
    )


# --- XLSX ----------------------------------------------------------------------------------


def committee_workbook(
    *,
    user,
    link: Callable[[Demand], str],
    document: PolicyDocument | None = None,
    base: QuerySet | None = None,
    internal: bool = True,
) -> bytes:
    """The XLSX as bytes; ``link(demand)`` gives the absolute address of a demand's page."""
    columns = [
        (_("Dokument"), 14),
        (_("Kapittel"), 34),
        (_("Organisasjon"), 28),
        (_("Tittel"), 36),
        (_("Organisasjonens tittel"), 30),
        (_("Felles krav"), 24),
        (_("Kravet"), 60),
        (_("Begrunnelse"), 50),
        (_("Standpunkt"), 14),
        (_("Beløp (kr)"), 16),
        (_("Budsjettposter"), 28),
        (_("Status"), 20),
        (_("Offentlige merknader"), 40),
        (_("Levert"), 12),
        (_("Lenke"), 40),
    ]
    if internal:
        columns.append((_("INTERNE NOTATER – ikke for deling"), 40))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Krav til komiteen")
    sheet.append([str(label) for label, _width in columns])
    for index, (_label, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.cell(row=1, column=index).font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    demands = committee_demands(user=user, document=document, base=base)
    for chapter, group in grouped_by_chapter(demands):
        for demand in group:
            values = [
                demand.document.identifier,
                str(chapter) if chapter is not None else _("Uten kapittel"),
                demand.organisation.name,
                demand.display_title,
                demand.title if demand.editorial_title else "",
                demand.shared_demand.title if demand.shared_demand else "",
                demand.text,
                demand.rationale,
                demand.get_stance_display(),
                demand.requested_amount_nok,
                "; ".join(str(post) for post in demand.budget_posts.all()),
                demand.get_status_display(),
                _public_notes(demand),
                _date(demand.submitted_at),
                link(demand),
            ]
            if internal:
                values.append(_internal_notes(demand))
            sheet.append([value if value != "" else None for value in values])
            row = sheet.max_row
            for cell in sheet[row]:
                cell.alignment = wrap
                # Text is text: a title starting with «=» must never become a formula.
                if isinstance(cell.value, str):
                    cell.data_type = "s"
            sheet.cell(row=row, column=10).number_format = AMOUNT_FORMAT
            link_cell = sheet.cell(row=row, column=15)
            link_cell.hyperlink = link_cell.value
            link_cell.style = "Hyperlink"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(sheet.max_row, 1)}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- The working draft of the recommendation (DOCX) --------------------------------------


def _stance_heading(stance: str) -> str:
    return {
        Stance.SUPPORTS: _("Støtter"),
        Stance.OPPOSES: _("Går imot"),
        Stance.WANTS_CHANGE: _("Vil ha endringer"),
        Stance.NEW_MEASURE: _("Ber om nye tiltak"),
    }[stance]


def _line(demand: Demand) -> str:
    text = f"{demand.organisation.short_name or demand.organisation.name}: {demand.display_title}"
    if demand.requested_amount_nok is not None:
        text += f" ({signed_nok(demand.requested_amount_nok)})"
    return text


def _add_stance(draft, stance: str, in_stance: list[Demand]) -> None:
    """One stance's demands under a chapter: shared demands first, then the rest."""
    draft.add_heading(_stance_heading(stance), level=2)
    shared: dict[int, list[Demand]] = defaultdict(list)
    for demand in in_stance:
        if demand.shared_demand_id:
            shared[demand.shared_demand_id].append(demand)
    for members in shared.values():
        names = ", ".join(m.organisation.short_name or m.organisation.name for m in members)
        paragraph = draft.add_paragraph(style="List Bullet")
        paragraph.add_run(
            _("Felles krav «%(title)s» (%(names)s)")
            % {"title": members[0].shared_demand.title, "names": names}
        ).bold = True
        for member in members:
            draft.add_paragraph(_line(member), style="List Bullet 2")
    for demand in in_stance:
        if not demand.shared_demand_id:
            draft.add_paragraph(_line(demand), style="List Bullet")


def recommendation_draft(
    *, user, title: str, document: PolicyDocument | None = None, base: QuerySet | None = None
) -> bytes:
    """The working draft as DOCX bytes, with real heading styles a screen reader follows."""
    from docx import Document

    demands = list(committee_demands(user=user, document=document, base=base))
    draft = Document()
    draft.core_properties.title = title
    draft.core_properties.language = "nb-NO"
    draft.add_heading(title, level=0)
    organisations = {d.organisation_id for d in demands}
    draft.add_paragraph(
        ngettext(
            "Arbeidsutkast til komiteens merknader, laget %(date)s fra %(n)s krav fra "
            "%(orgs)s organisasjon. Internt arbeidsdokument.",
            "Arbeidsutkast til komiteens merknader, laget %(date)s fra %(n)s krav fra "
            "%(orgs)s organisasjoner. Internt arbeidsdokument.",
            len(organisations),
        )
        % {"date": _date(timezone.now()), "n": len(demands), "orgs": len(organisations)}
    )
    for chapter, group in grouped_by_chapter(demands):
        heading = str(chapter) if chapter is not None else _("Uten kapittel")
        if chapter is not None and document is None:
            heading = f"{chapter.document.identifier} {heading}"
        draft.add_heading(heading, level=1)
        for stance in STANCE_ORDER:
            in_stance = [d for d in group if d.stance == stance]
            if in_stance:
                _add_stance(draft, stance, in_stance)
        sums: dict[int, list] = {}
        for demand in group:
            if demand.requested_amount_nok is None:
                continue
            for post in demand.budget_posts.all():
                entry = sums.setdefault(post.pk, [post, 0, 0])
                entry[1] += demand.requested_amount_nok
                entry[2] += 1
        if sums:
            draft.add_heading(_("Beløp per budsjettpost"), level=2)
            for post, total, count in sorted(
                sums.values(), key=lambda e: (e[0].year, e[0].chapter, e[0].post)
            ):
                draft.add_paragraph(
                    _("%(post)s: %(total)s i sum fra %(n)s krav")
                    % {"post": post, "total": signed_nok(total), "n": count},
                    style="List Bullet",
                )
    buffer = io.BytesIO()
    draft.save(buffer)
    return buffer.getvalue()
