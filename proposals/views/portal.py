"""The public portal: pages anyone can read, each showing only what the reader may see."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organizations.models import Organisation
from proposals.demands import history
from proposals.models import BudgetPost, Chapter, Demand, DemandLink, PolicyDocument
from proposals.outcomes import selectors as outcome_selectors
from proposals.outcomes import threads
from proposals.portal import exports, selectors
from proposals.process import selectors as process_selectors

EXPORTS = {"csv": exports.csv_response, "xlsx": exports.xlsx_response}

# Sent by static/js/demand-filter.js: answer with the results region only.
PARTIAL_HEADER = "X-Requested-With"
PARTIAL_VALUE = "fetch"


def home(request):
    return render(
        request,
        "portal/home.html",
        {
            "documents": selectors.document_list(user=request.user),
            "organisations": selectors.top_organisations(user=request.user),
            "latest": selectors.latest_visible_demands(user=request.user),
        },
    )


def document_list(request):
    return render(
        request,
        "portal/document_list.html",
        {"documents": selectors.document_list(user=request.user)},
    )


def document_detail(request, slug):
    document = get_object_or_404(PolicyDocument, slug=slug)
    overview = selectors.document_overview(document=document, user=request.user)
    cases = process_selectors.document_cases(document=document)
    return render(
        request,
        "portal/document_detail.html",
        {"document": document, "overview": overview, "cases": cases},
    )


def chapter_detail(request, slug, number):
    chapter = get_object_or_404(
        Chapter.objects.select_related("document", "parent"), document__slug=slug, number=number
    )
    view = selectors.chapter_view(
        chapter=chapter, user=request.user, page_number=request.GET.get("page")
    )
    answers = outcome_selectors.answers_for(
        demand_ids=[demand.pk for demand in view.page], user=request.user
    )
    for demand in view.page:
        demand.answers = answers.get(demand.pk, [])
    return render(request, "portal/chapter_detail.html", {"view": view, "chapter": chapter})


def demand_list(request):
    export_format = request.GET.get("format", "")
    if export_format in EXPORTS:
        found = selectors.demand_search(user=request.user, params=request.GET)
        # A filter that failed is explained on the page rather than exported around.
        if not found.has_errors:
            return EXPORTS[export_format](found.queryset, absolute_url=request.build_absolute_uri)
    browse = selectors.demand_browse(user=request.user, params=request.GET)
    if export_format and export_format not in EXPORTS:
        browse.search.notices.append(
            _("Formatet kan være «csv» eller «xlsx»; viser kravene på siden i stedet.")
        )
    elif export_format:
        browse.search.notices.append(_("Rett opp filteret før du eksporterer."))
    partial = request.headers.get(PARTIAL_HEADER) == PARTIAL_VALUE
    response = render(
        request,
        "portal/_demand_browse.html" if partial else "portal/demand_list.html",
        {"browse": browse, "found": browse.search, "page": browse.page},
    )
    patch_vary_headers(response, [PARTIAL_HEADER])
    return response


def demand_detail(request, pk):
    try:
        demand = selectors.demand_detail(pk=pk, user=request.user)
    except Demand.DoesNotExist:
        raise Http404(_("Fant ikke kravet.")) from None
    timeline = history.demand_history(demand=demand, user=request.user).timeline
    outcomes = outcome_selectors.demand_outcomes(demand=demand, user=request.user)
    return render(
        request,
        "portal/demand_detail.html",
        {
            "demand": demand,
            "history": timeline,
            "outcomes": outcomes,
            "thread": threads.demand_thread(demand=demand, user=request.user),
            "thread_suggestions": threads.suggestions_to_decide(demand=demand, user=request.user),
        },
    )


@require_POST
@login_required
def thread_decide(request, pk, link_pk):
    link = get_object_or_404(DemandLink.objects.select_related("earlier", "later"), pk=link_pk)
    if pk not in (link.earlier_id, link.later_id):
        raise Http404(_("Fant ikke lenken."))
    try:
        if request.POST.get("action") == "confirm":
            threads.thread_confirm(link=link, user=request.user)
            messages.success(request, _("Tråden er bekreftet."))
        else:
            threads.thread_reject(link=link, user=request.user)
            messages.success(request, _("Forslaget er avvist."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("portal:demand_detail", pk=pk)


def recommendation_text(request, slug):
    document = get_object_or_404(PolicyDocument, slug=slug, kind=PolicyDocument.Kind.RECOMMENDATION)
    passages = outcome_selectors.document_passages(document=document)
    return render(
        request, "portal/recommendation_text.html", {"document": document, "passages": passages}
    )


def organisation_list(request):
    return render(
        request,
        "portal/organisation_list.html",
        {"organisations": selectors.organisation_list(user=request.user)},
    )


def organisation_detail(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    view = selectors.organisation_view(
        organisation=organisation, user=request.user, page_number=request.GET.get("page")
    )
    asked = outcome_selectors.organisation_asked_granted(
        organisation=organisation, user=request.user
    )
    return render(
        request,
        "portal/organisation_detail.html",
        {
            "organisation": organisation,
            "view": view,
            "asked_granted": asked,
            "threads": threads.organisation_threads(organisation=organisation, user=request.user),
        },
    )


def budget_list(request):
    return render(
        request,
        "portal/budget_list.html",
        {"posts": selectors.budget_post_list(user=request.user)},
    )


def budget_post_detail(request, year, chapter, post):
    budget_post = get_object_or_404(
        BudgetPost.objects.select_related("programme_category"),
        year=year,
        chapter=chapter,
        post=post,
    )
    view = selectors.budget_post_view(
        post=budget_post, user=request.user, page_number=request.GET.get("page")
    )
    asked = outcome_selectors.asked_versus_got(posts=[budget_post], user=request.user)
    return render(
        request,
        "portal/budget_post_detail.html",
        {"post": budget_post, "view": view, "asked": asked},
    )


def budget_chapter(request, year, chapter):
    rows = outcome_selectors.budget_chapter_table(year=year, chapter=chapter, user=request.user)
    if not rows:
        raise Http404(_("Fant ikke budsjettkapitlet."))
    return render(
        request, "portal/budget_chapter.html", {"rows": rows, "year": year, "chapter": chapter}
    )
