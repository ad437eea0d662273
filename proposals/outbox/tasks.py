"""The outbox's delivery task: run by beat every ``OUTBOX_BEAT_SECONDS`` and kicked after commits."""

from celery import shared_task

from proposals.outbox.delivery import outbox_deliver


@shared_task(
    name="proposals.tasks.deliver_outbox",
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    soft_time_limit=120,
    time_limit=180,
)
def deliver_outbox() -> dict:
    return outbox_deliver()
