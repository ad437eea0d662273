"""Celery tasks, one module per concern; thin, taking ids and calling services."""

from proposals.demands.notifications import send_status_notification
from proposals.demands.tasks import publish_due_outcomes
from proposals.opendata.tasks import build_open_data
from proposals.outbox.tasks import deliver_outbox
from proposals.outcomes.tasks import matches_suggest, recommendation_read
from proposals.process.tasks import import_stortinget, read_batch_file
from proposals.submissions.tasks import analyse_submission, read_submission
from proposals.summaries.tasks import refresh_summaries

__all__ = [
    "analyse_submission",
    "build_open_data",
    "deliver_outbox",
    "import_stortinget",
    "matches_suggest",
    "publish_due_outcomes",
    "recommendation_read",
    "read_submission",
    "read_batch_file",
    "send_status_notification",
    "refresh_summaries",
]
