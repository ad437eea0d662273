"""The public events of a set of demands: what feeds show, read as the public reads.

Feeds are fetched by readers and shared, so they are always read as an anonymous
visitor, whoever asks: what a logged-in member may see never enters one.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from organizations.permissions import status_change_visibility_q
from proposals.models import Demand, StatusChange

FEED_LENGTH = 50


def public_events(*, demands: Q | QuerySet, limit: int = FEED_LENGTH) -> list[StatusChange]:
    """The newest public status changes (a new demand is its step to «Levert») of ``demands``."""
    public = AnonymousUser()
    scope = demands if isinstance(demands, QuerySet) else Demand.objects.filter(demands)
    return list(
        StatusChange.objects.filter(status_change_visibility_q(public))
        .filter(demand__in=scope.order_by().values("pk"))
        .select_related("demand", "demand__organisation")
        .order_by("-changed_at", "-pk")[:limit]
    )
