"""A real Celery worker on Redis refreshes the charts after a demand changes.

Needs PostgreSQL and Redis (``DATABASE_URL``, ``CELERY_BROKER_URL``): skipped
without them, failing under ``REQUIRE_SERVICES=1``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from unittest import mock
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.db import connection
from kombu import Exchange, Queue

from proposals.demands import services
from proposals.models import ChartKind, SummarySnapshot
from proposals.outbox.tasks import deliver_outbox
from proposals.summaries import snapshots
from proposals.summaries.tasks import refresh_summaries
from tests.conftest import require_postgresql, require_redis
from tests.factories import make_demand

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

PROJECT = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 60


def _test_database_url() -> str:
    """The database this test runs on (pytest-django's ``test_…``), for the worker."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "localhost"
    port = db["PORT"] or 5432
    return f"postgres://{credentials}@{host}:{port}/{quote(db['NAME'], safe='')}"


def _start_worker(queue: str, log) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(),
        "CELERY_TASK_ALWAYS_EAGER": "0",
        # What the worker itself enqueues (the refresh an outbox row asks for) stays on
        # the test's queue too.
        "CELERY_TASK_DEFAULT_QUEUE": queue,
    }
    command = [
        sys.executable, "-m", "celery", "-A", "config", "worker",
        "--queues", queue, "--pool", "solo", "--loglevel", "info",
        "--hostname", f"{queue}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat",
    ]  # fmt: skip
    return subprocess.Popen(command, cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT)


def _organisation_counts(organisation) -> dict | None:
    snapshot = SummarySnapshot.objects.filter(
        generation__is_current=True,
        kind=ChartKind.ORGANISATION_STATUS,
        organisation=organisation,
        language="nb",
    ).first()
    return None if snapshot is None else {row[0]: row[1] for row in snapshot.rows}


def _wait_for(organisation, expected: dict, worker, log_path: Path) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    seen = None
    while time.monotonic() < deadline:
        seen = _organisation_counts(organisation)
        if seen == expected:
            return
        if worker.poll() is not None:
            break
        time.sleep(0.25)
    log = log_path.read_text(errors="replace")[-3000:]
    pytest.fail(f"charts show {seen!r}, expected {expected!r}; worker log:\n{log}")


def test_a_real_worker_refreshes_the_charts_after_a_demand_changes(nito, nou, settings):
    require_postgresql()
    require_redis()
    from config.celery import app

    app.conf.task_always_eager = False
    settings.SUMMARIES_DEBOUNCE_SECONDS = 1
    queue = f"kravsporing-test-{uuid.uuid4().hex[:12]}"

    def on_our_queue(task):
        real_enqueue = task.apply_async

        def enqueue(*args, **kwargs):
            # The test's own queue, so that no other worker on this Redis takes the task.
            return real_enqueue(*args, queue=queue, **kwargs)

        return mock.patch.object(task, "apply_async", side_effect=enqueue)

    # A change writes an outbox row; delivering it asks for the refresh.
    with (
        tempfile.TemporaryDirectory() as folder,
        on_our_queue(deliver_outbox),
        on_our_queue(refresh_summaries),
    ):
        log_path = Path(folder) / "worker.log"
        with log_path.open("wb") as log:
            worker = _start_worker(queue, log)
            try:
                # Each service call commits on its own; its on_commit enqueues the refresh.
                demand = make_demand(organisation=nito, document=nou, status="submitted")
                _wait_for(nito, {"Levert": 1}, worker, log_path)

                cache.delete(snapshots.DEBOUNCE_KEY)  # the debounce window ends
                services.demand_change_status(
                    demand=demand, to_status="under_consideration", user=None,
                    check_permission=False,
                )  # fmt: skip
                _wait_for(nito, {"Til behandling": 1}, worker, log_path)
            finally:
                worker.terminate()
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()
                    worker.wait(timeout=10)
                with app.connection_for_write() as broker:
                    # Declared here first, so this connection knows the bindings it removes.
                    ours = Queue(queue, Exchange(queue, type="direct"), routing_key=queue)
                    bound = ours(broker.default_channel)
                    bound.declare()
                    bound.delete()
