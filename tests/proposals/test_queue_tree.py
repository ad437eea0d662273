"""The work queue as a tree: documents, chapters with rolled-up counts, open by default."""

from __future__ import annotations

import pytest
from django.urls import reverse

from proposals.models import Chapter
from tests.factories import make_demand

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree_data(nito, tekna, nou):
    chapter = {c.number: c for c in Chapter.objects.filter(document=nou)}
    make_demand(
        organisation=nito, document=nou, title="Åpent på ti tre", chapters=[chapter["10.3"]]
    )
    make_demand(
        organisation=tekna, document=nou, title="Avgjort på ti ni", status="adopted",
        chapters=[chapter["10.9"]],
    )  # fmt: skip
    make_demand(organisation=tekna, document=nou, title="Åpent på tolv", chapters=[chapter["12"]])
    return chapter


def _titles(response):
    return [d.title for d in response.context["page"].object_list]


def test_open_demands_by_default_and_decided_one_click_away(tree_data, secretary, client_for, nou):
    client = client_for(secretary)
    url = reverse("secretariat:queue")
    assert set(_titles(client.get(url, {"document": nou.slug}))) == {
        "Åpent på ti tre",
        "Åpent på tolv",
    }
    decided = client.get(url, {"document": nou.slug, "state": "decided"})
    assert _titles(decided) == ["Avgjort på ti ni"]
    html = client.get(url, {"document": nou.slug}).content.decode()
    assert "state=decided" in html


def test_the_tree_rolls_sub_chapters_up(tree_data, secretary, client_for, nou):
    response = client_for(secretary).get(reverse("secretariat:queue"), {"document": nou.slug})
    tree = response.context["tree"]
    ten = next(node for node in tree.tree if node.chapter.number == "10")
    assert ten.tally.total == 2 and ten.tally.open_count == 1
    html = response.content.decode()
    assert "2 krav, 1 åpne" in html
    assert 'role="region"' in html and 'tabindex="0"' in html


def test_the_documents_level_counts(tree_data, secretary, client_for):
    response = client_for(secretary).get(reverse("secretariat:queue"))
    (item,) = response.context["documents"]
    assert (item.total, item.open) == (3, 2)


def test_a_chapter_in_the_tree_filters_the_table(tree_data, secretary, client_for, nou):
    response = client_for(secretary).get(
        reverse("secretariat:queue"), {"document": nou.slug, "chapter": "10", "state": "all"}
    )
    assert set(_titles(response)) == {"Åpent på ti tre", "Avgjort på ti ni"}


@pytest.mark.parametrize("size", [3, 30])
def test_the_query_count_does_not_grow_with_the_queue(
    size, nito, nou, secretary, client_for, django_assert_max_num_queries
):
    chapters = list(Chapter.objects.filter(document=nou))
    for number in range(size):
        make_demand(
            organisation=nito, document=nou, title=f"Krav {number}",
            chapters=[chapters[number % len(chapters)]],
        )  # fmt: skip
    client = client_for(secretary)
    client.get(reverse("secretariat:queue"))  # the session is warm
    # 1 session, 2 user, 3 memberships, 4-5 permissions, 6 the filter's document,
    # 7 count, 8 page, 9 chapters of the page, 10-12 the tree (chapters, roll-up,
    # totals), 13-14 filter choices, 15 chapters and 16 topics for the bulk forms.
    with django_assert_max_num_queries(16):
        response = client.get(reverse("secretariat:queue"), {"document": nou.slug})
    assert response.status_code == 200
