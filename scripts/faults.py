"""Faults on services of our own: what is delayed, what is lost (nothing, is the claim).

    make faults

Starts a Redis on 127.0.0.1:6391 and a PostgreSQL cluster on 127.0.0.1:5441, both in
a temporary folder (never the shared ones), migrates and loads the demo there, then:

1. Redis down: demands are created and submitted; each save's time is printed, the
   chart refresh and status e-mails wait in the outbox; Redis comes back with a worker
   and beat, and the outbox is delivered (each row once).
2. PostgreSQL stopped: a page answers 503 with Retry-After; started again: 200.
3. A worker killed mid-refresh (its pool process, SIGKILL): the lock frees itself
   within its lease, the task comes back, and a refresh asked for meanwhile runs.

Everything started is stopped at the end, and the folder removed.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REDIS_PORT, PG_PORT = 6391, 5441


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        sys.exit(f"{name} not found (Debian: apt-get install postgresql)")
    return found[-1]


def _as_postgres(command: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class Services:
    def __init__(self, folder: Path):
        self.folder = folder
        self.pgdata = folder / "pg"
        self.redis = None

    def redis_start(self) -> None:
        self.redis = subprocess.Popen(  # noqa: S603
            [
                shutil.which("redis-server"),
                "--port",
                str(REDIS_PORT),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(50):
            ping = subprocess.run(  # noqa: S603
                [shutil.which("redis-cli"), "-p", str(REDIS_PORT), "ping"],
                capture_output=True,
                text=True,
                check=False,
            )
            if "PONG" in ping.stdout:
                return
            time.sleep(0.1)

    def redis_stop(self) -> None:
        if self.redis is not None:
            self.redis.kill()
            self.redis.wait()
            self.redis = None

    def pg_init(self) -> None:
        self.pgdata.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
            shutil.chown(self.pgdata, "postgres")
        subprocess.run(  # noqa: S603
            _as_postgres(
                [
                    _pg_bin("initdb"),
                    "-D",
                    str(self.pgdata),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def pg_start(self) -> None:
        subprocess.run(  # noqa: S603
            _as_postgres(
                [
                    _pg_bin("pg_ctl"),
                    "-D",
                    str(self.pgdata),
                    "-w",
                    "-l",
                    str(self.folder / "pg.log"),
                    "-o",
                    f"-p {PG_PORT} -k {self.folder} -c listen_addresses=127.0.0.1",
                    "start",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def pg_stop(self) -> None:
        subprocess.run(  # noqa: S603
            _as_postgres([_pg_bin("pg_ctl"), "-D", str(self.pgdata), "-m", "fast", "-w", "stop"]),
            check=False,
            stdout=subprocess.DEVNULL,
        )


def _django(env: dict) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _worker(env: dict, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "-c",
            "1",
            "-l",
            "warning",
            *extra,
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )


def _stop(process: subprocess.Popen | None) -> None:
    if process is not None and process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def main() -> int:  # noqa: C901, PLR0915 - one scenario after another, printed as it goes
    folder = Path(tempfile.mkdtemp(prefix="kravsporing-faults-"))
    services = Services(folder)
    mail_dir = folder / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/postgres",
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
        "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/1",
        "EMAIL_URL": f"filemail://{mail_dir}",
        "SUMMARIES_DEBOUNCE_SECONDS": "2",
        "OUTBOX_BEAT_SECONDS": "3",
        "LOG_LEVEL": "ERROR",
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    worker = beat = None
    try:
        services.redis_start()
        services.pg_init()
        services.pg_start()
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0"],
            cwd=ROOT,
            env=env,  # noqa: S603
            check=True,
        )
        subprocess.run(
            [sys.executable, "manage.py", "load_demo"],
            cwd=ROOT,
            env=env,  # noqa: S603
            check=True,
            stdout=subprocess.DEVNULL,
        )
        _django(env)
        from django.db import connection
        from django.test import Client

        from organizations.models import Membership
        from proposals.demands import services as demand_services
        from proposals.models import Demand, OutboxMessage, PolicyDocument, SummaryGeneration

        editor = Membership.objects.filter(role=Membership.Role.EDITOR).first()
        document = PolicyDocument.objects.first()
        # The demo's own rows (written by load_demo) are delivered along with ours.
        first_id = (
            OutboxMessage.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        ) + 1

        print("\n== 1. Redis down while demands are saved")
        services.redis_stop()
        timings, ids = [], []
        for n in range(5):
            started = time.monotonic()
            demand = demand_services.demand_create(
                user=editor.user,
                organisation=editor.organisation,
                document=document,
                title=f"Feiltest {n}",
                text="Under feil.",
                stance="supports",
            )
            demand_services.demand_change_status(
                demand=demand, to_status="submitted", user=editor.user
            )
            # The secretariat's step sends the organisation a status e-mail.
            demand_services.demand_change_status(
                demand=demand,
                to_status="under_consideration",
                user=None,
                check_permission=False,
                notify=True,
            )
            timings.append(time.monotonic() - started)
            ids.append(demand.pk)
        pending = OutboxMessage.objects.filter(delivered_at__isnull=True, pk__gte=first_id)
        print(
            f"saves (create + submit + status change) with Redis down: "
            f"{', '.join(f'{t * 1000:.0f} ms' for t in timings)}"
        )
        print(
            f"waiting in the outbox: {pending.count()} "
            f"({dict((k, pending.filter(kind=k).count()) for k in {'summaries_refresh', 'status_email'})})"
        )
        refreshed_before = (
            SummaryGeneration.objects.filter(is_current=True)
            .values_list("computed_at", flat=True)
            .first()
        )
        services.redis_start()
        started = time.monotonic()
        worker = _worker(env)
        beat = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "beat",
                "-l",
                "warning",
                "-s",
                str(folder / "beat-schedule"),
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        while time.monotonic() - started < 120:
            if not OutboxMessage.objects.filter(delivered_at__isnull=True).exists():
                break
            time.sleep(0.5)
        delivered_after = time.monotonic() - started
        left = OutboxMessage.objects.filter(delivered_at__isnull=True).count()
        while time.monotonic() - started < 120:
            now = (
                SummaryGeneration.objects.filter(is_current=True)
                .values_list("computed_at", flat=True)
                .first()
            )
            if now and (refreshed_before is None or now > refreshed_before):
                break
            time.sleep(0.5)
        mails = len(list(mail_dir.iterdir()))
        print(
            f"Redis back: outbox delivered in {delivered_after:.1f} s, {left} left; "
            f"charts refreshed {time.monotonic() - started:.1f} s after; "
            f"{mails} status mail file(s) written; "
            f"{Demand.objects.filter(pk__in=ids).count()}/{len(ids)} demands kept"
        )

        print("\n== 2. PostgreSQL stopped")
        connection.close()
        services.pg_stop()
        client = Client(raise_request_exception=False)
        response = client.get("/")
        print(
            f"GET / with the database down: {response.status_code}, "
            f"Retry-After {response.get('Retry-After')}"
        )
        response = client.get("/api/v1/demands/")
        print(
            f"GET /api/… with the database down: {response.status_code} "
            f"{response.get('Content-Type')}"
        )
        services.pg_start()
        connection.close()
        response = client.get("/")
        print(f"GET / after the restart: {response.status_code}")

        print("\n== 3. A worker killed mid-refresh")
        from proposals.models import SummaryRefreshLock
        from proposals.summaries.tasks import refresh_summaries

        killed_at = None
        for _attempt in range(10):
            refresh_summaries.apply_async()
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                lock = SummaryRefreshLock.objects.filter(pk=1).first()
                if lock and lock.holder:
                    children = subprocess.run(  # noqa: S603
                        [shutil.which("pgrep"), "-P", str(worker.pid)],
                        capture_output=True,
                        text=True,
                        check=False,
                    ).stdout.split()
                    for child in children:
                        os.kill(int(child), signal.SIGKILL)
                    killed_at = time.monotonic()
                    break
                time.sleep(0.02)
            if killed_at:
                break
        if not killed_at:
            print("the refresh never ran long enough to be caught; nothing killed")
        else:
            from django.utils import timezone

            killed_wall = timezone.now()
            lock = SummaryRefreshLock.objects.get(pk=1)
            print(
                f"killed the pool process holding the lock (lease until "
                f"{(lock.lease_until - killed_wall).total_seconds():.0f} s from now)"
            )
            # A change meanwhile asks for a refresh of its own.
            refresh_summaries.apply_async()
            while time.monotonic() - killed_at < 120:
                newest = (
                    SummaryGeneration.objects.filter(is_current=True)
                    .values_list("computed_at", flat=True)
                    .first()
                )
                if newest and newest > killed_wall:
                    break
                time.sleep(0.5)
            freed = SummaryRefreshLock.objects.get(pk=1)
            print(
                f"a refresh that started after the kill finished "
                f"{time.monotonic() - killed_at:.1f} s after it; lock now "
                f"{'free' if not freed.holder else 'held by ' + freed.holder[:8]}, "
                f"rerun pending: {freed.rerun}"
            )
        lost = OutboxMessage.objects.filter(delivered_at__isnull=True).count()
        print(f"\noutbox rows never delivered: {lost}")
        return 0
    finally:
        _stop(beat)
        _stop(worker)
        services.redis_stop()
        services.pg_stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
