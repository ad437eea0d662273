"""Organisation pages and budget pages."""

from __future__ import annotations

import re

import pytest

from tests.factories import BudgetPostFactory, make_demand
from tests.proposals.test_filters import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(nito, tekna, nou):
    return build_world(nito, tekna, nou)


def test_the_organisation_page_counts_demands_by_document_and_status(client, world, nito):
    html = client.get(nito.get_absolute_url()).content.decode()
    table = html.split("<table>", 1)[1].split("</table>", 1)[0]
    headers = re.findall(r'<th scope="col" class="num">([^<]+)</th>', table)
    assert headers == ["Levert", "Imøtekommet", "I alt"]
    row = table.split("NOU 2023:4</a></th>", 1)[1].split("</tr>", 1)[0]
    assert re.findall(r'<td class="num">(?:<a [^>]+>)?(\d+)', row) == ["1", "1", "2"]
    assert "Krav d1 " in html and "Krav d2 " in html
    assert "Krav d6 " not in html


def test_the_organisation_sees_its_own_drafts_on_its_page(client_for, world, nito, nito_editor):
    html = client_for(nito_editor).get(nito.get_absolute_url()).content.decode()
    assert "Krav d6 " in html
    assert "Kladd" in html


def test_the_organisation_page_query_count_is_bounded(
    client, world, nito, nou, django_assert_max_num_queries
):
    for number in range(30):
        make_demand(organisation=nito, document=nou, title=f"Mer {number}")
    # 1 organisation, 2 counts by document and status, 3 count, 4 page, 5 chapters,
    # +1 for the charts tag; asked and granted per budget post: +1 sums, +1 posts, +1 figures;
    # threads: +1 confirmed links, +1 those continued, +1 the newest demands (none here).
    with django_assert_max_num_queries(12):
        response = client.get(nito.get_absolute_url())
    assert response.status_code == 200


def test_the_organisations_list_is_one_query(client, world, django_assert_max_num_queries):
    # 1 organisations with their visible demand counts.
    with django_assert_max_num_queries(1):
        assert client.get("/organisations/").status_code == 200


def test_the_budget_page_counts_demands_organisations_and_sums(client, world):
    other = BudgetPostFactory(year=2026, chapter=746, post=1, amount_nok=458_591_000)
    html = client.get("/budget/").content.decode()
    row = html.split("Kap. 701, post 21</a></th>", 1)[1].split("</tr>", 1)[0]
    cells = re.findall(r'<td class="num">(?:<a [^>]+>)?([^<]+)', row)
    # d2 (NITO, +1 000 000) and d5 (HO21, −500 000).
    assert cells == ["254\xa0978\xa0000 kr", "2", "2", "+500\xa0000 kr"]
    row = html.split(f'href="{other.get_absolute_url()}"', 1)[1].split("</tr>", 1)[0]
    assert re.findall(r'<td class="num">(?:<a [^>]+>)?([^<]+)', row) == [
        "458\xa0591\xa0000 kr",
        "0",
        "0",
        "–",
    ]


def test_the_budget_page_ignores_what_the_reader_may_not_see(client, world, nito, nou):
    post = world["post"]
    make_demand(
        organisation=nito, document=nou, status="draft", budget_posts=[post], requested_amount_nok=7
    )
    make_demand(organisation=nito, document=nou, hidden=True, budget_posts=[post])
    html = client.get("/budget/").content.decode()
    row = html.split("Kap. 701, post 21</a></th>", 1)[1].split("</tr>", 1)[0]
    assert re.findall(r'<td class="num">(?:<a [^>]+>)?([^<]+)', row)[1:] == [
        "2",
        "2",
        "+500\xa0000 kr",
    ]


def test_the_budget_list_query_count_does_not_grow_with_posts(
    client, world, django_assert_max_num_queries
):
    for chapter in range(800, 830):
        BudgetPostFactory(chapter=chapter, post=1)
    # 1 posts with programme category, counts and sums, +1 for the charts tag.
    with django_assert_max_num_queries(2):
        assert client.get("/budget/").status_code == 200


def test_the_budget_post_page_lists_its_demands(client, world, django_assert_max_num_queries):
    post = world["post"]
    BudgetPostFactory(year=2025, chapter=701, post=21, amount_nok=322_597_000)
    # 1 post, 2 summary, 3 other years, 4 count, 5 page, 6 figures, 7 asked per post.
    with django_assert_max_num_queries(7):
        response = client.get(post.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Krav d2 " in html and "Krav d5 " in html
    assert "−500\xa0000 kr" in html
    assert "Sum ønsket endring</dt><dd>+500\xa0000 kr" in html
    assert 'href="/budget/2025/701/21/">2025</a>: 322\xa0597\xa0000 kr' in html


@pytest.mark.parametrize(
    "path", ["/budget/2026/999/1/", "/budget/99999999999999999999/701/21/", "/budget/x/1/1/"]
)
def test_an_unknown_budget_post_is_a_404(client, world, path):
    assert client.get(path).status_code == 404


def test_an_unknown_organisation_is_a_404(client, db):
    assert client.get("/organisations/finnes-ikke/").status_code == 404
