"""The periodic publication of prepared outcomes whose time has come."""

from __future__ import annotations

from celery import shared_task

from proposals.demands import publication
from proposals.retrying import TRANSIENT


@shared_task(
    name="proposals.tasks.publish_due_outcomes",
    autoretry_for=TRANSIENT,
    retry_backoff=5,
    retry_backoff_max=120,
    max_retries=3,
    acks_late=True,
    ignore_result=True,
)
def publish_due_outcomes() -> int:
    """Publish what is due. The schedule is the rows themselves: a missed run loses nothing."""
    return publication.publish_due_outcomes()
