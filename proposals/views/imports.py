"""Importing a submission from a file: upload, review the proposals, create the chosen demands.

The same screens serve an organisation's editors (in the workspace, for their
own organisations, creating drafts) and the committee secretariat (choosing
the organisation, registering demands as submitted). Each view loads, asks
``organizations.permissions``, calls one function of ``proposals.submissions.imports``
and responds. A submission the user may not import for does not exist (404).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from organizations import permissions
from organizations.models import Organisation
from proposals.import_forms import ImportChapterForm, ImportUploadForm, candidate_formset
from proposals.models import Stance, Submission
from proposals.submissions import imports
from proposals.views.access import secretariat_required, workspace_required
from proposals.views.common import add_service_errors

WORKSPACE, SECRETARIAT = "workspace", "secretariat"


def _urls(area: str, submission: Submission | None = None) -> dict[str, str]:
    urls = {
        "upload": reverse(f"{area}:import_upload"),
        "home": reverse("workspace:home" if area == WORKSPACE else "secretariat:queue"),
    }
    if submission is not None:
        for name in ("review", "done", "add_chapter", "reanalyse"):
            urls[name] = reverse(f"{area}:import_{name}", args=[submission.pk])
    return urls


def _organisations(user, area: str):
    """Whom the user imports for here: their own organisations, or (secretariat) any."""
    if area == SECRETARIAT:
        return Organisation.objects.order_by("name")
    return Organisation.objects.filter(pk__in=permissions.roles_of(user).editor_of).order_by("name")


def _submission(request, pk: int) -> Submission:
    submission = get_object_or_404(
        Submission.objects.select_related("organisation", "document"), pk=pk
    )
    if not permissions.can_open_import(request.user, submission):
        raise Http404(_("Fant ikke innspillet."))
    return submission


def _upload(request, area: str):
    organisations = _organisations(request.user, area)
    if area == WORKSPACE and not organisations.exists():
        raise PermissionDenied(_("Bare organisasjonens redaktører kan importere innspill."))
    form = ImportUploadForm(
        request.POST or None,
        request.FILES or None,
        organisations=organisations,
        always_choose=area == SECRETARIAT,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            submission = imports.submission_from_upload(
                user=request.user,
                organisation=data["organisation"],
                document=data["document"],
                uploaded_file=data["file"],
                title=data["title"],
            )
        except ValidationError as error:
            add_service_errors(form, error, field="file")
        else:
            if submission.read_state == submission.ReadState.READ:
                messages.success(
                    request,
                    _("Filen er lest. Gå gjennom forslagene og opprett kravene du vil ha med."),
                )
            return redirect(f"{area}:import_review", pk=submission.pk)
    return render(
        request,
        f"{area}/import_upload.html",
        {"form": form, "area": area, "urls": _urls(area)},
    )


def _review(request, pk: int, area: str):
    submission = _submission(request, pk)
    if submission.read_state != submission.ReadState.READ:
        # A worker is reading the file, or refused it: no review yet.
        return render(
            request,
            "includes/import_reading.html",
            {"submission": submission, "area": area, "urls": _urls(area, submission)},
        )
    page = request.POST.get("side") or request.GET.get("side") or 1
    try:
        review = imports.import_review(submission=submission, page=page)
    except imports.AnalysisPending:
        imports.submission_request_analysis(submission=submission)
        submission.refresh_from_db()
        try:
            review = imports.import_review(submission=submission, page=page)
        except imports.AnalysisPending:
            return render(
                request,
                "includes/import_pending.html",
                {"area": area, "urls": _urls(area, submission), "submission": submission},
            )
    if not review.items and review.taken:
        messages.info(request, _("Kravene fra dette innspillet er allerede opprettet."))
        return redirect(f"{area}:import_done", pk=submission.pk)
    errors: list[str] = []
    if request.method == "POST":
        try:
            review = review.posted(_posted_keys(request.POST))
        except imports.ProposalsTaken as error:
            messages.info(request, " ".join(error.messages))
            return redirect(f"{area}:import_done", pk=submission.pk)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(f"{area}:import_review", pk=submission.pk)
    formset = candidate_formset(
        count=len(review.items),
        data=request.POST if request.method == "POST" else None,
        initial=review.initial,
        index=review.index,
        numbers=[item.number for item in review.items],
    )
    if request.method == "POST" and formset.is_valid():
        drafts = imports.drafts_from_review(review, [form.cleaned_data for form in formset.forms])
        try:
            demands = imports.submission_create_demands(
                submission=submission, drafts=drafts, user=request.user
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)s krav er opprettet fra innspillet.",
                    "%(n)s krav er opprettet fra innspillet.",
                    len(demands),
                )
                % {"n": len(demands)},
            )
            return redirect(f"{area}:import_done", pk=submission.pk)
    rows = list(zip(review.items, formset.forms, strict=False))
    sections: list[dict] = []
    for item, form in rows:
        heading = item.candidate.get("section") or ""
        if not sections or sections[-1]["heading"] != heading:
            sections.append({"heading": heading, "rows": [], "id": f"avsnitt-{len(sections) + 1}"})
        sections[-1]["rows"].append((item, form))
    return render(
        request,
        f"{area}/import_review.html",
        {
            "area": area,
            "urls": _urls(area, submission),
            "submission": submission,
            "review": review,
            "formset": formset,
            "rows": rows,
            "sections": sections,
            "errors": errors,
            "has_errors": bool(errors) or (formset.is_bound and not formset.is_valid()),
            "field_errors": _field_errors(formset, review) if formset.is_bound else [],
            "stance_choices": Stance.choices,
            "can_add_chapters": permissions.can_add_chapter_from_import(
                request.user, submission.organisation_id
            ),
            "as_submitted": permissions.import_registers_as_submitted(
                request.user, submission.organisation_id
            ),
        },
    )


def _posted_keys(data) -> list[str]:
    """The proposal keys a posted review form names, no more than one form can hold."""
    try:
        total = int(data.get("forslag-TOTAL_FORMS", 0))
    except (TypeError, ValueError):
        total = 0
    total = max(0, min(total, imports.review_capacity()))
    return [str(data.get(f"forslag-{n}-key", ""))[:32] for n in range(total)]


def _reanalyse(request, pk: int, area: str):
    submission = _submission(request, pk)
    imports.submission_request_analysis(submission=submission)
    messages.info(
        request,
        _("Innspillet leses på nytt. Forslag som alt er tatt med, blir ikke tatt med igjen."),
    )
    return redirect(f"{area}:import_review", pk=submission.pk)


def _field_errors(formset, review) -> list[dict]:
    """Every error of every proposal, for the summary at the top of a long form."""
    found = []
    for item, form in zip(review.items, formset.forms, strict=False):
        number = item.number
        for name, messages_list in form.errors.items():
            field = form.fields.get(name)
            for message in messages_list:
                found.append(
                    {
                        "number": number,
                        "id": form[name].auto_id if field else f"forslag-{number}",
                        "label": field.label if field else "",
                        "message": message,
                    }
                )
    return found


def _add_chapter(request, pk: int, area: str):
    submission = _submission(request, pk)
    form = ImportChapterForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Oppgi kapittelnummeret som skal legges til."))
        return redirect(f"{area}:import_review", pk=submission.pk)
    try:
        chapter = imports.import_chapter_add(
            submission=submission,
            number=form.cleaned_data["number"],
            title=form.cleaned_data["title"],
            user=request.user,
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Kapittel %(number)s er lagt til i %(document)s.")
            % {"number": chapter.number, "document": submission.document.identifier},
        )
    return redirect(f"{area}:import_review", pk=submission.pk)


def _done(request, pk: int, area: str):
    submission = _submission(request, pk)
    demands = submission.demands.prefetch_related("chapters", "budget_posts").order_by("pk")
    return render(
        request,
        f"{area}/import_done.html",
        {
            "area": area,
            "urls": _urls(area, submission),
            "submission": submission,
            "demands": demands,
            "open_count": imports.open_proposal_count(submission=submission),
        },
    )


# --- The organisation workspace -------------------------------------------------------


@workspace_required
def workspace_upload(request):
    return _upload(request, WORKSPACE)


@workspace_required
def workspace_review(request, pk):
    return _review(request, pk, WORKSPACE)


@require_POST
@workspace_required
def workspace_add_chapter(request, pk):
    return _add_chapter(request, pk, WORKSPACE)


@workspace_required
def workspace_done(request, pk):
    return _done(request, pk, WORKSPACE)


@require_POST
@workspace_required
def workspace_reanalyse(request, pk):
    return _reanalyse(request, pk, WORKSPACE)


# --- The committee secretariat -------------------------------------------------------


@secretariat_required
def secretariat_upload(request):
    return _upload(request, SECRETARIAT)


@secretariat_required
def secretariat_review(request, pk):
    return _review(request, pk, SECRETARIAT)


@require_POST
@secretariat_required
def secretariat_add_chapter(request, pk):
    return _add_chapter(request, pk, SECRETARIAT)


@secretariat_required
def secretariat_done(request, pk):
    return _done(request, pk, SECRETARIAT)


@require_POST
@secretariat_required
def secretariat_reanalyse(request, pk):
    return _reanalyse(request, pk, SECRETARIAT)
