"""End-to-end tests in a real Chromium, driven by Playwright.

The browser is Debian's Chromium (``/usr/bin/chromium``, or ``CHROMIUM_PATH``);
Playwright never downloads one. Without a browser these tests skip with the
reason, unless ``REQUIRE_BROWSER=1`` makes that a failure. A failing test
leaves a screenshot in ``test-artifacts/``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from proposals.models import Chapter, Demand, PolicyDocument

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


def _screenshot_name(request, number: int) -> str:
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-140:]
    return f"{name}.png" if number == 1 else f"{name}-{number}.png"


@pytest.fixture
def new_page(request, browser, live_server):
    """``new_page(**context_options)``: a page in a fresh browser context (its own cookies).

    Several people in one test each get their own. Every page of a failed
    test is kept as a screenshot.
    """
    contexts = []

    def _new_page(**options):
        options.setdefault("locale", "nb-NO")
        # axe-core is injected as an inline script, which the site's CSP rightly refuses.
        options.setdefault("bypass_csp", True)
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield _new_page
    failed = getattr(request.node, "report_call", None)
    pages = [page for context in contexts for page in context.pages]
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        for number, page in enumerate(pages, start=1):
            page.screenshot(path=str(ARTIFACTS / _screenshot_name(request, number)), full_page=True)
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def log_in(page, username: str, password: str = "secret-pass-123") -> None:
    """Log ``username`` in on ``page`` through the real login form."""
    page.goto("/accounts/login/")
    page.get_by_label(re.compile("Brukernavn|Username")).fill(username)
    page.get_by_label(re.compile("Passord|Password")).fill(password)
    page.get_by_role("button", name=re.compile("Logg inn|Log in")).click()
    page.wait_for_load_state()


@pytest.fixture
def login(page):
    """Log ``user`` in through the real login form (password ``secret-pass-123``)."""

    def _login(username: str, password: str = "secret-pass-123"):
        log_in(page, username, password)

    return _login


IMPACTS = ("critical", "serious", "moderate", "minor")
# Page name -> (counts by impact, violations), filled by the accessibility test and
# printed at the end of the run so the results can be reported.
AXE_RESULTS: dict[str, tuple[dict[str, int], list[dict]]] = {}


def pytest_terminal_summary(terminalreporter):
    if not AXE_RESULTS:
        return
    terminalreporter.section("axe-core: elements with violations per page, by impact")
    terminalreporter.write_line(f"{'page':32}" + "".join(f"{impact:>10}" for impact in IMPACTS))
    for name, (counts, violations) in AXE_RESULTS.items():
        terminalreporter.write_line(
            f"{name:32}" + "".join(f"{counts[impact]:>10}" for impact in IMPACTS)
        )
        for violation in violations:
            terminalreporter.write_line(
                f"{'':4}{violation['impact']}: {violation['id']} ({violation['count']}) {violation['help']}"
            )


def axe_run(page) -> list[dict]:
    """Run axe-core (served from node_modules, never a CDN) on the current page.

    WCAG 2.0/2.1 A and AA rules plus axe's best practices (heading order,
    landmarks); returns every violation, whatever its impact.
    """
    if not AXE.exists():
        _unavailable("axe-core is not installed: npm ci")
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}
        })"""
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
            "count": len(v["nodes"]),
        }
        for v in result["violations"]
    ]


def axe_violations(page, *, impacts=("serious", "critical")) -> list[dict]:
    """The violations of ``impacts`` on the current page (by default the ones that block)."""
    return [v for v in axe_run(page) if v["impact"] in impacts]


def count_by_impact(violations: list[dict]) -> dict[str, int]:
    """Affected elements per impact, e.g. ``{"critical": 0, "serious": 0, "moderate": 2, "minor": 0}``."""
    counts = dict.fromkeys(IMPACTS, 0)
    for violation in violations:
        counts[violation["impact"]] += violation["count"]
    return counts


# --- Data the public pages show --------------------------------------------------------


@dataclass(frozen=True)
class PortalData:
    """The demo data plus demands on chapter 10 (and 10.3) of NOU 2023:4.

    The demo links its own demands to chapters; those on chapter 10 are taken off
    here, and these are added. Searching
    for «studieplasser» among the demands on chapter 10 that oppose finds
    exactly ``opposing_on_ten_with_word``.
    """

    nou: PolicyDocument
    chapter_ten: Chapter
    opposing_on_ten_with_word: list[Demand]
    opposing_on_ten_without_word: Demand
    supporting_on_ten: Demand
    opposing_elsewhere: Demand
    draft_on_ten: Demand


@pytest.fixture
def portal_data(demo) -> PortalData:
    from organizations.models import Organisation
    from proposals.summaries.snapshots import summaries_refresh
    from tests.factories import make_demand

    nou = PolicyDocument.objects.get(identifier="NOU 2023:4")
    ten, ten_three, twelve = (nou.chapters.get(number=n) for n in ("10", "10.3", "12"))
    # The journey counts by hand what is on chapter 10: the demo's own links to its
    # sub-chapters are taken off here, so only the demands below are there.
    for chapter in Chapter.objects.subtree(ten):
        chapter.demands.clear()
    nito, tekna, council = (
        Organisation.objects.get(short_name=name)
        for name in ("NITO", "Tekna", "HelseOmsorg21-rådet")
    )
    data = PortalData(
        nou=nou,
        chapter_ten=ten,
        opposing_on_ten_with_word=[
            make_demand(
                organisation=nito,
                document=nou,
                chapters=[ten_three],
                stance="opposes",
                title="Ikke kutt i studieplassene for bioingeniører",
                text="NITO går imot at studieplasser for bioingeniører flyttes til andre fag.",
            ),
            make_demand(
                organisation=tekna,
                document=nou,
                chapters=[ten],
                stance="opposes",
                status="under_consideration",
                title="Behold teknologifagene i helseutdanningene",
                text="Tekna vil ikke at studieplasser i teknologi blir færre.",
            ),
        ],
        opposing_on_ten_without_word=make_demand(
            organisation=council,
            document=nou,
            chapters=[ten],
            stance="opposes",
            title="Ingen sentral styring av opptaket",
            text="Rådet mener opptaket bør styres av institusjonene selv.",
        ),
        supporting_on_ten=make_demand(
            organisation=council,
            document=nou,
            chapters=[ten_three],
            stance="supports",
            title="Dimensjoner utdanningene etter behovet",
            text="Rådet støtter at studieplasser fordeles etter behovet i tjenestene.",
        ),
        opposing_elsewhere=make_demand(
            organisation=nito,
            document=nou,
            chapters=[twelve],
            stance="opposes",
            title="Ikke flytt studieplasser til digitale kurs",
            text="NITO går imot at studieplasser erstattes av digitale kurs.",
        ),
        draft_on_ten=make_demand(
            organisation=nito,
            document=nou,
            chapters=[ten],
            stance="opposes",
            status="draft",
            title="Kladd om studieplasser",
            text="En kladd om studieplasser som ikke er levert.",
        ),
    )
    summaries_refresh()
    return data
