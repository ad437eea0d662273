"""Production settings: the process refuses to start without what it needs, and check --deploy is clean."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 64 + "-production-like-key-for-the-check-only",
    "ALLOWED_HOSTS": "kravsporing.example.org",
    "SITE_URL": "https://kravsporing.example.org",
    "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
}


def _manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for their own process; a deployment
    # never has it, and check --deploy rightly refuses it.
    dropped = {*PRODUCTION, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL"])
def test_it_refuses_to_start_without_debug_when_a_setting_is_missing(missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert f"{missing} must be set when DEBUG is off" in result.stderr


def test_check_deploy_is_clean_with_the_production_environment():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_proxy_header_that_is_not_a_pair_is_refused():
    result = _manage("check", env={**PRODUCTION, "SECURE_PROXY_SSL_HEADER": "X_FORWARDED_PROTO"})
    assert result.returncode != 0
    assert "SECURE_PROXY_SSL_HEADER" in result.stderr


def test_the_documented_variables_are_all_read():
    """Every variable in README's Environment table appears in the settings or the code."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Environment", 1)[1].split("\n## ", 1)[0]
    names = [line.split("`")[1] for line in table.splitlines() if line.startswith("| `")]
    code = (ROOT / "config" / "settings.py").read_text(encoding="utf-8")
    code += (ROOT / "tests" / "conftest.py").read_text(encoding="utf-8")
    unread = [name for name in names if f'"{name}"' not in code]
    assert names and unread == []
