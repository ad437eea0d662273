"""The secretariat's recommendation screens: import, and confirm what answered each demand."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organizations import permissions
from proposals.demands.services import TransitionRefused
from proposals.models import Demand, Passage, PassageMatch, PolicyDocument
from proposals.outbox.delivery import outbox_enqueue
from proposals.outcomes import selectors, services
from proposals.outcomes.forms import MatchChooseForm, MatchDecisionForm, RecommendationUploadForm
from proposals.outcomes.models import Outcome
from proposals.views.access import allowed_if
from proposals.views.common import add_service_errors

outcomes_required = allowed_if(
    permissions.can_manage_outcomes, _("Denne siden er for komitésekretariatet.")
)


def _recommendation(slug) -> PolicyDocument:
    return get_object_or_404(PolicyDocument, slug=slug, kind=PolicyDocument.Kind.RECOMMENDATION)


@outcomes_required
def recommendations(request):
    form = RecommendationUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.recommendation_upsert(
                user=request.user,
                identifier=data["identifier"],
                title=data["title"],
                follows_from=list(data["follows_from"]),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            upload = data["file"]
            name = default_storage.save(
                f"recommendations/{document.slug}/{get_valid_filename(upload.name)}", upload
            )
            # Reading and matching run in a task, delivered from the outbox after the commit.
            outbox_enqueue(
                kind="recommendation_read",
                payload={"document_id": document.pk, "stored_name": name, "filename": upload.name},
            )
            messages.success(
                request,
                _("Innstillingen leses inn; forslagene til treff vises her når den er lest."),
            )
            return redirect("secretariat:recommendation_matches", slug=document.slug)
    return render(
        request,
        "secretariat/recommendations.html",
        {"form": form, "recommendations": selectors.recommendation_list()},
    )


@outcomes_required
def recommendation_matches(request, slug):
    document = _recommendation(slug)
    page = selectors.match_queue(
        document=document, user=request.user, page_number=request.GET.get("page")
    )
    return render(
        request,
        "secretariat/recommendation_matches.html",
        {
            "document": document,
            "page": page,
            "passages": selectors.document_passages(document=document),
            "outcomes": Outcome.choices,
        },
    )


def _back(document, page):
    url = redirect("secretariat:recommendation_matches", slug=document.slug)
    if page and str(page).isdigit():
        url["Location"] += f"?page={page}"
    return url


@require_POST
@outcomes_required
def match_decide(request, pk):
    match = get_object_or_404(PassageMatch.objects.select_related("passage__document"), pk=pk)
    document = match.passage.document
    form = MatchDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Velg bekreft eller avvis."))
        return _back(document, request.POST.get("page"))
    try:
        action = form.cleaned_data["action"]
        if action in ("confirm", "prepare"):
            services.match_confirm(
                match=match,
                user=request.user,
                outcome=form.cleaned_data["outcome"] or None,
                prepare=action == "prepare",
            )
            if action == "prepare":
                messages.success(
                    request,
                    _("Treffet er bekreftet og utfallet forberedt; det publiseres med de andre."),
                )
            else:
                messages.success(request, _("Treffet er bekreftet, og kravets status er satt."))
        else:
            services.match_reject(match=match, user=request.user)
            messages.success(request, _("Forslaget er avvist."))
    except (ValidationError, TransitionRefused, PermissionDenied) as error:
        for message in getattr(error, "messages", [str(error)]):
            messages.error(request, message)
    return _back(document, request.POST.get("page"))


@require_POST
@outcomes_required
def match_choose(request, slug, pk):
    document = _recommendation(slug)
    demand = get_object_or_404(Demand.objects.visible_to(request.user), pk=pk)
    form = MatchChooseForm(request.POST)
    passage = None
    if form.is_valid():
        passage = Passage.objects.filter(document=document, pk=form.cleaned_data["passage"]).first()
    if passage is None:
        messages.error(request, _("Velg et avsnitt i denne innstillingen og et utfall."))
        return _back(document, request.POST.get("page"))
    try:
        services.match_choose(
            demand=demand,
            passage=passage,
            user=request.user,
            outcome=form.cleaned_data["outcome"],
            prepare=form.cleaned_data["prepare"],
        )
    except (ValidationError, TransitionRefused, PermissionDenied) as error:
        for message in getattr(error, "messages", [str(error)]):
            messages.error(request, message)
    else:
        messages.success(request, _("Avsnittet er valgt, og kravets status er satt."))
    return _back(document, request.POST.get("page"))
