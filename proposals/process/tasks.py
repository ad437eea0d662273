"""The Storting import as a Celery task: thin, taking the run's id."""

from __future__ import annotations

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

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


@shared_task(
    name="proposals.tasks.read_batch_file",
    soft_time_limit=60,
    time_limit=90,
    acks_late=True,
    ignore_result=True,
)
def read_batch_file(file_id: int) -> str:
    try:
        return services.batch_file_read(file_id=file_id).state
    except SoftTimeLimitExceeded:
        return services.batch_file_read(file_id=file_id, timed_out=True).state
