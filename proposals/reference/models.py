"""Reference data: documents, their chapters, budget posts, programme categories, topics."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from proposals.reference.chapters import (
    chapter_depth,
    chapter_number_is_valid,
    chapter_sort_key,
    clean_chapter_number,
)
from proposals.reference.identifiers import SessionError, identifier_kind, normalise_identifier
from proposals.reference.labels import budget_post_label


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
        try:
            self.identifier = normalise_identifier(self.identifier)
        except SessionError as error:
            raise ValidationError(
                {
                    "identifier": _(
                        "Sesjonen %(session)s er ikke ett år; skriv f.eks. (2023–2024)."
                    )
                    % {"session": str(error)}
                }
            ) from error
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
        self.number = clean_chapter_number(self.number)
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
        """Sort key and depth, derived from the number (parents: reference.services.chapters_relink)."""
        self.sort_key = chapter_sort_key(self.number)
        self.depth = chapter_depth(self.number)


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
        return budget_post_label(self.chapter, self.post, self.year)

    def get_absolute_url(self):
        return reverse("portal:budget_post_detail", args=[self.year, self.chapter, self.post])

    @property
    def label(self) -> str:
        return budget_post_label(self.chapter, self.post)

    @property
    def choice_label(self) -> str:
        """How pickers and choice lists offer the post: label, year and name."""
        return f"{self} {self.post_name or self.chapter_name}".strip()


class Topic(models.Model):
    name = models.CharField(_("navn"), max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        verbose_name = _("tema")
        verbose_name_plural = _("temaer")
        ordering = ["name"]

    def __str__(self):
        return self.name
