"""Who may do what, through the real URLs.

Five people × eight actions. «login» means the visitor is sent to the login
page; a number is the expected HTTP status of a refusal; «ok» means the
action happened. On every refusal the data is checked to be unchanged.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from proposals.demands import services
from proposals.models import Demand, DemandStatus, StatusChange
from tests.factories import make_demand

pytestmark = pytest.mark.django_db

PEOPLE = ["anonymous", "own_editor", "other_editor", "secretary", "admin"]

MATRIX = {
    #                   anonymous  own    other  secretary admin
    "view_draft": ["login", "ok", 404, 403, 403],
    "edit": ["login", "ok", 404, 403, 403],
    "submit": ["login", "ok", 404, 403, 403],
    "withdraw": ["login", "ok", 404, 403, 403],
    "change_status": ["login", 403, 403, "ok", "ok"],
    "read_internal_note": ["login", 403, 403, "ok", "ok"],
    "bulk_change": ["login", 403, 403, "ok", "ok"],
    "export": ["login", 403, 403, "ok", "ok"],
}

NOTE = "Internt: ring organisasjonen før møtet."


@pytest.fixture
def world(nito, tekna, nou, nito_editor, tekna_editor, secretary, admin_user):
    draft = make_demand(organisation=nito, document=nou, status="draft", title="NITO-kladd")
    submitted = make_demand(
        organisation=nito, document=nou, status="submitted", title="NITO levert"
    )
    services.internal_note_add(demand=submitted, user=secretary, text=NOTE)
    users = {
        "anonymous": None,
        "own_editor": nito_editor,
        "other_editor": tekna_editor,
        "secretary": secretary,
        "admin": admin_user,
    }
    return {"draft": draft, "submitted": submitted, "users": users, "document": nou}


def _snapshot():
    return (
        sorted(Demand.objects.values_list("pk", "status", "text", "version")),
        StatusChange.objects.count(),
    )


def _do(action, client, world):
    draft, submitted = world["draft"], world["submitted"]
    if action == "view_draft":
        return client.get(reverse("workspace:demand_detail", args=[draft.pk]))
    if action == "edit":
        return client.post(
            reverse("workspace:demand_edit", args=[submitted.pk]),
            {
                "title": submitted.title,
                "text": "Endret tekst.",
                "stance": submitted.stance,
                "version": submitted.version,
            },
        )
    if action == "submit":
        return client.post(
            reverse("workspace:demand_status", args=[draft.pk]),
            {"to_status": "submitted", "expected_status": "draft"},
        )
    if action == "withdraw":
        return client.post(
            reverse("workspace:demand_status", args=[submitted.pk]),
            {"to_status": "withdrawn", "expected_status": "submitted"},
        )
    if action == "change_status":
        return client.post(
            reverse("secretariat:demand_status", args=[submitted.pk]),
            {"to_status": "under_consideration", "expected_status": "submitted"},
        )
    if action == "read_internal_note":
        return client.get(reverse("secretariat:demand_detail", args=[submitted.pk]))
    if action == "bulk_change":
        return client.post(
            reverse("secretariat:bulk_status"),
            {"demands": [submitted.pk], "to_status": "under_consideration", "note": ""},
        )
    if action == "export":
        return client.get(reverse("secretariat:committee_export", args=[world["document"].slug]))
    raise AssertionError(action)


def _happened(action, response, world) -> bool:
    draft = Demand.objects.get(pk=world["draft"].pk)
    submitted = Demand.objects.get(pk=world["submitted"].pk)
    if action == "view_draft":
        return response.status_code == 200 and "NITO-kladd" in response.content.decode()
    if action == "edit":
        return submitted.text == "Endret tekst." and submitted.version == 2
    if action == "submit":
        return draft.status == DemandStatus.SUBMITTED
    if action == "withdraw":
        return submitted.status == DemandStatus.WITHDRAWN
    if action in ("change_status", "bulk_change"):
        return submitted.status == DemandStatus.UNDER_CONSIDERATION
    if action == "read_internal_note":
        return response.status_code == 200 and NOTE in response.content.decode()
    if action == "export":
        return response.status_code == 200 and response.content[:2] == b"PK"
    raise AssertionError(action)


@pytest.mark.parametrize("action", list(MATRIX))
@pytest.mark.parametrize("person", PEOPLE)
def test_permission_matrix(action, person, world, client_for):
    expected = MATRIX[action][PEOPLE.index(person)]
    client = client_for(world["users"][person])
    before = _snapshot()
    response = _do(action, client, world)
    if expected == "ok":
        assert _happened(action, response, world), (action, person, response.status_code)
        return
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected
    assert NOTE not in response.content.decode(errors="replace")
    assert _snapshot() == before
    assert not _happened(action, response, world)


def test_the_secretariat_cannot_open_a_draft_on_its_own_pages(world, client_for):
    client = client_for(world["users"]["secretary"])
    response = client.get(reverse("secretariat:demand_detail", args=[world["draft"].pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("person", ["anonymous", "own_editor", "other_editor"])
def test_internal_notes_never_reach_organisations_or_the_public(person, world, client_for):
    client = client_for(world["users"][person])
    pages = [
        reverse("portal:home"),
        reverse("portal:organisation_detail", args=["nito"]),
        reverse("workspace:home"),
        reverse("workspace:demand_detail", args=[world["submitted"].pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert NOTE not in response.content.decode(), url


def test_an_editor_of_another_organisation_cannot_attach_to_or_edit_its_profile(world, client_for):
    client = client_for(world["users"]["other_editor"])
    response = client.post(
        reverse("workspace:organisation_edit", args=["nito"]), {"description": "Kapret"}
    )
    assert response.status_code == 404
    assert world["draft"].organisation.description != "Kapret"
