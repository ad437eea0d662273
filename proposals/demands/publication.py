"""Prepared outcomes and their publication: the committee's outcomes published together.

A secretary prepares an outcome (status and note) on a demand. Until it is
published it is a ``PreparedOutcome`` row only: the demand's status, notes and
history are untouched, so no public page, count, chart, export, feed, search
or API shows it (``organizations.permissions`` explains the rule). Publication
makes the status change through ``services.demand_change_status`` (the one
transition table), now or at a chosen time; a chosen time is stored on the row
and carried out by the periodic task ``publish_due_outcomes``, so nothing is
lost while the broker is down.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations import permissions
from proposals.demands import services, workflow
from proposals.models import CurationEvent, Demand, DemandStatus, PolicyDocument, PreparedOutcome

logger = logging.getLogger(__name__)

OUTCOMES = workflow.NOTE_REQUIRED


def _require(user) -> None:
    if not permissions.can_prepare_outcomes(user):
        raise PermissionDenied(_("Bare komitésekretariatet kan forberede og publisere utfall."))


def pending_outcomes(*, user):
    """The prepared outcomes ``user`` may read (none for anyone but the secretariat)."""
    return PreparedOutcome.objects.filter(permissions.prepared_outcome_q(user))


@transaction.atomic
def outcome_prepare(*, demand: Demand, user, to_status: str, note: str) -> PreparedOutcome:
    """Prepare ``to_status`` with ``note`` on ``demand``; replaces a prepared one not yet out."""
    _require(user)
    locked = Demand.objects.visible_to(user).select_for_update().filter(pk=demand.pk).first()
    if locked is None or locked.status == DemandStatus.DRAFT:
        raise PermissionDenied(_("Du har ikke tilgang til dette kravet."))
    if to_status not in OUTCOMES:
        raise ValidationError(_("Bare utfall kan forberedes."))
    services.check_transition(demand=locked, to_status=to_status, user=user, note=note)
    prepared = PreparedOutcome.objects.filter(demand=locked, published_at__isnull=True).first()
    prepared = prepared or PreparedOutcome(demand=locked)
    prepared.to_status = to_status
    prepared.note = note.strip()
    prepared.prepared_by = user
    prepared.prepared_at = timezone.now()
    prepared.full_clean()
    prepared.save()
    return prepared


@transaction.atomic
def outcome_discard(*, demand: Demand, user) -> int:
    """Drop the prepared outcome of ``demand`` that is not yet published."""
    _require(user)
    deleted, _rows = PreparedOutcome.objects.filter(
        demand_id=demand.pk, published_at__isnull=True
    ).delete()
    return deleted


def _selected(*, user, document: PolicyDocument | None, demand_ids: Iterable[int] | None):
    pending = pending_outcomes(user=user).filter(demand__in=Demand.objects.visible_to(user))
    if document is None and demand_ids is None:
        raise ValidationError(_("Velg et dokument eller noen krav."))
    if document is not None:
        pending = pending.filter(demand__document=document)
    if demand_ids is not None:
        pending = pending.filter(demand_id__in=list(demand_ids))
    return pending


@dataclass
class Publication:
    published: list[PreparedOutcome] = field(default_factory=list)
    scheduled: int = 0
    refused: list[tuple[Demand, str]] = field(default_factory=list)


@transaction.atomic
def outcomes_publish(
    *,
    user,
    document: PolicyDocument | None = None,
    demand_ids: Iterable[int] | None = None,
    at=None,
) -> Publication:
    """Publish the prepared outcomes of ``document`` (or of ``demand_ids``), now or at ``at``.

    Now: all of them or none (a demand whose status moved meanwhile is listed
    and nothing is published). At a later time: the rows are given that time
    and the periodic task publishes them when it comes.
    """
    _require(user)
    pending = list(
        _selected(user=user, document=document, demand_ids=demand_ids)
        .select_for_update()
        .select_related("demand")
        .order_by("demand_id")
    )
    if not pending:
        raise ValidationError(_("Det er ingen forberedte utfall å publisere."))
    now = timezone.now()
    if at is not None and at > now:
        PreparedOutcome.objects.filter(pk__in=[p.pk for p in pending]).update(publish_at=at)
        return Publication(scheduled=len(pending))
    result = Publication()
    for prepared in pending:
        try:
            services.check_transition(
                demand=prepared.demand, to_status=prepared.to_status, user=user, note=prepared.note
            )
        except (services.TransitionRefused, PermissionDenied) as refusal:
            result.refused.append((prepared.demand, " ".join(services._messages(refusal))))
    if result.refused:
        raise services.BulkRefused(result.refused)
    for prepared in pending:
        _publish_one(prepared, user=user, at=now, check_permission=True)
        result.published.append(prepared)
    return result


def _publish_one(prepared: PreparedOutcome, *, user, at, check_permission: bool) -> None:
    change = services.demand_change_status(
        demand=prepared.demand,
        to_status=prepared.to_status,
        user=user,
        note=prepared.note,
        at=at,
        check_permission=check_permission,
        notify=True,
    )
    prepared.published_at = at
    prepared.published_by = user if getattr(user, "is_authenticated", False) else None
    prepared.status_change = change
    prepared.save(update_fields=["published_at", "published_by", "status_change"])
    label = DemandStatus(prepared.to_status).label
    for action, when, who in (
        (CurationEvent.Action.OUTCOME_PREPARED, prepared.prepared_at, prepared.prepared_by),
        (CurationEvent.Action.OUTCOME_PUBLISHED, at, prepared.published_by),
    ):
        CurationEvent.objects.create(
            demand_id=prepared.demand_id,
            action=action,
            detail=f"«{label}»",
            is_public=True,
            actor=who,
            at=when,
        )


def publish_due_outcomes(*, now=None) -> int:
    """Publish every prepared outcome whose time has come; each in its own transaction.

    Run by the periodic task. A move the table no longer allows (the status
    changed since it was prepared) is logged and its time cleared, so it waits
    for a secretary instead of failing on every run.
    """
    now = now or timezone.now()
    count = 0
    due = PreparedOutcome.objects.filter(published_at__isnull=True, publish_at__lte=now)
    for pk in due.order_by("publish_at", "pk").values_list("pk", flat=True):
        with transaction.atomic():
            prepared = (
                PreparedOutcome.objects.select_for_update(of=("self",))
                .select_related("demand", "prepared_by")
                .filter(pk=pk, published_at__isnull=True)
                .first()
            )
            if prepared is None:
                continue
            try:
                with transaction.atomic():
                    _publish_one(prepared, user=None, at=now, check_permission=False)
            except services.TransitionRefused:
                logger.warning("Prepared outcome %s no longer fits the demand's status", pk)
                PreparedOutcome.objects.filter(pk=pk).update(publish_at=None)
                continue
            count += 1
    return count
