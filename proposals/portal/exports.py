"""CSV and XLSX exports of the demands a user has filtered on ``/demands/``.

The rows are exactly the queryset the selector built (visible to the user,
filtered, ordered); internal notes are never read. The CSV streams: rows are
read from the database in chunks, with each chunk's chapters and budget posts
fetched in two more queries, so neither memory nor the number of queries grows
with every row. It is written for a Norwegian Excel: UTF-8 with a byte order
mark (so æøå survive) and semicolons (the comma is the decimal separator).
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Callable, Iterable, Iterator

from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from organizations.models import Organisation
from proposals.models import BudgetPost, Chapter, DemandStatus, Stance

CHUNK_SIZE = 500
BOM = "\ufeff"
# A cell starting with one of these is a formula to a spreadsheet.
# The fullwidth forms count: spreadsheets read "＝1+1" as a formula too, and "|" starts
# a DDE call in some.
_FORMULA_START = ("=", "+", "-", "@", "|", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def headers() -> list[str]:
    return [
        _("ID"),
        _("Tittel"),
        _("Organisasjon"),
        _("Organisasjonstype"),
        _("Dokument"),
        _("Kapitler"),
        _("Budsjettposter"),
        _("Standpunkt"),
        _("Status"),
        _("Beløp (kr)"),
        _("Levert"),
        _("Status endret"),
        _("Krav"),
        _("Begrunnelse"),
        _("Lenke"),
    ]


def _local_date(moment):
    return timezone.localtime(moment).date() if moment else None


def export_rows(queryset: QuerySet, *, absolute_url: Callable[[str], str]) -> Iterator[list]:
    """One list of values per demand, in the order of ``headers()``."""
    rows = queryset.select_related("organisation", "document").prefetch_related(
        Prefetch(
            "chapters",
            queryset=Chapter.objects.only("id", "number", "sort_key").order_by("sort_key"),
        ),
        Prefetch("budget_posts", queryset=BudgetPost.objects.order_by("year", "chapter", "post")),
    )
    kinds = dict(Organisation.Kind.choices)
    statuses = dict(DemandStatus.choices)
    stances = dict(Stance.choices)
    for demand in rows.iterator(chunk_size=CHUNK_SIZE):
        yield [
            demand.pk,
            demand.title,
            demand.organisation.name,
            str(kinds.get(demand.organisation.kind, "")),
            demand.document.identifier,
            ", ".join(chapter.number for chapter in demand.chapters.all()),
            ", ".join(str(post) for post in demand.budget_posts.all()),
            str(stances.get(demand.stance, "")),
            str(statuses.get(demand.status, "")),
            demand.requested_amount_nok,
            _local_date(demand.submitted_at),
            _local_date(demand.status_changed_at),
            demand.text,
            demand.rationale,
            absolute_url(demand.get_absolute_url()),
        ]


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, int):
        return str(value)
    text = str(value)
    # Keep a spreadsheet from running text as a formula.
    return "'" + text if text.startswith(_FORMULA_START) else text


class _Line:
    """A file-like object whose write() hands the line back, for csv.writer."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[list]) -> Iterator[str]:
    writer = csv.writer(_Line(), delimiter=";", lineterminator="\r\n")
    yield BOM + writer.writerow(headers())
    for row in rows:
        yield writer.writerow([_csv_cell(value) for value in row])


def _filename(extension: str) -> str:
    # A file name in the reader's language, ASCII only: «krav», «demands».
    name = pgettext("filnavn", "krav")
    return f"{name}-{timezone.localdate():%Y-%m-%d}.{extension}"


def _in_language(language: str, lines: Iterable[str]) -> Iterator[bytes]:
    """The lines in the request's language, however late the server reads them.

    A streamed body is produced after the view has returned, when another
    language may be active on the thread.
    """
    with translation.override(language):
        for line in lines:
            yield line.encode("utf-8")


def csv_response(
    queryset: QuerySet, *, absolute_url: Callable[[str], str]
) -> StreamingHttpResponse:
    lines = csv_lines(export_rows(queryset, absolute_url=absolute_url))
    response = StreamingHttpResponse(
        _in_language(translation.get_language(), lines),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


AMOUNT_COLUMN = 9  # «Beløp (kr)» in headers()
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(queryset: QuerySet, *, absolute_url: Callable[[str], str]) -> FileResponse:
    """A write-only workbook, built in a temporary file rather than in memory."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Krav"))
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def header_cell(text):
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        return cell

    sheet.append([header_cell(text) for text in headers()])
    for row in export_rows(queryset, absolute_url=absolute_url):
        cells = []
        for column, value in enumerate(row):
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                # Text stays text, even when it starts with "=".
                cell.data_type = "s"
            elif hasattr(value, "strftime"):
                cell.number_format = "DD.MM.YYYY"
            elif column == AMOUNT_COLUMN and value is not None:
                cell.number_format = "#,##0"
            cells.append(cell)
        sheet.append(cells)

    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle, as_attachment=True, filename=_filename("xlsx"), content_type=XLSX_TYPE
    )
