from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organizations.validators import validate_org_number

models.CharField.register_lookup(Length)


class Organisation(models.Model):
    class Kind(models.TextChoices):
        TRADE_UNION = "trade_union", _("Fagforening")
        PROFESSIONAL_ASSOCIATION = "professional_association", _("Fagorganisasjon")
        UNIVERSITY = "university", _("Universitet eller høgskole")
        COUNCIL = "council", _("Råd")
        PATIENT_ORGANISATION = "patient_organisation", _("Pasientorganisasjon")
        MUNICIPALITY = "municipality", _("Kommune")
        BUSINESS = "business", _("Næringsliv")
        OTHER = "other", _("Annet")

    name = models.CharField(_("navn"), max_length=200, unique=True)
    short_name = models.CharField(_("kortnavn"), max_length=40, unique=True)
    slug = models.SlugField(_("lenkenavn"), max_length=60, unique=True)
    kind = models.CharField(_("type"), max_length=32, choices=Kind.choices, db_index=True)
    org_number = models.CharField(
        _("organisasjonsnummer"),
        max_length=9,
        blank=True,
        validators=[validate_org_number],
        help_text=_("Ni siffer, med kontrollsiffer (modulus 11)."),
    )
    members = models.PositiveIntegerField(_("medlemmer"), null=True, blank=True)
    website = models.URLField(_("nettsted"), blank=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisasjon")
        verbose_name_plural = _("organisasjoner")
        ordering = ["name"]
        constraints = [
            # The check digit is verified by the model validator; the database
            # holds the line on the shape, so no path around the form stores junk.
            models.CheckConstraint(
                condition=Q(org_number="") | Q(org_number__length=9),
                name="organisation_org_number_nine_digits",
            ),
            models.UniqueConstraint(
                fields=["org_number"],
                condition=~Q(org_number=""),
                name="organisation_org_number_unique",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("portal:organisation_detail", args=[self.slug])


class Membership(models.Model):
    class Role(models.TextChoices):
        EDITOR = "editor", _("Redaktør")
        VIEWER = "viewer", _("Leser")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rolle"), max_length=16, choices=Role.choices, default=Role.EDITOR)
    # When the member last opened the workspace, so it can show what changed since.
    last_seen_at = models.DateTimeField(null=True, blank=True)
    # The activity list keeps what happened until the member marks it read.
    activity_read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = pgettext_lazy("flertall", "medlemskap")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="membership_one_per_user_and_org"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


class OrganisationAlias(models.Model):
    """Another name an organisation goes by, e.g. as senders write it to the Storting.

    ``key`` is the name folded for comparison (see ``organizations.matching``).
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("navn"), max_length=500)
    key = models.CharField(max_length=500, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("alternativt navn")
        verbose_name_plural = _("alternative navn")
        ordering = ["organisation", "name"]

    def __str__(self):
        return f"{self.name} → {self.organisation}"


class NameReview(models.Model):
    """A sender's name no organisation matched for sure: the secretariat decides.

    One row per folded name, so a confirmation settles every submission and
    programme entry that wrote it that way.
    """

    class State(models.TextChoices):
        OPEN = "open", _("Til vurdering")
        CONFIRMED = "confirmed", _("Bekreftet")
        CREATED = "created", _("Ny organisasjon")

    name = models.CharField(_("navn som skrevet"), max_length=500)
    key = models.CharField(max_length=500, unique=True)
    suggestion = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    score = models.FloatField(null=True, blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.OPEN)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("navn til vurdering")
        verbose_name_plural = _("navn til vurdering")
        ordering = ["state", "name"]

    def __str__(self):
        return self.name


class Profile(models.Model):
    """What a user has chosen for themselves: the language of the site and of their e-mail."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    language = models.CharField(
        _("språk"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    class Meta:
        verbose_name = _("profil")
        verbose_name_plural = _("profiler")

    def __str__(self):
        return f"{self.user} ({self.language})"
