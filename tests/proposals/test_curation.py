"""The secretariat's curation: each service against every role, its history, its screens."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from proposals.demands import curation
from proposals.models import Chapter, CurationEvent, Demand, SharedDemand, Topic
from tests.factories import BudgetPostFactory, make_demand

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "nito_editor", "tekna_editor", "secretary", "admin_user"]
ALLOWED = {"secretary", "admin_user"}


@pytest.fixture
def world(nito, tekna, nou):
    topic = Topic.objects.create(name="Helse", slug="helse")
    return {
        "demand": make_demand(organisation=nito, document=nou, title="Flere studieplasser"),
        "other": make_demand(organisation=nito, document=nou, title="Studieplasser igjen"),
        "tekna": make_demand(organisation=tekna, document=nou, title="Flere plasser"),
        "chapter": Chapter.objects.get(document=nou, number="10.3"),
        "post": BudgetPostFactory(),
        "topic": topic,
    }


def _link_chapter(user, w):
    curation.demand_link_chapters(demand=w["demand"], user=user, add=[w["chapter"]])


def _link_post(user, w):
    curation.demand_link_budget_posts(demand=w["demand"], user=user, add=[w["post"]])


def _retitle(user, w):
    curation.demand_set_editorial_title(demand=w["demand"], user=user, title="Studieplasser")


def _topics(user, w):
    curation.demand_set_topics(demand=w["demand"], user=user, topics=[w["topic"]])


def _duplicate(user, w):
    curation.demand_mark_duplicate(demand=w["other"], user=user, of=w["demand"])


def _share(user, w):
    curation.shared_demand_create(
        user=user, title="Flere studieplasser", demand_ids=[w["demand"].pk, w["tekna"].pk]
    )


def _split(user, w):
    curation.demand_split(
        demand=w["demand"], user=user, text="Første del.", new_title="Andre", new_text="Andre del."
    )


def _bulk_link(user, w):
    curation.demands_bulk_link(
        user=user, demand_ids=[w["demand"].pk, w["tekna"].pk], chapter=w["chapter"]
    )


def _bulk_tag(user, w):
    curation.demands_bulk_tag(user=user, demand_ids=[w["demand"].pk], topic=w["topic"])


ACTIONS = {
    "link_chapter": _link_chapter,
    "link_post": _link_post,
    "retitle": _retitle,
    "topics": _topics,
    "duplicate": _duplicate,
    "share": _share,
    "split": _split,
    "bulk_link": _bulk_link,
    "bulk_tag": _bulk_tag,
}


def _state():
    """Everything curation can touch, to compare before and after a refusal."""
    demands = list(
        Demand.objects.order_by("pk").values_list(
            "pk", "text", "editorial_title", "duplicate_of", "shared_demand", "version"
        )
    )
    links = sorted(
        (d.pk, tuple(d.chapters.values_list("pk", flat=True)))
        + (tuple(d.budget_posts.values_list("pk", flat=True)),)
        + (tuple(d.topics.values_list("pk", flat=True)),)
        for d in Demand.objects.all()
    )
    return demands, links, CurationEvent.objects.count(), SharedDemand.objects.count()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_every_curation_action_against_every_role(request, world, role, action):
    user = request.getfixturevalue(role)
    before = _state()
    if role in ALLOWED:
        ACTIONS[action](user, world)
        assert _state() != before
        assert CurationEvent.objects.filter(actor=user).exists()
    else:
        with pytest.raises(PermissionDenied):
            ACTIONS[action](user, world)
        assert _state() == before


def test_a_draft_is_not_curated_even_by_the_secretariat(nito, nou, secretary):
    draft = make_demand(organisation=nito, document=nou, status="draft")
    chapter = Chapter.objects.get(document=nou, number="10.3")
    with pytest.raises(PermissionDenied):
        curation.demand_link_chapters(demand=draft, user=secretary, add=[chapter])
    assert not draft.chapters.exists()


def test_linking_a_chapter_is_told_to_the_organisation_and_the_public(
    world, secretary, client_for, nito_editor
):
    _link_chapter(secretary, world)
    demand = world["demand"]
    sentence = "Sekretariatet koblet kravet til kapittel 10.3"
    workspace = client_for(nito_editor).get(reverse("workspace:demand_detail", args=[demand.pk]))
    assert sentence in workspace.content.decode()
    public = client_for(None).get(demand.get_absolute_url())
    assert sentence in public.content.decode()


def test_a_chapter_of_another_document_is_refused_and_nothing_changes(world, secretary):
    from tests.factories import DocumentFactory

    other = DocumentFactory(identifier="NOU 2031:1")
    foreign = Chapter.objects.create(document=other, number="1", title="Innledning", sort_key="x")
    with pytest.raises(ValidationError):
        curation.demand_link_chapters(demand=world["demand"], user=secretary, add=[foreign])
    assert not world["demand"].chapters.exists()
    assert not CurationEvent.objects.exists()


def test_a_duplicate_leaves_public_lists_but_keeps_both_texts(world, secretary, client_for):
    _duplicate(secretary, world)
    public_ids = set(Demand.objects.published().values_list("pk", flat=True))
    assert world["other"].pk not in public_ids
    assert world["demand"].pk in public_ids
    assert Demand.objects.get(pk=world["other"].pk).text == world["other"].text
    listing = client_for(None).get(reverse("portal:demand_list")).content.decode()
    assert "Studieplasser igjen" not in listing


def test_duplicates_must_be_of_one_organisation(world, secretary):
    with pytest.raises(ValidationError):
        curation.demand_mark_duplicate(demand=world["tekna"], user=secretary, of=world["demand"])
    assert Demand.objects.get(pk=world["tekna"].pk).duplicate_of_id is None


def test_a_shared_demand_needs_several_organisations(world, secretary):
    with pytest.raises(ValidationError):
        curation.shared_demand_create(
            user=secretary, title="X", demand_ids=[world["demand"].pk, world["other"].pk]
        )
    assert not SharedDemand.objects.exists()


def test_a_split_keeps_the_original_in_the_history(world, secretary):
    original = world["demand"].text
    kept, part = curation.demand_split(
        demand=world["demand"], user=secretary, text="Del en.", new_title="Del to", new_text="To."
    )
    assert kept.text == "Del en."
    assert kept.versions.filter(text=original).exists()
    assert part.split_from_id == kept.pk and part.status == kept.status
    assert part.organisation_id == kept.organisation_id


def test_the_editorial_title_is_shown_beside_the_organisations_own(world, secretary, client_for):
    _retitle(secretary, world)
    html = client_for(None).get(world["demand"].get_absolute_url()).content.decode()
    assert "Studieplasser" in html and "Flere studieplasser" in html


def test_bulk_link_is_all_or_nothing(world, secretary, nito, tekna):
    from tests.factories import DocumentFactory

    elsewhere = make_demand(organisation=tekna, document=DocumentFactory(identifier="NOU 2031:2"))
    with pytest.raises(ValidationError):
        curation.demands_bulk_link(
            user=secretary, demand_ids=[world["demand"].pk, elsewhere.pk], chapter=world["chapter"]
        )
    assert not world["demand"].chapters.exists()


# --- Screens -------------------------------------------------------------------------


def test_the_secretariat_links_a_chapter_from_the_demand_page(world, secretary, client_for):
    client = client_for(secretary)
    demand = world["demand"]
    page = client.get(reverse("secretariat:demand_detail", args=[demand.pk])).content.decode()
    assert f'data-picker-document="{demand.document_id}"' in page
    assert 'name="chapters"' in page
    response = client.post(
        reverse("secretariat:demand_curate", args=[demand.pk]),
        {"action": "links", "chapters": [world["chapter"].pk]},
        follow=True,
    )
    assert "Koblingene er lagret." in response.content.decode()
    assert "Sekretariatet koblet kravet til kapittel 10.3" in response.content.decode()
    assert response.status_code == 200
    assert list(demand.chapters.values_list("number", flat=True)) == ["10.3"]


@pytest.mark.parametrize("role", ["anonymous", "nito_editor", "tekna_editor"])
def test_the_curation_screen_refuses_others(request, world, client_for, role):
    user = request.getfixturevalue(role)
    response = client_for(user).post(
        reverse("secretariat:demand_curate", args=[world["demand"].pk]),
        {"action": "links", "chapters": [world["chapter"].pk]},
    )
    assert response.status_code in (302, 403)
    assert not world["demand"].chapters.exists()


def test_bad_input_on_the_curation_screen_is_a_message(world, secretary, client_for):
    response = client_for(secretary).post(
        reverse("secretariat:demand_curate", args=[world["demand"].pk]),
        {"action": "links", "chapters": ["not-a-number"]},
        follow=True,
    )
    assert response.status_code == 200
    assert not world["demand"].chapters.exists()


def test_bulk_link_from_the_queue(world, secretary, client_for):
    response = client_for(secretary).post(
        reverse("secretariat:bulk_curate"),
        {
            "demands": [world["demand"].pk, world["tekna"].pk],
            "action": "link",
            "chapter": world["chapter"].pk,
        },
        follow=True,
    )
    assert response.status_code == 200
    assert world["tekna"].chapters.filter(number="10.3").exists()
