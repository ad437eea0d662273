"""Writes: every change to demands and their history goes through here.

Each function takes keyword-only arguments, runs in one transaction and
validates before it saves. Permissions are asked of
``organizations.permissions``; which status may follow which, and who may
make the move, is the one table ``TRANSITIONS`` below.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations import permissions

from . import search
from .models import (
    BudgetPost,
    Chapter,
    Demand,
    DemandStatus,
    DemandVersion,
    PolicyDocument,
    StatusChange,
    Topic,
)

ORG = "organisation"
SEC = "secretariat"

S = DemandStatus

# from status -> {to status: the party that may make the move}
TRANSITIONS: dict[str, dict[str, str]] = {
    S.DRAFT: {S.SUBMITTED: ORG},
    S.SUBMITTED: {S.UNDER_CONSIDERATION: SEC, S.WITHDRAWN: ORG},
    S.UNDER_CONSIDERATION: {
        S.ADDRESSED: SEC,
        S.ADOPTED: SEC,
        S.PARTIALLY_ADOPTED: SEC,
        S.NOT_ADOPTED: SEC,
        S.WITHDRAWN: ORG,
    },
    S.ADDRESSED: {
        S.ADOPTED: SEC,
        S.PARTIALLY_ADOPTED: SEC,
        S.NOT_ADOPTED: SEC,
        S.UNDER_CONSIDERATION: SEC,
    },
    # An outcome can be reopened by the secretariat, e.g. after a correction.
    S.ADOPTED: {S.UNDER_CONSIDERATION: SEC},
    S.PARTIALLY_ADOPTED: {S.UNDER_CONSIDERATION: SEC},
    S.NOT_ADOPTED: {S.UNDER_CONSIDERATION: SEC},
    # A withdrawn demand can be put forward again by its organisation.
    S.WITHDRAWN: {S.SUBMITTED: ORG},
}

# Moves to these statuses must say why: the note is the public record of it.
NOTE_REQUIRED = frozenset({S.ADDRESSED, S.ADOPTED, S.PARTIALLY_ADOPTED, S.NOT_ADOPTED})


class TransitionRefused(ValidationError):
    """A status change that the table does not allow, with a message for people."""


class EditConflict(Exception):
    """The demand changed since the editor loaded it; nothing was saved."""

    def __init__(self, current: Demand, expected_version: int):
        self.current = current
        self.expected_version = expected_version
        super().__init__(
            _(
                "Kravet er endret av noen andre siden du åpnet det "
                "(du redigerte versjon %(mine)s, nå er det versjon %(now)s)."
            )
            % {"mine": expected_version, "now": current.version}
        )


def allowed_transitions(*, demand: Demand, user) -> list[str]:
    """The statuses ``user`` may move ``demand`` to now, in the table's order."""
    parties = permissions.acts_for(user, demand)
    return [to for to, party in TRANSITIONS.get(demand.status, {}).items() if party in parties]


def check_transition(*, demand: Demand, to_status: str, user, note: str) -> None:
    """Raise TransitionRefused or PermissionDenied unless the move is allowed."""
    if to_status not in S.values:
        raise TransitionRefused(_("«%(s)s» er ikke en kjent status.") % {"s": to_status})
    label_from = S(demand.status).label
    label_to = S(to_status).label
    party = TRANSITIONS.get(demand.status, {}).get(to_status)
    if party is None:
        raise TransitionRefused(
            _("Et krav med status «%(from)s» kan ikke få status «%(to)s».")
            % {"from": label_from, "to": label_to}
        )
    if party not in permissions.acts_for(user, demand):
        who = _("organisasjonen selv") if party == ORG else _("komitésekretariatet")
        raise PermissionDenied(
            _("Bare %(who)s kan endre status fra «%(from)s» til «%(to)s».")
            % {"who": who, "from": label_from, "to": label_to}
        )
    if to_status in NOTE_REQUIRED and not note.strip():
        raise TransitionRefused(
            _("Skriv en merknad når status settes til «%(to)s».") % {"to": label_to}
        )


def demand_changed(demand_ids: Iterable[int]) -> None:
    """What follows every write to demands, called by each service inside its transaction.

    The search index is brought up to date now, in the same transaction;
    work for later (chart refreshes, e-mails) is enqueued with on_commit so a
    worker never sees a change that was rolled back.
    """
    from . import summaries  # imported late: summaries and its task import this app too

    search.refresh_search_vectors(demand_ids)
    # Debounced (one refresh per window) and safe when the broker is down.
    transaction.on_commit(summaries.refresh_soon)


def _record_version(demand: Demand, *, user, at) -> DemandVersion:
    return DemandVersion.objects.create(
        demand=demand,
        version=demand.version,
        title=demand.title,
        text=demand.text,
        rationale=demand.rationale,
        stance=demand.stance,
        requested_amount_nok=demand.requested_amount_nok,
        chapter_labels=[str(c.number) for c in demand.chapters.order_by("sort_key")],
        budget_post_labels=[p.label for p in demand.budget_posts.all()],
        status=demand.status,
        created_by=user,
        created_at=at,
    )


@transaction.atomic
def demand_create(
    *,
    user,
    organisation,
    document: PolicyDocument,
    title: str,
    text: str,
    stance: str,
    rationale: str = "",
    requested_amount_nok: int | None = None,
    chapters: Iterable[Chapter] = (),
    budget_posts: Iterable[BudgetPost] = (),
    topics: Iterable[Topic] = (),
    submission=None,
    source_section: str = "",
    source_key: str = "",
    check_permission: bool = True,
) -> Demand:
    """A new demand, always as a draft; version 1 is recorded at once."""
    if check_permission and not permissions.can_write_for_organisation(user, organisation.pk):
        raise PermissionDenied(_("Du kan bare skrive krav for din egen organisasjon."))
    chapters = list(chapters)
    if any(chapter.document_id != document.pk for chapter in chapters):
        raise ValidationError(_("Kapitlene må høre til dokumentet kravet gjelder."))
    demand = Demand(
        organisation=organisation,
        document=document,
        submission=submission,
        title=title,
        text=text,
        rationale=rationale,
        stance=stance,
        requested_amount_nok=requested_amount_nok,
        source_section=source_section,
        source_key=source_key,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        status=S.DRAFT,
    )
    demand.full_clean()
    demand.save()
    demand.chapters.set(chapters)
    demand.budget_posts.set(budget_posts)
    demand.topics.set(topics)
    _record_version(demand, user=demand.created_by, at=demand.created_at)
    demand_changed([demand.pk])
    return demand


@transaction.atomic
def demand_change_status(
    *,
    demand: Demand,
    to_status: str,
    user,
    note: str = "",
    expected_status: str | None = None,
    at=None,
    check_permission: bool = True,
) -> StatusChange:
    """Move ``demand`` to ``to_status`` and record it in the history.

    The row is locked for the change, so two changes at once are made one
    after the other: the second sees the first's result and is judged on it.
    ``expected_status`` is the status the user saw; if it moved meanwhile the
    change is refused rather than made on a state the user never saw.
    """
    locked = Demand.objects.select_for_update().get(pk=demand.pk)
    if expected_status is not None and locked.status != expected_status:
        raise TransitionRefused(
            _("Statusen er allerede endret til «%(now)s» av noen andre.")
            % {"now": S(locked.status).label}
        )
    if check_permission:
        check_transition(demand=locked, to_status=to_status, user=user, note=note)
    elif to_status not in TRANSITIONS.get(locked.status, {}):
        raise TransitionRefused(f"{locked.status} -> {to_status} is not in the table")
    now = at or timezone.now()
    change = StatusChange.objects.create(
        demand=locked,
        from_status=locked.status,
        to_status=to_status,
        note=note.strip(),
        changed_by=user if getattr(user, "is_authenticated", False) else None,
        changed_at=now,
    )
    fields = {"status": to_status, "status_changed_at": now}
    if to_status == S.SUBMITTED and locked.submitted_at is None:
        fields["submitted_at"] = now
    Demand.objects.filter(pk=locked.pk).update(**fields)
    for name, value in fields.items():
        setattr(demand, name, value)
    demand_changed([locked.pk])
    return change


# --- Documents and chapters --------------------------------------------------------


@transaction.atomic
def chapter_upsert(*, document: PolicyDocument, number: str, title: str = "") -> Chapter:
    """Add a chapter, or retitle it if the number exists; parents follow the numbers."""
    chapter = Chapter(document=document, number=number, title=title.strip())
    chapter.clean()  # normalises the number before we look for it
    existing = Chapter.objects.filter(document=document, number=chapter.number).first()
    if existing is not None:
        if title.strip() and existing.title != title.strip():
            existing.title = title.strip()
            existing.save(update_fields=["title"])
        return existing
    chapter.full_clean()
    chapter.save()
    chapters_relink(document=document)
    chapter.refresh_from_db()
    return chapter


def chapters_relink(*, document: PolicyDocument) -> None:
    """Point every chapter of ``document`` at its nearest existing ancestor.

    Chapters are often added out of order (10.3 before 10), so a new chapter
    can become the parent of ones that exist already.
    """
    chapters = list(Chapter.objects.filter(document=document).order_by("sort_key"))
    by_number = {chapter.number: chapter for chapter in chapters}
    changed = []
    for chapter in chapters:
        parts = chapter.number.split(".")
        parent = None
        for length in range(len(parts) - 1, 0, -1):
            parent = by_number.get(".".join(parts[:length]))
            if parent is not None:
                break
        parent_id = parent.pk if parent else None
        if chapter.parent_id != parent_id:
            chapter.parent_id = parent_id
            changed.append(chapter)
    Chapter.objects.bulk_update(changed, ["parent"])
