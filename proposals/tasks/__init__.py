"""Celery tasks, one module per concern; thin, taking ids and calling services."""

from proposals.demands.notifications import send_status_notification
from proposals.outcomes.tasks import matches_suggest, recommendation_read
from proposals.summaries.tasks import refresh_summaries

__all__ = [
    "send_status_notification",
    "refresh_summaries",
    "recommendation_read",
    "matches_suggest",
]
