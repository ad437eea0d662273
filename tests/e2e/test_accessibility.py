"""WCAG 2.1 AA on the public portal, checked in a real browser.

axe-core runs on every public page type; the rest is what axe cannot see:
the skip link, the order of headings, the keyboard on filters and charts,
and pages that still fit a phone and 200 % zoom.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from tests.e2e.conftest import AXE_RESULTS, axe_run, count_by_impact

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}
# 200 % zoom of a 1280 pixel wide window lays the page out in 640 CSS pixels.
ZOOM_200 = {"width": 640, "height": 450}

PUBLIC_PAGES: dict[str, Callable] = {
    "home": lambda data: "/",
    "documents": lambda data: "/documents/",
    "document": lambda data: data.nou.get_absolute_url(),
    "chapter": lambda data: data.chapter_ten.get_absolute_url(),
    "demands (filtered, searched)": lambda data: (
        f"/demands/?chapter={data.chapter_ten.pk}&stance=opposes&q=studieplasser"
    ),
    "demand": lambda data: data.opposing_on_ten_with_word[0].get_absolute_url(),
    "organisations": lambda data: "/organisations/",
    "organisation": lambda data: "/organisations/nito/",
    "budget": lambda data: "/budget/",
    "budget post": lambda data: "/budget/2026/701/21/",
    "login": lambda data: "/accounts/login/",
}


def _open(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")


def _heading_levels(page) -> list[int]:
    return page.evaluate(
        "() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(h => +h.tagName[1])"
    )


def _fits_the_window(page) -> bool:
    """No sideways scrolling of the page body, once the charts have followed the new width."""
    try:
        page.wait_for_function(
            "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth",
            timeout=3_000,
        )
    except PlaywrightTimeout:
        return False
    return True


@pytest.mark.parametrize("name", list(PUBLIC_PAGES))
def test_the_public_page_has_no_serious_accessibility_violations(name, page, portal_data):
    _open(page, PUBLIC_PAGES[name](portal_data))

    violations = axe_run(page)
    counts = count_by_impact(violations)
    AXE_RESULTS[name] = (counts, violations)
    print(f"axe {name}: {counts}")
    for violation in violations:
        print(
            f"  {violation['impact']}: {violation['id']} ({violation['count']}) {violation['help']}"
        )
    assert [v for v in violations if v["impact"] in ("serious", "critical")] == []

    # Landmarks and one h1 with no level skipped below it.
    for landmark in ("banner", "navigation", "main", "contentinfo"):
        assert page.get_by_role(landmark).count() >= 1, landmark
    levels = _heading_levels(page)
    assert levels[0] == 1 and levels.count(1) == 1, levels
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels

    # A phone and 200 % zoom: no sideways scrolling of the page itself.
    for viewport in (PHONE, ZOOM_200):
        page.set_viewport_size(viewport)
        assert _fits_the_window(page), f"{name} scrolls sideways at {viewport}"


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_the_content(page, portal_data):
    _open(page, "/demands/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.get_attribute("class") == "skip-link"
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, "the focused skip link is on screen"

    page.keyboard.press("Enter")
    # Following an in-page link is asynchronous: wait for it rather than race it.
    page.wait_for_function("() => location.hash === '#main'")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'main'")
    # The next Tab lands inside the content, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("() => !!document.activeElement.closest('main')")


def test_the_keyboard_focus_is_visible_on_links_buttons_and_fields(page, portal_data):
    _open(page, "/demands/")
    for selector in (".site-header nav a", "#language-select", "#id_q", "button.apply-filters"):
        page.locator(selector).first.focus()
        # Focus from script counts as keyboard focus only after a key press.
        page.keyboard.press("Shift")
        style = page.evaluate(
            """() => { const s = getComputedStyle(document.activeElement);
                       return [s.outlineStyle, parseFloat(s.outlineWidth), s.boxShadow]; }"""
        )
        assert style[0] != "none" and style[1] >= 2, (selector, style)


def test_filters_work_by_keyboard_and_keep_the_focus(page, portal_data, monkeypatch):
    # Only one organisation in view, so the others sit behind «Vis alle».
    monkeypatch.setattr("proposals.portal.selectors.TOP_ORGANISATIONS", 1)
    _open(page, "/demands/")

    opposes = page.get_by_role("checkbox", name=re.compile(r"^Går imot"))
    opposes.focus()
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(r"stance=opposes"))
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.name === 'stance'"
    )
    assert page.get_by_role("checkbox", name=re.compile(r"^Går imot")).is_checked()

    more = page.locator("fieldset.facet details summary")
    more.focus()
    page.keyboard.press("Enter")
    assert page.locator("fieldset.facet details").get_attribute("open") is not None
    page.keyboard.press("Tab")
    hidden_option = page.evaluate("() => document.activeElement.id")
    assert hidden_option.startswith("f-organisation-")
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(r"organisation=\d+"))
    page.wait_for_function(
        f"() => document.activeElement && document.activeElement.id === '{hidden_option}'"
    )
    assert page.locator(f"#{hidden_option}").is_checked()

    # The search box is sent with Enter.
    page.get_by_label("Søk i kravene").fill("studieplasser")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=studieplasser"))


def test_chart_tables_and_the_chapter_tree_open_by_keyboard(page, portal_data):
    _open(page, "/")
    summary = page.locator(".chart-numbers summary").first
    table = page.locator(".chart-numbers table").first
    assert not table.is_visible()
    summary.focus()
    page.keyboard.press("Enter")
    expect(table).to_be_visible()
    assert table.locator("th[scope=col]").count() >= 2

    _open(page, portal_data.nou.get_absolute_url())
    toggle = page.locator(".chapter-children > summary").first
    sub_chapters = page.locator(".chapter-children > .chapter-tree").first
    assert sub_chapters.is_visible()
    toggle.focus()
    page.keyboard.press("Enter")
    expect(sub_chapters).to_be_hidden()
    # The chapter's own link is not inside the toggle, so it stays reachable.
    assert page.locator(".chapter-children > summary a").count() == 0
