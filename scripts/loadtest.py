"""A bounded load test on loopback: readers and editors against a gunicorn of our own.

    make loadtest                      # 32 readers, 4 editors, 60 s
    make loadtest LOADTEST_ARGS="--seconds 20 --readers 8"

It migrates and loads the demo into ``DATABASE_URL`` (a SQLite file of its own when
unset), collects the static files, starts gunicorn on 127.0.0.1 (port 8131 unless
``--port``) with production settings, and — when ``CELERY_BROKER_URL`` is set — a
Celery worker. Readers fetch public pages; each editor logs in and creates and
submits demands, remembering each title it was told was saved. Afterwards every
remembered title is looked up in the database: a write the server acknowledged and
the database does not have is a lost write. Prints requests, errors, p50/p99 and
the writes checked, then stops everything it started.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import random
import re
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def _env(port: int) -> dict:
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'loadtest.sqlite3'}")
    env.update(
        DEBUG="0",
        SECRET_KEY=env.get("SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL=f"http://127.0.0.1:{port}",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        LOG_LEVEL="WARNING",
        # The editors log in many times from one address; the throttle is not under test.
        AXES_FAILURE_LIMIT="1000",
    )
    return env


def _manage(env: dict, *args: str) -> str:
    return subprocess.run(  # noqa: S603
        [PY, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


SETUP = """
from django.contrib.auth import get_user_model
from organizations.models import Membership
from proposals.models import PolicyDocument, Demand
import json
editors = []
for m in Membership.objects.filter(role=Membership.Role.EDITOR).select_related("user")[:4]:
    m.user.set_password("loadtest-" + m.user.username)
    m.user.save()
    editors.append(m.user.username)
demand = Demand.objects.published().values_list("pk", flat=True).first()
print(json.dumps({"editors": editors, "document": PolicyDocument.objects.first().pk,
                  "demand": demand}))
"""

CHECK = """
import json, sys
from proposals.models import Demand
titles = json.load(open(sys.argv[-1]))
found = set(Demand.objects.filter(title__in=titles).values_list("title", flat=True))
print(json.dumps({"checked": len(titles), "found": len(found & set(titles))}))
"""


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = {"read": [], "write": []}
        self.errors: dict[str, int] = {}
        self.saved_titles: list[str] = []

    def record(self, kind: str, seconds: float, error: str | None = None) -> None:
        with self.lock:
            self.times[kind].append(seconds)
            if error:
                self.errors[error] = self.errors.get(error, 0) + 1


def _opener():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar)), jar


def _fetch(opener, url, data=None, stats=None, kind="read"):
    started = time.perf_counter()
    error = None
    body = ""
    final = url
    try:
        encoded = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        with opener.open(url, encoded, timeout=30) as response:
            body = response.read().decode("utf-8", "replace")
            final = response.geturl()
    except urllib.error.HTTPError as failure:
        error = f"HTTP {failure.code}"
    except Exception as failure:  # noqa: BLE001 - every failure is counted, by kind
        error = type(failure).__name__
    if stats is not None:
        stats.record(kind, time.perf_counter() - started, error)
    return body, final, error


def _csrf(body: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    return match.group(1) if match else ""


def reader(base: str, setup: dict, stop: float, stats: Stats) -> None:
    opener, _jar = _opener()
    pages = [
        "/",
        "/demands/",
        "/demands/?q=studieplass",
        "/demands/?status=submitted&sort=newest",
        "/documents/",
        "/organisations/",
        "/budget/",
        f"/demands/{setup['demand']}/" if setup.get("demand") else "/demands/?page=2",
    ]
    while time.monotonic() < stop:
        _fetch(opener, base + random.choice(pages), stats=stats)  # noqa: S311


def editor(base: str, username: str, setup: dict, stop: float, stats: Stats, index: int) -> None:
    opener, _jar = _opener()
    body, _final, _error = _fetch(opener, base + "/accounts/login/")
    _fetch(
        opener,
        base + "/accounts/login/",
        {
            "username": username,
            "password": "loadtest-" + username,
            "csrfmiddlewaretoken": _csrf(body),
        },
    )
    new = f"{base}/workspace/demands/new/?document={setup['document']}"
    count = 0
    while time.monotonic() < stop:
        body, _final, error = _fetch(opener, new, stats=stats, kind="write")
        if error:
            continue
        count += 1
        title = f"Lasttest {index}-{count}-{secrets.token_hex(4)}"
        organisation = re.search(r'name="organisation"[^>]*value="(\d+)"', body) or re.search(
            r'<option value="(\d+)"[^>]*>', body.split('name="organisation"', 1)[-1]
        )
        data = {
            "csrfmiddlewaretoken": _csrf(body),
            "title": title,
            "text": f"Vi ber om {count} nye studieplasser i kapittel 10.3.",
            "stance": "supports",
            "submit_now": "1",
        }
        if organisation:
            data["organisation"] = organisation.group(1)
        _body, final, error = _fetch(opener, new, data, stats=stats, kind="write")
        if error is None and re.search(r"/workspace/demands/\d+/$", final):
            with stats.lock:
                stats.saved_titles.append(title)
        elif error is None:
            stats.record("write", 0.0, "form refused")


def _percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--readers", type=int, default=32)
    parser.add_argument("--editors", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--port", type=int, default=int(os.environ.get("LOADTEST_PORT", 8131)))
    parser.add_argument("--workers", type=int, default=4, help="gunicorn processes")
    args = parser.parse_args()
    # A SIGTERM (a timeout, ^C from make) still stops the server and the worker.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    env = _env(args.port)
    print(f"database: {env['DATABASE_URL'].split('@')[-1]}")
    print("setting up: migrate, demo, static files", flush=True)
    _manage(env, "migrate", "--noinput", "-v0")
    _manage({**env, "DEBUG": "1"}, "load_demo")
    _manage(env, "collectstatic", "--noinput", "-v0")
    setup = json.loads(_manage(env, "shell", "-c", SETUP).strip().splitlines()[-1])
    started = []
    try:
        server = subprocess.Popen(  # noqa: S603
            [
                PY,
                "-m",
                "gunicorn",
                "config.wsgi",
                "-w",
                str(args.workers),
                "-b",
                f"127.0.0.1:{args.port}",
                "--timeout",
                "60",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        started.append(server)
        if env.get("CELERY_BROKER_URL"):
            started.append(
                subprocess.Popen(  # noqa: S603
                    [PY, "-m", "celery", "-A", "config", "worker", "-c", "1", "-l", "warning"],
                    cwd=ROOT,
                    env=env,
                    start_new_session=True,
                )
            )
        base = f"http://127.0.0.1:{args.port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2).read()  # noqa: S310
                break
            except urllib.error.HTTPError:
                break
            except OSError:
                time.sleep(0.3)
        print(
            f"serving on {base}; {args.readers} readers, {args.editors} editors, {args.seconds} s",
            flush=True,
        )
        stats = Stats()
        stop = time.monotonic() + args.seconds
        threads = [
            threading.Thread(target=reader, args=(base, setup, stop, stats))
            for _ in range(args.readers)
        ]
        threads += [
            threading.Thread(
                target=editor,
                args=(base, setup["editors"][i % len(setup["editors"])], setup, stop, stats, i),
            )
            for i in range(args.editors)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        for process in started:
            os.killpg(process.pid, signal.SIGTERM)
        for process in started:
            process.wait(timeout=30)
    titles_file = ROOT / ".loadtest-titles.json"
    titles_file.write_text(json.dumps(stats.saved_titles), encoding="utf-8")
    check = json.loads(
        _manage(env, "shell", "-c", CHECK.replace("sys.argv[-1]", repr(str(titles_file))))
        .strip()
        .splitlines()[-1]
    )
    titles_file.unlink()
    for kind, times in stats.times.items():
        print(
            f"{kind:5}: {len(times)} requests, p50 {_percentile(times, 0.5) * 1000:.0f} ms, "
            f"p99 {_percentile(times, 0.99) * 1000:.0f} ms"
            + (f", mean {statistics.mean(times) * 1000:.0f} ms" if times else "")
        )
    total = sum(len(times) for times in stats.times.values())
    errors = sum(stats.errors.values())
    print(f"total: {total} requests in {args.seconds} s, {errors} errors {stats.errors or ''}")
    lost = check["checked"] - check["found"]
    print(
        f"writes: {check['checked']} acknowledged, {check['found']} found in the database, "
        f"{lost} lost"
    )
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
