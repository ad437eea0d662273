"""Celery tasks, one module per concern; thin, taking ids and calling services."""

from proposals.demands.notifications import send_status_notification
from proposals.outbox.tasks import deliver_outbox
from proposals.submissions.tasks import read_submission
from proposals.summaries.tasks import refresh_summaries

__all__ = ["deliver_outbox", "read_submission", "send_status_notification", "refresh_summaries"]
