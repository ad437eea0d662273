"""The API's reads: each starts from the visibility rule in organizations.permissions."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from organizations.permissions import status_change_visibility_q, submission_visibility_q
from proposals.demands.history import demand_history
from proposals.models import BudgetPost, Chapter, Demand, StatusChange, Submission
from proposals.portal import selectors as portal
from proposals.process.models import Case, Hearing

_CHAPTERS = Prefetch("chapters", queryset=Chapter.objects.order_by("sort_key"))
_POSTS = Prefetch("budget_posts", queryset=BudgetPost.objects.order_by("year", "chapter", "post"))


def demand_list(*, user) -> QuerySet:
    """Demands ``user`` may read, with what a list shows (four queries a page)."""
    return (
        portal.visible_demands(user)
        .select_related("organisation", "document")
        .prefetch_related(_CHAPTERS, _POSTS, "topics")
    )


def demand_detail(*, pk: int, user) -> Demand:
    """One readable demand (else Demand.DoesNotExist) with its readable history."""
    demand = demand_list(user=user).get(pk=pk)
    record = demand_history(demand=demand, user=user, curation=False)
    demand.history_changes = record.status_changes
    demand.history_versions = [entry.version for entry in reversed(record.versions)]
    return demand


def document_list(*, user) -> QuerySet:
    # A queryset, as the cursor pagination orders and slices it (the portal's list is kept).
    return portal.document_rows(user=user)


def organisation_list(*, user) -> QuerySet:
    # A queryset, as the cursor pagination orders and slices it (the portal's list is kept).
    return portal.organisation_rows(user=user)


def budget_post_list(*, user) -> QuerySet:
    # A queryset, as the cursor pagination orders and slices it (the portal's list is kept).
    return portal.budget_post_rows(user=user)


def chapter_list() -> QuerySet:
    return Chapter.objects.select_related("document")


def submission_list(*, user) -> QuerySet:
    """Metadata of the submissions behind readable demands, and of one's own."""
    return Submission.objects.filter(submission_visibility_q(user)).select_related(
        "organisation", "document"
    )


def status_change_list(*, user) -> QuerySet:
    return StatusChange.objects.filter(status_change_visibility_q(user))


def case_list() -> QuerySet:
    """Cases are the Storting's public record."""
    return Case.objects.select_related("committee", "session", "document")


def hearing_list() -> QuerySet:
    return Hearing.objects.select_related("committee", "session").prefetch_related(
        Prefetch("cases", queryset=Case.objects.only("id"))
    )
