"""The Storting's process: public case and hearing pages; the secretariat's hearings,
imports and names to settle. Each view loads, asks ``organizations.permissions``,
calls one selector or service and renders.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organizations import permissions
from organizations.models import NameReview, Organisation
from proposals.models import BatchFile, BatchUpload, Case, Hearing, ImportRun, PolicyDocument
from proposals.process import batch, selectors, services
from proposals.views.access import allowed_if
from proposals.views.common import add_service_errors

hearings_required = allowed_if(
    permissions.can_see_hearing_work, gettext_lazy("Denne siden er for komitésekretariatet.")
)
import_required = allowed_if(
    permissions.can_import_from_storting, gettext_lazy("Denne siden er for komitésekretariatet.")
)
names_required = allowed_if(
    permissions.can_review_names, gettext_lazy("Denne siden er for komitésekretariatet.")
)

MAX_ANSWER_FILES = 500
MAX_ANSWER_BYTES = 20 * 1024 * 1024


# --- public --------------------------------------------------------------------


def case_detail(request, pk):
    try:
        view = selectors.case_view(case_id=pk, user=request.user)
    except Case.DoesNotExist:
        raise Http404(_("Fant ikke saken.")) from None
    return render(request, "portal/case_detail.html", {"view": view, "case": view.case})


def hearing_detail(request, pk):
    try:
        hearing = selectors.hearing_view(hearing_id=pk)
    except Hearing.DoesNotExist:
        raise Http404(_("Fant ikke høringen.")) from None
    return render(request, "portal/hearing_detail.html", {"hearing": hearing})


# --- the secretariat's hearings ----------------------------------------------------


@hearings_required
def hearing_list(request):
    work = selectors.hearing_work_list(
        session=request.GET.get("session", "")[:9],
        committee=request.GET.get("committee", "")[:20].upper(),
    )
    return render(request, "secretariat/hearing_list.html", {"work": work})


@hearings_required
def hearing_work(request, pk):
    try:
        hearing = selectors.hearing_view(hearing_id=pk)
    except Hearing.DoesNotExist:
        raise Http404(_("Fant ikke høringen.")) from None
    return render(request, "secretariat/hearing_work.html", {"hearing": hearing})


# --- the import screen -------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".xml,text/xml"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        one = super().clean
        if isinstance(data, list | tuple):
            return [one(item, initial) for item in data]
        return [one(data, initial)] if data else []


class ImportForm(forms.Form):
    files = MultipleFileField(
        label=gettext_lazy("Lagrede svar fra Stortinget (XML)"), required=False
    )
    session = forms.RegexField(
        label=gettext_lazy("Sesjon"),
        regex=r"^\d{4}-\d{4}$",
        required=False,
        help_text=gettext_lazy("F.eks. 2023-2024; tom for alle i svarene."),
    )
    hearing = forms.IntegerField(
        label=gettext_lazy("Bare høring (id)"), required=False, min_value=1
    )

    def clean(self):
        data = super().clean()
        uploaded = data.get("files") or []
        if not uploaded:
            raise ValidationError(_("Velg minst én lagret svarfil."))
        if len(uploaded) > MAX_ANSWER_FILES:
            raise ValidationError(_("Høyst %(n)s filer om gangen.") % {"n": MAX_ANSWER_FILES})
        for file in uploaded:
            if file.size > MAX_ANSWER_BYTES:
                raise ValidationError(_("«%(name)s» er for stor.") % {"name": file.name[:80]})
        data["uploaded"] = uploaded
        return data


@import_required
def import_start(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        folder = Path(settings.MEDIA_ROOT) / "stortinget" / uuid.uuid4().hex
        folder.mkdir(parents=True, exist_ok=True)
        for position, file in enumerate(form.cleaned_data["uploaded"], start=1):
            with open(folder / f"{position:04d}.xml", "wb") as out:
                for chunk in file.chunks():
                    out.write(chunk)
        try:
            run = services.import_run_create(
                user=request.user,
                hearing=form.cleaned_data.get("hearing"),
                session=form.cleaned_data.get("session") or "",
                path=str(folder),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("secretariat:import_run", pk=run.pk)
    runs = ImportRun.objects.order_by("-created_at")[:10]
    return render(request, "secretariat/import_start.html", {"form": form, "runs": runs})


@import_required
def import_run(request, pk):
    run = get_object_or_404(ImportRun, pk=pk)
    if request.GET.get("format") == "json":
        return JsonResponse(
            {"state": run.state, "done": run.done, "total": run.total, "percent": run.percent}
        )
    return render(request, "secretariat/import_run.html", {"run": run})


# --- names to settle ---------------------------------------------------------------


class ConfirmForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisasjon"), queryset=Organisation.objects.order_by("name")
    )


class CreateForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Navn"), max_length=200)
    short_name = forms.CharField(label=gettext_lazy("Kortnavn"), max_length=40)
    kind = forms.ChoiceField(label=gettext_lazy("Type"), choices=Organisation.Kind.choices)


@names_required
def name_list(request):
    reviews = NameReview.objects.filter(state=NameReview.State.OPEN).select_related("suggestion")[
        :200
    ]
    return render(request, "secretariat/name_list.html", {"reviews": reviews})


@names_required
def name_detail(request, pk):
    review = get_object_or_404(NameReview.objects.select_related("suggestion"), pk=pk)
    confirm = ConfirmForm(initial={"organisation": review.suggestion_id})
    create = CreateForm(initial={"name": review.name})
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "confirm":
                confirm = ConfirmForm(request.POST)
                if confirm.is_valid():
                    services.name_review_confirm(
                        review=review,
                        organisation=confirm.cleaned_data["organisation"],
                        user=request.user,
                    )
                    messages.success(request, _("Navnet er bekreftet og husket."))
                    return redirect("secretariat:name_list")
            elif action == "create":
                create = CreateForm(request.POST)
                if create.is_valid():
                    services.name_review_create_organisation(
                        review=review, user=request.user, **create.cleaned_data
                    )
                    messages.success(request, _("Organisasjonen er opprettet."))
                    return redirect("secretariat:name_list")
        except ValidationError as error:
            add_service_errors(create if action == "create" else confirm, error)
    return render(
        request,
        "secretariat/name_detail.html",
        {"review": review, "confirm": confirm, "create": create},
    )


# --- batches of submission files ---------------------------------------------------

batch_required = allowed_if(
    permissions.can_upload_batch, gettext_lazy("Denne siden er for komitésekretariatet.")
)


class BatchForm(forms.Form):
    document = forms.ModelChoiceField(
        label=gettext_lazy("Dokument"), queryset=PolicyDocument.objects.order_by("identifier")
    )
    files = MultipleFileField(label=gettext_lazy("Filer (PDF, DOCX, TXT eller ZIP)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].widget.attrs["accept"] = ".pdf,.docx,.txt,.zip"


@batch_required
def batch_new(request):
    form = BatchForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploads = []
        for file in form.cleaned_data["files"]:
            if file.size > batch.MAX_TOTAL_BYTES:
                form.add_error("files", _("«%(name)s» er for stor.") % {"name": file.name[:80]})
                break
            uploads.append((file.name, file.read()))
        else:
            try:
                upload = services.batch_create(
                    user=request.user, document=form.cleaned_data["document"], uploads=uploads
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("secretariat:batch_detail", pk=upload.pk)
    return render(request, "secretariat/batch_new.html", {"form": form})


class AssignForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisasjon"), queryset=Organisation.objects.order_by("name")
    )


@batch_required
def batch_detail(request, pk):
    upload = get_object_or_404(BatchUpload.objects.select_related("document"), pk=pk)
    if request.method == "POST":
        row = get_object_or_404(BatchFile, pk=request.POST.get("file", 0) or 0, batch=upload)
        form = AssignForm(request.POST)
        if form.is_valid():
            try:
                services.batch_file_assign(
                    row=row, organisation=form.cleaned_data["organisation"], user=request.user
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
        return redirect("secretariat:batch_detail", pk=upload.pk)
    files = list(upload.files.select_related("organisation", "submission").defer("text"))
    waiting = sum(1 for row in files if row.state == BatchFile.State.WAITING)
    done = len(files) - waiting
    return render(
        request,
        "secretariat/batch_detail.html",
        {
            "upload": upload,
            "files": files,
            "waiting": waiting,
            "done": done,
            "percent": round(100 * done / len(files)) if files else 100,
            "assign": AssignForm(),
        },
    )
