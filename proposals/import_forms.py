"""Forms for importing a submission: the upload, the review of the proposals, a missing chapter.

They read and check input and explain every error in Norwegian. What a file
may be is ``proposals.submissions.importing.check_file``'s rule (through ``uploads``);
chapter and budget-post references are read by ``imports.ReferenceIndex``,
which is loaded once for all the proposals on the page.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.models import Organisation
from proposals.forms import AmountField, OrganisationMixin, _one_organisation_or_choice
from proposals.models import PolicyDocument, Stance
from proposals.submissions.imports import ReferenceIndex


class ImportUploadForm(OrganisationMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisasjon"),
        queryset=Organisation.objects.none(),
        empty_label=_("Velg organisasjon"),
        error_messages={
            "required": _("Velg organisasjonen innspillet er fra."),
            "invalid_choice": _("Velg en organisasjon fra listen."),
        },
    )
    document = forms.ModelChoiceField(
        label=_("Dokumentet innspillet svarer på"),
        queryset=PolicyDocument.objects.order_by("identifier"),
        empty_label=_("Velg dokument"),
        error_messages={
            "required": _("Velg dokumentet innspillet svarer på."),
            "invalid_choice": _("Velg et dokument fra listen."),
        },
    )
    title = forms.CharField(
        label=_("Tittel"),
        max_length=300,
        required=False,
        help_text=_("Står den tom, blir tittelen «Innspill fra organisasjonen til dokumentet»."),
    )
    file = forms.FileField(
        label=_("Fil (PDF, DOCX eller TXT, høyst 20 MB)"),
        help_text=_("Filtypen sjekkes ut fra innholdet, ikke bare navnet."),
        # The size and the content are checked by the import itself, so an
        # empty file gets the same message here as from the command.
        allow_empty_file=True,
        error_messages={
            "required": _("Velg en fil å laste opp."),
            "invalid": _("Det som ble sendt, er ikke en fil."),
        },
    )

    def __init__(self, *args, organisations, always_choose: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if always_choose:
            # The secretariat registers for any organisation: never a silent default.
            self.fields["organisation"].queryset = organisations
            self.only_organisation = None
        else:
            _one_organisation_or_choice(self, organisations)


class CandidateForm(forms.Form):
    """One proposed demand. Its fields are checked only when it is ticked."""

    include = forms.BooleanField(label=_("Ta med"), required=False)
    # Which stored proposal the row is: the server takes everything else from it.
    key = forms.CharField(required=False, max_length=32, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Tittel"), max_length=300, required=False)
    text = forms.CharField(
        label=_("Kravet"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    stance = forms.ChoiceField(
        label=_("Standpunkt"),
        choices=Stance.choices,
        error_messages={"invalid_choice": _("Velg et standpunkt fra listen.")},
    )
    requested_amount_nok = AmountField(help_text=_("Hele kroner; negativt for kutt. Kan stå tomt."))
    chapters = forms.CharField(
        label=_("Kapitler"),
        required=False,
        max_length=500,
        help_text=_("Kapittelnumre i dokumentet, skilt med komma, f.eks. «10.3, 12»."),
    )
    budget_posts = forms.CharField(
        label=_("Budsjettposter"),
        required=False,
        max_length=1000,
        help_text=_("Skilt med semikolon, f.eks. «kap. 701, post 21; kap. 746, post 01»."),
    )

    def __init__(self, *args, index: ReferenceIndex, number: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.reference_index = index
        # Labels name the proposal, so a screen reader's list of fields makes sense.
        self.fields["include"].label = _("Ta med forslag %(n)s") % {"n": number}

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("include"):
            # An unticked proposal is not created, so its fields are not held to account.
            for name in list(self.errors):
                del self.errors[name]
            return cleaned
        if not (cleaned.get("title") or "").strip():
            self.add_error("title", _("Skriv en tittel, eller fjern haken for forslaget."))
        if not (cleaned.get("text") or "").strip():
            self.add_error("text", _("Skriv selve kravet, eller fjern haken for forslaget."))
        for name, read in (
            ("chapters", self.reference_index.chapters_from_text),
            ("budget_posts", self.reference_index.budget_posts_from_text),
        ):
            if name in self.errors:
                continue
            try:
                cleaned[name] = read(cleaned.get(name) or "")
            except forms.ValidationError as error:
                self.add_error(name, error)
        for name in ("title", "text"):
            cleaned[name] = (cleaned.get(name) or "").strip()
        return cleaned


class BaseCandidateFormSet(forms.BaseFormSet):
    def __init__(self, *args, numbers: list[int] | None = None, **kwargs):
        self.numbers = numbers or []
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        position = index or 0
        number = self.numbers[position] if position < len(self.numbers) else position + 1
        return {**kwargs, "number": number}

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not any(form.cleaned_data.get("include") for form in self.forms):
            raise forms.ValidationError(_("Kryss av for minst ett forslag som skal bli krav."))


def candidate_formset(
    *, count: int, data=None, initial=None, index: ReferenceIndex, numbers: list[int] | None = None
):
    """A formset for exactly the ``count`` proposals of the page, never more; ``numbers``
    are the proposals' numbers in the whole submission (for the labels)."""
    formset_class = forms.formset_factory(
        CandidateForm,
        formset=BaseCandidateFormSet,
        extra=0,
        max_num=count,
        absolute_max=max(count, 1),
        validate_max=True,
    )
    return formset_class(
        data, initial=initial, form_kwargs={"index": index}, prefix="forslag", numbers=numbers
    )


class ImportChapterForm(forms.Form):
    number = forms.CharField(label=_("Kapittelnummer"), max_length=40)
    title = forms.CharField(label=_("Tittel"), max_length=300, required=False)
