"""The chart refresh as a Celery task: thin, retrying what is transient."""

from __future__ import annotations

import logging

from celery import shared_task

from proposals.retrying import TRANSIENT
from proposals.summaries import snapshots

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    name="proposals.tasks.refresh_summaries",
    autoretry_for=TRANSIENT,
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=6,
    soft_time_limit=120,
    time_limit=180,
    acks_late=True,
    # A worker killed mid-refresh puts the task back on the queue.
    reject_on_worker_lost=True,
    ignore_result=True,
)
def refresh_summaries(self, check: bool = False) -> dict:
    """Recompute every chart; coalesced into the running refresh if there is one.

    A coalesced request comes back once the running refresh's lease would have
    ended (``check``): if that refresh died before honouring it, this one runs.
    """
    outcome = snapshots.summaries_refresh(only_if_pending=check)
    if outcome.notes == ["coalesced"] and not self.request.is_eager:
        refresh_summaries.apply_async(
            kwargs={"check": True},
            countdown=snapshots.lease_remaining() + 1,
            retry=False,
        )
    return {
        "ran": outcome.ran,
        "runs": outcome.runs,
        "snapshots": outcome.snapshots,
        "duration_ms": outcome.duration_ms,
    }
