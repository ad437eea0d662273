"""The /demands/ FilterSet and facets against a small, hand-counted world.

The world (``build_world``) is used by the other portal tests too:

| key | organisation | document | status | stance | chapters | post | year |
|---|---|---|---|---|---|---|---|
| d1 | NITO (trade union) | NOU 2023:4 | submitted | supports | 10.3 | – | 2024 |
| d2 | NITO | NOU 2023:4 | adopted | opposes | 10.9 | 701/21 | 2024 |
| d3 | Tekna (prof. assoc.) | NOU 2023:4 | submitted | wants_change | 10 | – | 2025 |
| d4 | Tekna | NOU 2023:4 | not_adopted | supports | 12 | – | 2025 |
| d5 | HO21 (council) | NOU 2030:9 | under_consideration | new_measure | – | 701/21 | 2025 |
| d6 | NITO | NOU 2023:4 | draft | supports | 10.3 | – | – |
| d7 | Tekna | NOU 2023:4 | submitted, hidden | supports | 10.3 | – | 2025 |
| d8 | HO21 | NOU 2023:4 | withdrawn | opposes | 10.11 | – | 2025 |

The public sees d1–d5 and d8; NITO's editor also d6; the secretary also d7.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.http import QueryDict

from organizations.models import Organisation
from proposals.models import Demand
from proposals.portal import selectors
from proposals.reference import services as reference_services
from tests.factories import BudgetPostFactory, DocumentFactory, OrganisationFactory, make_demand

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")


def build_world(nito, tekna, nou) -> dict:
    council = OrganisationFactory(
        short_name="HO21", name="HelseOmsorg21-rådet", slug="ho21", kind=Organisation.Kind.COUNCIL
    )
    other = DocumentFactory(identifier="NOU 2030:9", slug="nou-2030-9", title="Annen utredning")
    reference_services.chapter_upsert(
        document=nou, number="10.1", title="Innledning til kapittel 10"
    )
    chapter = {c.number: c for c in nou.chapters.all()}
    post = BudgetPostFactory()
    plan = {
        "d1": (nito, nou, "submitted", "supports", ["10.3"], [], 2024),
        "d2": (nito, nou, "adopted", "opposes", ["10.9"], [post], 2024),
        "d3": (tekna, nou, "submitted", "wants_change", ["10"], [], 2025),
        "d4": (tekna, nou, "not_adopted", "supports", ["12"], [], 2025),
        "d5": (council, other, "under_consideration", "new_measure", [], [post], 2025),
        "d6": (nito, nou, "draft", "supports", ["10.3"], [], None),
        "d7": (tekna, nou, "submitted", "supports", ["10.3"], [], 2025),
        "d8": (council, nou, "withdrawn", "opposes", ["10.11"], [], 2025),
    }
    demands = {}
    for key, (org, document, status, stance, numbers, posts, year) in plan.items():
        demand = make_demand(
            organisation=org,
            document=document,
            status=status,
            stance=stance,
            title=f"Krav {key} om {'studieplasser' if key == 'd1' else 'noe annet'}",
            text=f"Teksten til {key}: æøå ÆØÅ.",
            chapters=[chapter[n] for n in numbers],
            budget_posts=posts,
            hidden=key == "d7",
            requested_amount_nok={"d2": 1_000_000, "d5": -500_000}.get(key),
        )
        if year:
            Demand.objects.filter(pk=demand.pk).update(
                submitted_at=datetime(year, 3, 1, 12, tzinfo=OSLO)
            )
        demands[key] = demand
    return {
        "demands": demands,
        "council": council,
        "other_document": other,
        "post": post,
        "chapter": chapter,
    }


@pytest.fixture
def world(nito, tekna, nou):
    return build_world(nito, tekna, nou)


def keys_of(world, queryset) -> set[str]:
    by_pk = {demand.pk: key for key, demand in world["demands"].items()}
    return {by_pk[pk] for pk in queryset.values_list("pk", flat=True)}


def found(world, query: str, user=None) -> set[str]:
    from django.contrib.auth.models import AnonymousUser

    result = selectors.demand_search(user=user or AnonymousUser(), params=QueryDict(query))
    return keys_of(world, result.queryset)


PUBLIC = {"d1", "d2", "d3", "d4", "d5", "d8"}


def test_without_filters_the_public_sees_only_published_demands(world):
    assert found(world, "") == PUBLIC


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=submitted", {"d1", "d3"}),
        ("status=submitted&status=adopted", {"d1", "d2", "d3"}),
        ("stance=supports", {"d1", "d4"}),
        ("organisation_kind=council", {"d5", "d8"}),
        ("organisation_kind=trade_union&organisation_kind=council", {"d1", "d2", "d5", "d8"}),
        ("year=2024", {"d1", "d2"}),
        ("year=2025&year=2024", PUBLIC),
        ("q=studieplass", {"d1"}),
    ],
)
def test_each_choice_filter_alone(world, query, expected):
    assert found(world, query) == expected


def test_the_id_filters_alone(world):
    d = world
    assert found(d, f"organisation={d['demands']['d1'].organisation_id}") == {"d1", "d2"}
    assert found(d, f"document={d['other_document'].pk}") == {"d5"}
    assert found(d, f"budget_post={d['post'].pk}") == {"d2", "d5"}
    assert found(d, f"chapter={d['chapter']['10.3'].pk}") == {"d1"}


def test_the_chapter_filter_includes_sub_chapters_by_sort_key(world):
    chapter = world["chapter"]
    assert found(world, f"chapter={chapter['10'].pk}") == {"d1", "d2", "d3", "d8"}
    # 10.1 is a prefix of 10.11 as text, but not as a chapter.
    assert found(world, f"chapter={chapter['10.1'].pk}") == set()
    assert found(world, f"chapter={chapter['10.11'].pk}") == {"d8"}
    assert found(world, f"chapter={chapter['12'].pk}") == {"d4"}


def test_filters_combine(world, nito):
    chapter = world["chapter"]
    assert found(world, f"organisation={nito.pk}&status=adopted") == {"d2"}
    assert found(world, f"chapter={chapter['10'].pk}&stance=opposes") == {"d2", "d8"}
    assert found(world, f"organisation_kind=trade_union&chapter={chapter['10'].pk}&year=2024") == {
        "d1",
        "d2",
    }
    assert found(world, f"budget_post={world['post'].pk}&organisation_kind=council") == {"d5"}
    assert found(world, "q=studieplass&status=adopted") == set()


def test_filters_apply_on_top_of_visibility(world, nito_editor, secretary):
    chapter = world["chapter"]
    assert found(world, f"chapter={chapter['10.3'].pk}", nito_editor) == {"d1", "d6"}
    assert found(world, f"chapter={chapter['10.3'].pk}", secretary) == {"d1", "d7"}
    assert found(world, "status=draft") == set()
    assert found(world, "status=draft", nito_editor) == {"d6"}
    # The secretariat never sees an organisation's drafts.
    assert found(world, "status=draft", secretary) == set()


def facets_of(query: str, user=None) -> dict[str, dict[str, int]]:
    from django.contrib.auth.models import AnonymousUser

    browse = selectors.demand_browse(user=user or AnonymousUser(), params=QueryDict(query))
    return {
        facet.name: {option.value: option.count for option in facet.options + facet.more}
        for facet in browse.facets
    }


def test_facets_without_filters_count_every_visible_demand(world, nito, tekna):
    facets = facets_of("")
    assert facets["status"] == {
        "submitted": 2,
        "under_consideration": 1,
        "adopted": 1,
        "not_adopted": 1,
        "withdrawn": 1,
    }
    assert facets["stance"] == {"supports": 2, "opposes": 2, "wants_change": 1, "new_measure": 1}
    assert facets["organisation_kind"] == {
        "trade_union": 2,
        "professional_association": 2,
        "council": 2,
    }
    council = world["council"]
    assert facets["organisation"] == {str(nito.pk): 2, str(tekna.pk): 2, str(council.pk): 2}
    assert facets["year"] == {"2024": 2, "2025": 4}
    assert sum(facets["document"].values()) == 6


def test_each_facet_is_counted_with_the_other_filters(world, nito, tekna):
    facets = facets_of(f"status=submitted&organisation={nito.pk}")
    # Status: with only the organisation filter (d1, d2).
    assert facets["status"] == {"submitted": 1, "adopted": 1}
    # Organisation: with only the status filter (d1, d3).
    assert facets["organisation"] == {str(nito.pk): 1, str(tekna.pk): 1}
    # The others: with both filters (d1).
    assert facets["stance"] == {"supports": 1}
    assert facets["organisation_kind"] == {"trade_union": 1}
    assert facets["year"] == {"2024": 1}


def test_a_chosen_value_stays_in_its_facet_even_with_no_matches(world, nito):
    browse = selectors.demand_browse(
        user=None, params=QueryDict(f"organisation={nito.pk}&stance=new_measure")
    )
    organisation = next(f for f in browse.facets if f.name == "organisation")
    chosen = [o for o in organisation.options if o.checked]
    assert [(o.value, o.count) for o in chosen] == [(str(nito.pk), 0)]


def test_the_organisation_facet_shows_twenty_and_keeps_the_rest_one_click_away(world, nou):
    for number in range(25):
        org = OrganisationFactory(short_name=f"X{number:02d}", name=f"Organisasjon {number:02d}")
        make_demand(organisation=org, document=nou, title=f"Krav {number}", text="Tekst.")
    browse = selectors.demand_browse(user=None, params=QueryDict(""))
    organisation = next(f for f in browse.facets if f.name == "organisation")
    assert len(organisation.options) == 20
    assert len(organisation.options) + len(organisation.more) == 28


def test_facets_show_drafts_only_to_their_organisation(world, nito_editor, secretary):
    assert "draft" not in facets_of("")["status"]
    assert facets_of("", nito_editor)["status"]["draft"] == 1
    assert "draft" not in facets_of("", secretary)["status"]
    assert facets_of("", secretary)["status"]["submitted"] == 3  # d7 is hidden, not secret


@pytest.mark.parametrize(
    "query",
    [
        "status=bogus",
        "status=submitted&status=bogus",
        "stance=maybe",
        "organisation=abc",
        "organisation=999999",
        "organisation=99999999999999999999999",
        "document=-1",
        "chapter=ti",
        "budget_post=1.5",
        "year=abc",
        "year=1066",
        "organisation_kind=unicorn",
        "sort=sideways",
    ],
)
def test_a_bad_value_is_reported_and_the_filter_ignored(world, query):
    result = selectors.demand_search(user=None, params=QueryDict(query))
    assert result.has_errors
    assert result.notices
    assert "Filteret er ikke brukt" in result.notices[0]
    assert keys_of(world, result.queryset) == PUBLIC


def test_a_bad_filter_does_not_undo_the_good_ones(world):
    assert found(world, "status=bogus&stance=supports") == {"d1", "d4"}


def test_nul_bytes_are_stripped_from_every_value(world):
    assert found(world, "q=studie%00plass") == {"d1"}
    assert found(world, "status=sub%00mitted") == {"d1", "d3"}


def test_an_overlong_search_is_cut_with_a_message(world):
    result = selectors.demand_search(user=None, params=QueryDict("q=" + "a" * 10_000))
    assert len(result.query_text) == 200
    assert any("200 tegn" in notice for notice in result.notices)
    assert keys_of(world, result.queryset) == set()


def test_the_honoured_query_string_drops_bad_values_page_and_format(world):
    result = selectors.demand_search(
        user=None, params=QueryDict("status=bogus&stance=supports&page=3&format=csv")
    )
    assert result.params.urlencode() == "stance=supports"
