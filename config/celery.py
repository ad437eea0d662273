"""The Celery application.

Settings come from Django's settings under the ``CELERY_`` namespace. Without a
broker (``CELERY_BROKER_URL`` unset) tasks run eagerly in the calling process,
so a development machine needs nothing running.

Production: ``celery -A config worker -l info`` (as many as needed) and exactly
one ``celery -A config beat -l info``.
"""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from django.conf import settings  # noqa: E402 - after DJANGO_SETTINGS_MODULE

app = Celery("kravsporing")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # After-commit work that the kick did not deliver (broker down, worker busy).
    "deliver-outbox": {
        "task": "proposals.tasks.deliver_outbox",
        "schedule": float(settings.OUTBOX_BEAT_SECONDS),
        "options": {"expires": settings.OUTBOX_BEAT_SECONDS},
    },
    # Changes trigger a refresh of their own; this catches anything they
    # missed (a broker that was down, a change made outside the services).
    "refresh-summaries": {
        "task": "proposals.tasks.refresh_summaries",
        "schedule": float(settings.SUMMARIES_BEAT_SECONDS),
        # A beat that was down does not leave a pile of refreshes behind it.
        "options": {"expires": settings.SUMMARIES_BEAT_SECONDS * 0.9},
    },
    # Prepared outcomes given a time of publication: the rows are the schedule,
    # so a run that is missed (broker or beat down) is made up by the next.
    "publish-due-outcomes": {
        "task": "proposals.tasks.publish_due_outcomes",
        "schedule": float(os.environ.get("KRAVSPORING_PUBLISH_EVERY", "60")),
        "options": {
            "expires": 55,
            **({"queue": q} if (q := os.environ.get("KRAVSPORING_PUBLISH_QUEUE")) else {}),
        },
    },
    # The open-data files, rebuilt nightly; a build takes minutes, never a request.
    "build-open-data": {
        "task": "proposals.tasks.build_open_data",
        "schedule": crontab(hour=3, minute=15),
        "options": {"expires": 6 * 60 * 60},
    },
}
