"""``bench`` (``make bench``): the portal at a parliament's scale, measured over HTTP.

1. Makes sure the database exists and holds ``--demands`` synthetic demands
   (``generate_fake_data``, reused when already there), collects the static files.
2. Times ``refresh_summaries`` as a reader would wait for it (the write included).
3. Starts gunicorn (``gunicorn.conf.py``; 2 sync workers, ``DEBUG=0``) on ``--port``,
   with a bare view at ``/_bench/floor`` as the floor.
4. Runs ``proposals.benchmarks.client`` in a process of its own: median and 95th
   percentile of every page in ``pages()``, the full CSV (time; the workers' peak
   memory is read from /proc), and the throughput at 8 connections.
5. Prints one table with the targets and writes ``bench/results.json``.

Add a page by adding a line to ``pages()`` (cases, hearings and the API belong there
once they exist). ``--in-process`` times the pages through Django's test client
instead, without gunicorn: quick, for the test suite.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError, connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from organizations.models import Organisation
from proposals.management.commands.generate_fake_data import COMMON_WORD, RARE_WORD
from proposals.models import Chapter, Demand, PolicyDocument
from proposals.portal.selectors import DEMANDS_PER_PAGE

PROJECT = Path(settings.BASE_DIR)
RESULTS = PROJECT / "bench" / "results.json"

# (what, limit): p95 in ms for pages; see the targets.
DEMANDS_P95 = 60
SEARCH_P95 = 70
PAGE_P95 = 100
CSV_SECONDS = 10
CSV_MEGABYTES = 200
REFRESH_SECONDS = 5


def pages() -> list[tuple[str, str, int]]:
    """(label, path, p95 target in ms) of every page measured, from the data present."""
    document = PolicyDocument.objects.annotate(n=Count("demands")).order_by("-n", "pk").first()
    organisation = Organisation.objects.annotate(n=Count("demands")).order_by("-n", "pk").first()
    public = Demand.objects.published().count()
    last_page = max(1, -(-public // DEMANDS_PER_PAGE))
    listed = [
        ("/demands/", "/demands/", DEMANDS_P95),
        ("/demands/ sort=title", "/demands/?sort=title", DEMANDS_P95),
        ("/demands/ page=500", "/demands/?page=500", DEMANDS_P95),
        ("/demands/ last page", f"/demands/?page={last_page}", DEMANDS_P95),
        (f"/demands/ q={COMMON_WORD} (common)", f"/demands/?q={COMMON_WORD}", SEARCH_P95),
        (f"/demands/ q={RARE_WORD}", f"/demands/?q={RARE_WORD}", DEMANDS_P95),
        ("home /", "/", PAGE_P95),
        ("/documents/", "/documents/", PAGE_P95),
        ("/budget/", "/budget/", PAGE_P95),
        ("/organisations/", "/organisations/", PAGE_P95),
    ]
    if document is not None:
        listed += [
            ("/demands/ ?document= largest", f"/demands/?document={document.pk}", DEMANDS_P95),
            (
                "/demands/ ?document=&status=",
                f"/demands/?document={document.pk}&status=submitted",
                DEMANDS_P95,
            ),
            ("document page (largest)", document.get_absolute_url(), PAGE_P95),
        ]
        chapter = (
            Chapter.objects.filter(document=document, depth=1)
            .annotate(n=Count("demands"))
            .order_by("-n", "sort_key")
            .select_related("document")
            .first()
        )
        if chapter is not None:
            listed += [
                ("/demands/ ?chapter= (subtree)", f"/demands/?chapter={chapter.pk}", DEMANDS_P95),
                ("chapter page", chapter.get_absolute_url(), PAGE_P95),
            ]
    if organisation is not None:
        listed += [
            (
                "/demands/ ?organisation=",
                f"/demands/?organisation={organisation.pk}",
                DEMANDS_P95,
            ),
            ("organisation page", organisation.get_absolute_url(), PAGE_P95),
        ]
    demand = Demand.objects.published().order_by("-pk").first()
    if demand is not None:
        listed.append(("demand page", demand.get_absolute_url(), PAGE_P95))
    post = Demand.budget_posts.through.objects.values("budgetpost_id").annotate(n=Count("id"))
    top_post = post.order_by("-n").first()
    if top_post is not None:
        from proposals.models import BudgetPost

        listed.append(
            (
                "budget post page",
                BudgetPost.objects.get(pk=top_post["budgetpost_id"]).get_absolute_url(),
                PAGE_P95,
            )
        )
    return listed


def _free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def _wait_for(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _free(port):
            return
        time.sleep(0.2)
    raise CommandError(f"gunicorn did not answer on port {port}")


def _workers_peak_mb(master: int) -> float | None:
    """The largest peak resident size (VmHWM) among gunicorn's workers, from /proc."""
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        peaks = []
        for pid in children:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
        return round(max(peaks), 1) if peaks else None
    except OSError:
        return None


class Command(BaseCommand):
    help = "Mål portalen over HTTP med gunicorn på syntetiske data (median og 95-persentil)."

    def add_arguments(self, parser):
        parser.add_argument("--demands", type=int, default=200_000, help="minst så mange krav")
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--runs", type=int, default=20, help="målinger per side")
        parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8120)))
        parser.add_argument("--seconds", type=float, default=10, help="per gjennomstrømningsmåling")
        parser.add_argument("--in-process", action="store_true", help="uten gunicorn (raskt)")

    def handle(self, *args, demands, seed, runs, port, seconds, in_process, **options):
        warnings.filterwarnings("ignore", message="No directory at")
        self._ensure_database()
        call_command("migrate", verbosity=0, interactive=False)
        if Demand.objects.count() < demands:
            call_command("generate_fake_data", demands=demands, seed=seed, stdout=self.stdout)
        if in_process:
            self._in_process(max(1, runs))
            return
        started = time.perf_counter()
        call_command("refresh_summaries", stdout=open(os.devnull, "w"))  # noqa: SIM115
        refresh_s = time.perf_counter() - started
        call_command("collectstatic", interactive=False, verbosity=0)
        listed = pages()
        result = self._over_http(listed, runs=max(1, runs), port=port, seconds=seconds)
        result["refresh_summaries_s"] = round(refresh_s, 2)
        result["demands"] = Demand.objects.count()
        self._report(listed, result)

    # --- setting up ---------------------------------------------------------------

    def _ensure_database(self) -> None:
        if connection.vendor != "postgresql":
            return
        try:
            connection.ensure_connection()
        except OperationalError:
            name = connection.settings_dict["NAME"]
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{name}"')
            self.stdout.write(f"Laget databasen {name}.")

    def _server(self, port: int) -> subprocess.Popen:
        if not _free(port):
            raise CommandError(f"port {port} is taken; choose another with --port")
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "proposals.benchmarks.settings",
            "DEBUG": "0",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": os.environ.get("DATABASE_URL", ""),
            "WEB_CONCURRENCY": "2",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_TIMEOUT": "300",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "LOG_LEVEL": "WARNING",
        }
        command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "config.wsgi"]
        server = subprocess.Popen(command, cwd=PROJECT, env=env)  # noqa: S603 - our own command
        _wait_for(port)
        return server

    # --- measuring ----------------------------------------------------------------

    def _over_http(self, listed, *, runs: int, port: int, seconds: float) -> dict:
        base = f"http://127.0.0.1:{port}"
        filtered = next((path for label, path, _t in listed if "&status=" in path), "/demands/")
        plan = {
            "base": base,
            "runs": runs,
            "warmup": 2,
            "pages": [[label, path] for label, path, _target in listed]
            + [["bare Django view (floor)", "/_bench/floor"]],
            "downloads": [["CSV, all public demands", "/demands/?format=csv"]],
            "throughput": [
                ["/ at 8 connections", "/"],
                ["filtered /demands/ at 8 connections", filtered],
                ["bare view at 8 connections", "/_bench/floor"],
            ],
            "connections": 8,
            "seconds": seconds,
        }
        server = self._server(port)
        try:
            client = subprocess.run(
                [sys.executable, "-m", "proposals.benchmarks.client"],
                input=json.dumps(plan),
                capture_output=True,
                text=True,
                cwd=PROJECT,
                check=True,
            )
            result = json.loads(client.stdout)
            result["worker_peak_mb"] = _workers_peak_mb(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
        return result

    def _in_process(self, runs: int) -> None:
        client = Client()
        self.stdout.write(
            f"Database: {connection.vendor}, {Demand.objects.count()} krav, {runs} kjøringer."
        )
        with override_settings(ALLOWED_HOSTS=["testserver"], DEBUG=False):
            for label, path, _target in pages():
                timings = []
                for _ in range(runs):
                    started = time.perf_counter()
                    response = client.get(path)
                    size = len(response.content)
                    timings.append((time.perf_counter() - started) * 1000)
                with CaptureQueriesContext(connection) as queries:
                    client.get(path)
                self.stdout.write(
                    f"{label:<40} {statistics.median(timings):>10.1f} {len(queries):>6} "
                    f"{size:>10}  {response.status_code}"
                )

    # --- reporting ----------------------------------------------------------------

    def _report(self, listed, result: dict) -> None:
        targets = {label: target for label, _path, target in listed}
        out = self.stdout.write
        out(f"\n{result['demands']} krav, PostgreSQL, gunicorn 2 sync workers, DEBUG=0")
        out(f"{'page':<42} {'median':>8} {'p95':>8} {'KB':>8} {'target':>8}  met")
        for label, page in result["pages"].items():
            target = targets.get(label)
            met = "" if target is None else ("yes" if page["p95_ms"] <= target else "NO")
            out(
                f"{label:<42} {page['median_ms']:>8.1f} {page['p95_ms']:>8.1f} "
                f"{page['bytes'] / 1024:>8.0f} {target or '':>8}  {met}"
            )
        csv = result["downloads"]["CSV, all public demands"]
        peak = result.get("worker_peak_mb")
        csv_met = csv["ms"] <= CSV_SECONDS * 1000 and (peak or 0) <= CSV_MEGABYTES
        out(
            f"{'CSV, all public demands':<42} {csv['ms'] / 1000:>7.1f}s "
            f"{csv['bytes'] / 1e6:>7.1f}MB  worker peak {peak} MB  "
            f"(≤ {CSV_SECONDS} s, ≤ {CSV_MEGABYTES} MB) {'yes' if csv_met else 'NO'}"
        )
        rates = result["throughput"]
        floor = rates["bare view at 8 connections"]["requests_per_s"] or 1
        for label, rate in rates.items():
            out(f"{label:<42} {rate['requests_per_s']:>8.1f} req/s  ({rate['errors']} errors)")
        home = rates["/ at 8 connections"]["requests_per_s"]
        out(
            f"{'/ throughput / floor':<42} {home / floor:>8.1%}  (≥ 50 %) "
            f"{'yes' if home / floor >= 0.5 else 'NO'}"
        )
        refresh = result["refresh_summaries_s"]
        out(
            f"{'refresh_summaries (write included)':<42} {refresh:>7.1f}s  (≤ {REFRESH_SECONDS} s) "
            f"{'yes' if refresh <= REFRESH_SECONDS else 'NO'}"
        )
        out("Figures from a shared machine: compare medians, and ratios within one run.")
        RESULTS.parent.mkdir(exist_ok=True)
        RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False))
        out(f"Skrev {RESULTS.relative_to(PROJECT)}.")
