"""Celery tasks, one module per concern; thin, taking ids and calling services."""

from .notifications import send_status_notification
from .summaries import refresh_summaries

__all__ = ["send_status_notification", "refresh_summaries"]
