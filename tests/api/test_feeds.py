"""Atom feeds: valid Atom (RFC 4287's required elements), public events only, whoever asks."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from proposals.demands import services

from .conftest import DRAFT_MARKER, HIDDEN_MARKER, NOTE_MARKER

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _atom(response) -> ET.Element:
    """Parse and check the feed against the Atom rules every reader relies on."""
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own output, under test
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None, required
    assert root.find(f"{ATOM}link[@rel='alternate']") is not None
    ids = []
    for entry in root.findall(f"{ATOM}entry"):
        for required in ("id", "title", "updated"):
            assert (entry.findtext(f"{ATOM}{required}") or "").strip(), required
        assert entry.find(f"{ATOM}link").get("href").startswith("http")
        # An entry without content needs an author (here: the organisation).
        assert entry.find(f"{ATOM}author/{ATOM}name") is not None
        ids.append(entry.findtext(f"{ATOM}id"))
    assert len(ids) == len(set(ids)), "entry ids are unique"
    return root


def _titles(root) -> list[str]:
    return [entry.findtext(f"{ATOM}title") for entry in root.findall(f"{ATOM}entry")]


def _paths(world, nou):
    post = world["post"]
    return [
        "/feeds/demands/",
        "/feeds/demands/?q=studieplasser",
        f"/feeds/demands/{world['published'].pk}/",
        f"/feeds/documents/{nou.slug}/",
        f"/feeds/documents/{nou.slug}/chapters/10/",
        "/feeds/organisations/nito/",
        "/feeds/organisations/tekna/",
        f"/feeds/budget/{post.year}/{post.chapter}/{post.post}/",
    ]


def test_every_feed_is_valid_atom(client, world, nou):
    for path in _paths(world, nou):
        _atom(client.get(path))


def test_the_chapter_feed_has_new_demands_and_status_changes_on_its_sub_chapters(
    client, world, nou, secretary
):
    services.demand_change_status(
        demand=world["published"], to_status="under_consideration", user=secretary
    )
    titles = _titles(_atom(client.get(f"/feeds/documents/{nou.slug}/chapters/10/")))
    assert titles == [
        "Flere studieplasser i helsefag: Til behandling",
        "Nytt krav fra NITO: Flere studieplasser i helsefag",
    ]


def test_the_search_feed_uses_the_portals_filters(client, world):
    titles = _titles(
        _atom(client.get("/feeds/demands/?organisation_kind=professional_association"))
    )
    assert titles and all("digitale" in title for title in titles)


def test_a_draft_or_hidden_demand_has_no_feed(client, world):
    assert client.get(f"/feeds/demands/{world['draft'].pk}/").status_code == 404
    assert client.get(f"/feeds/demands/{world['hidden'].pk}/").status_code == 404
    assert client.get("/feeds/organisations/nobody/").status_code == 404


@pytest.mark.parametrize("reader", [None, "nito_editor", "secretary"])
def test_no_marker_reaches_any_feed_whoever_asks(client_for, world, nou, request, reader):
    client = client_for(request.getfixturevalue(reader) if reader else None)
    for path in _paths(world, nou):
        text = client.get(path).content.decode()
        for marker in (DRAFT_MARKER, HIDDEN_MARKER, NOTE_MARKER):
            assert marker not in text, (path, marker)


@pytest.mark.parametrize("count", [3, 30])
def test_a_feed_costs_the_same_for_any_number_of_demands(
    client, django_assert_num_queries, nito, nou, count
):
    from tests.factories import make_demand

    for n in range(count):
        make_demand(organisation=nito, document=nou, title=f"Krav {n}")
    # 1 the organisation, 2 its public events with their demands and organisation.
    with django_assert_num_queries(2):
        _atom(client.get("/feeds/organisations/nito/"))
