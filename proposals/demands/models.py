"""Demands, their versions, status history and the secretariat's internal notes."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organizations.models import Organisation
from organizations.permissions import (
    demand_visibility_q,
    published_demands_q,
    secretariat_demand_q,
)
from proposals.demands.workflow import SECRETARIAT_CODENAME, DemandStatus
from proposals.reference.models import BudgetPost, Chapter, PolicyDocument, Topic
from proposals.textinput import INTERNAL_NOTE_MAX, NOTE_MAX, RATIONALE_MAX, TEXT_MAX

# ``text__length`` in the constraints below.
models.TextField.register_lookup(Length)


class Stance(models.TextChoices):
    SUPPORTS = "supports", _("Støtter")
    OPPOSES = "opposes", _("Går imot")
    WANTS_CHANGE = "wants_change", _("Vil endre")
    NEW_MEASURE = "new_measure", _("Nytt tiltak")


class DemandQuerySet(models.QuerySet):
    def visible_to(self, user):
        """What ``user`` may read; the rule lives in organizations.permissions."""
        return self.filter(demand_visibility_q(user))

    def at_secretariat(self, user):
        """What ``user`` sees on the secretariat's screens: never a draft (see permissions)."""
        return self.filter(secretariat_demand_q(user))

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
        "proposals.Submission",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="demands",
        verbose_name=_("innspill"),
    )
    title = models.CharField(_("tittel"), max_length=300)
    # The secretariat's title for lists and the committee; ``title`` stays the
    # organisation's own and is shown beside it.
    editorial_title = models.CharField(_("redaksjonell tittel"), max_length=300, blank=True)
    text = models.TextField(
        _("krav"), max_length=TEXT_MAX, validators=[MaxLengthValidator(TEXT_MAX)]
    )
    rationale = models.TextField(
        _("begrunnelse"),
        blank=True,
        max_length=RATIONALE_MAX,
        validators=[MaxLengthValidator(RATIONALE_MAX)],
    )
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
    # A duplicate points at the demand that is kept and leaves public lists and counts.
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplikat av"),
    )
    shared_demand = models.ForeignKey(
        "SharedDemand",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="demands",
        verbose_name=_("felles krav"),
    )
    split_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="split_parts",
        verbose_name=_("skilt ut fra"),
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
    # The token of the form that created the demand: a form posted twice creates one demand.
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
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
        permissions = [(SECRETARIAT_CODENAME, _("Kan arbeide som komitésekretariat"))]
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
            models.CheckConstraint(
                condition=Q(text__length__lte=TEXT_MAX, rationale__length__lte=RATIONALE_MAX),
                name="demand_text_bounded",
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

    @property
    def display_title(self) -> str:
        """The secretariat's title where it has given one, else the organisation's."""
        return self.editorial_title or self.title


class SharedDemand(models.Model):
    """A «felles krav»: demands of several organisations that ask for the same thing."""

    document = models.ForeignKey(
        PolicyDocument, on_delete=models.PROTECT, related_name="shared_demands"
    )
    title = models.CharField(_("felles overskrift"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("felles krav")
        verbose_name_plural = _("felles krav")
        ordering = ["document", "title"]

    def __str__(self):
        return self.title


class CurationEvent(models.Model):
    """One thing the secretariat did to a demand: who, when, what.

    ``is_public`` marks the events that change what the public reads (chapters,
    posts, titles, topics, grouping); the organisation sees every event.
    """

    class Action(models.TextChoices):
        CHAPTER_LINKED = "chapter_linked", _("koblet kravet til kapittel")
        CHAPTER_UNLINKED = "chapter_unlinked", _("fjernet koblingen til kapittel")
        POST_LINKED = "post_linked", _("koblet kravet til budsjettpost")
        POST_UNLINKED = "post_unlinked", _("fjernet koblingen til budsjettpost")
        RETITLED = "retitled", _("ga kravet den redaksjonelle tittelen")
        TOPICS = "topics", _("satte temaene")
        DUPLICATE = "duplicate", _("markerte kravet som duplikat av")
        SHARED = "shared", _("samlet kravet under det felles kravet")
        UNSHARED = "unshared", _("tok kravet ut av det felles kravet")
        SPLIT = "split", _("skilte ut et nytt krav")
        OUTCOME_PREPARED = "outcome_prepared", _("forberedte utfallet")
        OUTCOME_SCHEDULED = "outcome_scheduled", _("planla publisering av utfallet")
        OUTCOME_PUBLISHED = "outcome_published", _("publiserte utfallet")

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="curation_events")
    action = models.CharField(max_length=24, choices=Action.choices)
    detail = models.CharField(max_length=400, blank=True)
    is_public = models.BooleanField(default=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("redaksjonell endring")
        verbose_name_plural = _("redaksjonelle endringer")
        ordering = ["demand", "at", "pk"]
        indexes = [models.Index(fields=["demand", "at"], name="curation_demand_at")]

    def __str__(self):
        return self.sentence

    @property
    def sentence(self) -> str:
        """«Sekretariatet koblet kravet til kapittel 10.3»."""
        from django.utils.translation import gettext

        text = gettext("Sekretariatet %(action)s") % {"action": self.get_action_display()}
        return f"{text} {self.detail}".strip()


class PreparedOutcome(models.Model):
    """An outcome the secretariat has decided but not yet published.

    Nothing of it is part of the demand's state until it is published: the
    demand keeps its status and history, so every public reader (pages, counts,
    charts, exports, feeds, search, API) shows the old state without asking.
    ``publish_at`` is the durable schedule a periodic task carries out.
    """

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="prepared_outcomes")
    to_status = models.CharField(max_length=24, choices=DemandStatus.choices)
    note = models.TextField(_("merknad"))
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    prepared_at = models.DateTimeField()
    publish_at = models.DateTimeField(_("publiseres"), null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status_change = models.OneToOneField(
        "StatusChange", on_delete=models.SET_NULL, null=True, blank=True, related_name="prepared"
    )

    class Meta:
        verbose_name = _("forberedt utfall")
        verbose_name_plural = _("forberedte utfall")
        ordering = ["demand", "prepared_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["demand"],
                condition=Q(published_at__isnull=True),
                name="prepared_outcome_one_pending",
            ),
        ]
        indexes = [models.Index(fields=["published_at", "publish_at"], name="prepared_due")]

    def __str__(self):
        return f"{self.demand_id}: {self.to_status}"


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
    note = models.TextField(
        _("merknad"), blank=True, max_length=NOTE_MAX, validators=[MaxLengthValidator(NOTE_MAX)]
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("statusendring")
        verbose_name_plural = _("statusendringer")
        ordering = ["demand", "changed_at", "pk"]
        indexes = [models.Index(fields=["demand", "changed_at"], name="status_change_demand_time")]
        constraints = [
            models.CheckConstraint(
                condition=Q(note__length__lte=NOTE_MAX), name="status_change_note_bounded"
            ),
        ]

    def __str__(self):
        return f"{self.demand_id}: {self.from_status or '–'} → {self.to_status}"

    @property
    def is_public(self) -> bool:
        """A step out of the draft stage and everything after it; drafts stay private."""
        return self.to_status != DemandStatus.DRAFT


class InternalNote(models.Model):
    """A note the secretariat keeps on a demand: never shown to organisations or the public."""

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="internal_notes")
    text = models.TextField(
        _("notat"),
        max_length=INTERNAL_NOTE_MAX,
        validators=[MaxLengthValidator(INTERNAL_NOTE_MAX)],
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("internt notat")
        verbose_name_plural = _("interne notater")
        ordering = ["demand", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(text__length__lte=INTERNAL_NOTE_MAX), name="internal_note_bounded"
            ),
        ]

    def __str__(self):
        return f"{self.demand_id}: {self.text[:40]}"


# --- Summaries: stored charts ------------------------------------------------------
