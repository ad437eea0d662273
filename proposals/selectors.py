"""Reads that span tables. Every count of demands goes through the visibility rule."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q

from organizations.models import Organisation
from organizations.permissions import demand_visibility_q

from .models import Chapter, Demand, PolicyDocument


def visible_demands(user):
    return Demand.objects.visible_to(user)


def organisation_list(*, user):
    """Organisations with the number of demands ``user`` may see, one query."""
    return Organisation.objects.annotate(
        demand_count=Count("demands", filter=demand_visibility_q(user, prefix="demands__"))
    ).order_by("name")


def document_list(*, user):
    return PolicyDocument.objects.annotate(
        demand_count=Count("demands", filter=demand_visibility_q(user, prefix="demands__")),
        chapter_count=Count("chapters", distinct=True),
    ).order_by("kind", "identifier")


def document_chapters(*, document: PolicyDocument, user):
    """The document's chapters in natural order, each with its own visible demand count."""
    return Chapter.objects.filter(document=document).annotate(
        demand_count=Count("demands", filter=demand_visibility_q(user, prefix="demands__"))
    )


def organisation_demands(*, organisation: Organisation, user):
    return (
        visible_demands(user)
        .filter(organisation=organisation)
        .select_related("document")
        .prefetch_related(Prefetch("chapters", queryset=Chapter.objects.order_by("sort_key")))
        .order_by("document__identifier", "title")
    )


def latest_visible_demands(*, user, limit: int = 10):
    return (
        visible_demands(user)
        .filter(~Q(status_changed_at=None))
        .select_related("organisation", "document")
        .order_by("-status_changed_at")[:limit]
    )
