"""End-to-end tests in a real Chromium, driven by Playwright.

The browser is Debian's Chromium (``/usr/bin/chromium``, or ``CHROMIUM_PATH``);
Playwright never downloads one. Without a browser these tests skip with the
reason, unless ``REQUIRE_BROWSER=1`` makes that a failure. A failing test
leaves a screenshot in ``test-artifacts/``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
REQUIRE_BROWSER = os.environ.get("REQUIRE_BROWSER") == "1"

# Playwright's sync API keeps an event loop in this thread; the ORM calls the
# tests make between browser steps are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _unavailable(reason: str):
    if REQUIRE_BROWSER:
        pytest.fail(f"{reason} (REQUIRE_BROWSER=1)")
    pytest.skip(reason)


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        _unavailable(f"no Chromium at {CHROMIUM}: apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (make install-dev)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(request, browser, live_server):
    context = browser.new_context(locale="nb-NO", base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-150:]
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()


@pytest.fixture
def login(page):
    """Log ``user`` in through the real login form (password ``secret-pass-123``)."""

    def _login(username: str, password: str = "secret-pass-123"):
        page.goto("/accounts/login/")
        page.get_by_label(re.compile("Brukernavn|Username")).fill(username)
        page.get_by_label(re.compile("Passord|Password")).fill(password)
        page.get_by_role("button", name=re.compile("Logg inn|Log in")).click()

    return _login


def axe_violations(page, *, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core (served from node_modules, never a CDN) on the current page."""
    if not AXE.exists():
        _unavailable("axe-core is not installed: npm ci")
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
        })"""
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in impacts
    ]
