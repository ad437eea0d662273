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
from proposals.textinput import (
    INTERNAL_NOTE_MAX,
    NOTE_MAX,
    RATIONALE_MAX,
    TEXT_MAX,
    TITLE_MAX,
    strip_bidi_controls,
)


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

    title = forms.CharField(label=_("Tittel"), max_length=TITLE_MAX)
    text = forms.CharField(
        label=_("Kravet"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Hva organisasjonen ber om, med egne ord."),
    )
    rationale = forms.CharField(
        label=_("Begrunnelse"),
        max_length=RATIONALE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    # No default: an organisation says itself whether it supports, opposes …
    stance = forms.ChoiceField(
        label=_("Standpunkt"),
        choices=[("", _("Velg standpunkt"))] + list(Stance.choices),
        error_messages={"required": _("Velg organisasjonens standpunkt.")},
    )
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

    def clean_title(self):
        return strip_bidi_controls(self.cleaned_data["title"]).strip()

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
        max_length=NOTE_MAX,
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
        max_length=NOTE_MAX,
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
        max_length=INTERNAL_NOTE_MAX,
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
    state = forms.ChoiceField(
        label=_("Vis"),
        required=False,
        choices=[
            ("open", _("Åpne krav")),
            ("decided", _("Avgjorte og trukne")),
            ("all", _("Alle")),
        ],
        error_messages={"invalid_choice": _("Ukjent valg.")},
    )

    def clean(self):
        cleaned = super().clean()
        cleaned["state"] = cleaned.get("state") or "open"
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


# --- The secretariat's curation ------------------------------------------------------


class CurationLinksForm(forms.Form):
    """A demand's chapters, budget posts and topics, as the secretariat sets them.

    The same fields and widgets as the demand form, so ``static/js/picker.js``
    adds its searchable picker here too.
    """

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
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Hold Ctrl (Cmd på Mac) nede for å velge flere."),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Temaer"),
        queryset=Topic.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, document: PolicyDocument, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chapters"].queryset = Chapter.objects.filter(document=document).order_by(
            "sort_key"
        )
        self.fields["budget_posts"].queryset = BudgetPost.objects.order_by(
            "-year", "chapter", "post"
        )
        self.fields["topics"].queryset = Topic.objects.order_by("name")


class EditorialTitleForm(forms.Form):
    editorial_title = forms.CharField(
        label=_("Redaksjonell tittel"),
        max_length=300,
        required=False,
        help_text=_("Vises i lister og eksporter; organisasjonens egen tittel vises ved siden av."),
    )


class DuplicateForm(forms.Form):
    kept = forms.IntegerField(
        label=_("Nummeret på kravet som beholdes"),
        required=False,
        min_value=1,
        max_value=2**62,
        help_text=_("Et krav fra samme organisasjon. Tomt felt opphever markeringen."),
    )


class SharedDemandJoinForm(forms.Form):
    shared = forms.ModelChoiceField(
        label=_("Felles krav"),
        queryset=None,
        required=False,
        empty_label=_("Ikke del av et felles krav"),
    )

    def __init__(self, *args, document: PolicyDocument, **kwargs):
        super().__init__(*args, **kwargs)
        from proposals.models import SharedDemand

        self.fields["shared"].queryset = SharedDemand.objects.filter(document=document)


class SplitForm(forms.Form):
    text = forms.CharField(
        label=_("Teksten som blir igjen i dette kravet"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    new_title = forms.CharField(label=_("Tittel på det nye kravet"), max_length=300)
    new_text = forms.CharField(
        label=_("Teksten i det nye kravet"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class BulkCurationForm(forms.Form):
    """Link the queue's selection to a chapter or a post, tag it, or group it."""

    ACTIONS = [
        ("link", _("Koble til kapittel eller budsjettpost")),
        ("tag", _("Gi tema")),
        ("share", _("Samle som felles krav")),
    ]
    demands = forms.TypedMultipleChoiceField(
        label=_("Valgte krav"),
        coerce=int,
        choices=[],
        error_messages={"required": _("Velg minst ett krav.")},
    )
    action = forms.ChoiceField(label=_("Handling"), choices=ACTIONS)
    chapter = forms.ModelChoiceField(
        label=_("Kapittel"), queryset=Chapter.objects.all(), required=False
    )
    budget_post = forms.CharField(
        label=_("Budsjettpost"),
        required=False,
        max_length=40,
        help_text=_("Kapittel og post, f.eks. 701 21 (siste budsjettår)."),
    )
    topic = forms.ModelChoiceField(label=_("Tema"), queryset=Topic.objects.all(), required=False)
    title = forms.CharField(label=_("Felles overskrift"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["demands"].valid_value = lambda value: (
            str(value).isdigit() and len(str(value)) <= 18
        )
        self.fields["demands"].error_messages["invalid_choice"] = _("Ukjent krav: %(value)s.")
        self.fields["chapter"].error_messages["invalid_choice"] = _("Ukjent kapittel.")
        self.fields["topic"].error_messages["invalid_choice"] = _("Ukjent tema.")

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        cleaned["budget_post_obj"] = None
        text = (cleaned.get("budget_post") or "").strip()
        if text:
            from proposals.demands.work_selectors import budget_post_exact

            cleaned["budget_post_obj"] = budget_post_exact(text)
            if cleaned["budget_post_obj"] is None:
                self.add_error("budget_post", _("Fant ingen budsjettpost «%(q)s».") % {"q": text})
        if action == "link" and not (cleaned.get("chapter") or cleaned["budget_post_obj"]):
            if not self.errors:
                self.add_error("chapter", _("Velg et kapittel eller en budsjettpost."))
        if action == "tag" and not cleaned.get("topic"):
            self.add_error("topic", _("Velg et tema."))
        if action == "share" and not (cleaned.get("title") or "").strip():
            self.add_error("title", _("Gi det felles kravet en overskrift."))
        return cleaned


class PrepareOutcomeForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Utfall"), choices=[])
    note = forms.CharField(
        label=_("Merknad"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Publiseres sammen med utfallet."),
        error_messages={"required": _("Skriv merknaden som skal følge utfallet.")},
    )

    def __init__(self, *args, allowed: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [(v, DemandStatus(v).label) for v in allowed]
        self.fields["to_status"].error_messages["invalid_choice"] = _(
            "«%(value)s» er ikke et utfall dette kravet kan få nå."
        )


class PublishOutcomesForm(forms.Form):
    """Publish prepared outcomes of a document or of the selection, now or at a time."""

    demands = forms.TypedMultipleChoiceField(label=_("Valgte krav"), coerce=int, required=False)
    document = forms.ModelChoiceField(
        label=_("Dokument"),
        queryset=PolicyDocument.objects.all(),
        to_field_name="slug",
        required=False,
        error_messages={"invalid_choice": _("Ukjent dokument.")},
    )
    scope = forms.ChoiceField(
        choices=[("document", _("Dokumentet")), ("selection", _("De valgte"))],
        initial="document",
    )
    publish_at = forms.DateTimeField(
        label=_("Publiser"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Tomt: nå. Ellers tidspunktet, f.eks. når innstillingen publiseres."),
        error_messages={"invalid": _("Skriv tidspunktet som 23.11.2026 10:00.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["demands"].valid_value = lambda value: (
            str(value).isdigit() and len(str(value)) <= 18
        )
        self.fields["demands"].error_messages["invalid_choice"] = _("Ukjent krav: %(value)s.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("scope") == "selection" and not cleaned.get("demands"):
            self.add_error("demands", _("Velg minst ett krav."))
        if cleaned.get("scope") == "document" and not cleaned.get("document"):
            self.add_error("document", _("Velg et dokument i filteret først."))
        return cleaned


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Begrunnelse (valgfri)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Vises i kravets historikk."),
    )
    expected_status = forms.ChoiceField(choices=DemandStatus.choices, widget=forms.HiddenInput)
