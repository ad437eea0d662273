"""Importing a recommendation, suggesting matches, and a person confirming them."""

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse

from proposals.models import (
    Chapter,
    DemandStatus,
    MatchState,
    Passage,
    PassageMatch,
    PolicyDocument,
    StatusChange,
)
from proposals.outcomes import services
from tests.factories import DocumentFactory, make_demand

SAMPLES = Path(__file__).parent / "samples"
INNST = "Innst. 240 S (2023–2024)"


@pytest.fixture
def white_paper(db):
    document = DocumentFactory(
        identifier="Meld. St. 9 (2023–2024)", slug="meld-st-9-2023-2024", title="Helseplan"
    )
    for number in ("10", "10.3", "12"):
        Chapter.objects.create(document=document, number=number, sort_key=number.zfill(4))
    return document


@pytest.fixture
def demands(white_paper, nito, tekna):
    return {
        "studieplasser": make_demand(
            organisation=tekna,
            document=white_paper,
            title="Flere studieplasser i helseteknologi",
            text="Det må opprettes flere studieplasser i helseteknologi og medisinsk teknologi.",
            chapters=[white_paper.chapters.get(number="10.3")],
        ),
        "autorisasjon": make_demand(
            organisation=nito,
            document=white_paper,
            title="Egen autorisasjon for bioingeniører",
            text="Bioingeniører med videreutdanning må få en egen autorisasjonsordning.",
            chapters=[white_paper.chapters.get(number="10")],
        ),
        "draft": make_demand(
            organisation=nito,
            document=white_paper,
            status=DemandStatus.DRAFT,
            title="Studieplasser i helseteknologi (kladd)",
            text="Flere studieplasser i helseteknologi.",
        ),
    }


def _import(white_paper):
    call_command(
        "import_recommendation",
        str(SAMPLES / "innst-melding-helseplan.html"),
        document=INNST,
        follows=[white_paper.identifier],
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )
    return PolicyDocument.objects.get(identifier=INNST)


def test_import_suggests_matches_and_changes_no_status(white_paper, demands):
    document = _import(white_paper)
    assert document.kind == PolicyDocument.Kind.RECOMMENDATION
    assert document.passages.count() > 10
    top = PassageMatch.objects.filter(demand=demands["studieplasser"], rank=1).get()
    assert top.state == MatchState.SUGGESTED
    assert "studieplasser" in top.passage.text
    assert top.proposed_outcome == "met"
    assert "Samme kapittel (10.3" in top.reason or "samme kapittel" in top.reason.lower()
    rejecting = PassageMatch.objects.filter(demand=demands["autorisasjon"], rank=1).get()
    assert "NITO" in rejecting.reason and rejecting.proposed_outcome == "not_met"
    # Drafts are never candidates, and nothing moved without a person.
    assert not PassageMatch.objects.filter(demand=demands["draft"]).exists()
    assert not StatusChange.objects.filter(to_status__in=["adopted", "not_adopted"]).exists()


def test_reimport_is_idempotent_and_keeps_decisions(white_paper, demands, secretary):
    document = _import(white_paper)
    match = PassageMatch.objects.get(demand=demands["studieplasser"], rank=1)
    services.match_confirm(match=match, user=secretary)
    before = set(Passage.objects.filter(document=document).values_list("pk", flat=True))
    _import(white_paper)
    assert set(Passage.objects.filter(document=document).values_list("pk", flat=True)) == before
    match.refresh_from_db()
    assert match.state == MatchState.CONFIRMED


def test_confirming_sets_the_status_with_the_passage_as_note(white_paper, demands, secretary):
    _import(white_paper)
    demand = demands["autorisasjon"]
    match = PassageMatch.objects.get(demand=demand, rank=1)
    services.match_confirm(match=match, user=secretary)
    demand.refresh_from_db()
    assert demand.status == DemandStatus.NOT_ADOPTED
    last = demand.status_changes.order_by("-pk").first()
    assert last.changed_by == secretary
    assert last.note.startswith(
        f"{INNST}, komiteens merknader til kapittel 10: «Komiteen viser til"
    )
    # Corrected outcome: reopened and set again, both through the transition table.
    services.match_confirm(match=match, user=secretary, outcome="mentioned")
    demand.refresh_from_db()
    assert demand.status == DemandStatus.ADDRESSED


@pytest.mark.parametrize("who", ["nito_editor", "tekna_editor", "anonymous"])
def test_only_the_secretariat_confirms_or_rejects(white_paper, demands, who, request):
    _import(white_paper)
    match = PassageMatch.objects.filter(demand=demands["autorisasjon"]).first()
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.match_confirm(match=match, user=user)
    with pytest.raises(PermissionDenied):
        services.match_reject(match=match, user=user)
    match.refresh_from_db()
    assert match.state == MatchState.SUGGESTED


def test_unconfirmed_matches_are_not_public_and_confirmed_ones_are(
    client, white_paper, demands, secretary
):
    document = _import(white_paper)
    demand = demands["studieplasser"]
    match = PassageMatch.objects.get(demand=demand, rank=1)
    page = client.get(demand.get_absolute_url()).content.decode()
    assert "Omtalt i" not in page
    chapter = white_paper.chapters.get(number="10.3")
    assert "Omtalt i" not in client.get(chapter.get_absolute_url()).content.decode()
    services.match_confirm(match=match, user=secretary)
    page = client.get(demand.get_absolute_url()).content.decode()
    assert f"Omtalt i {INNST}, komiteens merknader til kapittel 10:" in page
    assert (
        f"{reverse('portal:recommendation_text', args=[document.slug])}#avsnitt-{match.passage_id}"
        in page
    )
    assert "Omtalt i" in client.get(chapter.get_absolute_url()).content.decode()
    # The other demand's suggestions stay private.
    other = client.get(demands["autorisasjon"].get_absolute_url()).content.decode()
    assert "Omtalt i" not in other


def test_rejected_suggestions_are_not_suggested_again(white_paper, demands, secretary):
    document = _import(white_paper)
    match = PassageMatch.objects.get(demand=demands["autorisasjon"], rank=1)
    services.match_reject(match=match, user=secretary)
    services.matches_suggest(document=document)
    match.refresh_from_db()
    assert match.state == MatchState.REJECTED


def test_choosing_another_passage_rejects_the_other_suggestions(white_paper, demands, secretary):
    document = _import(white_paper)
    demand = demands["studieplasser"]
    passage = document.passages.get(kind="recommended_decision", number="I")
    services.match_choose(demand=demand, passage=passage, user=secretary, outcome="met")
    states = dict(PassageMatch.objects.filter(demand=demand).values_list("passage_id", "state"))
    assert states.pop(passage.pk) == MatchState.CONFIRMED
    assert set(states.values()) <= {MatchState.REJECTED}


def test_decisions_import_with_their_types(white_paper):
    document = _import(white_paper)
    call_command(
        "import_recommendation",
        document=INNST,
        decisions=str(SAMPLES / "stortingsvedtak-2025-2026.xml"),
        case="101234",
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )
    decisions = document.passages.filter(kind="decision").order_by("position")
    assert [(d.number, d.decision_type) for d in decisions] == [
        ("120", "BUDSJETT"),
        ("121", "ANMOD"),
    ]
    assert document.passages.filter(kind="committee_remarks").exists()  # the text stays


def test_broken_file_is_a_command_error(white_paper, tmp_path):
    bad = tmp_path / "innst.xml"
    bad.write_bytes(b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="XML-filen kan ikke leses"):
        call_command("import_recommendation", str(bad), document=INNST)


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", 302), ("nito_editor", 403), ("tekna_editor", 403), ("secretary", 200)],
)
def test_recommendation_screens_are_the_secretariats(
    client, white_paper, demands, who, expected, request
):
    document = _import(white_paper)
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    for url in (
        reverse("secretariat:recommendations"),
        reverse("secretariat:recommendation_matches", args=[document.slug]),
    ):
        assert client.get(url).status_code == expected
    match = PassageMatch.objects.filter(demand=demands["autorisasjon"]).first()
    response = client.post(
        reverse("secretariat:match_decide", args=[match.pk]), {"action": "confirm"}
    )
    assert response.status_code in (expected, 302)
    match.refresh_from_db()
    assert match.state == (MatchState.CONFIRMED if who == "secretary" else MatchState.SUGGESTED)


def test_the_screen_confirms_by_form_and_shows_reasons(
    client, white_paper, demands, secretary, django_assert_max_num_queries
):
    document = _import(white_paper)
    client.force_login(secretary)
    url = reverse("secretariat:recommendation_matches", args=[document.slug])
    # session, user, memberships, the user's and the groups' permissions, document,
    # the documents it follows from (links, cases, their links), count, demands,
    # matches, passages for the chooser, the session saved in a savepoint (three):
    # the same at any page size.
    with django_assert_max_num_queries(16):
        page = client.get(url).content.decode()
    assert "Foreslått utfall fordi" in page
    assert 'name="action" value="confirm"' in page
    match = PassageMatch.objects.get(demand=demands["studieplasser"], rank=1)
    response = client.post(
        reverse("secretariat:match_decide", args=[match.pk]),
        {"action": "confirm", "outcome": "partly_met"},
        follow=True,
    )
    assert "Treffet er bekreftet" in response.content.decode()
    demands["studieplasser"].refresh_from_db()
    assert demands["studieplasser"].status == DemandStatus.PARTIALLY_ADOPTED


def test_the_upload_reads_the_file_in_a_task(
    client, white_paper, demands, secretary, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(secretary)
    data = (SAMPLES / "innst-melding-helseplan.html").read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("secretariat:recommendations"),
            {
                "identifier": "Innst. 240 S (2023-2024)",
                "follows_from": [white_paper.pk],
                "file": SimpleUploadedFile("innst.html", data, content_type="text/html"),
            },
        )
    assert response.status_code == 302
    document = PolicyDocument.objects.get(identifier=INNST)
    # Queued in the outbox, read by a worker after the commit, never inside the request.
    from proposals.outbox.delivery import outbox_deliver
    from proposals.outbox.models import OutboxMessage

    assert OutboxMessage.objects.filter(kind="recommendation_read").count() == 1
    outbox_deliver()
    assert document.passages.filter(kind="minority_proposal").count() == 2
    assert PassageMatch.objects.filter(demand=demands["studieplasser"]).exists()


def test_the_upload_refuses_an_empty_file(client, white_paper, secretary):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(secretary)
    response = client.post(
        reverse("secretariat:recommendations"),
        {
            "identifier": INNST,
            "follows_from": [white_paper.pk],
            "file": SimpleUploadedFile("innst.html", b"", content_type="text/html"),
        },
    )
    assert response.status_code == 200
    assert not PolicyDocument.objects.filter(identifier=INNST).exists()


def test_public_recommendation_text_has_anchors(client, white_paper, demands):
    document = _import(white_paper)
    page = client.get(reverse("portal:recommendation_text", args=[document.slug])).content.decode()
    passage = document.passages.first()
    assert f'id="avsnitt-{passage.pk}"' in page
    assert client.get(reverse("portal:recommendation_text", args=["nope"])).status_code == 404


def test_a_match_confirmed_as_prepared_is_public_only_once_published(
    client, white_paper, demands, secretary
):
    from proposals.demands.publication import outcomes_publish

    _import(white_paper)
    demand = demands["studieplasser"]
    match = PassageMatch.objects.get(demand=demand, rank=1)
    services.match_confirm(match=match, user=secretary, prepare=True)
    demand.refresh_from_db()
    assert demand.status == DemandStatus.SUBMITTED  # prepared: nothing moved yet
    assert "Omtalt i" not in client.get(demand.get_absolute_url()).content.decode()
    outcomes_publish(user=secretary, document=white_paper)
    demand.refresh_from_db()
    assert demand.status == DemandStatus.ADOPTED
    assert demand.status_changes.order_by("-pk").first().note.startswith(INNST)
    assert "Omtalt i" in client.get(demand.get_absolute_url()).content.decode()


def test_decisions_link_to_the_storting_case_and_its_document(white_paper, demands):
    from proposals.process.models import Case

    case = Case.objects.create(storting_id=101234, title="Helseplanen", document=white_paper)
    call_command(
        "import_recommendation",
        document=INNST,
        decisions=str(SAMPLES / "stortingsvedtak-2025-2026.xml"),
        case="101234",
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )
    document = PolicyDocument.objects.get(identifier=INNST)
    case.refresh_from_db()
    assert case.recommendation == document
    assert set(document.passages.values_list("case", flat=True)) == {case.pk}
    # The case's document is what the recommendation treats: its demands are candidates.
    assert set(services.candidate_demands(document=document)) == {
        demands["studieplasser"],
        demands["autorisasjon"],
    }
