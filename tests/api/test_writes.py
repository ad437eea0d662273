"""Writes with tokens: the same services and rules as the web pages, answered in JSON."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from proposals.models import Demand, DemandStatus, StatusChange
from tests.conftest import require_postgresql
from tests.factories import UserFactory, make_demand

pytestmark = pytest.mark.django_db


def _new(nou, organisation, **extra):
    return {
        "organisation": organisation.pk,
        "document": nou.pk,
        "title": "Flere lærlingplasser",
        "text": "Vi ber om flere lærlingplasser i helsefag.",
        "stance": "new_measure",
        **extra,
    }


def test_an_editor_keeps_the_organisations_demands_in_sync(api_for, nito_editor, nito, nou):
    client = api_for(nito_editor)
    chapter = nou.chapters.get(number="10.3")
    created = client.post("/api/v1/demands/", _new(nou, nito, chapters=[chapter.pk]), format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "draft" and body["version"] == 1
    assert [c["number"] for c in body["chapters"]] == ["10.3"]
    pk = body["id"]
    # The draft is the organisation's own: it reads it back, the public does not.
    assert client.get(f"/api/v1/demands/{pk}/").status_code == 200
    updated = client.patch(
        f"/api/v1/demands/{pk}/", {"version": 1, "title": "Flere lærlinger"}, format="json"
    )
    assert updated.status_code == 200 and updated.json()["version"] == 2
    submitted = client.post(f"/api/v1/demands/{pk}/submit/", {}, format="json")
    assert submitted.json()["status"] == "submitted"
    withdrawn = client.post(
        f"/api/v1/demands/{pk}/withdraw/", {"expected_status": "submitted"}, format="json"
    )
    assert withdrawn.json()["status"] == "withdrawn"
    assert [s["to_status"] for s in withdrawn.json()["status_changes"]] == [
        "submitted",
        "withdrawn",
    ]


def test_a_stale_version_gets_409_with_the_current_version_and_nothing_is_kept(
    api_for, nito_editor, nito, nou
):
    demand = make_demand(organisation=nito, document=nou, status=DemandStatus.DRAFT)
    client = api_for(nito_editor)
    client.patch(f"/api/v1/demands/{demand.pk}/", {"version": 1, "title": "A"}, format="json")
    stale = client.patch(
        f"/api/v1/demands/{demand.pk}/", {"version": 1, "title": "B"}, format="json"
    )
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2 and stale.json()["code"] == "conflict"
    demand.refresh_from_db()
    assert demand.title == "A"


def test_a_refused_transition_gets_422_with_the_message(api_for, nito_editor, nito, nou):
    demand = make_demand(organisation=nito, document=nou, status=DemandStatus.DRAFT)
    response = api_for(nito_editor).post(f"/api/v1/demands/{demand.pk}/withdraw/", format="json")
    assert response.status_code == 422
    assert "Kladd" in response.json()["message"]


def test_a_moved_status_gets_422(api_for, nito_editor, nito, nou):
    demand = make_demand(organisation=nito, document=nou)
    response = api_for(nito_editor).post(
        f"/api/v1/demands/{demand.pk}/withdraw/", {"expected_status": "draft"}, format="json"
    )
    assert response.status_code == 422


def test_a_secretarys_token_changes_statuses_with_a_note(api_for, secretary, nito, nou):
    demand = make_demand(organisation=nito, document=nou)
    client = api_for(secretary)
    url = f"/api/v1/demands/{demand.pk}/status/"
    assert (
        client.post(url, {"status": "under_consideration"}, format="json").json()["status"]
        == "under_consideration"
    )
    no_note = client.post(url, {"status": "adopted"}, format="json")
    assert no_note.status_code == 422 and "merknad" in no_note.json()["message"]
    done = client.post(
        url, {"status": "adopted", "note": "Tatt inn i innstillingen."}, format="json"
    )
    assert done.json()["status"] == "adopted"
    assert StatusChange.objects.filter(demand=demand, to_status="adopted").exists()


def test_idempotency_key_makes_a_retried_create_safe(api_for, nito_editor, nito, nou):
    client = api_for(nito_editor)
    first = client.post(
        "/api/v1/demands/", _new(nou, nito), format="json", HTTP_IDEMPOTENCY_KEY="abc-1"
    )
    again = client.post(
        "/api/v1/demands/", _new(nou, nito), format="json", HTTP_IDEMPOTENCY_KEY="abc-1"
    )
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert first.json()["id"] == again.json()["id"]
    assert Demand.objects.count() == 1
    other = client.post(
        "/api/v1/demands/",
        _new(nou, nito, title="Noe annet"),
        format="json",
        HTTP_IDEMPOTENCY_KEY="abc-1",
    )
    assert other.status_code == 422
    fresh = client.post(
        "/api/v1/demands/", _new(nou, nito), format="json", HTTP_IDEMPOTENCY_KEY="abc-2"
    )
    assert fresh.status_code == 201 and Demand.objects.count() == 2


def test_a_failed_create_keeps_no_key_so_the_retry_runs(api_for, nito_editor, nito, nou):
    client = api_for(nito_editor)
    bad = client.post(
        "/api/v1/demands/", _new(nou, nito, stance="maybe"), format="json", HTTP_IDEMPOTENCY_KEY="k"
    )
    assert bad.status_code == 400 and "stance" in bad.json()["fields"]
    good = client.post("/api/v1/demands/", _new(nou, nito), format="json", HTTP_IDEMPOTENCY_KEY="k")
    assert good.status_code == 201


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_creates_with_one_key_make_one_demand(api_for, nito_editor, nito, nou):
    require_postgresql()
    client = api_for(nito_editor)
    results, barrier = [], threading.Barrier(2)

    def post():
        barrier.wait()
        try:
            response = client.post(
                "/api/v1/demands/", _new(nou, nito), format="json", HTTP_IDEMPOTENCY_KEY="same"
            )
            results.append((response.status_code, response.json()["id"]))
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [code for code, _ in results] == [201, 201]
    assert len({pk for _, pk in results}) == 1
    assert Demand.objects.count() == 1


# --- Errors ---------------------------------------------------------------------------


def test_bad_fields_get_400_with_field_messages(api_for, nito_editor, nito, nou):
    response = api_for(nito_editor).post(
        "/api/v1/demands/",
        {"organisation": nito.pk, "document": 10**9, "title": "", "stance": "x", "chapters": "1"},
        format="json",
    )
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert {"title", "text", "stance", "chapters"} <= set(fields)


def test_unknown_references_get_400_naming_them(api_for, nito_editor, nito, nou):
    response = api_for(nito_editor).post(
        "/api/v1/demands/", _new(nou, nito, budget_posts=[987654]), format="json"
    )
    assert response.status_code == 400 and "987654" in response.json()["fields"]["budget_posts"][0]


def test_a_chapter_of_another_document_is_refused_by_the_service(api_for, nito_editor, nito, nou):
    from tests.factories import DocumentFactory

    other = DocumentFactory()
    response = api_for(nito_editor).post(
        "/api/v1/demands/", _new(other, nito, chapters=[nou.chapters.first().pk]), format="json"
    )
    assert response.status_code == 400


def test_non_json_is_415_and_a_huge_body_413(api_for, nito_editor, nito, nou, settings):
    client = api_for(nito_editor)
    form = client.post(
        "/api/v1/demands/", "title=x", content_type="application/x-www-form-urlencoded"
    )
    assert form.status_code == 415 and form.json()["code"] == "unsupported_media_type"
    settings.API_MAX_BODY_BYTES = 100
    big = client.post("/api/v1/demands/", _new(nou, nito, text="x" * 500), format="json")
    assert big.status_code == 413 and big.json()["code"] == "too_large"


def test_broken_json_is_400(api_for, nito_editor):
    response = api_for(nito_editor).post(
        "/api/v1/demands/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["code"] == "invalid"


@pytest.mark.parametrize("method", ["put", "delete"])
def test_other_methods_get_405(api_for, nito_editor, nito, nou, method):
    demand = make_demand(organisation=nito, document=nou)
    response = getattr(api_for(nito_editor), method)(f"/api/v1/demands/{demand.pk}/")
    assert response.status_code == 405 and response.json()["code"] == "method_not_allowed"


def test_anonymous_writes_get_401(api, nito, nou):
    assert api.post("/api/v1/demands/", _new(nou, nito), format="json").status_code == 401


def test_the_anonymous_and_token_limits_answer_429_with_retry_after(
    api, api_for, nito_editor, settings
):
    settings.API_THROTTLE_RATES = {"anonymous": "2/min", "token": "3/min"}
    codes = [api.get("/api/v1/documents/").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    limited = api.get("/api/v1/documents/")
    assert int(limited["Retry-After"]) > 0 and limited.json()["retry_after"] > 0
    client = api_for(nito_editor)
    codes = [client.get("/api/v1/documents/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_a_database_away_is_503_with_retry_after(api, monkeypatch):
    from django.db import OperationalError

    from proposals.api import views

    def away(**kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(views.selectors, "document_list", away)
    response = api.get("/api/v1/documents/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30" and response.json()["code"] == "unavailable"


# --- The permission matrix ------------------------------------------------------------

ROLES = ["anonymous", "nito_editor", "nito_viewer", "tekna_editor", "secretary", "outsider"]


@pytest.fixture
def people(nito, nito_editor, tekna_editor, secretary):
    from organizations.models import Membership
    from tests.factories import member

    return {
        "anonymous": None,
        "nito_editor": nito_editor,
        "nito_viewer": member(UserFactory(username="vera.viewer"), nito, Membership.Role.VIEWER),
        "tekna_editor": tekna_editor,
        "secretary": secretary,
        "outsider": UserFactory(username="uten.rolle"),
    }


# What each role gets for each write on a NITO demand: (draft, submitted).
MATRIX = {
    "create": {
        "anonymous": 401,
        "nito_editor": 201,
        "nito_viewer": 403,
        "tekna_editor": 403,
        "secretary": 403,
        "outsider": 403,
    },
    "update": {
        "anonymous": (401, 401),
        "nito_editor": (200, 200),
        "nito_viewer": (403, 403),
        "tekna_editor": (404, 403),
        "secretary": (404, 403),
        "outsider": (404, 403),
    },
    "submit": {
        "anonymous": (401, 401),
        "nito_editor": (200, 422),
        "nito_viewer": (403, 403),
        "tekna_editor": (404, 403),
        "secretary": (404, 403),
        "outsider": (404, 403),
    },
    "withdraw": {
        "anonymous": (401, 401),
        "nito_editor": (422, 200),
        "nito_viewer": (403, 403),
        "tekna_editor": (404, 403),
        "secretary": (404, 403),
        "outsider": (404, 403),
    },
    "status": {
        "anonymous": (401, 401),
        "nito_editor": (403, 403),
        "nito_viewer": (403, 403),
        "tekna_editor": (404, 403),
        "secretary": (404, 200),
        "outsider": (404, 403),
    },
    "read": {
        "anonymous": (404, 200),
        "nito_editor": (200, 200),
        "nito_viewer": (200, 200),
        "tekna_editor": (404, 200),
        "secretary": (404, 200),
        "outsider": (404, 200),
    },
}


def _call(client, action, demand):
    url = f"/api/v1/demands/{demand.pk}/"
    if action == "read":
        return client.get(url)
    if action == "update":
        return client.patch(url, {"version": demand.version, "title": "Ny tittel"}, format="json")
    if action == "status":
        return client.post(url + "status/", {"status": "under_consideration"}, format="json")
    return client.post(url + f"{action}/", {}, format="json")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ["read", "update", "submit", "withdraw", "status"])
def test_the_permission_matrix_for_every_demand_endpoint(api_for, people, nito, nou, role, action):
    draft = make_demand(organisation=nito, document=nou, status=DemandStatus.DRAFT)
    submitted = make_demand(organisation=nito, document=nou)
    client = api_for(people[role])
    got = (_call(client, action, draft).status_code, _call(client, action, submitted).status_code)
    assert got == MATRIX[action][role]


@pytest.mark.parametrize("role", ROLES)
def test_the_permission_matrix_for_create(api_for, people, nito, nou, role):
    response = api_for(people[role]).post("/api/v1/demands/", _new(nou, nito), format="json")
    assert response.status_code == MATRIX["create"][role]
    assert Demand.objects.count() == (1 if response.status_code == 201 else 0)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "path",
    [
        "documents",
        "chapters",
        "budget-posts",
        "organisations",
        "submissions",
        "demands",
        "status-changes",
    ],
)
def test_every_list_reads_for_every_role_and_refuses_writes(api_for, people, role, path):
    client = api_for(people[role])
    assert client.get(f"/api/v1/{path}/").status_code == 200
    if path != "demands":
        assert client.post(f"/api/v1/{path}/", {}, format="json").status_code in (401, 405)
