"""The chart refresh as a Celery task: thin, retrying what is transient."""

from __future__ import annotations

import logging

from celery import shared_task
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from proposals.retrying import TRANSIENT
from proposals.summaries import snapshots

logger = logging.getLogger(__name__)


@shared_task(
    name="proposals.tasks.refresh_summaries",
    autoretry_for=TRANSIENT,
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=6,
    soft_time_limit=120,
    time_limit=180,
    acks_late=True,
    ignore_result=True,
)
def refresh_summaries() -> dict:
    """Recompute every chart; coalesced into the running refresh if there is one."""
    outcome = snapshots.summaries_refresh()
    return {
        "ran": outcome.ran,
        "runs": outcome.runs,
        "snapshots": outcome.snapshots,
        "duration_ms": outcome.duration_ms,
    }


def refresh_soon() -> bool:
    """Enqueue one refresh unless one was enqueued in the last debounce window.

    Called after commit (``transaction.on_commit``), so the worker sees the
    change. A broker or cache that is down must not break the write that
    called us: the failure is logged, the guard is taken back so the next
    change tries again, and pages keep the last snapshot with its age.
    """
    seconds = snapshots.debounce_seconds()
    try:
        if not cache.add(snapshots.DEBOUNCE_KEY, timezone.now().isoformat(), timeout=seconds):
            return False
    except Exception:
        logger.exception("summaries: cache unavailable; chart refresh not requested")
        return False
    try:
        # One second beyond the guard, so a change made as the guard expires
        # is either seen by this run or enqueues the next one.
        refresh_summaries.apply_async(
            countdown=seconds + 1,
            retry=True,
            retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.5},
        )
    except Exception:
        logger.exception("summaries: could not enqueue a chart refresh")
        try:
            cache.delete(snapshots.DEBOUNCE_KEY)
        except Exception:  # noqa: S110 - the cache failing too changes nothing here
            pass
        return False
    return True


def refresh_after_commit(sender=None, **kwargs) -> None:
    """Receiver of ``demands.signals.demands_changed``: one refresh, once the change commits."""
    transaction.on_commit(refresh_soon)
