"""The organisation's side and the landing pages; the bulk form's allowed moves."""

from __future__ import annotations

import pytest
from django.urls import reverse

from proposals.models import Demand
from tests.factories import UserFactory, make_demand

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "landing"),
    [
        ("nito_editor", "/workspace/"),
        ("secretary", "/secretariat/"),
        ("admin_user", "/secretariat/"),
        ("nobody", "/"),
    ],
)
def test_after_logging_in_each_role_lands_where_it_works(request, client, role, landing):
    user = UserFactory(username="uten.rolle") if role == "nobody" else request.getfixturevalue(role)
    response = client.post(
        reverse("login"), {"username": user.username, "password": "secret-pass-123"}
    )
    assert response.status_code == 302
    assert client.get(response["Location"]).url == landing


def test_a_next_address_still_wins(client, nito_editor):
    response = client.post(
        reverse("login") + "?next=/documents/",
        {"username": nito_editor.username, "password": "secret-pass-123", "next": "/documents/"},
    )
    assert response["Location"] == "/documents/"


def test_the_stance_has_no_default_and_must_be_chosen(client_for, nito_editor, nou):
    client = client_for(nito_editor)
    url = reverse("workspace:demand_new") + f"?document={nou.pk}"
    html = client.get(url).content.decode()
    assert '<option value="" selected>Velg standpunkt</option>' in html
    response = client.post(url, {"title": "Uten standpunkt", "text": "Tekst.", "stance": ""})
    assert response.status_code == 200
    assert "Velg organisasjonens standpunkt." in response.content.decode()
    assert not Demand.objects.filter(title="Uten standpunkt").exists()


def test_the_queue_tells_the_bulk_form_each_rows_moves(client_for, secretary, nito, nou):
    submitted = make_demand(organisation=nito, document=nou, title="Levert krav")
    make_demand(organisation=nito, document=nou, title="Avgjort", status="adopted")
    html = client_for(secretary).get(reverse("secretariat:queue"), {"state": "all"}).content
    html = html.decode()
    assert (
        f'value="{submitted.pk}" id="pick-{submitted.pk}" data-allowed="under_consideration addressed adopted partially_adopted not_adopted"'
        in html
    )
    assert 'data-allowed="under_consideration"' in html  # the decided one may only be reopened
