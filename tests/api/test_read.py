"""The API's read side: the portal's visibility rule and FilterSet, cursor pages, query counts."""

from __future__ import annotations

import pytest

from proposals.models import DemandStatus
from tests.factories import make_demand

from .conftest import DRAFT_MARKER, HIDDEN_MARKER, ids

pytestmark = pytest.mark.django_db


def test_anonymous_readers_get_published_demands_only(api, world):
    got = ids(api.get("/api/v1/demands/"))
    assert got == {world["published"].pk, world["considered"].pk}


def test_an_editor_also_reads_the_own_drafts_and_no_one_elses(api_for, world, nito_editor):
    got = ids(api_for(nito_editor).get("/api/v1/demands/"))
    assert world["draft"].pk in got
    assert world["tekna_draft"].pk not in got
    assert world["hidden"].pk not in got


def test_a_secretary_reads_hidden_demands_but_no_drafts(api_for, world, secretary):
    got = ids(api_for(secretary).get("/api/v1/demands/"))
    assert world["hidden"].pk in got
    assert not got & {world["draft"].pk, world["tekna_draft"].pk}


@pytest.mark.parametrize(
    "query, expected",
    [
        ("status=under_consideration", {"considered"}),
        ("status=submitted&status=under_consideration", {"published", "considered"}),
        ("organisation_kind=trade_union", {"published"}),
        ("stance=new_measure", {"published", "considered"}),
        ("q=helsefag", {"published"}),
        ("sort=oldest", {"published", "considered"}),
    ],
)
def test_filters_have_the_portals_names_and_meaning(api, world, query, expected):
    assert ids(api.get(f"/api/v1/demands/?{query}")) == {world[name].pk for name in expected}


def test_the_chapter_filter_includes_sub_chapters_and_the_post_filter_works(api, world, nou):
    parent = nou.chapters.get(number="10")
    assert ids(api.get(f"/api/v1/demands/?chapter={parent.pk}")) == {world["published"].pk}
    assert ids(api.get(f"/api/v1/demands/?budget_post={world['post'].pk}")) == {
        world["published"].pk
    }
    organisation = world["published"].organisation_id
    assert ids(api.get(f"/api/v1/demands/?organisation={organisation}")) == {world["published"].pk}


@pytest.mark.parametrize(
    "query, field",
    [
        ("status=nonsense", "status"),
        ("chapter=abc", "chapter"),
        ("chapter=99999999", "chapter"),
        ("year=12", "year"),
        ("document=1e9", "document"),
        ("sort=title", "sort"),
        ("sort=sideways", "sort"),
    ],
)
def test_a_bad_filter_gets_400_naming_the_parameter(api, world, query, field):
    response = api.get(f"/api/v1/demands/?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400 and body["code"] == "invalid"
    assert field in body["fields"]


def test_a_nul_byte_or_a_huge_search_is_no_error(api, world):
    assert api.get("/api/v1/demands/?q=stud%00ie").status_code == 200
    assert api.get("/api/v1/demands/?q=" + "x" * 5000).status_code == 200


def test_cursor_pages_walk_every_row_once_in_a_stable_order(api, nito, nou):
    made = [make_demand(organisation=nito, document=nou, title=f"Krav {n}") for n in range(7)]
    url, seen = "/api/v1/demands/?page_size=3", []
    while url:
        body = api.get(url).json()
        seen += [row["id"] for row in body["results"]]
        # A demand added meanwhile goes to the top, and the walk is not disturbed.
        if len(seen) == 3:
            make_demand(organisation=nito, document=nou, title="Nytt underveis")
        url = body["next"]
    assert seen == sorted((d.pk for d in made), reverse=True)


def test_a_bad_cursor_is_a_404_in_the_error_shape(api, world):
    response = api.get("/api/v1/demands/?cursor=bogus")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_the_detail_has_the_public_history_and_no_draft_version(api, world):
    demand = world["published"]
    body = api.get(f"/api/v1/demands/{demand.pk}/").json()
    assert body["title"] == demand.title
    assert [c["number"] for c in body["chapters"]] == ["10.3"]
    assert body["budget_posts"][0]["label"] == "Kap. 701, post 21"
    assert [s["to_status"] for s in body["status_changes"]] == ["submitted"]
    # The text that was submitted is public (it was written as the last draft);
    # no earlier draft is.
    drafts = [v for v in body["versions"] if v["status"] == DemandStatus.DRAFT]
    assert [v["version"] for v in drafts] in ([], [1])


@pytest.mark.parametrize("name", ["draft", "tekna_draft", "hidden"])
def test_an_unreadable_demand_is_404_for_the_public(api, world, name):
    response = api.get(f"/api/v1/demands/{world[name].pk}/")
    assert response.status_code == 404
    assert response.json() == {
        "status": 404,
        "code": "not_found",
        "message": response.json()["message"],
    }


def test_the_own_draft_reads_for_its_editor(api_for, world, nito_editor):
    body = api_for(nito_editor).get(f"/api/v1/demands/{world['draft'].pk}/").json()
    assert body["status"] == "draft" and body["versions"][0]["status"] == "draft"


@pytest.mark.parametrize("path", ["/api/v1/demands/abc/", "/api/v1/nowhere/", "/api/v2/"])
def test_unknown_paths_answer_json_404(api, path):
    response = api.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "not_found"


def test_status_changes_list_public_steps_of_readable_demands(api, world):
    rows = api.get("/api/v1/status-changes/").json()["results"]
    demands = {row["demand"] for row in rows}
    assert demands == {world["published"].pk, world["considered"].pk}
    filtered = api.get(f"/api/v1/status-changes/?demand={world['considered'].pk}").json()
    assert [row["to_status"] for row in filtered["results"]] == [
        "under_consideration",
        "submitted",
    ]
    assert api.get("/api/v1/status-changes/?since=yesterday").status_code == 400


def test_submissions_are_listed_only_behind_readable_demands(api, api_for, world, tekna_editor):
    assert ids(api.get("/api/v1/submissions/")) == {world["submission"].pk}
    body = api.get(f"/api/v1/submissions/{world['submission'].pk}/").json()
    assert "text" not in body and "file" not in body
    assert api.get(f"/api/v1/submissions/{world['draft_submission'].pk}/").status_code == 404
    own = ids(api_for(tekna_editor).get("/api/v1/submissions/"))
    assert world["draft_submission"].pk in own


def test_reference_lists_count_only_visible_demands(api, api_for, world, nou, secretary):
    documents = api.get("/api/v1/documents/").json()["results"]
    assert documents[0]["identifier"] == "NOU 2023:4"
    assert documents[0]["demand_count"] == 2
    secretary_view = api_for(secretary).get(f"/api/v1/documents/{nou.pk}/").json()
    assert secretary_view["demand_count"] == 3
    chapters = api.get(f"/api/v1/chapters/?document={nou.pk}").json()["results"]
    assert [c["number"] for c in chapters] == ["10", "10.3", "10.9", "10.11", "12"]
    post = api.get(f"/api/v1/budget-posts/{world['post'].pk}/").json()
    assert post["demand_count"] == 1 and post["label"] == "Kap. 701, post 21"
    organisations = {
        o["short_name"]: o for o in api.get("/api/v1/organisations/").json()["results"]
    }
    assert organisations["NITO"]["demand_count"] == 1
    assert organisations["Tekna"]["demand_count"] == 1


def test_no_marker_of_a_draft_or_hidden_demand_reaches_an_anonymous_reader(api, world):
    for path in [
        "/api/v1/demands/",
        "/api/v1/demands/?q=Utkast",
        "/api/v1/status-changes/",
        "/api/v1/submissions/",
        "/api/v1/documents/",
        "/api/v1/organisations/",
        f"/api/v1/demands/{world['published'].pk}/",
    ]:
        text = api.get(path).content.decode()
        assert DRAFT_MARKER not in text and HIDDEN_MARKER not in text, path
        assert "NOTATMERKE" not in text, path


# --- Query counts: the same at two page sizes -------------------------------------------


def _many(nito, tekna, nou, count):
    chapter = nou.chapters.get(number="10.3")
    for n in range(count):
        make_demand(
            organisation=nito if n % 2 else tekna,
            document=nou,
            title=f"Krav nummer {n}",
            chapters=[chapter],
        )


@pytest.mark.parametrize("count", [5, 40])
def test_the_demand_list_costs_the_same_at_any_page_size(
    api, django_assert_num_queries, nito, tekna, nou, count
):
    _many(nito, tekna, nou, count)
    # 1 the page's rows (with organisation and document), 2 their chapters,
    # 3 their budget posts, 4 their topics.
    with django_assert_num_queries(4):
        response = api.get(f"/api/v1/demands/?page_size={count}")
    assert len(response.json()["results"]) == count


@pytest.mark.parametrize("count", [5, 40])
def test_the_filtered_list_with_a_token_costs_the_same_at_any_page_size(
    api_for, django_assert_num_queries, nito_editor, nito, tekna, nou, count
):
    _many(nito, tekna, nou, count)
    client = api_for(nito_editor)
    chapter = nou.chapters.get(number="10")
    query = f"document={nou.pk}&chapter={chapter.pk}&organisation={nito.pk}&status=submitted"
    # 1 the token (with its user), 2 its last use, 3 memberships, 4–5 permissions
    # (user's, group's); 6 document, 7 chapter, 8 organisation checked as filter
    # values; 9 rows, 10 chapters, 11 posts, 12 topics.
    with django_assert_num_queries(12):
        response = client.get(f"/api/v1/demands/?page_size={count}&{query}")
    assert len(response.json()["results"]) == count // 2


@pytest.mark.parametrize(
    "path, queries",
    [
        # 1 the documents with their two counts
        ("/api/v1/documents/?page_size={n}", 1),
        # 1 chapters with their document
        ("/api/v1/chapters/?page_size={n}", 1),
        # 1 posts with programme category and the three sums
        ("/api/v1/budget-posts/?page_size={n}", 1),
        # 1 organisations with their counts
        ("/api/v1/organisations/?page_size={n}", 1),
        # 1 submissions with organisation and document
        ("/api/v1/submissions/?page_size={n}", 1),
        # 1 status changes
        ("/api/v1/status-changes/?page_size={n}", 1),
    ],
)
@pytest.mark.parametrize("count", [2, 30])
def test_every_list_costs_the_same_at_any_page_size(
    api, django_assert_num_queries, world, nito, tekna, nou, path, queries, count
):
    _many(nito, tekna, nou, 30)
    with django_assert_num_queries(queries):
        response = api.get(path.format(n=count))
    assert response.status_code == 200


def test_the_demand_detail_costs_a_fixed_number_of_queries(api, django_assert_num_queries, world):
    # 1 the demand, 2 chapters, 3 posts, 4 topics, 5 status changes, 6 versions.
    with django_assert_num_queries(6):
        response = api.get(f"/api/v1/demands/{world['published'].pk}/")
    assert response.status_code == 200
