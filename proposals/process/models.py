"""The Storting's process: committees, sessions, cases, hearings, programmes, submissions.

Every row read from the Storting's open data keeps the Storting's own id
(``storting_id``), so a second import finds and updates it; what an import
changed is recorded as an ``ImportChange``.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organizations.models import Organisation
from proposals.reference.models import PolicyDocument
from proposals.submissions.models import Submission

_SESSION_ID = re.compile(r"^(\d{4})-(\d{4})$")


class Committee(models.Model):
    storting_id = models.CharField(_("Stortingets id"), max_length=20, unique=True)
    name = models.CharField(_("navn"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("komité")
        verbose_name_plural = _("komiteer")
        ordering = ["storting_id"]

    def __str__(self):
        return self.name or self.storting_id


class Session(models.Model):
    storting_id = models.CharField(
        _("sesjon"), max_length=9, unique=True, help_text=_("Skrevet «2023-2024».")
    )

    class Meta:
        verbose_name = _("sesjon")
        verbose_name_plural = _("sesjoner")
        ordering = ["-storting_id"]

    def __str__(self):
        return self.storting_id

    def clean(self):
        match = _SESSION_ID.match(self.storting_id or "")
        if not match or int(match.group(2)) != int(match.group(1)) + 1:
            raise ValidationError({"storting_id": _("En sesjon skrives som «2023-2024».")})


class Case(models.Model):
    class Kind(models.TextChoices):
        BUDGET = "budsjett", _("Budsjettsak")
        LAW = "lovsak", _("Lovsak")
        GENERAL = "alminneligsak", _("Alminnelig sak")
        OTHER = "", _("Ukjent")

    class Status(models.TextChoices):
        ANNOUNCED = "varslet", _("Varslet")
        RECEIVED = "mottatt", _("Mottatt")
        IN_PROGRESS = "til_behandling", _("Til behandling")
        DONE = "behandlet", _("Behandlet")
        WITHDRAWN = "trukket", _("Trukket")
        LAPSED = "bortfalt", _("Bortfalt")
        UNKNOWN = "", _("Ukjent")

    storting_id = models.PositiveIntegerField(_("Stortingets id"), unique=True)
    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="cases", null=True, blank=True
    )
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="cases", null=True, blank=True
    )
    title = models.TextField(_("tittel"))
    short_title = models.CharField(_("korttittel"), max_length=500, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, blank=True)
    # The publication reference as the Storting writes it (``henvisning``) and the
    # document it names, matched by the one identifier parser.
    reference = models.CharField(_("henvisning"), max_length=200, blank=True)
    document = models.ForeignKey(
        PolicyDocument,
        on_delete=models.SET_NULL,
        related_name="cases",
        null=True,
        blank=True,
        verbose_name=_("dokument"),
    )
    # Filled once the committee has given its recommendation and the Storting decided.
    recommendation = models.ForeignKey(
        PolicyDocument,
        on_delete=models.SET_NULL,
        related_name="recommended_cases",
        null=True,
        blank=True,
        verbose_name=_("innstilling"),
    )
    recommendation_reference = models.CharField(_("innstilling"), max_length=200, blank=True)
    recommendation_storting_id = models.CharField(max_length=40, blank=True)
    recommended_decision = models.TextField(_("innstillingstekst"), blank=True)
    decision_summary = models.TextField(_("kortvedtak"), blank=True)
    decision_text = models.TextField(_("vedtakstekst"), blank=True)
    procedure_name = models.CharField(_("saksgang"), max_length=200, blank=True)
    source_updated_at = models.DateTimeField(
        _("sist oppdatert hos Stortinget"), null=True, blank=True
    )
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sak")
        verbose_name_plural = pgettext_lazy("flertall", "saker")
        ordering = ["-storting_id"]

    def __str__(self):
        return self.short_title or self.title

    def get_absolute_url(self):
        return reverse("portal:case_detail", args=[self.pk])


class ProcedureStep(models.Model):
    """One step of a case's procedure (``saksgang_steg``), in order."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    number = models.PositiveSmallIntegerField(_("steg"))
    name = models.CharField(_("navn"), max_length=200)
    not_applicable = models.BooleanField(_("uaktuell"), default=False)

    class Meta:
        verbose_name = _("behandlingssteg")
        verbose_name_plural = _("behandlingssteg")
        ordering = ["case", "number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="procedure_step_once"),
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"


class Hearing(models.Model):
    class Kind(models.TextChoices):
        UNSPECIFIED = "ikke_spesifisert", _("Ikke spesifisert")
        COMMITTEE = "komite", _("Komitéhøring")
        SCRUTINY = "kontroll", _("Kontrollhøring")

    class Status(models.TextChoices):
        PLANNED = "Planlagt", _("Planlagt")
        HELD = "Avholdt", _("Avholdt")
        ONGOING = "Pågår", _("Pågår")
        STARTED = "Påbegynt", _("Påbegynt")
        CANCELLED = "Avlyst", _("Avlyst")
        UNKNOWN = "Ukjent", _("Ukjent")
        PLANNED_PROVISIONALLY = "Planlagt med forbehold", _("Planlagt med forbehold")

    storting_id = models.PositiveIntegerField(_("Stortingets id"), unique=True)
    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="hearings", null=True, blank=True
    )
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="hearings", null=True, blank=True
    )
    kind = models.CharField(
        _("type"), max_length=20, choices=Kind.choices, default=Kind.UNSPECIFIED
    )
    written_only = models.BooleanField(_("bare skriftlig"), default=False)
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.UNKNOWN
    )
    publication_status = models.CharField(_("publiseringsstatus"), max_length=60, blank=True)
    status_text = models.TextField(_("statusinformasjon"), blank=True)
    request_deadline = models.DateTimeField(_("frist for å be om å tale"), null=True, blank=True)
    input_deadline = models.DateTimeField(_("frist for skriftlige innspill"), null=True, blank=True)
    application_deadline = models.DateTimeField(_("søknadsfrist"), null=True, blank=True)
    starts_at = models.DateTimeField(_("start"), null=True, blank=True)
    cases = models.ManyToManyField(Case, related_name="hearings", blank=True)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("høring")
        verbose_name_plural = _("høringer")
        ordering = ["-starts_at", "-storting_id"]

    def __str__(self):
        committee = self.committee.storting_id if self.committee_id else "?"
        return f"{committee} {self.storting_id}"

    def get_absolute_url(self):
        return reverse("portal:hearing_detail", args=[self.pk])

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED


class HearingTime(models.Model):
    """When and where a hearing meets (``horingstidspunkt``)."""

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="times")
    at = models.DateTimeField(_("tidspunkt"), null=True, blank=True)
    place = models.CharField(_("sted"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("høringstidspunkt")
        verbose_name_plural = _("høringstidspunkter")
        ordering = ["hearing", "at", "pk"]

    def __str__(self):
        return f"{self.at} {self.place}".strip()


class ProgrammeEntry(models.Model):
    """One speaker on a hearing day, in speaking order."""

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="programme")
    day = models.DateField(_("dato"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("rekkefølge"))
    participant = models.CharField(_("deltaker"), max_length=500)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        related_name="programme_entries",
        null=True,
        blank=True,
    )
    time_slot = models.CharField(_("tidspunkt"), max_length=60, blank=True)
    footnote = models.TextField(_("fotnote"), blank=True)

    class Meta:
        verbose_name = _("programpost")
        verbose_name_plural = _("program")
        ordering = ["hearing", "day", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["hearing", "day", "order"],
                condition=Q(day__isnull=False),
                name="programme_entry_once",
            ),
            models.UniqueConstraint(
                fields=["hearing", "order"],
                condition=Q(day__isnull=True),
                name="programme_entry_once_undated",
            ),
        ]

    def __str__(self):
        return f"{self.order}. {self.participant}"


class HearingSubmission(models.Model):
    """A submission to a hearing as the Storting publishes it.

    The organisation is written by the sender as free text; it is matched to a
    known organisation (or left for the secretariat to confirm). Once matched, the
    text becomes a ``Submission`` of that organisation on the case's document.
    """

    class Channel(models.TextChoices):
        HEARING = "horingsinnspill", _("Høringsinnspill")
        WRITTEN = "skriftlig_innspill", _("Skriftlig innspill")

    storting_id = models.PositiveIntegerField(_("Stortingets id"), unique=True)
    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="submissions")
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.HEARING)
    submitted_on = models.DateField(_("dato"), null=True, blank=True)
    organisation_name = models.CharField(_("organisasjon som skrevet"), max_length=500)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        related_name="hearing_submissions",
        null=True,
        blank=True,
    )
    title = models.CharField(_("tittel"), max_length=500, blank=True)
    text = models.TextField(_("tekst"), blank=True)
    submission = models.OneToOneField(
        Submission,
        on_delete=models.SET_NULL,
        related_name="hearing_source",
        null=True,
        blank=True,
    )
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("høringsinnspill")
        verbose_name_plural = _("høringsinnspill")
        ordering = ["hearing", "organisation_name", "storting_id"]

    def __str__(self):
        return f"{self.organisation_name}: {self.title}"


class BatchUpload(models.Model):
    """Many submission files uploaded at once by the secretariat."""

    class State(models.TextChoices):
        RECEIVED = "received", _("Mottatt")
        RUNNING = "running", _("Leses")
        DONE = "done", _("Ferdig")
        REFUSED = "refused", _("Avvist")

    document = models.ForeignKey(
        PolicyDocument, on_delete=models.PROTECT, related_name="batch_uploads"
    )
    hearing = models.ForeignKey(
        Hearing, on_delete=models.SET_NULL, related_name="batch_uploads", null=True, blank=True
    )
    state = models.CharField(max_length=16, choices=State.choices, default=State.RECEIVED)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("filbunke")
        verbose_name_plural = _("filbunker")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.document} ({self.created_at:%Y-%m-%d %H:%M})"


class BatchFile(models.Model):
    """One file of a batch, read and matched to an organisation."""

    class State(models.TextChoices):
        WAITING = "waiting", _("Venter")
        READ = "read", _("Lest")
        FAILED = "failed", _("Feilet")

    batch = models.ForeignKey(BatchUpload, on_delete=models.CASCADE, related_name="files")
    filename = models.CharField(max_length=255)
    file = models.FileField(upload_to="batches/", blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.WAITING)
    error = models.TextField(blank=True)
    text = models.TextField(blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, related_name="+", null=True, blank=True
    )
    submission = models.OneToOneField(
        Submission, on_delete=models.SET_NULL, related_name="batch_source", null=True, blank=True
    )

    class Meta:
        verbose_name = _("fil i filbunke")
        verbose_name_plural = _("filer i filbunke")
        ordering = ["batch", "filename"]

    def __str__(self):
        return self.filename


class ImportRun(models.Model):
    """One run of the Storting import: what was asked, how far it got, what it did."""

    class State(models.TextChoices):
        QUEUED = "queued", _("I kø")
        RUNNING = "running", _("Kjører")
        DONE = "done", _("Ferdig")
        FAILED = "failed", _("Feilet")

    state = models.CharField(max_length=16, choices=State.choices, default=State.QUEUED)
    options = models.JSONField(default=dict, blank=True)
    dry_run = models.BooleanField(default=False)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import fra Stortinget")
        verbose_name_plural = _("importer fra Stortinget")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_state_display()} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def percent(self):
        return round(100 * self.done / self.total) if self.total else 0


class ImportChange(models.Model):
    """A field a second import found changed at the source."""

    run = models.ForeignKey(
        ImportRun, on_delete=models.SET_NULL, related_name="changes", null=True, blank=True
    )
    model = models.CharField(max_length=40)
    storting_id = models.CharField(max_length=40)
    field = models.CharField(max_length=60)
    old = models.TextField(blank=True)
    new = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "pk"]
        indexes = [models.Index(fields=["model", "storting_id"], name="import_change_row")]

    def __str__(self):
        return f"{self.model} {self.storting_id}.{self.field}"


__all__ = [
    "BatchFile",
    "BatchUpload",
    "Case",
    "Committee",
    "Hearing",
    "HearingSubmission",
    "HearingTime",
    "ImportChange",
    "ImportRun",
    "ProcedureStep",
    "ProgrammeEntry",
    "Session",
]
