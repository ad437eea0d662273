"""Journey 5: switching to English keeps the page and its filters, and speaks English."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _switch(page, language: str) -> None:
    page.get_by_label(re.compile(r"^(Språk|Language)$")).select_option(language)
    # The switch posts and is redirected back: wait for that navigation, not just any load.
    with page.expect_navigation():
        page.locator(".language-switcher").get_by_role("button").click()


def _result_number(page) -> int:
    return int(re.match(r"\d+", page.locator(".result-count").inner_text()).group())


def test_the_language_switch_keeps_the_page_and_the_filters(page, portal_data):
    page.goto("/demands/?status=submitted")
    assert page.locator("html").get_attribute("lang") == "nb"
    submitted = page.locator("input[name=status][value=submitted]")
    assert submitted.is_checked()
    count = _result_number(page)
    assert count > 0

    _switch(page, "en")
    assert re.search(r"/demands/\?status=submitted$", page.url), page.url
    assert page.locator("html").get_attribute("lang") == "en"
    assert submitted.is_checked()
    assert _result_number(page) == count
    assert page.get_by_label(re.compile(r"^(Språk|Language)$")).input_value() == "en"
    # English labels: the menu, the headings, the filters and the status of each demand.
    nav = page.get_by_role("navigation", name="Main menu")
    for label in ("Documents", "Demands", "Budget", "Organisations"):
        assert nav.get_by_role("link", name=label, exact=True).is_visible(), label
    assert page.get_by_role("heading", level=1).inner_text() == "Demands"
    assert page.get_by_role("heading", name="Results", exact=True).is_visible()
    assert page.locator(".result-count").inner_text() == f"{count} demands found"
    assert page.get_by_role("checkbox", name=re.compile(r"^Submitted")).is_checked()
    assert set(page.locator(".demand-item .status").all_inner_texts()) == {"Submitted"}
    assert page.get_by_role("button", name="Search", exact=True).is_visible()

    # And back again.
    _switch(page, "nb")
    assert re.search(r"/demands/\?status=submitted$", page.url), page.url
    assert page.locator("html").get_attribute("lang") == "nb"
    assert (
        page.get_by_role("navigation", name="Hovedmeny")
        .get_by_role("link", name="Dokumenter")
        .is_visible()
    )
