"""The tables of the bulk download and their data dictionary: one place for both.

Every table is read as an anonymous visitor reads the portal, through the rules in
``organizations.permissions``: no drafts, hidden demands, duplicates, prepared
outcomes or internal notes, whoever builds the files.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from organizations.models import Organisation
from organizations.permissions import (
    demand_visibility_q,
    status_change_visibility_q,
    submission_visibility_q,
)
from proposals.models import BudgetPost, Chapter, Demand, PolicyDocument, StatusChange, Submission
from proposals.process.models import Case, Hearing


@dataclass(frozen=True)
class Column:
    name: str
    description: object  # a lazy translation
    source: str = ""  # the field path, if not the name

    @property
    def path(self) -> str:
        return self.source or self.name


@dataclass(frozen=True)
class Table:
    name: str
    description: object
    columns: tuple[Column, ...]
    rows: Callable[[], QuerySet]

    def values(self) -> QuerySet:
        return self.rows().order_by("pk").values_list(*[c.path for c in self.columns])


def _public():
    return AnonymousUser()


def _demands():
    return Demand.objects.filter(demand_visibility_q(_public()))


def _demand_links(through):
    return through.objects.filter(demand__in=_demands().values("pk"))


TABLES: tuple[Table, ...] = (
    Table(
        "demands",
        _("Kravene: ett krav per rad, slik portalen viser dem."),
        (
            Column("id", _("Kravets id, som i /demands/<id>/ og API-et.")),
            Column("organisation_id", _("Organisasjonen (organisations.id).")),
            Column("document_id", _("Dokumentet kravet svarer på (documents.id).")),
            Column("submission_id", _("Innspillet kravet kom fra (submissions.id), om noe.")),
            Column("title", _("Tittel.")),
            Column("text", _("Kravet.")),
            Column("rationale", _("Begrunnelse.")),
            Column("stance", _("Standpunkt: supports, opposes, wants_change, new_measure.")),
            Column("status", _("Status: submitted, under_consideration, addressed, adopted …")),
            Column("requested_amount_nok", _("Beløpet det bes om, i kroner; negativt for kutt.")),
            Column("version", _("Versjonsnummer.")),
            Column("submitted_at", _("Levert (ISO 8601).")),
            Column("status_changed_at", _("Sist endret status (ISO 8601).")),
        ),
        _demands,
    ),
    Table(
        "demand_chapters",
        _("Hvilke kapitler hvert krav gjelder."),
        (
            Column("demand_id", _("Kravet (demands.id).")),
            Column("chapter_id", _("Kapittelet (chapters.id).")),
        ),
        lambda: _demand_links(Demand.chapters.through),
    ),
    Table(
        "demand_budget_posts",
        _("Hvilke budsjettposter hvert krav gjelder."),
        (
            Column("demand_id", _("Kravet (demands.id).")),
            Column("budget_post_id", _("Budsjettposten (budget_posts.id)."), "budgetpost_id"),
        ),
        lambda: _demand_links(Demand.budget_posts.through),
    ),
    Table(
        "status_changes",
        _("Kravenes offentlige statushistorikk."),
        (
            Column("id", _("Statusendringens id.")),
            Column("demand_id", _("Kravet (demands.id).")),
            Column("from_status", _("Status før.")),
            Column("to_status", _("Status etter.")),
            Column("note", _("Den offentlige merknaden til endringen.")),
            Column("changed_at", _("Tidspunkt (ISO 8601).")),
        ),
        lambda: StatusChange.objects.filter(status_change_visibility_q(_public())),
    ),
    Table(
        "organisations",
        _("Organisasjonene."),
        (
            Column("id", _("Organisasjonens id.")),
            Column("name", _("Navn.")),
            Column("short_name", _("Kortnavn.")),
            Column("kind", _("Type organisasjon.")),
            Column("org_number", _("Organisasjonsnummer (ni siffer).")),
            Column("website", _("Nettsted.")),
        ),
        Organisation.objects.all,
    ),
    Table(
        "documents",
        _("Dokumentene kravene svarer på: meldinger, NOU-er, proposisjoner."),
        (
            Column("id", _("Dokumentets id.")),
            Column("identifier", _("Identifikator slik den skrives offisielt.")),
            Column("title", _("Tittel.")),
            Column("kind", _("Type dokument.")),
            Column("session", _("Sesjon eller år.")),
            Column("responsible", _("Ansvarlig departement.")),
            Column("url", _("Lenke.")),
        ),
        PolicyDocument.objects.all,
    ),
    Table(
        "chapters",
        _("Dokumentenes kapitler."),
        (
            Column("id", _("Kapittelets id.")),
            Column("document_id", _("Dokumentet (documents.id).")),
            Column("number", _("Kapittelnummer, f.eks. 10.3.")),
            Column("title", _("Tittel.")),
            Column("parent_id", _("Overordnet kapittel (chapters.id), om noe.")),
        ),
        Chapter.objects.all,
    ),
    Table(
        "budget_posts",
        _("Budsjettpostene."),
        (
            Column("id", _("Postens id.")),
            Column("year", _("Budsjettår.")),
            Column("chapter", _("Kapittel (kap.).")),
            Column("post", _("Post.")),
            Column("chapter_name", _("Kapittelnavn.")),
            Column("post_name", _("Postnavn.")),
            Column("amount_nok", _("Bevilgning i kroner, der den er kjent.")),
        ),
        BudgetPost.objects.all,
    ),
    Table(
        "submissions",
        _("Innspillene bak de offentlige kravene (bare metadata)."),
        (
            Column("id", _("Innspillets id.")),
            Column("organisation_id", _("Organisasjonen (organisations.id).")),
            Column("document_id", _("Dokumentet (documents.id).")),
            Column("kind", _("Type innspill.")),
            Column("title", _("Tittel.")),
            Column("submitted_on", _("Dato.")),
        ),
        lambda: Submission.objects.filter(submission_visibility_q(_public())),
    ),
    Table(
        "cases",
        _("Saker i Stortinget."),
        (
            Column("id", _("Sakens id her.")),
            Column("storting_id", _("Stortingets id for saken.")),
            Column("title", _("Tittel.")),
            Column("kind", _("Type sak.")),
            Column("status", _("Status i Stortinget.")),
            Column("document_id", _("Dokumentet saken behandler (documents.id), om kjent.")),
            Column("recommendation_reference", _("Innstillingen.")),
        ),
        Case.objects.all,
    ),
    Table(
        "hearings",
        _("Komiteenes høringer."),
        (
            Column("id", _("Høringens id her.")),
            Column("storting_id", _("Stortingets id for høringen.")),
            Column("kind", _("Type høring.")),
            Column("status", _("Status.")),
            Column("input_deadline", _("Frist for skriftlige innspill (ISO 8601).")),
            Column("starts_at", _("Start (ISO 8601).")),
        ),
        Hearing.objects.all,
    ),
)
