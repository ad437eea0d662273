"""Celery tasks, one module per concern; thin, taking ids and calling services."""

from proposals.demands.notifications import send_status_notification
from proposals.outbox.tasks import deliver_outbox
from proposals.process.tasks import import_stortinget
from proposals.submissions.tasks import analyse_submission, read_submission
from proposals.summaries.tasks import refresh_summaries

__all__ = [
    "analyse_submission",
    "deliver_outbox",
    "import_stortinget",
    "read_submission",
    "send_status_notification",
    "refresh_summaries",
]
