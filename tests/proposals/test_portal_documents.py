"""Documents, their chapter tree with counts, and chapter pages."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import AnonymousUser

from proposals.portal import selectors
from proposals.reference import services as reference_services
from tests.factories import make_demand
from tests.proposals.test_filters import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(nito, tekna, nou):
    return build_world(nito, tekna, nou)


def nodes_by_number(tree) -> dict:
    found = {}
    stack = list(tree)
    while stack:
        node = stack.pop()
        found[node.chapter.number] = node
        stack.extend(node.children)
    return found


def test_the_documents_page_lists_documents_with_visible_counts(
    client, world, django_assert_max_num_queries
):
    # 1: documents with their demand and chapter counts.
    with django_assert_max_num_queries(1):
        response = client.get("/documents/")
    html = response.content.decode()
    row = html.split("NOU 2023:4</a>", 1)[1].split("</tr>", 1)[0]
    # Six chapters, five published demands (d1–d4, d8): neither count inflates the other.
    assert re.findall(r'<td class="num">(?:<a [^>]+>)?(\d+)', row) == ["6", "5"]


def test_the_tree_is_in_natural_order(client, world, nou):
    html = client.get(nou.get_absolute_url()).content.decode()
    numbers = re.findall(r'<span class="chapter-number">([\d.]+)</span>', html)
    assert numbers == ["10", "10.1", "10.3", "10.9", "10.11", "12"]


def test_the_tree_nests_sub_chapters_under_their_parent(world, nou):
    overview = selectors.document_overview(document=nou, user=AnonymousUser())
    assert [node.chapter.number for node in overview.tree] == ["10", "12"]
    assert [child.chapter.number for child in overview.tree[0].children] == [
        "10.1",
        "10.3",
        "10.9",
        "10.11",
    ]


def test_a_chapter_counts_its_sub_chapters_split_by_status_and_stance(world, nou):
    nodes = nodes_by_number(selectors.document_overview(document=nou, user=AnonymousUser()).tree)
    ten = nodes["10"].tally
    # d1 (10.3), d2 (10.9), d3 (10), d8 (10.11); not d6 (draft) nor d7 (hidden).
    assert ten.total == 4
    assert ten.by_status == {"submitted": 2, "adopted": 1, "withdrawn": 1}
    assert ten.by_stance == {"supports": 1, "opposes": 2, "wants_change": 1}
    assert nodes["10.3"].tally.total == 1
    assert nodes["10.1"].tally.total == 0
    assert nodes["12"].tally.by_status == {"not_adopted": 1}


def test_the_counts_follow_the_reader(world, nou, nito_editor, secretary):
    def total(user, number):
        overview = selectors.document_overview(document=nou, user=user)
        return nodes_by_number(overview.tree)[number].tally.total

    assert total(nito_editor, "10.3") == 2  # d1 and the own draft d6
    assert total(secretary, "10.3") == 2  # d1 and the hidden d7
    assert total(AnonymousUser(), "10.3") == 1


def test_a_demand_on_two_sub_chapters_counts_once_for_the_parent(nito, nou):
    chapters = {c.number: c for c in nou.chapters.all()}
    make_demand(organisation=nito, document=nou, chapters=[chapters["10.3"], chapters["10.9"]])
    nodes = nodes_by_number(selectors.document_overview(document=nou, user=AnonymousUser()).tree)
    assert nodes["10"].tally.total == 1
    assert nodes["10.3"].tally.total == 1
    assert nodes["10.9"].tally.total == 1


def test_demands_without_a_chapter_are_counted_apart(world, client):
    other = world["other_document"]
    overview = selectors.document_overview(document=other, user=AnonymousUser())
    assert overview.tally.total == 1
    assert overview.without_chapter.total == 1
    html = client.get(other.get_absolute_url()).content.decode()
    assert "1 krav er ikke knyttet til noe kapittel." in html


def test_the_document_page_shows_counts_and_links_to_filtered_demands(client, world, nou):
    html = client.get(nou.get_absolute_url()).content.decode()
    ten = html.split('<span class="chapter-number">10</span>', 1)[1]
    assert re.search(r'<span class="chapter-count">\s*4 krav\s*</span>', ten.split("</a>", 1)[1])
    assert "Går imot: 2" in ten.split('class="chapter-node"', 1)[0]
    assert f"/demands/?document={nou.pk}" in html


def test_the_document_query_count_does_not_grow_with_chapters(
    client, world, nou, django_assert_max_num_queries
):
    for major in range(20, 30):
        reference_services.chapter_upsert(document=nou, number=str(major), title="Kapittel")
        reference_services.chapter_upsert(document=nou, number=f"{major}.1", title="Under")
        reference_services.chapter_upsert(document=nou, number=f"{major}.1.1", title="Under under")
    # 1 document, 2 chapters, 3 counts per chapter subtree (one UNION of a grouped
    # query per depth), 4 document totals, 5 its cases in the Storting (their hearings
    # are a sixth only when there are cases), +1 for the charts tag.
    with django_assert_max_num_queries(6):
        response = client.get(nou.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('class="chapter-node"') == 36


def test_an_unknown_document_or_chapter_is_a_404(client, world, nou):
    assert client.get("/documents/finnes-ikke/").status_code == 404
    assert client.get(f"/documents/{nou.slug}/chapters/99/").status_code == 404
    assert client.get(f"/documents/{nou.slug}/chapters/ti/").status_code == 404


def test_the_chapter_page_lists_sub_chapter_demands_by_organisation(client, world, nou):
    chapter = world["chapter"]["10"]
    response = client.get(chapter.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "4 krav" in html
    for key in ("d1", "d2", "d3", "d8"):
        assert f"Krav {key} " in html
    for key in ("d4", "d6", "d7"):
        assert f"Krav {key} " not in html
    # Grouped by organisation, alphabetically.
    groups = re.findall(r'<h3><a href="/organisations/[^"]+/">([^<]+)</a></h3>', html)
    assert groups == sorted(groups)
    assert len(groups) == 3


def test_the_chapter_page_says_who_supports_and_who_opposes(client, world, nito):
    html = client.get(world["chapter"]["10"].get_absolute_url()).content.decode()
    stances = html.split('<dl class="stances">', 1)[1].split("</dl>", 1)[0]
    opposes = stances.split("<dt>Går imot</dt>", 1)[1].split("</dd>", 1)[0]
    assert "Norges ingeniør- og teknologorganisasjon" in opposes
    assert "HelseOmsorg21-rådet" in opposes
    supports = stances.split("<dt>Støtter</dt>", 1)[1].split("</dd>", 1)[0]
    assert "Norges ingeniør" in supports
    assert "HelseOmsorg21" not in supports


def test_the_chapter_page_links_to_its_neighbours(client, world, nou):
    html = client.get(world["chapter"]["10.3"].get_absolute_url()).content.decode()
    neighbours = html.split('class="neighbours"', 1)[1]
    assert f'href="/documents/{nou.slug}/chapters/10.1/">← 10.1' in neighbours
    assert f'href="/documents/{nou.slug}/chapters/10.9/">10.9' in neighbours


def test_the_chapter_page_query_count_is_bounded(
    client, world, nito, nou, django_assert_max_num_queries
):
    chapter = world["chapter"]["10.3"]
    for number in range(30):
        make_demand(organisation=nito, document=nou, title=f"Mer {number}", chapters=[chapter])
    # 1 chapter with document and parent, 2 previous, 3 next, 4 sub-chapters,
    # 5 who stands where, 6 count, 7 the page, 8 the page's chapters,
    # 9 the confirmed passages that answered the page's demands.
    with django_assert_max_num_queries(9):
        response = client.get(chapter.get_absolute_url())
    assert response.content.decode().count("Mer ") == 30


def test_document_chapters_gives_each_chapter_its_own_count_in_natural_order(world, nou):
    rows = selectors.document_chapters(document=nou, user=AnonymousUser())
    assert [(c.number, c.demand_count) for c in rows] == [
        ("10", 1),
        ("10.1", 0),
        ("10.3", 1),
        ("10.9", 1),
        ("10.11", 1),
        ("12", 1),
    ]
