"""Stored charts: a generation of snapshots, swapped whole, and the refresh lock."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations.models import Organisation
from proposals.reference.models import PolicyDocument


class ChartKind(models.TextChoices):
    CHAPTER_STATUS = "chapter_status", _("Krav per kapittel etter status")
    CHAPTER_ORGANISATIONS = "chapter_organisations", _("Organisasjoner og kapitler")
    CHAPTER_STANCE = "chapter_stance", _("Støtter og går imot per kapittel")
    BUDGET_POSTS = "budget_posts", _("Krav til budsjettposter")
    OVER_TIME = "over_time", _("Krav levert og avgjort per måned")
    ORGANISATION_STATUS = "organisation_status", _("Organisasjonens krav etter status")
    ASKED_VS_GOT = "asked_vs_got", _("Ønsket og fått per budsjettpost")


class SummaryGeneration(models.Model):
    """One complete set of charts; exactly one generation is current at a time.

    A refresh writes a whole new generation and makes it current in the same
    transaction, so a reader sees either the old set or the new, never a mix,
    and a refresh that dies half-way leaves the previous set as it was.
    """

    computed_at = models.DateTimeField(_("beregnet"))
    duration_ms = models.PositiveIntegerField(_("varighet (ms)"), default=0)
    row_count = models.PositiveIntegerField(_("rader lest"), default=0)
    snapshot_count = models.PositiveIntegerField(_("diagrammer"), default=0)
    is_current = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("diagramgenerasjon")
        verbose_name_plural = _("diagramgenerasjoner")
        ordering = ["-computed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="summary_generation_one_current",
            ),
        ]

    def __str__(self):
        return f"{self.computed_at:%Y-%m-%d %H:%M:%S} ({self.snapshot_count})"


class SummarySnapshot(models.Model):
    """A stored chart: the Plotly figure, the numbers behind it and when they were read."""

    generation = models.ForeignKey(
        SummaryGeneration, on_delete=models.CASCADE, related_name="snapshots"
    )
    kind = models.CharField(_("diagram"), max_length=32, choices=ChartKind.choices)
    # Per-document and per-organisation charts name their subject; the global ones neither.
    document = models.ForeignKey(
        PolicyDocument, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # Every chart is stored once per language of the site, labels and summary in it.
    language = models.CharField(_("språk"), max_length=16, default="nb")
    title = models.CharField(_("tittel"), max_length=300)
    summary = models.TextField(_("sammendrag"))
    figure = models.JSONField(_("figur"))
    # The numbers as a table: columns [{"label", "type"}] and rows of raw values.
    columns = models.JSONField(default=list)
    rows = models.JSONField(default=list)
    computed_at = models.DateTimeField(_("beregnet"))
    duration_ms = models.PositiveIntegerField(_("varighet (ms)"), default=0)
    row_count = models.PositiveIntegerField(_("rader lest"), default=0)

    class Meta:
        verbose_name = _("diagram")
        verbose_name_plural = _("diagrammer")
        ordering = ["generation", "pk"]
        indexes = [
            models.Index(
                fields=["generation", "language", "kind"], name="summary_snapshot_gen_lang_kind"
            ),
        ]

    def __str__(self):
        return self.title


class SummaryRefreshLock(models.Model):
    """A single row that lets one refresh run at a time, on any database.

    A refresh claims the row with a conditional UPDATE (a lease that expires,
    so a worker killed mid-run cannot block refreshes for ever); a refresh
    asked for meanwhile sets ``rerun`` and the holder runs once more.
    """

    holder = models.CharField(max_length=64, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    rerun = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("oppdateringslås")
        verbose_name_plural = _("oppdateringslåser")

    def __str__(self):
        return self.holder or "–"
