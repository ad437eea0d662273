"""Celery tasks, one module per concern; thin, taking ids and calling services."""
