"""Celery tasks, one module per concern; thin, taking ids and calling services."""

from proposals.demands.notifications import send_status_notification
from proposals.demands.tasks import publish_due_outcomes
from proposals.summaries.tasks import refresh_summaries

__all__ = ["send_status_notification", "refresh_summaries", "publish_due_outcomes"]
