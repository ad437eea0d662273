"""The outbox: work to do after a commit, written in the same transaction as the change."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone


class OutboxMessage(models.Model):
    """One piece of after-commit work: a kind (which handler), its payload, when it may run.

    Written inside the transaction that made the change, so it exists if and only if
    the change does. ``delivered_at`` is set in the same transaction that ran the
    handler; a failed attempt pushes ``available_at`` back and keeps the row.
    """

    kind = models.CharField(max_length=64)
    payload = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    available_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        app_label = "proposals"
        indexes = [
            models.Index(
                fields=["available_at", "id"],
                name="outbox_pending_idx",
                condition=Q(delivered_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        state = "delivered" if self.delivered_at else f"pending ({self.attempts} attempts)"
        return f"{self.kind} #{self.pk}: {state}"
