"""Writes: every change to demands and their history goes through here.

Each function takes keyword-only arguments, runs in one transaction and
validates before it saves. Permissions are asked of
``organizations.permissions``; which status may follow which, and who may
make the move, is the one table ``workflow.TRANSITIONS``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations import permissions
from proposals.demands.workflow import NOTE_REQUIRED, ORG, PRIVATE, next_statuses, party_for
from proposals.models import (
    BudgetPost,
    Chapter,
    Demand,
    DemandStatus,
    DemandVersion,
    InternalNote,
    PolicyDocument,
    StatusChange,
    Topic,
)
from proposals.outbox import outbox_enqueue
from proposals.portal import cache as portal_cache
from proposals.portal import search
from proposals.textinput import strip_bidi_controls

logger = logging.getLogger(__name__)

S = DemandStatus


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
    return next_statuses(demand.status, permissions.acts_for(user, demand))


def check_transition(*, demand: Demand, to_status: str, user, note: str) -> None:
    """Raise TransitionRefused or PermissionDenied unless the move is allowed."""
    if to_status not in S.values:
        raise TransitionRefused(_("«%(s)s» er ikke en kjent status.") % {"s": to_status})
    label_from = S(demand.status).label
    label_to = S(to_status).label
    party = party_for(demand.status, to_status)
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

    The search index is brought up to date now, in the same transaction; the
    chart refresh is asked for through the outbox, in the same transaction too,
    so it happens if and only if the change is committed, broker or not.
    """
    search.refresh_search_vectors(demand_ids)
    reference_changed()
    # Coalesced: a bulk change asks for one refresh, and the refresh itself is debounced.
    outbox_enqueue(kind="summaries_refresh", coalesce=True)


def reference_changed() -> None:
    """After commit, the portal's kept counts and listings are thrown away (portal.cache)."""
    transaction.on_commit(portal_cache.portal_changed)


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
    form_token=None,
    submit: bool = False,
    check_permission: bool = True,
) -> Demand:
    """A new demand as a draft, version 1 recorded at once; with ``submit``, also submitted.

    Created and submitted in one transaction: if the submission is refused,
    no draft is left behind. A ``form_token`` already used returns the demand
    that form created instead of a second one.
    """
    if check_permission and not permissions.can_write_for_organisation(user, organisation.pk):
        raise PermissionDenied(_("Du kan bare skrive krav for din egen organisasjon."))
    if form_token is not None:
        existing = Demand.objects.filter(form_token=form_token, organisation=organisation).first()
        if existing is not None:
            return existing
    chapters = list(chapters)
    if any(chapter.document_id != document.pk for chapter in chapters):
        raise ValidationError(_("Kapitlene må høre til dokumentet kravet gjelder."))
    demand = Demand(
        organisation=organisation,
        document=document,
        submission=submission,
        title=strip_bidi_controls(title),
        text=text,
        rationale=rationale,
        stance=stance,
        requested_amount_nok=requested_amount_nok,
        source_section=source_section,
        source_key=source_key,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        status=S.DRAFT,
        form_token=form_token,
    )
    demand.full_clean(exclude=["form_token"])
    try:
        with transaction.atomic():
            demand.save()
    except IntegrityError:
        if form_token is None:
            raise
        # The same form, posted twice at once: the other request created the demand.
        return Demand.objects.get(form_token=form_token, organisation=organisation)
    demand.chapters.set(chapters)
    demand.budget_posts.set(budget_posts)
    demand.topics.set(topics)
    _record_version(demand, user=demand.created_by, at=demand.created_at)
    demand_changed([demand.pk])
    if submit:
        demand_change_status(
            demand=demand,
            to_status=S.SUBMITTED,
            user=user,
            expected_status=S.DRAFT,
            check_permission=check_permission,
        )
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
    notify: bool | None = None,
) -> StatusChange:
    """Move ``demand`` to ``to_status`` and record it in the history.

    The row is locked for the change, so two changes at once are made one
    after the other: the second sees the first's result and is judged on it.
    ``expected_status`` is the status the user saw; if it moved meanwhile the
    change is refused rather than made on a state the user never saw.

    The organisation's editors are told by e-mail after the commit. ``notify``
    defaults to ``check_permission``: a change a person makes through the
    workflow is announced; one made on nobody's behalf (the demo, fixtures,
    imports, which pass ``check_permission=False``) is not.
    """
    locked = Demand.objects.select_for_update().get(pk=demand.pk)
    if expected_status is not None and locked.status != expected_status:
        raise TransitionRefused(
            _("Statusen er allerede endret til «%(now)s» av noen andre.")
            % {"now": S(locked.status).label}
        )
    if check_permission:
        check_transition(demand=locked, to_status=to_status, user=user, note=note)
    elif party_for(locked.status, to_status) is None:
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
    fields = {"status": to_status, "status_changed_at": now, "updated_at": now}
    if to_status == S.SUBMITTED and locked.submitted_at is None:
        fields["submitted_at"] = now
    Demand.objects.filter(pk=locked.pk).update(**fields)
    for name, value in fields.items():
        setattr(demand, name, value)
    demand_changed([locked.pk])
    if check_permission if notify is None else notify:
        # Delivered after the commit from the outbox; a broker that is down delays it.
        outbox_enqueue(kind="status_email", payload={"change_id": change.pk})
    return change


# --- Editing demands -------------------------------------------------------------

EDITABLE_FIELDS = ("title", "text", "rationale", "stance", "requested_amount_nok", "submission")
RELATED_FIELDS = ("chapters", "budget_posts", "topics")


def _ids(objects) -> set[int]:
    return {obj.pk for obj in objects}


def _apply_document(locked: Demand, changes: dict) -> bool:
    """A new document, only while a draft; its chapters go with the old one."""
    document = changes.get("document") or locked.document
    if document.pk == locked.document_id:
        return False
    if locked.status not in PRIVATE:
        raise ValidationError(_("Dokumentet kan bare endres mens kravet er en kladd."))
    locked.document = document
    changes.setdefault("chapters", [])
    return True


def _apply_fields(locked: Demand, changes: dict) -> bool:
    changed = False
    for name in EDITABLE_FIELDS:
        if name in changes and getattr(locked, name) != changes[name]:
            setattr(locked, name, changes[name])
            changed = True
    return changed


def _changed_links(locked: Demand, changes: dict) -> dict[str, list]:
    """The links (chapters, posts, topics) that differ from what is stored."""
    related = {}
    for name in RELATED_FIELDS:
        if name in changes:
            wanted = list(changes[name])
            if _ids(wanted) != set(getattr(locked, name).values_list("pk", flat=True)):
                related[name] = wanted
    return related


@transaction.atomic
def demand_update(
    *,
    demand: Demand,
    user,
    expected_version: int,
    check_permission: bool = True,
    **changes,
) -> Demand:
    """Save an edit made on ``expected_version``; a new version is recorded.

    The row is locked and its version compared with the one the editor
    loaded: if someone saved in between, ``EditConflict`` is raised and
    nothing is written. An edit that changes nothing records no version.
    The document can be changed only while the demand is a draft.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS) - set(RELATED_FIELDS) - {"document"}
    if unknown:
        raise TypeError(f"demand_update() cannot change {sorted(unknown)}")
    locked = Demand.objects.select_for_update().select_related("document").get(pk=demand.pk)
    if check_permission and not permissions.can_edit_demand(user, locked):
        raise PermissionDenied(_("Du kan ikke endre dette kravet."))
    if locked.version != expected_version:
        raise EditConflict(locked, expected_version)

    if "title" in changes:
        changes["title"] = strip_bidi_controls(changes["title"])
    changed = _apply_document(locked, changes)
    changed = _apply_fields(locked, changes) or changed
    related = _changed_links(locked, changes)
    if any(chapter.document_id != locked.document_id for chapter in related.get("chapters", [])):
        raise ValidationError(_("Kapitlene må høre til dokumentet kravet gjelder."))
    if locked.submission is not None and locked.submission.organisation_id != (
        locked.organisation_id
    ):
        raise ValidationError(_("Innspillet må være organisasjonens eget."))
    if not (changed or related):
        return locked

    locked.version += 1
    locked.full_clean()
    locked.save()
    for name, objects in related.items():
        getattr(locked, name).set(objects)
    _record_version(
        locked,
        user=user if getattr(user, "is_authenticated", False) else None,
        at=timezone.now(),
    )
    demand_changed([locked.pk])
    return locked


# --- The secretariat's work --------------------------------------------------------


@transaction.atomic
def demand_set_hidden(*, demand: Demand, user, hidden: bool, reason: str) -> InternalNote:
    """Hide ``demand`` from the public, or show it again; the reason goes into its history.

    The reason is recorded as an internal note, so the secretariat's history of
    the demand says who hid or showed it, when and why.
    """
    if not permissions.can_hide_demand(user):
        raise PermissionDenied(_("Bare komitésekretariatet kan skjule krav."))
    if not reason.strip():
        raise ValidationError(_("Skriv hvorfor kravet skjules eller vises igjen."))
    locked = Demand.objects.select_for_update().get(pk=demand.pk)
    if not permissions.can_view_demand(user, locked) or locked.status in PRIVATE:
        raise PermissionDenied(_("Du har ikke tilgang til dette kravet."))
    if locked.hidden_from_public == hidden:
        raise ValidationError(
            _("Kravet er allerede skjult.") if hidden else _("Kravet vises allerede.")
        )
    now = timezone.now()
    Demand.objects.filter(pk=locked.pk).update(hidden_from_public=hidden, updated_at=now)
    demand.hidden_from_public = hidden
    text = (
        _("Skjult for offentligheten: %(reason)s") if hidden else _("Vises igjen: %(reason)s")
    ) % {"reason": reason.strip()}
    note = InternalNote(demand=locked, text=text, author=user)
    note.full_clean()
    note.save()
    demand_changed([locked.pk])
    return note


@transaction.atomic
def internal_note_add(*, demand: Demand, user, text: str) -> InternalNote:
    """A note for the secretariat's eyes only."""
    if not permissions.can_write_internal_note(user):
        raise PermissionDenied(_("Bare komitésekretariatet kan skrive interne notater."))
    if not permissions.can_view_demand(user, demand):
        raise PermissionDenied(_("Du har ikke tilgang til dette kravet."))
    note = InternalNote(demand=demand, text=text.strip(), author=user)
    note.full_clean()
    note.save()
    return note


class BulkRefused(ValidationError):
    """Some demands in a bulk change may not make the move; nothing was changed."""

    def __init__(self, refusals: list[tuple[Demand | int, str]]):
        self.refusals = refusals
        super().__init__(
            [
                _("«%(title)s»: %(reason)s")
                % {"title": getattr(item, "title", f"#{item}"), "reason": reason}
                for item, reason in refusals
            ]
        )


@transaction.atomic
def demands_bulk_change_status(
    *,
    demand_ids: Iterable[int],
    to_status: str,
    user,
    note: str = "",
    expected_statuses: dict[int, str] | None = None,
) -> list[StatusChange]:
    """Move every selected demand to ``to_status`` with one note: all of them, or none.

    Each demand is judged by the same table as a single change; if any is
    refused, nothing is changed and every refusal is listed.
    """
    if not permissions.can_bulk_change(user):
        raise PermissionDenied(_("Bare komitésekretariatet kan endre status på flere krav."))
    ids = sorted(set(demand_ids))
    if not ids:
        raise ValidationError(_("Velg minst ett krav."))
    # Locked in id order, so two bulk changes at once cannot deadlock.
    locked = list(
        Demand.objects.visible_to(user).select_for_update().filter(pk__in=ids).order_by("pk")
    )
    refusals: list[tuple[Demand | int, str]] = [
        (missing, _("finnes ikke eller er ikke tilgjengelig."))
        for missing in sorted(set(ids) - _ids(locked))
    ]
    expected_statuses = expected_statuses or {}
    for demand in locked:
        seen = expected_statuses.get(demand.pk)
        if seen is not None and seen != demand.status:
            refusals.append(
                (
                    demand,
                    _("statusen er allerede endret til «%(now)s» av noen andre.")
                    % {"now": S(demand.status).label},
                )
            )
            continue
        try:
            check_transition(demand=demand, to_status=to_status, user=user, note=note)
        except (TransitionRefused, PermissionDenied) as refusal:
            refusals.append((demand, " ".join(_messages(refusal))))
    if refusals:
        raise BulkRefused(refusals)
    return [
        demand_change_status(demand=demand, to_status=to_status, user=user, note=note)
        for demand in locked
    ]


def _messages(error: Exception) -> list[str]:
    if isinstance(error, ValidationError):
        return list(error.messages)
    return [str(error)]


@transaction.atomic
def demands_bulk_submit(*, demand_ids: Iterable[int], user) -> list[StatusChange]:
    """Submit several of the organisation's drafts at once: all of them, or none."""
    ids = sorted(set(demand_ids))
    if not ids:
        raise ValidationError(_("Velg minst ett krav."))
    locked = list(
        Demand.objects.filter(permissions.workspace_demand_q(user))
        .select_for_update()
        .filter(pk__in=ids)
        .order_by("pk")
    )
    refusals: list[tuple[Demand | int, str]] = [
        (missing, _("finnes ikke eller er ikke tilgjengelig."))
        for missing in sorted(set(ids) - _ids(locked))
    ]
    for demand in locked:
        try:
            check_transition(demand=demand, to_status=S.SUBMITTED, user=user, note="")
        except (TransitionRefused, PermissionDenied) as refusal:
            refusals.append((demand, " ".join(_messages(refusal))))
    if refusals:
        raise BulkRefused(refusals)
    return [
        demand_change_status(demand=demand, to_status=S.SUBMITTED, user=user) for demand in locked
    ]
