"""Reads for the workspace and the secretariat: lists, the work queue, picker searches.

Every list starts from the one visibility rule in ``organizations.permissions``.
The work queue's filter is small and lives here until the portal's FilterSet
can take it over: ``queue_demands`` takes plain values, not a request.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Min, OuterRef, Prefetch, Q, Subquery

from organizations.models import Organisation
from organizations.permissions import (
    prepared_outcome_q,
    workspace_demand_q,
    workspace_submission_q,
)
from proposals.demands.workflow import OPEN as OPEN_STATUSES
from proposals.models import (
    BudgetPost,
    Chapter,
    Demand,
    PolicyDocument,
    PreparedOutcome,
    Submission,
)
from proposals.portal.filters import chapter_subtree_q
from proposals.reference.budget import BudgetPostError, parse_budget_post
from proposals.reference.chapters import chapter_number_is_valid, clean_chapter_number

PICKER_LIMIT = 20


def workspace_demands(*, user):
    """The user's organisations' demands, drafts included, most recently changed first."""
    return (
        Demand.objects.filter(workspace_demand_q(user))
        .select_related("organisation", "document")
        .order_by("-updated_at", "-pk")
    )


def workspace_submissions(*, user):
    return (
        Submission.objects.filter(workspace_submission_q(user))
        .select_related("organisation", "document")
        .annotate(demand_count=Count("demands"))
        .order_by("-created_at")
    )


def chapter_search(*, document_id: int, query: str, limit: int = PICKER_LIMIT):
    """Chapters of one document whose number starts with, or whose title contains, ``query``."""
    query = query.strip()[:100]
    chapters = Chapter.objects.filter(document_id=document_id).order_by("sort_key")
    if query:
        number = clean_chapter_number(query)
        chapters = chapters.filter(
            Q(number=number) | Q(number__startswith=number + ".") | Q(title__icontains=query)
            if chapter_number_is_valid(number)
            else Q(title__icontains=query)
        )
    return chapters[:limit]


def budget_post_search(*, query: str, limit: int = PICKER_LIMIT):
    """Budget posts by «701», «701 21», «kap. 701, post 21», a name or a programme category."""
    query = query.strip()[:100]
    posts = BudgetPost.objects.select_related("programme_category").order_by(
        "-year", "chapter", "post"
    )
    if not query:
        return posts[:limit]
    text = Q(chapter_name__icontains=query) | Q(post_name__icontains=query)
    text |= Q(programme_category__number__startswith=query)
    text |= Q(programme_category__name__icontains=query)
    try:
        ref = parse_budget_post(query)
    except BudgetPostError:
        chapter = clean_chapter_number(query)
        if chapter.isdigit():
            text |= Q(chapter=int(chapter))
    else:
        text |= Q(chapter=ref.chapter, post=ref.post)
    return posts.filter(text)[:limit]


# --- The secretariat's work queue -----------------------------------------------


@dataclass(frozen=True)
class QueueFilters:
    document: PolicyDocument | None = None
    chapter: Chapter | None = None
    status: str = ""
    organisation: Organisation | None = None
    # "open" (the default: waiting for the committee), "decided" or "all";
    # a chosen ``status`` takes precedence.
    state: str = "open"


def queue_demands(*, user, filters: QueueFilters):
    """Every demand past the draft stage that ``user`` may see, by document and chapter.

    A chapter includes its sub-chapters (``Chapter.sort_key`` prefix). The
    first chapter's sort key orders demands inside a document; demands with
    no chapter come last.
    """
    demands = Demand.objects.at_secretariat(user)
    if filters.document is not None:
        demands = demands.filter(document=filters.document)
    if filters.chapter is not None:
        demands = demands.filter(chapter_subtree_q(filters.chapter))
    if filters.status:
        demands = demands.filter(status=filters.status)
    elif filters.state == "open":
        demands = demands.filter(status__in=OPEN_STATUSES)
    elif filters.state == "decided":
        demands = demands.exclude(status__in=OPEN_STATUSES)
    if filters.organisation is not None:
        demands = demands.filter(organisation=filters.organisation)
    return (
        demands.select_related("organisation", "document")
        .prefetch_related(Prefetch("chapters", queryset=Chapter.objects.order_by("sort_key")))
        .annotate(
            first_chapter=Min("chapters__sort_key"),
            note_count=Count("internal_notes", distinct=True),
            prepared_status=Subquery(
                PreparedOutcome.objects.filter(
                    prepared_outcome_q(user), demand=OuterRef("pk")
                ).values("to_status")[:1]
            ),
        )
        .order_by(
            "document__identifier",
            F("first_chapter").asc(nulls_last=True),
            "organisation__name",
            "pk",
        )
    )


@dataclass(frozen=True)
class DocumentCount:
    document: PolicyDocument
    total: int
    open: int


def queue_documents(*, user) -> list[DocumentCount]:
    """Every document with its demands past the draft stage and how many are open (two queries)."""
    rows = (
        Demand.objects.at_secretariat(user)
        .values("document_id")
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        )
        .order_by()
    )
    counts = {row["document_id"]: row for row in rows}
    return [
        DocumentCount(document, counts[document.pk]["total"], counts[document.pk]["open"])
        for document in PolicyDocument.objects.filter(pk__in=counts).order_by("identifier")
    ]


def queue_tree(*, user, document: PolicyDocument):
    """The document's chapter tree with counts rolled up from sub-chapters, as on the portal."""
    from proposals.portal.selectors import document_overview

    return document_overview(document=document, user=user)


def queue_choices():
    """The documents and organisations offered by the queue's filter form."""
    return PolicyDocument.objects.order_by("identifier"), Organisation.objects.order_by("name")


def secretariat_demand(*, demand: Demand):
    """A demand's internal notes, newest last (for the secretariat's page only)."""
    return demand.internal_notes.select_related("author").order_by("created_at", "pk")


def budget_post_exact(text: str):
    """The budget post «kap. 701 post 21» (or «701.21») of the latest year, or None."""
    try:
        ref = parse_budget_post(text)
    except BudgetPostError:
        return None
    return BudgetPost.objects.filter(chapter=ref.chapter, post=ref.post).order_by("-year").first()
