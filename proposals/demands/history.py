"""Reads of a demand's past: its versions with readable diffs, and recent status changes.

The public demand page and the workspace both use ``demand_versions``: the
versions a reader may see (drafts are the organisation's own), each compared
with the previous one *that reader may see*, so a diff never shows text
from a version the reader may not read.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from organizations.models import Membership
from organizations.permissions import can_see_private_history, can_view_demand, curation_event_q
from proposals.demands.diff import FieldDiff, version_diff
from proposals.models import CurationEvent, Demand, DemandStatus, DemandVersion, StatusChange


@dataclass(frozen=True)
class VersionEntry:
    version: DemandVersion
    previous: DemandVersion | None
    fields: list[FieldDiff]

    @property
    def changed_fields(self) -> list[FieldDiff]:
        return [item for item in self.fields if item.changed]


def visible_versions(*, demand: Demand, user):
    """The versions of ``demand`` that ``user`` may read, oldest first (one query)."""
    if not can_view_demand(user, demand):
        return DemandVersion.objects.none()
    versions = DemandVersion.objects.filter(demand=demand).select_related("created_by")
    if not can_see_private_history(user, demand):
        versions = versions.exclude(status=DemandStatus.DRAFT)
    return versions.order_by("version")


def demand_versions(*, demand: Demand, user) -> list[VersionEntry]:
    """Every readable version with its diff against the previous readable one, newest first."""
    entries, previous = [], None
    for version in visible_versions(demand=demand, user=user):
        entries.append(VersionEntry(version, previous, version_diff(previous, version)))
        previous = version
    return list(reversed(entries))


def demand_public_versions(demand: Demand, user) -> list[VersionEntry]:
    """For the public demand page: the same rule, under the name the portal asks for."""
    return demand_versions(demand=demand, user=user)


def version_pair(*, demand: Demand, user, older: int, newer: int) -> list[FieldDiff] | None:
    """Two readable versions compared, or None if either is missing or not readable."""
    found = {
        v.version: v
        for v in visible_versions(demand=demand, user=user).filter(version__in=[older, newer])
    }
    if older not in found or newer not in found:
        return None
    return version_diff(found[older], found[newer])


def status_history(*, demand: Demand, user):
    """Every status change the reader may see, oldest first (one query)."""
    changes = StatusChange.objects.filter(demand=demand).select_related("changed_by")
    if not can_see_private_history(user, demand):
        changes = changes.exclude(to_status=DemandStatus.DRAFT)
    return changes.order_by("changed_at", "pk")


def curation_history(*, demand: Demand, user):
    """What the secretariat did to ``demand``, as ``user`` may read it, oldest first."""
    if not can_view_demand(user, demand):
        return CurationEvent.objects.none()
    return (
        CurationEvent.objects.filter(demand=demand)
        .filter(curation_event_q(user, demand))
        .select_related("actor")
        .order_by("at", "pk")
    )


def demand_record(*, demand: Demand, user) -> dict:
    """What a work page shows of one demand: its links and its history, as ``user`` may see them.

    The workspace and the secretariat add their own forms to it.
    """
    return {
        "demand": demand,
        "chapters": demand.chapters.order_by("sort_key"),
        "budget_posts": demand.budget_posts.all(),
        "versions": demand_versions(demand=demand, user=user),
        "status_changes": status_history(demand=demand, user=user),
        "curation_events": curation_history(demand=demand, user=user),
    }


def changes_since_last_visit(*, user, limit: int = 50):
    """Status changes by others on the user's organisations' demands since their last visit.

    Returns ``(memberships, changes)``; an organisation never visited before
    contributes nothing (there is no «since» yet).
    """
    memberships = list(
        Membership.objects.filter(user=user).select_related("organisation").order_by("pk")
    )
    since = Q(pk__in=[])
    for membership in memberships:
        if membership.last_seen_at is not None:
            since |= Q(
                demand__organisation_id=membership.organisation_id,
                changed_at__gt=membership.last_seen_at,
            )
    changes = (
        StatusChange.objects.filter(since)
        .exclude(changed_by=user)
        .select_related("demand", "demand__organisation", "changed_by")
        .order_by("-changed_at", "-pk")[:limit]
    )
    return memberships, changes
