"""Counts kept per filter state (proposals.portal.cache): thrown away by every write."""

from __future__ import annotations

import pytest

from proposals.demands import services
from tests.factories import make_demand

pytestmark = pytest.mark.django_db

URL = "/demands/"


@pytest.fixture
def keeping(settings):
    settings.PORTAL_CACHE_SECONDS = 600


def test_a_status_change_through_the_services_shows_at_once(
    client, keeping, nito, nou, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        demand = make_demand(organisation=nito, document=nou, status="submitted")
    assert 'Levert <span class="count">(1)</span>' in client.get(URL).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.demand_change_status(
            demand=demand, to_status="under_consideration", user=None, check_permission=False
        )
    html = client.get(URL).content.decode()
    assert 'Til behandling <span class="count">(1)</span>' in html
    assert 'Levert <span class="count">' not in html


def test_kept_answers_are_read_again_without_counting(
    client, keeping, nito, nou, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_demand(organisation=nito, document=nou)
    client.get(URL)
    # 1 the page's ids, 2 its rows, 3 their chapters, 4 their posts: count and facets are kept.
    with django_assert_max_num_queries(4):
        assert client.get(URL + "?page=1").status_code == 200


def test_the_public_never_gets_the_secretarys_kept_counts(
    client, client_for, secretary, keeping, nito, nou, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_demand(organisation=nito, document=nou, title="Synlig")
        make_demand(organisation=nito, document=nou, title="Skjult", hidden=True)
    assert "2 krav funnet" in client_for(secretary).get(URL).content.decode()
    assert "1 krav funnet" in client.get(URL).content.decode()


def test_each_language_gets_its_own_kept_labels(
    client, keeping, nito, nou, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_demand(organisation=nito, document=nou)
    assert "Levert" in client.get(URL).content.decode()
    client.cookies["django_language"] = "en"
    html = client.get(URL).content.decode()
    assert 'Submitted <span class="count">(1)</span>' in html
