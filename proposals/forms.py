"""Forms for the workspace and the secretariat.

Forms read and check input and explain every error in Norwegian; the rules
themselves (who may do what, which status may follow which, what an upload
must be) live in ``organizations.permissions``, ``services`` and ``uploads``.
"""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.models import Organisation
from proposals import formatting
from proposals.demands import workflow
from proposals.models import (
    BudgetPost,
    Chapter,
    DemandStatus,
    PolicyDocument,
    ProgrammeCategory,
    Stance,
    Submission,
    Topic,
)
from proposals.reference import amounts


def _one_organisation_or_choice(form, organisations) -> None:
    """An editor of one organisation writes for it; an editor of several chooses."""
    only = list(organisations[:2])
    if len(only) == 1:
        del form.fields["organisation"]
        form.only_organisation = only[0]
    else:
        form.fields["organisation"].queryset = organisations
        form.only_organisation = None


class AmountField(forms.Field):
    """A requested change in whole kroner, signed, optional, within what the column holds.

    Read by ``proposals.reference.amounts.parse_amount``: ``40 000 000``,
    ``40 mill.``, ``1,5 mrd.``, ``-5 mill.``; a bare ``1,5`` is refused.
    """

    LIMIT = amounts.LIMIT

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Beløp i kroner"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={"maxlength": 60, "inputmode": "text"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return amounts.format_amount(value) if isinstance(value, int) else value

    def to_python(self, value):
        if isinstance(value, int):
            return value
        try:
            return amounts.parse_amount(str(value or "")[:60])
        except amounts.AmountError as error:
            raise forms.ValidationError(self._message(error), code=error.code) from error

    def _message(self, error: amounts.AmountError) -> str:
        if error.code == "ambiguous":
            return _(
                "«%(written)s» er ikke et helt antall kroner. Skriv for eksempel "
                "«1,5 mill.» eller «1 500 000»."
            ) % {"written": error.written}
        if error.code == "limit":
            return _("Beløpet kan ikke være større enn %(limit)s.") % {
                "limit": formatting.nok(self.LIMIT)
            }
        return _("Skriv beløpet i kroner, f.eks. «40 000 000», «40 mill.» eller «-5 mill.».")


class OrganisationMixin:
    def clean(self):
        cleaned = super().clean()
        if self.only_organisation is not None:
            cleaned["organisation"] = self.only_organisation
        return cleaned


class BudgetPostChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.choice_label


class ChapterChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class DemandForm(forms.Form):
    """A demand's content. The document is fixed when the form is made (chosen before)."""

    title = forms.CharField(label=_("Tittel"), max_length=300)
    text = forms.CharField(
        label=_("Kravet"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Hva organisasjonen ber om, med egne ord."),
    )
    rationale = forms.CharField(
        label=_("Begrunnelse"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    stance = forms.ChoiceField(label=_("Standpunkt"), choices=Stance.choices)
    requested_amount_nok = AmountField(
        help_text=_("Endringen dere ber om, i hele kroner; negativt for kutt. Kan stå tomt.")
    )
    chapters = ChapterChoiceField(
        label=_("Kapitler"),
        queryset=Chapter.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    budget_posts = BudgetPostChoiceField(
        label=_("Budsjettposter"),
        queryset=BudgetPost.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (Cmd på Mac) nede for å velge flere."),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Temaer"),
        queryset=Topic.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, document: PolicyDocument, **kwargs):
        super().__init__(*args, **kwargs)
        self.document = document
        self.fields["chapters"].queryset = Chapter.objects.filter(document=document).order_by(
            "sort_key"
        )
        self.fields["budget_posts"].queryset = BudgetPost.objects.order_by(
            "-year", "chapter", "post"
        )
        self.fields["topics"].queryset = Topic.objects.order_by("name")
        self.fields["chapters"].error_messages["invalid_choice"] = _(
            "Et av de valgte kapitlene hører ikke til %(document)s."
        ) % {"document": document.identifier}

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Skriv selve kravet."))
        return text

    def changes(self) -> dict:
        """The cleaned content as keyword arguments for the services."""
        data = dict(self.cleaned_data)
        data.pop("version", None)
        for name in ("title", "rationale"):
            data[name] = data[name].strip()
        return data


class NewDemandForm(OrganisationMixin, DemandForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisasjon"), queryset=Organisation.objects.none(), empty_label=None
    )

    # Made with the form and kept with the demand it creates: the same form posted
    # twice (Back and save again, a double click, a retry) finds that demand.
    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    field_order = ["organisation"]

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form_token"].initial = uuid.uuid4()
        _one_organisation_or_choice(self, organisations)


class DocumentChoiceForm(forms.Form):
    document = forms.ModelChoiceField(
        label=_("Dokumentet kravet gjelder"),
        queryset=PolicyDocument.objects.order_by("identifier"),
        empty_label=_("Velg dokument"),
        error_messages={"invalid_choice": _("Velg et dokument fra listen.")},
    )


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Ny status"), choices=DemandStatus.choices)
    note = forms.CharField(
        label=_("Merknad"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Påkrevd for utfall: omtalt, imøtekommet, delvis eller ikke imøtekommet."),
    )
    # The status the user saw, so a change made meanwhile is refused, not overridden.
    expected_status = forms.ChoiceField(choices=DemandStatus.choices, widget=forms.HiddenInput)

    def __init__(self, *args, allowed: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if allowed is not None:
            self.fields["to_status"].choices = [
                (value, DemandStatus(value).label) for value in allowed
            ]
        self.fields["to_status"].error_messages["invalid_choice"] = _(
            "«%(value)s» er ikke en status dette kravet kan få nå."
        )


class BulkStatusForm(forms.Form):
    demands = forms.TypedMultipleChoiceField(
        label=_("Valgte krav"),
        coerce=int,
        choices=[],
        error_messages={"required": _("Velg minst ett krav.")},
    )
    to_status = forms.ChoiceField(label=_("Ny status for de valgte"), choices=DemandStatus.choices)
    note = forms.CharField(
        label=_("Merknad (gjelder alle de valgte)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any id is accepted here; the service checks each against visibility and the table.
        self.fields["demands"].valid_value = lambda value: (
            str(value).isdigit() and len(str(value)) <= 18
        )
        self.fields["demands"].error_messages["invalid_choice"] = _("Ukjent krav: %(value)s.")


class InternalNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Nytt internt notat"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Vises bare for komitésekretariatet."),
    )


class VisibilityForm(forms.Form):
    """Hide a demand from the public or show it again: the reason is required."""

    reason = forms.CharField(
        label=_("Begrunnelse"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Lagres i kravets historikk, synlig bare for sekretariatet."),
        error_messages={"required": _("Skriv hvorfor kravet skjules eller vises igjen.")},
    )


class SubmissionForm(OrganisationMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisasjon"), queryset=Organisation.objects.none(), empty_label=None
    )
    document = forms.ModelChoiceField(
        label=_("Dokumentet innspillet svarer på"),
        queryset=PolicyDocument.objects.order_by("identifier"),
        empty_label=_("Velg dokument"),
    )
    kind = forms.ChoiceField(label=_("Type"), choices=Submission.Kind.choices)
    title = forms.CharField(
        label=_("Tittel"),
        max_length=300,
        required=False,
        help_text=_("Står den tom, brukes filnavnet."),
    )
    submitted_on = forms.DateField(
        label=_("Dato"),
        required=False,
        help_text=_("For eksempel 23.11.2026."),
        error_messages={"invalid": _("Skriv datoen som dd.mm.åååå, for eksempel 23.11.2026.")},
    )
    file = forms.FileField(
        label=_("Fil (PDF, DOCX eller TXT, høyst 20 MB)"),
        error_messages={
            "required": _("Velg en fil å laste opp."),
            "empty": _("Filen er tom."),
            "invalid": _("Det som ble sendt, er ikke en fil."),
        },
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        _one_organisation_or_choice(self, organisations)


class AttachDemandsForm(forms.Form):
    demands = forms.ModelMultipleChoiceField(
        label=_("Krav som står i dette innspillet"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Velg minst ett krav.")},
    )

    def __init__(self, *args, submission: Submission, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["demands"].queryset = submission.organisation.demands.filter(
            document=submission.document
        ).order_by("title")


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(label=_("Nettsted"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["description", "website", "members", "org_number"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}


class DocumentForm(forms.ModelForm):
    url = forms.URLField(label=_("Lenke"), required=False, max_length=500, assume_scheme="https")

    class Meta:
        model = PolicyDocument
        fields = ["identifier", "title", "kind", "session", "budget_year", "responsible", "url"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].required = False
        self.fields["kind"].help_text = _("Står den tom, utledes typen av identifikatoren.")

    def validate_unique(self):
        # The service normalises the identifier first and then checks; see reference.services.document_create.
        pass


class ChapterListForm(forms.Form):
    lines = forms.CharField(
        label=_("Kapitler, ett per linje: «nummer tittel»"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=200_000,
        help_text=_(
            "For eksempel «10.3 Dimensjonering av helsefagutdanningene». Er noen linje feil, "
            "lagres ingenting, og linjene som må rettes, listes opp med linjenummer."
        ),
    )


class BudgetPostForm(forms.ModelForm):
    programme_category = forms.ModelChoiceField(
        label=_("Programkategori"),
        queryset=ProgrammeCategory.objects.order_by("number"),
        required=False,
    )

    class Meta:
        model = BudgetPost
        fields = [
            "year",
            "chapter",
            "post",
            "chapter_name",
            "post_name",
            "amount_nok",
            "programme_category",
        ]

    def validate_unique(self):
        # Left to the service's full_clean, which reports the same message.
        pass


class QueueFilterForm(forms.Form):
    """The work queue's filter: plain GET parameters, every value checked."""

    document = forms.ModelChoiceField(
        label=_("Dokument"),
        queryset=PolicyDocument.objects.order_by("identifier"),
        required=False,
        to_field_name="slug",
        empty_label=_("Alle"),
        error_messages={"invalid_choice": _("Ukjent dokument.")},
    )
    chapter = forms.CharField(
        label=_("Kapittel (med underkapitler)"),
        required=False,
        max_length=40,
        help_text=_("Et nummer som 10 eller 10.3; krever at et dokument er valgt."),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle"))]
        + [(value, DemandStatus(value).label) for value in workflow.PUBLIC],
        error_messages={"invalid_choice": _("Ukjent status.")},
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisasjon"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        to_field_name="slug",
        empty_label=_("Alle"),
        error_messages={"invalid_choice": _("Ukjent organisasjon.")},
    )

    def clean(self):
        cleaned = super().clean()
        number = (cleaned.get("chapter") or "").strip().rstrip(".")
        cleaned["chapter_obj"] = None
        if number:
            document = cleaned.get("document")
            if document is None:
                self.add_error("chapter", _("Velg et dokument for å filtrere på kapittel."))
            else:
                chapter = Chapter.objects.filter(document=document, number=number).first()
                if chapter is None:
                    self.add_error(
                        "chapter",
                        _("%(document)s har ikke noe kapittel %(number)s.")
                        % {"document": document.identifier, "number": number},
                    )
                cleaned["chapter_obj"] = chapter
        return cleaned
