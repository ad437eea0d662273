"""An organisation's submission: the file it sent and the text read from it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organizations.models import Organisation
from proposals.reference.models import PolicyDocument


def submission_upload_to(instance, filename):
    return f"submissions/{instance.organisation_id}/{filename}"


class Submission(models.Model):
    class Kind(models.TextChoices):
        HEARING_RESPONSE = "hearing_response", _("Høringssvar")
        BUDGET_INPUT = "budget_input", _("Budsjettinnspill")
        INPUT = "input", _("Innspill")

    class Source(models.TextChoices):
        UPLOAD = "upload", _("Lastet opp")
        HEARING = "hearing", _("Stortingets høring")
        BATCH = "batch", _("Fil i filbunke")

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
    # What the importer read in ``text`` (references and proposed demands, as
    # ``importing.analyse`` returns them), computed once when the text is stored
    # or when a re-reading is asked for; the review screen reads it from here.
    analysis = models.JSONField(_("analyse"), default=dict, blank=True)
    analysed_at = models.DateTimeField(_("analysert"), null=True, blank=True)
    # Where it came from: the organisation's own upload, a hearing submission the
    # Storting published (``hearing_source``), or a file of a batch (``batch_source``).
    source = models.CharField(
        _("kilde"), max_length=16, choices=Source.choices, default=Source.UPLOAD
    )

    class ReadState(models.TextChoices):
        READING = "reading", _("Leser filen")
        READ = "read", _("Lest")
        REFUSED = "refused", _("Avvist")

    # A file is read by a worker (proposals.submissions.tasks), never in the request.
    read_state = models.CharField(max_length=16, choices=ReadState.choices, default=ReadState.READ)
    read_error = models.CharField(max_length=500, blank=True)
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
