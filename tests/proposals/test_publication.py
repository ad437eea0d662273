"""Prepared outcomes: visible to the secretariat only until published, now or at a time."""

from __future__ import annotations

import datetime
import io
import uuid
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from proposals.demands import curation, publication, services
from proposals.models import Chapter, CurationEvent, Demand, PreparedOutcome, StatusChange
from tests.factories import make_demand

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "nito_editor", "tekna_editor", "secretary", "admin_user"]


@pytest.fixture
def demand(nito, nou):
    return make_demand(organisation=nito, document=nou, title="Flere studieplasser")


def _state():
    return (
        list(Demand.objects.values_list("pk", "status")),
        StatusChange.objects.count(),
        list(PreparedOutcome.objects.values_list("pk", "to_status", "note", "published_at")),
    )


@pytest.mark.parametrize("role", ROLES)
def test_preparing_and_publishing_against_every_role(request, demand, nou, role):
    user = request.getfixturevalue(role)
    before = _state()
    if role in {"secretary", "admin_user"}:
        publication.outcome_prepare(demand=demand, user=user, to_status="adopted", note="Ja.")
        assert Demand.objects.get(pk=demand.pk).status == "submitted"
        publication.outcomes_publish(user=user, document=nou)
        assert Demand.objects.get(pk=demand.pk).status == "adopted"
    else:
        with pytest.raises(PermissionDenied):
            publication.outcome_prepare(demand=demand, user=user, to_status="adopted", note="Ja.")
        with pytest.raises(PermissionDenied):
            publication.outcomes_publish(user=user, document=nou)
        assert _state() == before


def test_a_prepared_outcome_needs_a_note_and_an_outcome(demand, secretary):
    with pytest.raises(ValidationError):
        publication.outcome_prepare(demand=demand, user=secretary, to_status="adopted", note=" ")
    with pytest.raises(ValidationError):
        publication.outcome_prepare(
            demand=demand, user=secretary, to_status="under_consideration", note="x"
        )
    assert not PreparedOutcome.objects.exists()


def test_the_history_shows_when_prepared_and_when_published(demand, nou, secretary, client_for):
    publication.outcome_prepare(demand=demand, user=secretary, to_status="adopted", note="Ja.")
    assert not CurationEvent.objects.filter(demand=demand).exists()
    publication.outcomes_publish(user=secretary, document=nou)
    actions = list(CurationEvent.objects.filter(demand=demand).values_list("action", flat=True))
    assert actions == ["outcome_prepared", "outcome_published"]
    html = client_for(None).get(demand.get_absolute_url()).content.decode()
    assert "Sekretariatet forberedte utfallet «Imøtekommet»" in html
    assert "Sekretariatet publiserte utfallet «Imøtekommet»" in html


def test_a_publication_at_a_time_waits_for_it(demand, nou, secretary):
    publication.outcome_prepare(demand=demand, user=secretary, to_status="not_adopted", note="Nei.")
    later = timezone.now() + datetime.timedelta(hours=2)
    result = publication.outcomes_publish(user=secretary, document=nou, at=later)
    assert result.scheduled == 1
    assert publication.publish_due_outcomes() == 0
    assert Demand.objects.get(pk=demand.pk).status == "submitted"
    assert publication.publish_due_outcomes(now=later + datetime.timedelta(seconds=1)) == 1
    assert Demand.objects.get(pk=demand.pk).status == "not_adopted"
    assert StatusChange.objects.filter(demand=demand, note="Nei.").exists()


def test_a_stale_prepared_outcome_is_left_for_a_secretary(demand, nou, secretary, nito_editor):
    publication.outcome_prepare(demand=demand, user=secretary, to_status="adopted", note="Ja.")
    publication.outcomes_publish(
        user=secretary, document=nou, at=timezone.now() + datetime.timedelta(minutes=1)
    )
    services.demand_change_status(demand=demand, to_status="withdrawn", user=nito_editor)
    assert publication.publish_due_outcomes(now=timezone.now() + datetime.timedelta(hours=1)) == 0
    assert Demand.objects.get(pk=demand.pk).status == "withdrawn"
    assert PreparedOutcome.objects.get().publish_at is None


def test_publishing_a_selection_leaves_the_others_prepared(nito, tekna, nou, secretary):
    one = make_demand(organisation=nito, document=nou, title="En")
    two = make_demand(organisation=tekna, document=nou, title="To")
    for d in (one, two):
        publication.outcome_prepare(demand=d, user=secretary, to_status="adopted", note="Ja.")
    publication.outcomes_publish(user=secretary, demand_ids=[one.pk])
    assert Demand.objects.get(pk=one.pk).status == "adopted"
    assert Demand.objects.get(pk=two.pk).status == "submitted"


def test_the_screens_prepare_and_publish(demand, nou, secretary, client_for):
    client = client_for(secretary)
    response = client.post(
        reverse("secretariat:outcome_prepare", args=[demand.pk]),
        {"prepare-to_status": "partially_adopted", "prepare-note": "Delvis."},
        follow=True,
    )
    assert "Utfallet er forberedt" in response.content.decode()
    queue = client.get(reverse("secretariat:queue"), {"document": nou.slug}).content.decode()
    assert "Publiser forberedte utfall" in queue
    response = client.post(
        reverse("secretariat:outcomes_publish"),
        {"scope": "document", "document": nou.slug, "next": "/secretariat/"},
        follow=True,
    )
    assert "1 utfall er publisert." in response.content.decode()
    assert Demand.objects.get(pk=demand.pk).status == "partially_adopted"


def test_a_bad_time_is_a_message(demand, nou, secretary, client_for):
    publication.outcome_prepare(demand=demand, user=secretary, to_status="adopted", note="Ja.")
    response = client_for(secretary).post(
        reverse("secretariat:outcomes_publish"),
        {"scope": "document", "document": nou.slug, "publish_at": "i morgen"},
        follow=True,
    )
    assert response.status_code == 200
    assert "23.11.2026 10:00" in response.content.decode()
    assert Demand.objects.get(pk=demand.pk).status == "submitted"


# --- Nothing of a prepared outcome leaks before publication ----------------------------

SKIP = ("/admin", "/accounts/logout", "/static/", "/media/", "/i18n/")
MAX_PAGES = 400


def _text_of(response) -> str:
    kind = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in kind:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(
            str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
        )
    return body.decode("utf-8", errors="replace")


def _crawl(client, start="/") -> str:
    """Every page reachable by links from ``start``, as one text (bounded)."""
    import re

    seen, queue, texts = {start}, deque([start]), []
    while queue and len(seen) <= MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200:
            continue
        text = _text_of(response)
        texts.append(text)
        if "html" not in response.get("Content-Type", ""):
            continue
        for href in re.findall(r'href="([^"#]+)', text):
            href = urljoin(url, href.replace("&amp;", "&"))
            parts = urlsplit(href)
            if parts.netloc or not parts.path.startswith("/") or parts.path.startswith(SKIP):
                continue
            if href not in seen:
                seen.add(href)
                queue.append(href)
    assert len(texts) > 5, "the crawl found too few pages to mean anything"
    return "\n".join(texts)


def test_a_prepared_outcome_appears_nowhere_public_until_published(
    nito, nou, secretary, nito_editor, client_for
):
    marker = f"MERK{uuid.uuid4().hex[:10]}"
    demand = make_demand(organisation=nito, document=nou, title="Flere studieplasser")
    curation.demand_link_chapters(
        demand=demand, user=secretary, add=[Chapter.objects.get(document=nou, number="10.3")]
    )
    publication.outcome_prepare(demand=demand, user=secretary, to_status="adopted", note=marker)
    from proposals.summaries.snapshots import summaries_refresh

    summaries_refresh()
    for user in (None, nito_editor):
        text = _crawl(client_for(user))
        assert marker not in text
    page = client_for(None).get(demand.get_absolute_url()).content.decode()
    assert "Imøtekommet" not in page

    publication.outcomes_publish(user=secretary, document=nou)
    summaries_refresh()
    assert marker in _crawl(client_for(None))
    assert marker in _crawl(client_for(nito_editor))
