import pytest

from tests.e2e.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_home_page_draws_and_has_no_serious_accessibility_violations(page, demo):
    page.goto("/")
    assert page.get_by_role("heading", level=1).is_visible()
    assert page.get_by_role("link", name="NOU 2023:4").first.is_visible()
    assert axe_violations(page) == []
