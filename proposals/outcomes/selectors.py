"""Reads for what came of the demands, always through the visibility rules."""

from __future__ import annotations

from collections import defaultdict

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q

from organizations.permissions import passage_match_visibility_q
from proposals.outcomes.models import MatchState, Passage, PassageMatch
from proposals.outcomes.services import candidate_demands
from proposals.reference.models import PolicyDocument

QUEUE_PAGE_SIZE = 20


def recommendation_list():
    return (
        PolicyDocument.objects.filter(kind=PolicyDocument.Kind.RECOMMENDATION)
        .annotate(
            passage_count=Count("passages", distinct=True),
            suggested=Count(
                "passages__matches",
                filter=Q(passages__matches__state=MatchState.SUGGESTED),
                distinct=True,
            ),
            confirmed=Count(
                "passages__matches",
                filter=Q(passages__matches__state=MatchState.CONFIRMED),
                distinct=True,
            ),
        )
        .order_by("-created_at")
    )


def match_queue(*, document: PolicyDocument, user, page_number=1):
    """A page of the case's demands, each with its suggestions and confirmed match."""
    matches = (
        PassageMatch.objects.filter(passage_match_visibility_q(user), passage__document=document)
        .select_related("passage__document")
        .order_by("state", "rank", "-score")
    )
    demands = (
        candidate_demands(document=document)
        .visible_to(user)
        .select_related("organisation", "document")
        .prefetch_related(Prefetch("passage_matches", queryset=matches, to_attr="outcome_matches"))
        .order_by("organisation__name", "pk")
    )
    return Paginator(demands, QUEUE_PAGE_SIZE).get_page(page_number)


def document_passages(*, document: PolicyDocument):
    return Passage.objects.filter(document=document).order_by("position")


def _public(user):
    return (
        PassageMatch.objects.filter(passage_match_visibility_q(user))
        .filter(state=MatchState.CONFIRMED)
        .select_related("passage__document")
        .order_by("passage__document__identifier", "passage__position")
    )


def demand_outcomes(*, demand, user) -> list[PassageMatch]:
    """The confirmed passages that answered ``demand``, for the demand's page."""
    return list(_public(user).filter(demand=demand))


def answers_for(*, demand_ids, user) -> dict[int, list[PassageMatch]]:
    """Per demand on a page, the confirmed passages that answered it (one query)."""
    answers: dict[int, list[PassageMatch]] = defaultdict(list)
    for match in _public(user).filter(demand_id__in=list(demand_ids)):
        answers[match.demand_id].append(match)
    return dict(answers)
