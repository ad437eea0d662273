"""The working draft of the recommendation (DOCX) and the exports from the queue's filter."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from proposals.demands import curation
from proposals.models import Chapter
from tests.factories import BudgetPostFactory, make_demand

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafted(nito, tekna, nou, secretary):
    chapter = {c.number: c for c in Chapter.objects.filter(document=nou)}
    post = BudgetPostFactory()
    one = make_demand(
        organisation=nito, document=nou, title="Flere studieplasser", stance="new_measure",
        chapters=[chapter["10.3"]], budget_posts=[post], requested_amount_nok=30_000_000,
    )  # fmt: skip
    two = make_demand(
        organisation=tekna, document=nou, title="Flere plasser i helsefag", stance="new_measure",
        chapters=[chapter["10.3"]], budget_posts=[post], requested_amount_nok=10_000_000,
    )  # fmt: skip
    make_demand(
        organisation=nito, document=nou, title="Enig i digitaliseringen", stance="supports",
        chapters=[chapter["12"]],
    )  # fmt: skip
    make_demand(
        organisation=tekna, document=nou, title="Mot sentralisering", stance="opposes",
        chapters=[chapter["10"]],
    )  # fmt: skip
    curation.shared_demand_create(
        user=secretary, title="Flere studieplasser i helsefag", demand_ids=[one.pk, two.pk]
    )
    return nou


def _paragraphs(content: bytes):
    document = Document(io.BytesIO(content))
    # Amounts are written with non-breaking spaces (1 234 kr); compared with plain ones here.
    return [(p.style.name, p.text.replace("\xa0", " ")) for p in document.paragraphs]


def test_the_draft_follows_the_chapters_with_stances_shared_demands_and_sums(
    drafted, secretary, client_for
):
    response = client_for(secretary).get(
        reverse("secretariat:recommendation_draft", args=[drafted.slug])
    )
    assert response["Content-Type"].endswith("wordprocessingml.document")
    paragraphs = _paragraphs(response.content)
    headings = [(style, text) for style, text in paragraphs if style.startswith("Heading")]
    assert headings == [
        ("Heading 1", "10 Utdanning og kompetanseutvikling"),
        ("Heading 2", "Går imot"),
        ("Heading 1", "10.3 Dimensjonering av helsefagutdanningene"),
        ("Heading 2", "Ber om nye tiltak"),
        ("Heading 2", "Beløp per budsjettpost"),
        ("Heading 1", "12 Digitalisering"),
        ("Heading 2", "Støtter"),
    ]
    texts = [text for _style, text in paragraphs]
    assert paragraphs[0] == ("Title", "Utkast til merknader: NOU 2023:4 Tid for handling")
    assert "Felles krav «Flere studieplasser i helsefag» (NITO, Tekna)" in texts
    assert "NITO: Flere studieplasser (+30 000 000 kr)" in texts
    assert "Kap. 701, post 21 (2026): +40 000 000 kr i sum fra 2 krav" in texts
    assert "Tekna: Mot sentralisering" in texts


def test_the_queue_filter_gives_the_same_products_for_its_demands(drafted, secretary, client_for):
    client = client_for(secretary)
    query = {"document": drafted.slug, "chapter": "12"}
    draft = client.get(reverse("secretariat:queue_draft"), query)
    texts = [text for _style, text in _paragraphs(draft.content)]
    assert "NITO: Enig i digitaliseringen" in texts
    assert not any("Mot sentralisering" in text for text in texts)
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("secretariat:queue_export"), query).content)
    )
    titles = [row[3] for row in sheet.active.iter_rows(min_row=2, values_only=True)]
    assert titles == ["Enig i digitaliseringen"]


@pytest.mark.parametrize("role", ["anonymous", "nito_editor", "tekna_editor"])
def test_only_the_secretariat_gets_the_products(request, drafted, client_for, role):
    client = client_for(request.getfixturevalue(role))
    for url in (
        reverse("secretariat:recommendation_draft", args=[drafted.slug]),
        reverse("secretariat:queue_draft"),
        reverse("secretariat:queue_export"),
    ):
        assert client.get(url).status_code in (302, 403)
