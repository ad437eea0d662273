"""An organisation's own demands, drafts included, as CSV or XLSX for its members."""

from __future__ import annotations

import csv
import io

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from organizations.permissions import workspace_demand_q
from proposals.models import BudgetPost, Chapter, Demand


def _header() -> list[str]:
    return [
        str(label)
        for label in (
            _("Organisasjon"),
            _("Dokument"),
            _("Tittel"),
            _("Status"),
            _("Standpunkt"),
            _("Beløp (kr)"),
            _("Kapitler"),
            _("Budsjettposter"),
            _("Kravet"),
            _("Begrunnelse"),
            _("Levert"),
            _("Sist endret"),
        )
    ]


def own_rows(*, user) -> list[list]:
    """One row per demand of ``user``'s organisations (three queries)."""
    demands = (
        Demand.objects.filter(workspace_demand_q(user))
        .select_related("organisation", "document")
        .prefetch_related(
            Prefetch("chapters", queryset=Chapter.objects.order_by("sort_key")),
            Prefetch("budget_posts", queryset=BudgetPost.objects.order_by("year", "chapter")),
        )
        .order_by("organisation__name", "document__identifier", "title", "pk")
    )

    def day(value):
        return date_format(timezone.localtime(value), "SHORT_DATE_FORMAT") if value else ""

    return [
        [
            d.organisation.name,
            d.document.identifier,
            d.title,
            d.get_status_display(),
            d.get_stance_display(),
            d.requested_amount_nok,
            ", ".join(c.number for c in d.chapters.all()),
            "; ".join(str(p) for p in d.budget_posts.all()),
            d.text,
            d.rationale,
            day(d.submitted_at),
            day(d.updated_at),
        ]
        for d in demands
    ]


def _safe(value):
    """A cell that a spreadsheet must not read as a formula keeps its text with a quote."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def as_csv(*, user) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(_header())
    for row in own_rows(user=user):
        writer.writerow(["" if v is None else _safe(v) for v in row])
    return "\ufeff" + buffer.getvalue()


def as_xlsx(*, user) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Våre krav")
    sheet.append(_header())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in own_rows(user=user):
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
