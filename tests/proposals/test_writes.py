"""Every write through a service: status and updated_at, save-and-submit, double posts,
hiding a demand, and the admin that shows demands without changing them."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from proposals.demands import history, services
from proposals.demands.workflow import DemandStatus as S
from proposals.models import Demand
from tests.factories import make_demand

pytestmark = pytest.mark.django_db


def test_a_status_change_brings_the_demand_to_the_top_of_the_workspace(
    nito, nou, nito_editor, secretary
):
    demand = make_demand(organisation=nito, document=nou)
    before = Demand.objects.get(pk=demand.pk).updated_at
    services.demand_change_status(demand=demand, to_status=S.UNDER_CONSIDERATION, user=secretary)
    assert Demand.objects.get(pk=demand.pk).updated_at > before


def _new_demand_form(document, token, **extra):
    return {
        "title": "Flere lærlingplasser",
        "text": "Staten må ta inn flere lærlinger.",
        "stance": "new_measure",
        "requested_amount_nok": "",
        "form_token": token,
        **extra,
    }


def test_save_and_submit_is_one_step(client_for, nito, nou, nito_editor):
    url = reverse("workspace:demand_new") + f"?document={nou.pk}"
    token = "7c1f7a4e-2b0b-4c57-9f3e-0d5a3c1b2a10"
    response = client_for(nito_editor).post(url, _new_demand_form(nou, token, submit_now="1"))
    assert response.status_code == 302
    demand = Demand.objects.get()
    assert demand.status == S.SUBMITTED
    assert str(demand.form_token) == token


def test_a_refused_submission_leaves_no_draft_behind(nito, nou, tekna_editor, nito_editor):
    with pytest.raises(PermissionDenied):
        services.demand_create(
            user=tekna_editor,
            organisation=nito,
            document=nou,
            title="T",
            text="Tekst.",
            stance="new_measure",
            submit=True,
        )
    assert not Demand.objects.exists()


@pytest.mark.parametrize("submit", [False, True])
def test_the_same_form_posted_twice_creates_one_demand(client_for, nou, nito, nito_editor, submit):
    """Back and save again, a double click or a retried request: one demand."""
    url = reverse("workspace:demand_new") + f"?document={nou.pk}"
    token = "0b9d4f7e-8f61-4d0e-9d52-3f0e5b8a6c21"
    extra = {"submit_now": "1"} if submit else {}
    client = client_for(nito_editor)
    first = client.post(url, _new_demand_form(nou, token, **extra))
    second = client.post(url, _new_demand_form(nou, token, **extra))
    assert Demand.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_two_forms_make_two_demands(client_for, nou, nito, nito_editor):
    url = reverse("workspace:demand_new") + f"?document={nou.pk}"
    client = client_for(nito_editor)
    page = client.get(url).content.decode()
    assert 'name="form_token"' in page
    client.post(url, _new_demand_form(nou, "11111111-1111-4111-8111-111111111111"))
    client.post(url, _new_demand_form(nou, "22222222-2222-4222-8222-222222222222"))
    assert Demand.objects.count() == 2


# --- Hiding a demand ----------------------------------------------------------------


def test_the_secretariat_hides_and_shows_a_demand_with_a_reason_in_its_history(
    client_for, nito, nou, secretary, anonymous
):
    demand = make_demand(organisation=nito, document=nou, title="Med personopplysninger")
    client = client_for(secretary)
    url = reverse("secretariat:demand_visibility", args=[demand.pk])
    refused = client.post(url, {"reason": "  "}, follow=True)
    assert "Skriv hvorfor kravet skjules eller vises igjen." in refused.content.decode()
    assert not Demand.objects.get(pk=demand.pk).hidden_from_public

    client.post(url, {"reason": "Navn på en pasient."})
    demand.refresh_from_db()
    assert demand.hidden_from_public
    assert demand not in Demand.objects.visible_to(anonymous)
    assert (
        client_for(None).get(reverse("portal:demand_detail", args=[demand.pk])).status_code == 404
    )
    notes = history.demand_history(demand=demand, user=secretary).notes
    assert [n.text for n in notes] == ["Skjult for offentligheten: Navn på en pasient."]

    client.post(url, {"reason": "Navnet er fjernet."})
    demand.refresh_from_db()
    assert not demand.hidden_from_public
    page = client.get(reverse("secretariat:demand_detail", args=[demand.pk])).content.decode()
    assert "Vises igjen: Navnet er fjernet." in page


@pytest.mark.parametrize("who", ["nito_editor", "tekna_editor", "anonymous"])
def test_only_the_secretariat_hides_demands(nito, nou, who, request, client_for):
    demand = make_demand(organisation=nito, document=nou)
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.demand_set_hidden(demand=demand, user=user, hidden=True, reason="Nei.")
    response = client_for(user).post(
        reverse("secretariat:demand_visibility", args=[demand.pk]), {"reason": "Nei."}
    )
    assert response.status_code in (302, 403)
    assert not Demand.objects.get(pk=demand.pk).hidden_from_public


def test_a_draft_cannot_be_hidden(nito, nou, secretary):
    draft = make_demand(organisation=nito, document=nou, status=S.DRAFT)
    with pytest.raises(PermissionDenied):
        services.demand_set_hidden(demand=draft, user=secretary, hidden=True, reason="Nei.")


def test_hiding_twice_is_refused(nito, nou, secretary):
    demand = make_demand(organisation=nito, document=nou)
    services.demand_set_hidden(demand=demand, user=secretary, hidden=True, reason="Grunn.")
    with pytest.raises(ValidationError):
        services.demand_set_hidden(demand=demand, user=secretary, hidden=True, reason="Igjen.")


# --- The admin --------------------------------------------------------------------


def test_the_admin_shows_a_demand_read_only_with_a_link_to_the_secretariat(
    client_for, nito, nou, admin_user
):
    demand = make_demand(organisation=nito, document=nou, title="Uendret tittel")
    client = client_for(admin_user)
    url = reverse("admin:proposals_demand_change", args=[demand.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert reverse("secretariat:demand_detail", args=[demand.pk]) in page.content.decode()
    client.post(url, {"title": "Endret i admin"})
    demand.refresh_from_db()
    assert demand.title == "Uendret tittel"
    assert demand.version == 1
    assert client.get(reverse("admin:proposals_demand_add")).status_code == 403
