"""Writing to the outbox and delivering from it.

- ``outbox_enqueue`` adds a row in the caller's transaction and, after the commit,
  kicks a delivery task. The kick is best effort: a broker that is down costs at
  most a short connect timeout, and after one failure this process stops kicking
  for a while. The periodic task delivers whatever the kick missed.
- ``outbox_deliver`` claims one row at a time with ``SELECT … FOR UPDATE SKIP
  LOCKED`` (PostgreSQL), so several workers never run the same row; the handler
  runs and the row is marked delivered in the same transaction.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from proposals.outbox.kinds import HANDLERS
from proposals.outbox.models import OutboxMessage

logger = logging.getLogger(__name__)

# After a failed kick, this process does not try the broker again for this long.
KICK_PAUSE_SECONDS = 15
MAX_BACKOFF_SECONDS = 600
_kick_paused_until = 0.0


def outbox_enqueue(
    *,
    kind: str,
    payload: dict | None = None,
    not_before: datetime | None = None,
    coalesce: bool = False,
) -> OutboxMessage | None:
    """Record work to do once the current transaction commits (at ``not_before`` at the earliest).

    ``coalesce=True``: nothing is added when an identical message is still waiting
    (a chart refresh asked for twice is one refresh); returns None then.
    """
    if kind not in HANDLERS:
        raise ValueError(f"Unknown outbox kind {kind!r}; add it to proposals/outbox/kinds.py")
    now = timezone.now()
    payload = payload or {}
    if (
        coalesce
        and OutboxMessage.objects.filter(
            kind=kind, payload=payload, delivered_at__isnull=True, attempts=0
        ).exists()
    ):
        return None
    with transaction.atomic():
        message = OutboxMessage(
            kind=kind, payload=payload, created_at=now, available_at=not_before or now
        )
        message.full_clean()
        message.save()
    if not_before is None or not_before <= now:
        transaction.on_commit(kick)
    return message


def kick() -> bool:
    """Ask a worker to deliver now; False (and logged) if the broker is not answering."""
    global _kick_paused_until
    if time.monotonic() < _kick_paused_until:
        return False
    from proposals.outbox.tasks import deliver_outbox

    try:
        deliver_outbox.apply_async(retry=False)
    except Exception as error:
        _kick_paused_until = time.monotonic() + KICK_PAUSE_SECONDS
        logger.warning("outbox: broker unavailable (%s); the periodic delivery will send it", error)
        return False
    return True


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(MAX_BACKOFF_SECONDS, 5 * 2 ** min(attempts, 10)))


def _deliver_one(now: datetime) -> bool | None:
    """Deliver the oldest due row: True done, False failed (kept), None nothing due."""
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(delivered_at__isnull=True, available_at__lte=now)
            .order_by("available_at", "id")
            .first()
        )
        if message is None:
            return None
        try:
            with transaction.atomic():
                import_string(HANDLERS[message.kind])(**message.payload)
        except Exception as error:
            message.attempts += 1
            message.available_at = timezone.now() + _backoff(message.attempts)
            message.last_error = f"{type(error).__name__}: {error}"[:500]
            message.save(update_fields=["attempts", "available_at", "last_error"])
            logger.warning("outbox: %s failed (attempt %s): %s", message, message.attempts, error)
            return False
        message.delivered_at = timezone.now()
        message.attempts += 1
        message.save(update_fields=["delivered_at", "attempts"])
        return True


def outbox_deliver(*, limit: int = 500) -> dict:
    """Deliver what is due, at most ``limit`` rows; returns counts for the log."""
    counts = {"delivered": 0, "failed": 0}
    now = timezone.now()
    for _ in range(limit):
        outcome = _deliver_one(now)
        if outcome is None:
            break
        counts["delivered" if outcome else "failed"] += 1
    return counts


def outbox_pending_count() -> int:
    return OutboxMessage.objects.filter(delivered_at__isnull=True).count()
