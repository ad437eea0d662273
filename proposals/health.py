"""What ``/healthz`` reports: can this process reach its database, cache and broker?

The age of the newest charts is reported too, but stale charts do not make the
process unhealthy: the pages still serve the last set with its age, and a load
balancer taking web nodes out because a worker is behind would help nobody.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from proposals.summaries import snapshots

logger = logging.getLogger(__name__)

BROKER_TIMEOUT_SECONDS = 2


@dataclass
class Health:
    checks: dict[str, dict] = field(default_factory=dict)
    summaries: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return all(check["ok"] for check in self.checks.values())

    def as_json(self) -> dict:
        return {"ok": self.ok, **self.checks, "summaries": self.summaries}


def _database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True, "vendor": connection.vendor}


def _cache() -> dict:
    key, token = "healthz:probe", uuid.uuid4().hex
    cache.set(key, token, timeout=10)
    return {"ok": cache.get(key) == token}


def _broker() -> dict:
    from config.celery import app

    if app.conf.task_always_eager:
        return {"ok": True, "mode": "eager"}
    with app.connection_for_write() as conn:
        conn.ensure_connection(
            max_retries=1, interval_start=0, interval_step=0, timeout=BROKER_TIMEOUT_SECONDS
        )
    return {"ok": True, "mode": "broker"}


def _checked(name: str, check) -> dict:
    try:
        return check()
    except Exception as error:
        logger.warning("healthz: %s unavailable: %s", name, error)
        return {"ok": False, "error": type(error).__name__}


def system_health() -> Health:
    health = Health()
    health.checks["database"] = _checked("database", _database)
    health.checks["cache"] = _checked("cache", _cache)
    health.checks["broker"] = _checked("broker", _broker)
    newest = None
    if health.checks["database"]["ok"]:
        newest = _checked("summaries", lambda: {"at": snapshots.newest_summary_at()}).get("at")
    age = int((timezone.now() - newest).total_seconds()) if newest else None
    health.summaries = {
        "computed_at": newest.isoformat() if newest else None,
        "age_seconds": age,
        "stale": newest is None or snapshots.is_stale(newest),
    }
    return health
