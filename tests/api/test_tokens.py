"""A token's whole life: made in the workspace, shown once, kept hashed, used, revoked, expired."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from proposals.api import tokens
from proposals.api.models import ApiToken

pytestmark = pytest.mark.django_db

PAGE = "/workspace/api-tokens/"


def _made(response) -> str:
    match = re.search(r'<code class="token-value">([^<]+)</code>', response.content.decode())
    assert match, "the new token is shown"
    return match.group(1)


def _bearer(raw):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def test_an_editor_makes_a_token_that_is_shown_once_and_stored_hashed(
    client_for, nito_editor, nito
):
    client = client_for(nito_editor)
    response = client.post(PAGE, {"name": "Saksbehandling", "days": 30})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    raw = _made(response)
    token = ApiToken.objects.get(user=nito_editor)
    assert token.name == "Saksbehandling"
    assert raw not in {token.key_hash, token.prefix} and token.key_hash == tokens.token_hash(raw)
    assert raw.startswith(token.prefix)
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)
    # Shown once: the list shows its prefix and no secret.
    again = client.get(PAGE).content.decode()
    assert raw not in again and token.prefix in again


def test_its_last_use_is_recorded_and_shown(client_for, nito_editor, nito):
    client = client_for(nito_editor)
    raw = _made(client.post(PAGE, {"name": "Skript", "days": 5}))
    assert "Aldri" in client.get(PAGE).content.decode()
    assert _bearer(raw).get("/api/v1/demands/").status_code == 200
    token = ApiToken.objects.get(user=nito_editor)
    assert token.last_used_at is not None
    shown = timezone.localtime(token.last_used_at).strftime("%d.%m.%Y")  # the reader's day, in Oslo
    assert shown in client.get(PAGE).content.decode()


def test_a_revoked_token_is_refused_with_401(client_for, nito_editor, nito):
    client = client_for(nito_editor)
    raw = _made(client.post(PAGE, {"name": "Skript", "days": 5}))
    token = ApiToken.objects.get(user=nito_editor)
    response = client.post(f"{PAGE}{token.pk}/revoke/")
    assert response.status_code == 302
    refused = _bearer(raw).get("/api/v1/demands/")
    assert refused.status_code == 401
    assert refused.json()["code"] == "not_authenticated"
    assert refused["WWW-Authenticate"].startswith("Bearer")
    assert "Trukket tilbake" in client.get(PAGE).content.decode()


def test_an_expired_token_is_refused(nito_editor):
    _token, raw = tokens.api_token_create(user=nito_editor, name="Kort", days=1)
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert _bearer(raw).get("/api/v1/documents/").status_code == 401


@pytest.mark.parametrize("header", ["Bearer kvt_nonsense", "Bearer ", "Bearer " + "k" * 5000])
def test_an_unknown_token_is_401_never_500(db, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    assert client.get("/api/v1/documents/").status_code == 401


def test_no_one_revokes_anothers_token(client_for, nito_editor, tekna_editor):
    token, _raw = tokens.api_token_create(user=nito_editor, name="NITO")
    assert client_for(tekna_editor).post(f"{PAGE}{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_secretary_may_hold_a_token_and_a_visitor_may_not(client_for, secretary, db):
    from tests.factories import UserFactory

    assert client_for(secretary).post(PAGE, {"name": "Sekretariat", "days": 10}).status_code == 200
    outsider = UserFactory(username="uten.rolle")
    assert client_for(outsider).get(PAGE).status_code == 403
    assert client_for(None).get(PAGE).status_code == 302


@pytest.mark.parametrize("days", [0, 367, "x"])
def test_a_bad_lifetime_is_refused_with_a_message(client_for, nito_editor, days):
    response = client_for(nito_editor).post(PAGE, {"name": "Feil", "days": days})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()
