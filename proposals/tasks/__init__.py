"""Celery tasks, one module per concern; thin, taking ids and calling services."""

from . import notifications  # noqa: F401
