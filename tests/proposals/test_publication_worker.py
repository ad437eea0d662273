"""A real Celery worker with its beat publishes a prepared outcome when its time comes.

The schedule is the database row, not a message: the test stores the time,
then starts a worker whose embedded beat runs the publication task every
second on the test's own queue. Needs PostgreSQL and Redis.
"""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest
from django.utils import timezone

from proposals.demands import publication
from proposals.models import Demand
from tests.conftest import require_postgresql, require_redis
from tests.factories import make_demand
from tests.proposals.test_worker_integration import PROJECT, _test_database_url

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_publishes_a_scheduled_outcome(nito, nou, secretary):
    require_postgresql()
    require_redis()
    demand = make_demand(organisation=nito, document=nou)
    publication.outcome_prepare(demand=demand, user=secretary, to_status="adopted", note="Ja.")
    publication.outcomes_publish(
        user=secretary, document=nou, at=timezone.now() + datetime.timedelta(seconds=3)
    )
    assert Demand.objects.get(pk=demand.pk).status == "submitted"
    queue = f"kravsporing-publish-{uuid.uuid4().hex[:12]}"
    with tempfile.TemporaryDirectory() as folder:
        log_path = Path(folder) / "worker.log"
        env = {
            **os.environ,
            "DATABASE_URL": _test_database_url(),
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "KRAVSPORING_PUBLISH_EVERY": "1",
            "KRAVSPORING_PUBLISH_QUEUE": queue,
        }
        command = [
            sys.executable, "-m", "celery", "-A", "config", "worker", "--beat",
            "--schedule", str(Path(folder) / "beat-schedule"),
            "--queues", queue, "--pool", "solo", "--loglevel", "info",
            "--hostname", f"{queue}@%h", "--without-gossip", "--without-mingle",
            "--without-heartbeat",
        ]  # fmt: skip
        with log_path.open("wb") as log:
            worker = subprocess.Popen(
                command, cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT
            )
            try:
                deadline = time.monotonic() + 60
                status = None
                while time.monotonic() < deadline and worker.poll() is None:
                    status = Demand.objects.get(pk=demand.pk).status
                    if status == "adopted":
                        break
                    time.sleep(0.5)
            finally:
                worker.terminate()
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()
                    worker.wait(timeout=10)
        log = log_path.read_text(errors="replace")[-3000:]
    assert status == "adopted", f"status is {status!r}; worker log:\n{log}"
    assert demand.status_changes.filter(to_status="adopted", note="Ja.").exists()
