"""Forms of the recommendation screens."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from proposals.outcomes.models import Outcome
from proposals.reference.models import PolicyDocument

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class RecommendationUploadForm(forms.Form):
    identifier = forms.CharField(
        label=_("Innstilling"), max_length=80, help_text=_("F.eks. «Innst. 240 S (2023–2024)».")
    )
    title = forms.CharField(label=_("Tittel"), max_length=300, required=False)
    follows_from = forms.ModelMultipleChoiceField(
        label=_("Behandler dokumentet"),
        queryset=PolicyDocument.objects.exclude(kind=PolicyDocument.Kind.RECOMMENDATION),
    )
    file = forms.FileField(
        label=_("Fil"),
        help_text=_(
            "Stortingets eksport (XML), stortingsvedtak (XML), eller HTML, PDF, DOCX eller TXT."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Filen er større enn 20 MB."))
        if upload.size == 0:
            raise forms.ValidationError(_("Filen er tom."))
        return upload


class MatchDecisionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            ("confirm", _("Bekreft")),
            ("prepare", _("Bekreft som forberedt")),
            ("reject", _("Avvis")),
        ]
    )
    outcome = forms.ChoiceField(label=_("Utfall"), choices=Outcome.choices, required=False)


class MatchChooseForm(forms.Form):
    passage = forms.IntegerField(label=_("Avsnitt"))
    outcome = forms.ChoiceField(label=_("Utfall"), choices=Outcome.choices)
    prepare = forms.BooleanField(label=_("Som forberedt utfall"), required=False)
