"""A small world for the API tests: published, draft and hidden demands with markers."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from organizations import permissions
from proposals.api import tokens
from proposals.demands import services
from proposals.models import DemandStatus, Submission
from tests.factories import BudgetPostFactory, make_demand

DRAFT_MARKER = "KLADDMERKE-7f3a"
HIDDEN_MARKER = "SKJULTMERKE-91cc"
NOTE_MARKER = "NOTATMERKE-c0de"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def api_for():
    """``api_for(user)``: a client with a fresh token of ``user`` (None: anonymous).

    A user who may hold no token (no role) is logged in with a session instead.
    """

    def _client(user):
        client = APIClient()
        if user is not None and not permissions.can_hold_api_token(user):
            client.force_login(user)
        elif user is not None:
            _token, raw = tokens.api_token_create(user=user, name="test")
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        return client

    return _client


@pytest.fixture
def world(nito, tekna, nou, secretary):
    chapter = nou.chapters.get(number="10.3")
    post = BudgetPostFactory()
    submission = Submission.objects.create(
        organisation=nito, document=nou, title="NITOs høringssvar", text="Hele teksten."
    )
    draft_submission = Submission.objects.create(
        organisation=tekna, document=nou, title=f"Tekna-utkast {DRAFT_MARKER}"
    )
    published = make_demand(
        organisation=nito,
        document=nou,
        title="Flere studieplasser i helsefag",
        chapters=[chapter],
        budget_posts=[post],
        submission=submission,
    )
    considered = make_demand(
        organisation=tekna,
        document=nou,
        title="Bedre digitale verktøy",
        status=DemandStatus.UNDER_CONSIDERATION,
    )
    draft = make_demand(
        organisation=nito,
        document=nou,
        status=DemandStatus.DRAFT,
        title=f"Utkast {DRAFT_MARKER}",
        text=f"Tekst {DRAFT_MARKER}",
    )
    tekna_draft = make_demand(
        organisation=tekna,
        document=nou,
        status=DemandStatus.DRAFT,
        title=f"Tekna-kladd {DRAFT_MARKER}",
        submission=draft_submission,
    )
    hidden = make_demand(
        organisation=tekna,
        document=nou,
        title=f"Skjult {HIDDEN_MARKER}",
        text=f"Personopplysninger {HIDDEN_MARKER}",
        hidden=True,
    )
    services.internal_note_add(demand=published, user=secretary, text=f"Internt {NOTE_MARKER}")
    return {
        "published": published,
        "considered": considered,
        "draft": draft,
        "tekna_draft": tekna_draft,
        "hidden": hidden,
        "chapter": chapter,
        "post": post,
        "submission": submission,
        "draft_submission": draft_submission,
    }


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}
