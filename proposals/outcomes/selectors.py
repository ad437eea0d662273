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
        .select_related("passage__document", "prepared_outcome")
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


# --- Asked versus got ---------------------------------------------------------------


def _figures_by_post(post_ids) -> dict[int, dict[str, object]]:
    from proposals.outcomes.models import BudgetFigure

    found: dict[int, dict[str, object]] = defaultdict(dict)
    for figure in BudgetFigure.objects.filter(budget_post_id__in=post_ids):
        found[figure.budget_post_id][figure.kind] = figure
    return found


def _asked_by_post(post_ids, user) -> dict[int, dict]:
    """Per post: the sum of requested changes, organisations asking, demands without amount."""
    from django.db.models import Sum

    from proposals.demands.models import Demand

    rows = (
        Demand.objects.visible_to(user)
        .filter(budget_posts__in=post_ids)
        .values("budget_posts")
        .annotate(
            asked=Sum("requested_amount_nok"),
            organisations=Count("organisation", distinct=True),
            demands=Count("pk", distinct=True),
            without_amount=Count("pk", filter=Q(requested_amount_nok__isnull=True), distinct=True),
        )
    )
    return {row["budget_posts"]: row for row in rows}


def asked_versus_got(*, posts, user, with_asked: bool = True) -> list[dict]:
    """One row per post: proposal, asked, organisations asking, recommended, adopted, spent.

    The proposal is the imported ``proposed`` figure, else the post's own amount
    (the budget proposition's figure from the reference data). Three queries at any length.
    """
    # A queryset is filtered on as a subquery: the same queries however many posts, or none.
    ids = posts.values("pk") if hasattr(posts, "values") else [post.pk for post in posts]
    posts = list(posts)
    figures = _figures_by_post(ids)
    asked = _asked_by_post(ids, user) if with_asked else {}
    table = []
    for post in posts:
        own = figures.get(post.pk, {})
        demand_row = asked.get(post.pk, {})
        proposed = own.get("proposed")
        table.append(
            {
                "post": post,
                "proposed": proposed.amount_nok if proposed else post.amount_nok,
                "proposed_source": proposed.source if proposed else "",
                "asked": demand_row.get("asked"),
                "organisations": demand_row.get("organisations", 0),
                "demands": demand_row.get("demands", 0),
                "without_amount": demand_row.get("without_amount", 0),
                **{
                    kind: (own[kind].amount_nok if kind in own else None)
                    for kind in ("recommended", "adopted", "spent")
                },
                **{
                    f"{kind}_source": (own[kind].source if kind in own else "")
                    for kind in ("recommended", "adopted", "spent")
                },
            }
        )
    return table


def budget_chapter_table(*, year: int, chapter: int, user) -> list[dict]:
    from proposals.reference.models import BudgetPost

    posts = BudgetPost.objects.filter(year=year, chapter=chapter).order_by("post")
    return asked_versus_got(posts=posts, user=user)


def organisation_asked_granted(*, organisation, user) -> list[dict]:
    """Per post and year, what the organisation asked and what the Storting granted of it.

    A demand naming several posts cannot say how its amount divides among them, so
    only demands on exactly one post count here.
    """
    from django.db.models import Sum

    from proposals.demands.models import Demand
    from proposals.outcomes.figures import granted
    from proposals.reference.models import BudgetPost

    single = (
        Demand.objects.visible_to(user)
        .filter(organisation=organisation, requested_amount_nok__isnull=False)
        .annotate(post_count=Count("budget_posts"))
        .filter(post_count=1)
        .values("pk")
    )
    rows = (
        Demand.objects.filter(pk__in=single)
        .values("budget_posts")
        .annotate(asked=Sum("requested_amount_nok"), demands=Count("pk"))
    )
    asked = {row["budget_posts"]: row for row in rows}
    if not asked:
        return []
    posts = BudgetPost.objects.filter(pk__in=list(asked)).order_by("-year", "chapter", "post")
    result = []
    for row in asked_versus_got(posts=posts, user=user, with_asked=False):
        mine = asked[row["post"].pk]["asked"]
        result.append(
            {
                **row,
                "asked_by_organisation": mine,
                "granted": granted(asked=mine, proposed=row["proposed"], adopted=row["adopted"]),
            }
        )
    return result
