"""/demands/: the faceted browse page, its search, its bad input and its query counts."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from proposals.models import InternalNote
from tests.conftest import require_postgresql
from tests.factories import BudgetPostFactory, make_demand
from tests.proposals.test_filters import build_world

pytestmark = pytest.mark.django_db

URL = "/demands/"


@pytest.fixture
def world(nito, tekna, nou):
    return build_world(nito, tekna, nou)


def listed_titles(html: str) -> set[str]:
    return set(re.findall(r'<h3><a href="/demands/\d+/">([^<]+)</a></h3>', html))


def test_the_url_is_the_one_in_the_design():
    assert reverse("portal:demand_list") == URL


def test_the_public_page_lists_published_demands_with_facets(client, world):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert listed_titles(html) == {
        f"Krav {key} om {'studieplasser' if key == 'd1' else 'noe annet'}"
        for key in ("d1", "d2", "d3", "d4", "d5", "d8")
    }
    assert "6 krav funnet" in html
    assert 'name="status" value="submitted"' in html
    assert 'Levert <span class="count">(2)</span>' in html
    assert "Kladd" not in html


def test_drafts_hidden_demands_and_internal_notes_never_reach_the_public(client, world):
    InternalNote.objects.create(demand=world["demands"]["d1"], text="INTERNT-NOTAT-123")
    html = client.get(URL + "?status=draft&status=submitted").content.decode()
    assert "Krav d6" not in html
    assert "Krav d7" not in html
    assert "INTERNT-NOTAT-123" not in html


def test_an_editor_sees_the_own_drafts_and_the_secretary_hidden_ones(
    client_for, world, nito_editor, secretary
):
    assert "Krav d6" in client_for(nito_editor).get(URL).content.decode()
    html = client_for(secretary).get(URL).content.decode()
    assert "Krav d7" in html
    assert "Krav d6" not in html


def test_filters_in_the_query_string_narrow_the_list_and_show_as_removable(client, world, nito):
    html = client.get(f"{URL}?organisation={nito.pk}&status=adopted").content.decode()
    assert listed_titles(html) == {"Krav d2 om noe annet"}
    assert "Status: Imøtekommet" in html
    # The remove link keeps the other filter.
    assert f'href="?organisation={nito.pk}"' in html


def test_the_chapter_filter_is_kept_when_the_facet_form_is_sent(client, world):
    chapter = world["chapter"]["10"]
    html = client.get(f"{URL}?chapter={chapter.pk}").content.decode()
    assert f'<input type="hidden" name="chapter" value="{chapter.pk}">' in html
    assert "NOU 2023:4, kap. 10 med underkapitler" in html
    assert len(listed_titles(html)) == 4


def test_the_search_finds_by_contains_on_any_database(client, world):
    html = client.get(URL + "?q=studieplass").content.decode()
    assert listed_titles(html) == {"Krav d1 om studieplasser"}
    assert 'value="studieplass"' in html


def test_postgresql_search_stems_norwegian_and_highlights_safely(client, nito, nou):
    require_postgresql()
    make_demand(
        organisation=nito,
        document=nou,
        title="Utdanning",
        text="<script>alert(1)</script> Vi trenger flere studieplasser i bioingeniørfag.",
    )
    make_demand(organisation=nito, document=nou, title="Annet", text="Helt uten treff her.")
    html = client.get(URL + "?q=studieplass").content.decode()
    assert "1 krav funnet" in html
    assert "<mark>studieplasser</mark>" in html
    assert "<script>alert(1)" not in html


def test_a_snippet_is_escaped_before_its_matches_are_marked():
    from proposals.portal.selectors import HIGHLIGHT_START as START
    from proposals.portal.selectors import HIGHLIGHT_STOP as STOP
    from proposals.templatetags.kravsporing import highlight

    text = f"<b>fet</b> {START}studieplasser{STOP} & {START}<i>{STOP} {STOP}løs{START}"
    assert highlight(text) == (
        "&lt;b&gt;fet&lt;/b&gt; <mark>studieplasser</mark> &amp; <mark>&lt;i&gt;</mark> løs"
    )


def test_postgresql_search_ranks_title_matches_first(client, nito, nou):
    require_postgresql()
    make_demand(organisation=nito, document=nou, title="Annet", text="Nevner studieplasser.")
    make_demand(organisation=nito, document=nou, title="Studieplasser", text="Mer om saken.")
    html = client.get(URL + "?q=studieplass").content.decode()
    assert html.index("Studieplasser</a>") < html.index("Annet</a>")


def test_a_search_is_never_reflected_unescaped(client, world):
    html = client.get(URL, {"q": '"><script>alert(1)</script>'}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("status=bogus", "Filteret er ikke brukt"),
        ("organisation=abc", "er ikke et gyldig id-nummer"),
        ("organisation=99999999999999999999999", "er ikke et gyldig id-nummer"),
        ("chapter=987654", "Filteret er ikke brukt"),
        ("year=abc", "er ikke et årstall"),
        ("page=abc", "er ikke et sidetall"),
        ("page=0", "Sidetallet må være 1 eller mer"),
        ("page=999", "Det finnes bare 1 side"),
        ("q=" + "x" * 10_000, "forkortet til 200 tegn"),
        ("format=pdf", "Formatet kan være"),
        ("status=bogus&format=csv", "Rett opp filteret"),
    ],
)
def test_bad_input_gets_the_page_with_a_polite_message(client, world, query, message):
    response = client.get(f"{URL}?{query}")
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    notices = html.split('class="notices" role="alert"', 1)[1].split("</div>", 1)[0]
    assert message in notices
    # The bad value is ignored: the rest of the page is as without it (a cut
    # search still searches, and here finds nothing).
    assert ("0 krav funnet" if query.startswith("q=") else "6 krav funnet") in html


def test_a_nul_byte_is_stripped_and_the_search_still_runs(client, world):
    html = client.get(URL + "?q=studie%00plass&status=%00").content.decode()
    assert listed_titles(html) == {"Krav d1 om studieplasser"}


def test_a_bad_value_is_echoed_only_escaped(client, world):
    html = client.get(URL, {"status": "<b>fet</b>", "organisation": "<i>x</i>"}).content.decode()
    assert "<b>fet</b>" not in html
    assert "<i>x</i>" not in html
    assert "&lt;b&gt;fet&lt;/b&gt;" in html


def test_a_page_past_the_end_shows_the_last_page(client, nito, nou, settings):
    from proposals.portal import selectors

    for number in range(selectors.DEMANDS_PER_PAGE + 3):
        make_demand(organisation=nito, document=nou, title=f"Krav nummer {number:03d}", text="T.")
    html = client.get(URL + "?sort=title&page=7").content.decode()
    assert "Det finnes bare 2 sider" in html
    assert listed_titles(html) == {
        f"Krav nummer {n:03d}"
        for n in range(selectors.DEMANDS_PER_PAGE, selectors.DEMANDS_PER_PAGE + 3)
    }
    assert "Side 2 av 2" in html


def test_the_sort_menu_offers_the_default_first_so_a_new_search_ranks_by_relevance(client, world):
    html = client.get(URL + "?q=studieplass").content.decode()
    menu = html.split('<select name="sort" id="id_sort">', 1)[1].split("</select>", 1)[0]
    assert menu.strip().startswith('<option value="" selected>Standard')
    assert '<option value="relevance">Mest relevante</option>' in menu
    html = client.get(URL + "?sort=title").content.decode()
    assert '<option value="title" selected>' in html
    assert "Mest relevante" not in html


def test_sorting_by_title(client, world):
    html = client.get(URL + "?sort=title").content.decode()
    titles = re.findall(r'<h3><a href="/demands/\d+/">([^<]+)</a></h3>', html)
    assert titles == sorted(titles)


def test_the_script_asks_for_the_results_region_only(client, world):
    response = client.get(URL + "?status=submitted", headers={"X-Requested-With": "fetch"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="demand-filter"' in html
    assert "2 krav funnet" in html
    assert "X-Requested-With" in response["Vary"]


def test_the_full_page_loads_the_own_script_and_works_without_it(client, world):
    html = client.get(URL).content.decode()
    assert '<script src="/static/js/demand-filter.js" defer></script>' in html
    assert 'method="get" action="/demands/"' in html
    assert 'type="submit" class="apply-filters"' in html


def _many_demands(nito, tekna, nou, count):
    chapter = nou.chapters.get(number="10.3")
    post = BudgetPostFactory()
    for number in range(count):
        make_demand(
            organisation=nito if number % 2 else tekna,
            document=nou,
            title=f"Krav {number}",
            text="Tekst.",
            chapters=[chapter],
            budget_posts=[post],
        )


@pytest.mark.parametrize("count", [10, 50])
def test_the_query_count_is_the_same_for_a_page_of_10_and_of_50(
    client, django_assert_max_num_queries, nito, tekna, nou, count
):
    _many_demands(nito, tekna, nou, count)
    # 1 count, 2 the page's ids (read from the sort's index), 3 the page's rows (with
    # organisation and document), 4 their chapters, 5 their budget posts, 6–11 one
    # grouped query per facet (status, stance, organisation kind, organisation,
    # document, year), 12 organisations' names and kinds, 13 documents' identifiers.
    with django_assert_max_num_queries(13):
        response = client.get(URL)
    assert response.content.decode().count('class="demand-item"') == count


@pytest.mark.parametrize("count", [10, 50])
def test_the_query_count_with_every_filter_is_bounded(
    client_for, django_assert_max_num_queries, nito_editor, nito, tekna, nou, count
):
    _many_demands(nito, tekna, nou, count)
    chapter = nou.chapters.get(number="10")
    query = (
        f"?document={nou.pk}&chapter={chapter.pk}&organisation={nito.pk}&organisation={tekna.pk}"
        "&status=submitted&stance=new_measure&organisation_kind=trade_union&q=Krav&sort=title"
    )
    c = client_for(nito_editor)
    # 1 session, 2 user, 3 memberships, 4–5 permissions (user's, group's);
    # 6 document, 7 chapter, 8 organisations, checked as filter values;
    # 9 count, 10 ids, 11 rows, 12 chapters, 13 posts, 14–19 the six facets,
    # 20 organisations' names and kinds, 21 documents' identifiers.
    with django_assert_max_num_queries(21):
        response = c.get(URL + query)
    assert response.content.decode().count('class="demand-item"') == count // 2
