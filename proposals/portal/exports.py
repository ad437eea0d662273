"""CSV and XLSX exports of the demands a user has filtered on ``/demands/``.

The rows are exactly the queryset the selector built (visible to the user,
filtered, ordered); internal notes are never read. Both formats stream from
value tuples: rows are read through a server-side cursor in chunks, with each
chunk's chapters and budget posts fetched in two more queries, so neither
memory nor the number of queries grows with every row, and no model instance
is built. It is written for a Norwegian Excel: UTF-8 with a byte order
mark (so æøå survive) and semicolons (the comma is the decimal separator).
"""

from __future__ import annotations

import csv
import functools
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import date

from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from organizations.models import Organisation
from proposals.models import Demand, DemandStatus, Stance
from proposals.reference.labels import budget_post_label

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


CHUNK_SIZE = 2000


def _local_date(moment):
    return timezone.localtime(moment).date() if moment else None


def _chunks(rows: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    chunk: list[tuple] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _links(ids: list[int]) -> tuple[dict[int, str], dict[int, str]]:
    """The chapters and budget posts of these demands, as the cells show them: two queries."""
    chapters: dict[int, list[str]] = defaultdict(list)
    for demand_id, number in (
        Demand.chapters.through.objects.filter(demand_id__in=ids)
        .order_by("chapter__sort_key")
        .values_list("demand_id", "chapter__number")
    ):
        chapters[demand_id].append(number)
    posts: dict[int, list[str]] = defaultdict(list)
    for demand_id, year, chapter, post in (
        Demand.budget_posts.through.objects.filter(demand_id__in=ids)
        .order_by("budgetpost__year", "budgetpost__chapter", "budgetpost__post")
        .values_list("demand_id", "budgetpost__year", "budgetpost__chapter", "budgetpost__post")
    ):
        posts[demand_id].append(budget_post_label(chapter, post, year))
    return (
        {pk: ", ".join(numbers) for pk, numbers in chapters.items()},
        {pk: ", ".join(labels) for pk, labels in posts.items()},
    )


_COLUMNS = (
    "pk",
    "title",
    "organisation__name",
    "organisation__kind",
    "document__identifier",
    "stance",
    "status",
    "requested_amount_nok",
    "submitted_at",
    "status_changed_at",
    "text",
    "rationale",
)


def export_rows(queryset: QuerySet, *, absolute_url: Callable[[str], str]) -> Iterator[list]:
    """One list of values per demand, in the order of ``headers()``.

    Value tuples straight from the database (a server-side cursor on
    PostgreSQL), no model instances; each chunk's chapters and budget posts
    come in two more queries, so memory and queries per row stay constant.
    """
    kinds = {value: str(label) for value, label in Organisation.Kind.choices}
    statuses = {value: str(label) for value, label in DemandStatus.choices}
    stances = {value: str(label) for value, label in Stance.choices}
    # One reverse() for the whole export: the link differs by the id alone.
    placeholder = 987654321
    link = absolute_url(reverse("portal:demand_detail", args=[placeholder]))
    before, _sep, after = link.partition(str(placeholder))
    rows = queryset.values_list(*_COLUMNS).iterator(chunk_size=CHUNK_SIZE)
    for chunk in _chunks(rows, CHUNK_SIZE):
        chapters, posts = _links([row[0] for row in chunk])
        for (
            pk,
            title,
            org,
            kind,
            document,
            stance,
            status,
            amount,
            sent,
            changed,
            text,
            why,
        ) in chunk:
            yield [
                pk,
                title,
                org,
                kinds.get(kind, ""),
                document,
                chapters.get(pk, ""),
                posts.get(pk, ""),
                stances.get(stance, ""),
                statuses.get(status, ""),
                amount,
                _local_date(sent),
                _local_date(changed),
                text,
                why,
                f"{before}{pk}{after}",
            ]


@functools.lru_cache(maxsize=8192)
def _short_date(day: date, language: str) -> str:
    # A few thousand distinct days in 200 000 rows: each is formatted once.
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        # Keep a spreadsheet from running text as a formula.
        return "'" + value if value.startswith(_FORMULA_START) else value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return _short_date(value, translation.get_language() or "")
    text = str(value)
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
