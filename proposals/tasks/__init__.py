"""Celery tasks, one module per concern; thin, taking ids and calling services."""

from proposals.demands.notifications import send_status_notification
from proposals.demands.tasks import publish_due_outcomes
from proposals.process.tasks import import_stortinget
from proposals.submissions.tasks import analyse_submission
from proposals.summaries.tasks import refresh_summaries

__all__ = [
    "analyse_submission",
    "import_stortinget",
    "publish_due_outcomes",
    "send_status_notification",
    "refresh_summaries",
]
