"""A demand's history: the one function that decides what each reader sees of it.

``demand_history`` gives the versions (each with its diff against the previous
one *the reader may see*, so a diff never shows text the reader may not read),
the status changes and, for the secretariat only, the internal notes. The
public demand page, the workspace and the secretariat's page all read it.

The rule:
- drafts written before the first submission are the organisation's own;
- the text that was submitted is public from the moment it was submitted
  (it was saved while the demand was a draft, so it is the last draft version);
- every later edit is a public version, with its diff to the public too;
- internal notes are the secretariat's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from organizations.models import Membership
from organizations.permissions import (
    can_see_internal_notes,
    can_see_private_history,
    can_view_demand,
    curation_event_q,
)
from proposals.demands.diff import FieldDiff, version_diff
from proposals.demands.workflow import PRIVATE, DemandStatus
from proposals.models import CurationEvent, Demand, DemandVersion, InternalNote, StatusChange


@dataclass(frozen=True)
class VersionEntry:
    version: DemandVersion
    previous: DemandVersion | None
    fields: list[FieldDiff]
    private: bool = False  # a draft only the organisation sees

    @property
    def changed_fields(self) -> list[FieldDiff]:
        return [item for item in self.fields if item.changed]


@dataclass
class TimelineEntry:
    """One line of the portal's history: a status change or a version, by time."""

    kind: str  # "status", "version" or "curation"
    at: object
    item: object
    changes: list[str] = field(default_factory=list)
    private: bool = False


@dataclass
class History:
    versions: list[VersionEntry]  # newest first
    status_changes: list[StatusChange]  # oldest first
    notes: list[InternalNote]  # the secretariat's; empty for everyone else
    curation_events: list[CurationEvent] = field(default_factory=list)  # as permissions allow

    @property
    def timeline(self) -> list[TimelineEntry]:
        entries = [TimelineEntry("status", c.changed_at, c) for c in self.status_changes]
        entries += [TimelineEntry("curation", e.at, e) for e in self.curation_events]
        for entry in self.versions:
            changes = [item.label for item in entry.changed_fields] if entry.previous else []
            entries.append(
                TimelineEntry(
                    "version", entry.version.created_at, entry.version, changes, entry.private
                )
            )
        entries.sort(key=lambda e: (e.at, 0 if e.kind == "version" else 1))
        return entries


def _submitted_version(demand: Demand, versions: list[DemandVersion]) -> int | None:
    """The number of the version that was submitted: the last one written as a draft."""
    if demand.status in PRIVATE:
        return None
    drafts = [v.version for v in versions if v.status in PRIVATE]
    return drafts[-1] if drafts else None


def visible_versions(*, demand: Demand, user) -> list[tuple[DemandVersion, bool]]:
    """The versions of ``demand`` that ``user`` may read, oldest first, each with
    whether it is private to the organisation (one query)."""
    if not can_view_demand(user, demand):
        return []
    versions = list(
        DemandVersion.objects.filter(demand=demand).select_related("created_by").order_by("version")
    )
    submitted = _submitted_version(demand, versions)
    members = can_see_private_history(user, demand)
    readable = []
    for version in versions:
        private = version.status in PRIVATE and version.version != submitted
        if members or not private:
            readable.append((version, private))
    return readable


def _version_entries(*, demand: Demand, user) -> list[VersionEntry]:
    entries, previous = [], None
    for version, private in visible_versions(demand=demand, user=user):
        entries.append(VersionEntry(version, previous, version_diff(previous, version), private))
        previous = version
    return list(reversed(entries))


def _status_changes(*, demand: Demand, user) -> list[StatusChange]:
    changes = StatusChange.objects.filter(demand=demand).select_related("changed_by")
    if not can_see_private_history(user, demand):
        changes = changes.exclude(to_status__in=PRIVATE)
    return list(changes.order_by("changed_at", "pk"))


def demand_history(*, demand: Demand, user, curation: bool = True) -> History:
    """What ``user`` may see of ``demand``'s past (four queries at the most; three
    without the curation events, which the API leaves out)."""
    if not can_view_demand(user, demand):
        return History([], [], [])
    notes = []
    if can_see_internal_notes(user) and demand.status not in PRIVATE:
        notes = list(demand.internal_notes.select_related("author").order_by("created_at", "pk"))
    return History(
        versions=_version_entries(demand=demand, user=user),
        status_changes=_status_changes(demand=demand, user=user),
        notes=notes,
        curation_events=list(curation_history(demand=demand, user=user)) if curation else [],
    )


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
    history = demand_history(demand=demand, user=user)
    return {
        "demand": demand,
        "chapters": demand.chapters.order_by("sort_key"),
        "budget_posts": demand.budget_posts.all(),
        "versions": history.versions,
        "status_changes": history.status_changes,
        "notes": history.notes,
        "curation_events": history.curation_events,
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


@dataclass(frozen=True)
class Activity:
    at: object
    demand: Demand
    text: str
    note: str = ""


def unread_activity(*, user, limit: int = 50) -> list[Activity]:
    """What happened to the user's organisations' demands since they last marked it read.

    Status changes by others (publications included) and the secretariat's
    curation, newest first; it stays until ``activity_mark_read``. A member
    who never marked anything read sees what happened since joining.
    """
    memberships = list(Membership.objects.filter(user=user))
    changes_q, events_q = Q(pk__in=[]), Q(pk__in=[])
    for membership in memberships:
        since = membership.activity_read_at or membership.created_at
        changes_q |= Q(demand__organisation_id=membership.organisation_id, changed_at__gt=since)
        events_q |= Q(demand__organisation_id=membership.organisation_id, at__gt=since)
    changes = (
        StatusChange.objects.filter(changes_q)
        .exclude(changed_by=user)
        .exclude(to_status=DemandStatus.DRAFT)
        .select_related("demand")
        .order_by("-changed_at", "-pk")[:limit]
    )
    events = (
        CurationEvent.objects.filter(events_q)
        .select_related("demand")
        .order_by("-at", "-pk")[:limit]
    )
    items = [
        Activity(
            change.changed_at,
            change.demand,
            _("Status endret fra «%(old)s» til «%(new)s»")
            % {
                "old": change.get_from_status_display() or "–",
                "new": change.get_to_status_display(),
            },
            change.note,
        )
        for change in changes
    ]
    items += [Activity(event.at, event.demand, event.sentence) for event in events]
    items.sort(key=lambda item: item.at, reverse=True)
    return items[:limit]
