from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from organizations.models import Organisation
from organizations.permissions import demand_visibility_q, published_demands_q

from .identifiers import (
    chapter_number_is_valid,
    chapter_sort_key,
    identifier_kind,
    normalise_identifier,
)


def document_slug(identifier: str) -> str:
    """``Meld. St. 9 (2023–2024)`` → ``meld-st-9-2023-2024``."""
    return slugify(identifier.replace(":", " ").replace("–", " ").replace("/", " "))


class PolicyDocument(models.Model):
    class Kind(models.TextChoices):
        WHITE_PAPER = "white_paper", _("Stortingsmelding")
        OFFICIAL_REPORT = "official_report", _("NOU")
        BUDGET_PROPOSITION = "budget_proposition", _("Budsjettproposisjon")
        PROPOSITION = "proposition", _("Proposisjon")
        RECOMMENDATION = "recommendation", _("Innstilling")
        CONSULTATION = "consultation", _("Høringsnotat")
        OTHER = "other", _("Annet")

    identifier = models.CharField(
        _("identifikator"),
        max_length=80,
        unique=True,
        help_text=_(
            "Slik den skrives offisielt, f.eks. «NOU 2023:4» eller «Meld. St. 9 (2023–2024)»."
        ),
    )
    # Both filled from the identifier in clean() when left empty.
    slug = models.SlugField(_("lenkenavn"), max_length=80, unique=True, blank=True)
    title = models.CharField(_("tittel"), max_length=300)
    kind = models.CharField(
        _("type"), max_length=32, choices=Kind.choices, db_index=True, blank=True
    )
    session = models.CharField(_("sesjon eller år"), max_length=20, blank=True)
    budget_year = models.PositiveSmallIntegerField(
        _("budsjettår"),
        null=True,
        blank=True,
        help_text=_("For budsjettproposisjoner: året pengene brukes."),
    )
    responsible = models.CharField(_("ansvarlig"), max_length=200, blank=True)
    url = models.URLField(_("lenke"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dokument")
        verbose_name_plural = _("dokumenter")
        ordering = ["identifier"]

    def __str__(self):
        return self.identifier

    def get_absolute_url(self):
        return reverse("portal:document_detail", args=[self.slug])

    def clean(self):
        self.identifier = normalise_identifier(self.identifier)
        if not self.slug:
            self.slug = document_slug(self.identifier)
        if not self.kind:
            self.kind = identifier_kind(self.identifier)
        clash = PolicyDocument.objects.filter(identifier__iexact=self.identifier)
        if clash.exclude(pk=self.pk).exists():
            raise ValidationError(
                {"identifier": _("Dokumentet «%(id)s» finnes allerede.") % {"id": self.identifier}}
            )


class ChapterQuerySet(models.QuerySet):
    def subtree(self, chapter: "Chapter"):
        """``chapter`` and all its sub-chapters: 10 gives 10, 10.3 and 10.3.1.

        Decided by the stored sort key: a sub-chapter's key starts with its
        parent's key and a dot, so 10 (``0010``) never takes in 100 (``0100``).
        """
        return self.filter(document_id=chapter.document_id).filter(
            Q(sort_key=chapter.sort_key) | Q(sort_key__startswith=chapter.sort_key + ".")
        )


class Chapter(models.Model):
    document = models.ForeignKey(
        PolicyDocument,
        on_delete=models.CASCADE,
        related_name="chapters",
        verbose_name=_("dokument"),
    )
    number = models.CharField(_("nummer"), max_length=40)
    title = models.CharField(_("tittel"), max_length=300, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children"
    )
    # Stored natural order: see identifiers.chapter_sort_key.
    sort_key = models.CharField(max_length=80, editable=False)
    depth = models.PositiveSmallIntegerField(default=1, editable=False)

    objects = ChapterQuerySet.as_manager()

    class Meta:
        verbose_name = _("kapittel")
        verbose_name_plural = _("kapitler")
        ordering = ["document", "sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="chapter_number_unique_in_document"
            ),
        ]
        indexes = [models.Index(fields=["document", "sort_key"], name="chapter_doc_sort")]

    def __str__(self):
        return f"{self.number} {self.title}".strip()

    def get_absolute_url(self):
        return reverse("portal:chapter_detail", args=[self.document.slug, self.number])

    @property
    def label(self) -> str:
        return gettext("%(document)s, kap. %(number)s") % {
            "document": self.document.identifier,
            "number": self.number,
        }

    def clean(self):
        self.number = self.number.strip().rstrip(".")
        if not chapter_number_is_valid(self.number):
            raise ValidationError(
                {
                    "number": _(
                        "Kapittelnummeret «%(number)s» må være tall skilt med punktum, f.eks. 10.3."
                    )
                    % {"number": self.number}
                }
            )
        self.fill_derived()

    def fill_derived(self):
        """Sort key and depth, derived from the number (parents: services.chapters_relink)."""
        self.sort_key = chapter_sort_key(self.number)
        self.depth = self.number.count(".") + 1


class ProgrammeCategory(models.Model):
    number = models.CharField(_("nummer"), max_length=10, unique=True)
    name = models.CharField(_("navn"), max_length=200)

    class Meta:
        verbose_name = _("programkategori")
        verbose_name_plural = _("programkategorier")
        ordering = ["number"]

    def __str__(self):
        return f"{self.number} {self.name}"


class BudgetPost(models.Model):
    year = models.PositiveSmallIntegerField(
        _("budsjettår"), validators=[MinValueValidator(1900), MaxValueValidator(2200)]
    )
    chapter = models.PositiveIntegerField(
        _("kapittel"), validators=[MinValueValidator(1), MaxValueValidator(9999)]
    )
    post = models.PositiveSmallIntegerField(
        _("post"), validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
    chapter_name = models.CharField(_("kapittelnavn"), max_length=200, blank=True)
    post_name = models.CharField(_("postnavn"), max_length=200, blank=True)
    amount_nok = models.BigIntegerField(_("bevilgning (kr)"), null=True, blank=True)
    programme_category = models.ForeignKey(
        ProgrammeCategory,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_posts",
        verbose_name=_("programkategori"),
    )

    class Meta:
        verbose_name = _("budsjettpost")
        verbose_name_plural = _("budsjettposter")
        ordering = ["-year", "chapter", "post"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "chapter", "post"], name="budget_post_unique_per_year"
            ),
        ]
        indexes = [models.Index(fields=["chapter", "post"], name="budget_post_chapter_post")]

    def __str__(self):
        return gettext("Kap. %(chapter)s, post %(post)02d (%(year)s)") % {
            "chapter": self.chapter,
            "post": self.post,
            "year": self.year,
        }

    def get_absolute_url(self):
        return reverse("portal:budget_post_detail", args=[self.year, self.chapter, self.post])

    @property
    def label(self) -> str:
        return gettext("Kap. %(chapter)s, post %(post)02d") % {
            "chapter": self.chapter,
            "post": self.post,
        }


class Topic(models.Model):
    name = models.CharField(_("navn"), max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        verbose_name = _("tema")
        verbose_name_plural = _("temaer")
        ordering = ["name"]

    def __str__(self):
        return self.name


def submission_upload_to(instance, filename):
    return f"submissions/{instance.organisation_id}/{filename}"


class Submission(models.Model):
    class Kind(models.TextChoices):
        HEARING_RESPONSE = "hearing_response", _("Høringssvar")
        BUDGET_INPUT = "budget_input", _("Budsjettinnspill")
        INPUT = "input", _("Innspill")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="submissions"
    )
    document = models.ForeignKey(
        PolicyDocument, on_delete=models.PROTECT, related_name="submissions"
    )
    kind = models.CharField(_("type"), max_length=32, choices=Kind.choices, default=Kind.INPUT)
    title = models.CharField(_("tittel"), max_length=300)
    submitted_on = models.DateField(_("dato"), null=True, blank=True)
    file = models.FileField(_("fil"), upload_to=submission_upload_to, blank=True)
    original_filename = models.CharField(max_length=255, blank=True)
    text = models.TextField(_("tekst"), blank=True)
    # A stable key for data loaded from elsewhere (the demo, an import), so
    # loading twice updates instead of duplicating.
    source_key = models.CharField(max_length=120, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("innspill")
        verbose_name_plural = pgettext_lazy("flertall", "innspill")
        ordering = ["-submitted_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_key"], condition=~Q(source_key=""), name="submission_source_key"
            ),
        ]

    def __str__(self):
        return self.title


class DemandStatus(models.TextChoices):
    DRAFT = "draft", _("Kladd")
    SUBMITTED = "submitted", _("Levert")
    UNDER_CONSIDERATION = "under_consideration", _("Til behandling")
    ADDRESSED = "addressed", _("Omtalt i innstilling")
    ADOPTED = "adopted", _("Imøtekommet")
    PARTIALLY_ADOPTED = "partially_adopted", _("Delvis imøtekommet")
    NOT_ADOPTED = "not_adopted", _("Ikke imøtekommet")
    WITHDRAWN = "withdrawn", _("Trukket")


class Stance(models.TextChoices):
    SUPPORTS = "supports", _("Støtter")
    OPPOSES = "opposes", _("Går imot")
    WANTS_CHANGE = "wants_change", _("Vil endre")
    NEW_MEASURE = "new_measure", _("Nytt tiltak")


class DemandQuerySet(models.QuerySet):
    def visible_to(self, user):
        """What ``user`` may read; the rule lives in organizations.permissions."""
        return self.filter(demand_visibility_q(user))

    def published(self):
        return self.filter(published_demands_q())


class Demand(models.Model):
    Status = DemandStatus
    Stance = Stance

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="demands",
        verbose_name=_("organisasjon"),
    )
    document = models.ForeignKey(
        PolicyDocument, on_delete=models.PROTECT, related_name="demands", verbose_name=_("dokument")
    )
    submission = models.ForeignKey(
        Submission,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="demands",
        verbose_name=_("innspill"),
    )
    title = models.CharField(_("tittel"), max_length=300)
    text = models.TextField(_("krav"))
    rationale = models.TextField(_("begrunnelse"), blank=True)
    stance = models.CharField(_("standpunkt"), max_length=20, choices=Stance.choices)
    requested_amount_nok = models.BigIntegerField(
        _("beløp (kr)"),
        null=True,
        blank=True,
        help_text=_("Endringen organisasjonen ber om, i kroner; negativt for kutt."),
    )
    chapters = models.ManyToManyField(
        Chapter, blank=True, related_name="demands", verbose_name=_("kapitler")
    )
    budget_posts = models.ManyToManyField(
        BudgetPost, blank=True, related_name="demands", verbose_name=_("budsjettposter")
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="demands", verbose_name=_("temaer")
    )
    status = models.CharField(
        _("status"), max_length=24, choices=DemandStatus.choices, default=DemandStatus.DRAFT
    )
    # Optimistic locking: every saved edit increments it, and a save based on
    # an older number is refused rather than overwriting someone's change.
    version = models.PositiveIntegerField(_("versjon"), default=1)
    hidden_from_public = models.BooleanField(
        _("skjult for offentligheten"),
        default=False,
        help_text=_("Settes av sekretariatet, f.eks. når kravet inneholder personopplysninger."),
    )
    source_section = models.CharField(
        _("kilde i innspillet"), max_length=300, blank=True, help_text=_("Avsnittet kravet står i.")
    )
    source_key = models.CharField(max_length=120, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("levert"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status endret"), null=True, blank=True)
    # Kept current by the services in the same transaction as each write.
    # PostgreSQL only, with a GIN index made by a migration (a GinIndex in
    # Meta would break SQLite's table rebuilds); SQLite searches with contains.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = DemandQuerySet.as_manager()

    class Meta:
        verbose_name = _("krav")
        verbose_name_plural = pgettext_lazy("flertall", "krav")
        ordering = ["-submitted_at", "-created_at"]
        permissions = [("work_as_secretariat", _("Kan arbeide som komitésekretariat"))]
        constraints = [
            models.UniqueConstraint(
                fields=["source_key"], condition=~Q(source_key=""), name="demand_source_key"
            ),
            models.CheckConstraint(
                condition=Q(status__in=DemandStatus.values), name="demand_status_known"
            ),
            models.CheckConstraint(
                condition=Q(stance__in=Stance.values), name="demand_stance_known"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="demand_version_positive"),
        ]
        indexes = [
            models.Index(fields=["status", "hidden_from_public"], name="demand_status_hidden"),
            models.Index(fields=["organisation", "status"], name="demand_org_status"),
            models.Index(fields=["document", "status"], name="demand_doc_status"),
            models.Index(fields=["stance"], name="demand_stance"),
            models.Index(fields=["submitted_at"], name="demand_submitted_at"),
            models.Index(fields=["status_changed_at"], name="demand_status_changed_at"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("portal:demand_detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == DemandStatus.DRAFT


class DemandVersion(models.Model):
    """The demand's content as it stood at one version number."""

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    text = models.TextField()
    rationale = models.TextField(blank=True)
    stance = models.CharField(max_length=20, choices=Stance.choices)
    requested_amount_nok = models.BigIntegerField(null=True, blank=True)
    # Labels rather than ids: the version must read the same after a chapter
    # or post is renamed or removed.
    chapter_labels = models.JSONField(default=list, blank=True)
    budget_post_labels = models.JSONField(default=list, blank=True)
    # The status when this version was saved: versions written as a draft are
    # the organisation's own and never shown to the public.
    status = models.CharField(max_length=24, choices=DemandStatus.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("versjon")
        verbose_name_plural = _("versjoner")
        ordering = ["demand", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["demand", "version"], name="demand_version_unique"),
        ]

    def __str__(self):
        return f"{self.demand_id} v{self.version}"


class StatusChange(models.Model):
    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=24, choices=DemandStatus.choices, blank=True)
    to_status = models.CharField(max_length=24, choices=DemandStatus.choices)
    note = models.TextField(_("merknad"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("statusendring")
        verbose_name_plural = _("statusendringer")
        ordering = ["demand", "changed_at", "pk"]
        indexes = [models.Index(fields=["demand", "changed_at"], name="status_change_demand_time")]

    def __str__(self):
        return f"{self.demand_id}: {self.from_status or '–'} → {self.to_status}"

    @property
    def is_public(self) -> bool:
        """A step out of the draft stage and everything after it; drafts stay private."""
        return self.to_status != DemandStatus.DRAFT


class InternalNote(models.Model):
    """A note the secretariat keeps on a demand: never shown to organisations or the public."""

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="internal_notes")
    text = models.TextField(_("notat"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("internt notat")
        verbose_name_plural = _("interne notater")
        ordering = ["demand", "created_at"]

    def __str__(self):
        return f"{self.demand_id}: {self.text[:40]}"


# --- Summaries: stored charts ------------------------------------------------------


class ChartKind(models.TextChoices):
    CHAPTER_STATUS = "chapter_status", _("Krav per kapittel etter status")
    CHAPTER_ORGANISATIONS = "chapter_organisations", _("Organisasjoner og kapitler")
    CHAPTER_STANCE = "chapter_stance", _("Støtter og går imot per kapittel")
    BUDGET_POSTS = "budget_posts", _("Krav til budsjettposter")
    OVER_TIME = "over_time", _("Krav levert og avgjort per måned")
    ORGANISATION_STATUS = "organisation_status", _("Organisasjonens krav etter status")


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
