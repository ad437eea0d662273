"""The Storting import as a Celery task: thin, taking the run's id."""

from __future__ import annotations

from celery import shared_task

from proposals.process import services


@shared_task(
    name="proposals.tasks.import_stortinget",
    soft_time_limit=1800,
    time_limit=1900,
    acks_late=True,
    ignore_result=True,
)
def import_stortinget(run_id: int) -> str:
    return services.import_run_execute(run_id=run_id).state
