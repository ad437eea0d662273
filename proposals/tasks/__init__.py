"""Celery tasks, one module per concern; thin, taking ids and calling services."""

from .summaries import refresh_summaries

__all__ = ["refresh_summaries"]
