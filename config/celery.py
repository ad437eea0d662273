"""The Celery application.

Settings come from Django's settings under the ``CELERY_`` namespace. Without a
broker (``CELERY_BROKER_URL`` unset) tasks run eagerly in the calling process,
so a development machine needs nothing running.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("kravsporing")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
