"""/demands/<id>/: one demand and its public history."""

from __future__ import annotations

import pytest
from django.utils import timezone

from proposals.demands import services
from proposals.models import DemandVersion, InternalNote
from tests.factories import BudgetPostFactory, make_demand

pytestmark = pytest.mark.django_db


@pytest.fixture
def demand(nito, nou):
    chapter = nou.chapters.get(number="10.3")
    demand = make_demand(
        organisation=nito,
        document=nou,
        status="adopted",
        stance="wants_change",
        title="Flere studieplasser",
        text="Første tekst, skrevet som kladd.",
        chapters=[chapter],
        budget_posts=[BudgetPostFactory()],
        requested_amount_nok=40_000_000,
    )
    # A position update after it was submitted: version 2, public.
    DemandVersion.objects.create(
        demand=demand,
        version=2,
        title="Flere studieplasser nå",
        text="Andre tekst, etter innlevering.",
        stance="wants_change",
        requested_amount_nok=40_000_000,
        chapter_labels=["10.3"],
        budget_post_labels=["Kap. 701, post 21"],
        status="submitted",
        created_at=timezone.now(),
    )
    InternalNote.objects.create(demand=demand, text="INTERNT-NOTAT-XYZ")
    return demand


def test_the_page_shows_the_demand_with_its_links_and_formats(client, demand):
    html = client.get(demand.get_absolute_url()).content.decode()
    assert "<h1>Flere studieplasser</h1>" in html
    assert "Norges ingeniør- og teknologorganisasjon" in html
    assert "10.3 Dimensjonering av helsefagutdanningene" in html
    assert "Kap. 701, post 21 (2026)" in html
    assert "Vil endre" in html
    assert "Imøtekommet" in html
    assert "+40\xa0000\xa0000 kr" in html
    today = timezone.localdate().strftime("%d.%m.%Y")
    assert f"Levert</dt><dd>{today}</dd>" in html


def test_the_public_history_has_the_submitted_text_status_changes_and_later_versions(
    client, demand
):
    html = client.get(demand.get_absolute_url()).content.decode()
    history = html.split('id="history-heading"', 1)[1]
    assert "Status endret fra «Kladd» til «Levert»." in history
    assert "Status endret fra «Til behandling» til «Imøtekommet»." in history
    assert "Merknad." in history
    # Version 1 is the text that was submitted: public, though written as a draft.
    assert "Versjon 1 lagret." in history
    assert "Versjon 1 skrevet som kladd" not in history
    assert "Versjon 2 lagret." in history
    assert "Andre tekst, etter innlevering." in history
    assert "Endret: Tittel, Krav." in history


def test_the_organisation_sees_its_earlier_drafts_too(client_for, nito, nou, nito_editor):
    demand = make_demand(organisation=nito, document=nou, status="draft", text="Utkast en.")
    services.demand_update(demand=demand, user=nito_editor, expected_version=1, text="Utkast to.")
    services.demand_change_status(demand=demand, to_status="submitted", user=nito_editor)
    html = client_for(nito_editor).get(demand.get_absolute_url()).content.decode()
    assert "Versjon 1 skrevet som kladd" in html
    assert "Versjon 2 lagret." in html
    public = client_for(None).get(demand.get_absolute_url()).content.decode()
    assert "Versjon 1" not in public and "Utkast en." not in public


def test_internal_notes_appear_for_nobody_on_the_portal(
    client_for, demand, secretary, nito_editor, anonymous
):
    for user in (secretary, nito_editor, anonymous):
        html = client_for(user).get(demand.get_absolute_url()).content.decode()
        assert "INTERNT-NOTAT-XYZ" not in html


def test_a_draft_is_a_404_except_to_its_organisation(client_for, nito, nou, nito_editor, secretary):
    draft = make_demand(organisation=nito, document=nou, status="draft")
    assert client_for(None).get(draft.get_absolute_url()).status_code == 404
    assert client_for(secretary).get(draft.get_absolute_url()).status_code == 404
    assert client_for(nito_editor).get(draft.get_absolute_url()).status_code == 200


def test_a_hidden_demand_is_a_404_for_the_public_only(client_for, nito, nou, secretary):
    hidden = make_demand(organisation=nito, document=nou, hidden=True)
    assert client_for(None).get(hidden.get_absolute_url()).status_code == 404
    html = client_for(secretary).get(hidden.get_absolute_url()).content.decode()
    assert "Skjult for offentligheten" in html


def test_unknown_ids_are_a_404(client, db):
    assert client.get("/demands/123456/").status_code == 404
    assert client.get("/demands/99999999999999999999999/").status_code == 404
    assert client.get("/demands/abc/").status_code == 404


def test_the_query_count_is_bounded(client, demand, django_assert_max_num_queries):
    # 1 demand with organisation, document and submission, 2 chapters, 3 posts,
    # 4 topics, 5 status changes, 6 versions, 7 the secretariat's public curation history,
    # 8 the confirmed passages that answered it, 9 its confirmed earlier and later forms.
    with django_assert_max_num_queries(9):
        response = client.get(demand.get_absolute_url())
    assert response.status_code == 200
