"""What came of the demands: recommendation passages, matches, budget figures, threads."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from proposals.demands.models import Demand, DemandStatus, PreparedOutcome
from proposals.process.models import Case
from proposals.reference.models import BudgetPost, PolicyDocument


class DocumentLink(models.Model):
    """``document`` follows from ``follows_from``: NOU → Prop. → Innst. → vedtak."""

    document = models.ForeignKey(
        PolicyDocument, on_delete=models.CASCADE, related_name="follows_from_links"
    )
    follows_from = models.ForeignKey(
        PolicyDocument, on_delete=models.CASCADE, related_name="followed_by_links"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dokumentlenke")
        verbose_name_plural = _("dokumentlenker")
        constraints = [
            models.UniqueConstraint(fields=["document", "follows_from"], name="document_link_once"),
            models.CheckConstraint(
                condition=~Q(document=models.F("follows_from")), name="document_link_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.follows_from_id} → {self.document_id}"


class PassageKind(models.TextChoices):
    COMMITTEE = "committee_remarks", _("Komiteens merknader")
    PARTY = "party_remarks", _("Partigruppers merknader")
    MINORITY = "minority_proposal", _("Forslag fra mindretall")
    DECISION_PART = "recommended_decision", _("Komiteens tilråding")
    SUMMARY = "summary", _("Sammendrag")
    DECISION = "decision", _("Stortingsvedtak")


class Passage(models.Model):
    """A citable part of a recommendation (Innst.), or one of the Storting's decisions."""

    Kind = PassageKind

    document = models.ForeignKey(
        PolicyDocument,
        on_delete=models.CASCADE,
        related_name="passages",
        verbose_name=_("dokument"),
    )
    kind = models.CharField(_("type"), max_length=24, choices=PassageKind.choices)
    position = models.PositiveIntegerField(default=0)
    # Stable across re-imports of the same text (see splitting.Passage.key).
    key = models.CharField(max_length=255)
    heading_path = models.JSONField(default=list, blank=True)
    page = models.PositiveIntegerField(_("side"), null=True, blank=True)
    number = models.CharField(_("nummer"), max_length=20, blank=True)
    parties = models.JSONField(default=list, blank=True)
    majority = models.BooleanField(default=False)
    chapter = models.CharField(_("kapittel i dokumentet"), max_length=40, blank=True)
    decision_type = models.CharField(_("vedtakstype"), max_length=20, blank=True)
    source_id = models.CharField(_("kilde-id"), max_length=40, blank=True)
    # The Storting's case a decision belongs to (``sak_id``), where it is known here.
    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="passages"
    )
    text = models.TextField(_("tekst"))

    class Meta:
        verbose_name = _("avsnitt i innstilling")
        verbose_name_plural = _("avsnitt i innstillinger")
        ordering = ["document", "position"]
        constraints = [
            models.UniqueConstraint(fields=["document", "key"], name="passage_key_in_document"),
        ]

    def __str__(self):
        return f"{self.document} – {self.label}"

    @property
    def anchor(self) -> str:
        return f"avsnitt-{self.pk}"

    @property
    def label(self) -> str:
        """How the passage is cited: «komiteens merknader til kapittel 10»."""
        heading = self.heading_path[-1] if self.heading_path else ""
        parties = gettext(" og ").join(
            [", ".join(self.parties[:-1]), self.parties[-1]]
            if len(self.parties) > 1
            else self.parties
        )
        if self.kind == PassageKind.COMMITTEE:
            if self.chapter:
                return gettext("komiteens merknader til kapittel %(chapter)s") % {
                    "chapter": self.chapter
                }
            return gettext("komiteens merknader under «%(heading)s»") % {"heading": heading}
        if self.kind == PassageKind.PARTY:
            who = (
                gettext("komiteens flertall")
                if self.majority
                else gettext("medlemmene fra %(parties)s") % {"parties": parties}
            )
            if self.chapter:
                return gettext("merknad fra %(who)s til kapittel %(chapter)s") % {
                    "who": who,
                    "chapter": self.chapter,
                }
            return gettext("merknad fra %(who)s") % {"who": who}
        if self.kind == PassageKind.MINORITY:
            return gettext("forslag %(number)s fra mindretallet (%(parties)s)") % {
                "number": self.number,
                "parties": parties,
            }
        if self.kind == PassageKind.DECISION_PART:
            return gettext("komiteens tilråding, romertall %(number)s") % {"number": self.number}
        if self.kind == PassageKind.DECISION:
            return gettext("stortingsvedtak nr. %(number)s (%(type)s)") % {
                "number": self.number,
                "type": self.decision_type,
            }
        return gettext("sammendraget under «%(heading)s»") % {"heading": heading}

    def excerpt(self, length: int = 240) -> str:
        text = " ".join(self.text.split())
        return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + " …"


class Outcome(models.TextChoices):
    MET = "met", _("Imøtekommet")
    PARTLY_MET = "partly_met", _("Delvis imøtekommet")
    NOT_MET = "not_met", _("Ikke imøtekommet")
    MENTIONED = "mentioned", _("Omtalt")


# The demand's status that each confirmed outcome sets.
OUTCOME_STATUS = {
    Outcome.MET: DemandStatus.ADOPTED,
    Outcome.PARTLY_MET: DemandStatus.PARTIALLY_ADOPTED,
    Outcome.NOT_MET: DemandStatus.NOT_ADOPTED,
    Outcome.MENTIONED: DemandStatus.ADDRESSED,
}


class MatchState(models.TextChoices):
    SUGGESTED = "suggested", _("Foreslått")
    CONFIRMED = "confirmed", _("Bekreftet")
    REJECTED = "rejected", _("Avvist")


class PassageMatch(models.Model):
    """A demand and the passage that answers it: suggested by the system, decided by a person."""

    State = MatchState

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="passage_matches")
    passage = models.ForeignKey(Passage, on_delete=models.CASCADE, related_name="matches")
    state = models.CharField(
        _("tilstand"), max_length=12, choices=MatchState.choices, default=MatchState.SUGGESTED
    )
    score = models.FloatField(default=0.0)
    rank = models.PositiveSmallIntegerField(default=0)
    proposed_outcome = models.CharField(max_length=12, choices=Outcome.choices)
    outcome = models.CharField(_("utfall"), max_length=12, choices=Outcome.choices, blank=True)
    reason = models.TextField(_("begrunnelse"), blank=True)
    # Confirmed as a prepared outcome: public only once that outcome is published.
    prepared_outcome = models.ForeignKey(
        PreparedOutcome, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("treff i innstilling")
        verbose_name_plural = _("treff i innstillinger")
        ordering = ["demand", "rank", "-score"]
        constraints = [
            models.UniqueConstraint(fields=["demand", "passage"], name="passage_match_once"),
            models.CheckConstraint(
                condition=Q(state__in=MatchState.values), name="passage_match_state_known"
            ),
        ]
        indexes = [models.Index(fields=["demand", "state"], name="passage_match_demand_state")]

    def __str__(self):
        return f"{self.demand_id} ↔ {self.passage_id} ({self.state})"


class FigureKind(models.TextChoices):
    PROPOSED = "proposed", _("Foreslått")
    RECOMMENDED = "recommended", _("Innstilt")
    ADOPTED = "adopted", _("Vedtatt")
    SPENT = "spent", _("Regnskap")


class BudgetFigure(models.Model):
    """One amount for a budget post and year: proposed, recommended, adopted or spent."""

    Kind = FigureKind

    budget_post = models.ForeignKey(BudgetPost, on_delete=models.CASCADE, related_name="figures")
    kind = models.CharField(_("type"), max_length=12, choices=FigureKind.choices)
    amount_nok = models.BigIntegerField(_("beløp (kr)"))
    source = models.CharField(_("kilde"), max_length=200)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("budsjettall")
        verbose_name_plural = _("budsjettall")
        ordering = ["budget_post", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["budget_post", "kind"], name="budget_figure_once"),
        ]

    def __str__(self):
        return f"{self.budget_post} {self.kind}: {self.amount_nok}"


class ThreadRelation(models.TextChoices):
    REPEATED = "repeated", _("Gjentatt")
    CHANGED = "changed", _("Endret")


class DemandLink(models.Model):
    """``later`` is a later form of ``earlier``: the same demand in another process or year."""

    State = MatchState
    Relation = ThreadRelation

    earlier = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="later_links")
    later = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="earlier_links")
    relation = models.CharField(max_length=12, choices=ThreadRelation.choices)
    state = models.CharField(
        max_length=12, choices=MatchState.choices, default=MatchState.SUGGESTED
    )
    score = models.FloatField(default=0.0)
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lenke mellom krav")
        verbose_name_plural = _("lenker mellom krav")
        constraints = [
            models.UniqueConstraint(fields=["earlier", "later"], name="demand_link_once"),
            models.CheckConstraint(
                condition=~Q(earlier=models.F("later")), name="demand_link_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.earlier_id} → {self.later_id} ({self.state})"
