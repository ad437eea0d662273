"""The write services: the transition table, edits with versions, bulk changes, reference data."""

from __future__ import annotations

import itertools
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from kombu.exceptions import OperationalError

from organizations import services as organisation_services
from proposals.demands import services, workflow
from proposals.models import (
    Chapter,
    Demand,
    DemandStatus,
    DemandVersion,
    InternalNote,
    OutboxMessage,
    PolicyDocument,
    StatusChange,
)
from proposals.reference import services as reference_services
from proposals.submissions import services as submission_services
from tests.factories import make_demand

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


S = DemandStatus

# Written out by hand from DESIGN.md, so a wrong edit of the table is caught.
EXPECTED_MOVES = {
    (S.DRAFT, S.SUBMITTED): "organisation",
    (S.SUBMITTED, S.UNDER_CONSIDERATION): "secretariat",
    (S.SUBMITTED, S.WITHDRAWN): "organisation",
    # The committee's direct moves from what it received to an outcome.
    (S.SUBMITTED, S.ADDRESSED): "secretariat",
    (S.SUBMITTED, S.ADOPTED): "secretariat",
    (S.SUBMITTED, S.PARTIALLY_ADOPTED): "secretariat",
    (S.SUBMITTED, S.NOT_ADOPTED): "secretariat",
    (S.UNDER_CONSIDERATION, S.ADDRESSED): "secretariat",
    (S.UNDER_CONSIDERATION, S.ADOPTED): "secretariat",
    (S.UNDER_CONSIDERATION, S.PARTIALLY_ADOPTED): "secretariat",
    (S.UNDER_CONSIDERATION, S.NOT_ADOPTED): "secretariat",
    (S.UNDER_CONSIDERATION, S.WITHDRAWN): "organisation",
    (S.ADDRESSED, S.ADOPTED): "secretariat",
    (S.ADDRESSED, S.PARTIALLY_ADOPTED): "secretariat",
    (S.ADDRESSED, S.NOT_ADOPTED): "secretariat",
    (S.ADDRESSED, S.UNDER_CONSIDERATION): "secretariat",
    (S.ADOPTED, S.UNDER_CONSIDERATION): "secretariat",
    (S.PARTIALLY_ADOPTED, S.UNDER_CONSIDERATION): "secretariat",
    (S.NOT_ADOPTED, S.UNDER_CONSIDERATION): "secretariat",
    (S.WITHDRAWN, S.SUBMITTED): "organisation",
}
ALL_PAIRS = list(itertools.product(S.values, S.values))


def test_the_table_holds_exactly_the_designed_moves():
    table = {
        (source, target): party
        for source, targets in workflow.TRANSITIONS.items()
        for target, party in targets.items()
    }
    assert table == EXPECTED_MOVES


@pytest.mark.parametrize(("source", "target"), ALL_PAIRS)
@pytest.mark.parametrize("actor", ["organisation", "secretariat"])
def test_every_move_is_allowed_only_for_its_party(
    source, target, actor, nito, nou, nito_editor, secretary
):
    demand = make_demand(organisation=nito, document=nou, status=source)
    user = nito_editor if actor == "organisation" else secretary
    history_before = StatusChange.objects.filter(demand=demand).count()
    allowed = EXPECTED_MOVES.get((source, target)) == actor
    if allowed:
        services.demand_change_status(demand=demand, to_status=target, user=user, note="Fordi.")
        demand.refresh_from_db()
        assert demand.status == target
        last = StatusChange.objects.filter(demand=demand).last()
        assert (last.from_status, last.to_status, last.changed_by) == (source, target, user)
    else:
        with pytest.raises((services.TransitionRefused, PermissionDenied)) as refused:
            services.demand_change_status(demand=demand, to_status=target, user=user, note="Fordi.")
        assert str(refused.value)  # a message for people, never empty
        demand.refresh_from_db()
        assert demand.status == source
        assert StatusChange.objects.filter(demand=demand).count() == history_before


@pytest.mark.parametrize("target", sorted(workflow.NOTE_REQUIRED))
def test_it_refuses_an_outcome_without_a_note(target, nito, nou, secretary):
    demand = make_demand(organisation=nito, document=nou, status=S.UNDER_CONSIDERATION)
    with pytest.raises(services.TransitionRefused, match="merknad"):
        services.demand_change_status(demand=demand, to_status=target, user=secretary, note="  ")
    demand.refresh_from_db()
    assert demand.status == S.UNDER_CONSIDERATION


def test_it_refuses_an_unknown_status_with_a_message(nito, nou, secretary):
    demand = make_demand(organisation=nito, document=nou, status=S.SUBMITTED)
    with pytest.raises(services.TransitionRefused, match="kjent status"):
        services.demand_change_status(demand=demand, to_status="approved", user=secretary)


def test_it_refuses_a_change_based_on_a_status_the_user_did_not_see(nito, nou, secretary):
    demand = make_demand(organisation=nito, document=nou, status=S.UNDER_CONSIDERATION)
    with pytest.raises(services.TransitionRefused, match="allerede endret"):
        services.demand_change_status(
            demand=demand,
            to_status=S.UNDER_CONSIDERATION,
            user=secretary,
            expected_status=S.SUBMITTED,
        )


def test_the_administrator_changes_statuses_but_cannot_submit_for_an_organisation(
    nito, nou, admin_user
):
    draft = make_demand(organisation=nito, document=nou, status=S.DRAFT)
    with pytest.raises(PermissionDenied):
        services.demand_change_status(demand=draft, to_status=S.SUBMITTED, user=admin_user)
    submitted = make_demand(organisation=nito, document=nou, status=S.SUBMITTED)
    services.demand_change_status(
        demand=submitted, to_status=S.UNDER_CONSIDERATION, user=admin_user
    )
    assert Demand.objects.get(pk=submitted.pk).status == S.UNDER_CONSIDERATION


def test_an_editor_of_another_organisation_cannot_withdraw(nito, nou, tekna_editor):
    demand = make_demand(organisation=nito, document=nou, status=S.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.demand_change_status(demand=demand, to_status=S.WITHDRAWN, user=tekna_editor)


# --- Notifications -------------------------------------------------------------------


def test_a_status_change_mails_the_organisations_editors_after_commit(
    nito, nou, nito_editor, secretary, django_capture_on_commit_callbacks
):
    demand = make_demand(organisation=nito, document=nou, status=S.SUBMITTED)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.demand_change_status(
            demand=demand, to_status=S.UNDER_CONSIDERATION, user=secretary, note="Vi ser på det."
        )
        assert mail.outbox == []  # nothing is sent before the commit
    # After the commit, a kick of the outbox delivery (the e-mail is a row in it; the chart
    # refresh joined the one make_demand asked for, still waiting), after the portal's kept
    # counts are let go (portal.cache: a cache write, nothing to deliver).
    assert [callback.__name__ for callback in callbacks] == ["portal_changed", "kick"]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [nito_editor.email]
    assert "Til behandling" in message.subject
    assert demand.title in message.body
    assert "Vi ser på det." in message.body


def test_the_editor_who_made_the_change_gets_no_mail_of_it(
    nito, nou, nito_editor, django_capture_on_commit_callbacks
):
    demand = make_demand(organisation=nito, document=nou, status=S.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        services.demand_change_status(demand=demand, to_status=S.SUBMITTED, user=nito_editor)
    assert mail.outbox == []


def test_a_broker_that_is_down_does_not_undo_the_status_change_nor_drop_the_mail(
    nito, nou, nito_editor, secretary, django_capture_on_commit_callbacks, caplog
):
    from proposals.outbox import delivery, outbox_deliver
    from proposals.outbox.tasks import deliver_outbox

    demand = make_demand(organisation=nito, document=nou, status=S.SUBMITTED)
    mail.outbox.clear()
    with (
        mock.patch.object(delivery, "_kick_paused_until", 0.0),
        mock.patch.object(
            deliver_outbox,
            "apply_async",
            autospec=True,
            side_effect=OperationalError("connection refused"),
        ) as enqueue,
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.demand_change_status(
            demand=demand, to_status=S.UNDER_CONSIDERATION, user=secretary
        )
    assert enqueue.called
    assert Demand.objects.get(pk=demand.pk).status == S.UNDER_CONSIDERATION
    assert "broker unavailable" in caplog.text
    assert mail.outbox == []
    # The periodic delivery sends it once the broker is back.
    assert OutboxMessage.objects.filter(kind="status_email", delivered_at__isnull=True).exists()
    outbox_deliver()
    assert len(mail.outbox) == 1
    outbox_deliver()
    assert len(mail.outbox) == 1  # once


def test_changes_made_on_nobodys_behalf_are_not_announced(
    nito, nou, nito_editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_demand(organisation=nito, document=nou, status=S.ADOPTED)
    # Only chart refreshes follow; no e-mail is sent.
    assert set(OutboxMessage.objects.values_list("kind", flat=True)) == {"summaries_refresh"}
    assert mail.outbox == []


# --- Edits and versions ---------------------------------------------------------------


def test_an_edit_records_a_new_version_and_keeps_the_old_text(nito, nou, nito_editor):
    demand = make_demand(organisation=nito, document=nou, status=S.SUBMITTED, text="Gammel tekst.")
    chapter = Chapter.objects.get(document=nou, number="10.3")
    saved = services.demand_update(
        demand=demand,
        user=nito_editor,
        expected_version=1,
        text="Ny tekst.",
        chapters=[chapter],
    )
    assert saved.version == 2
    versions = list(DemandVersion.objects.filter(demand=demand).order_by("version"))
    assert [(v.version, v.text, v.status) for v in versions] == [
        (1, "Gammel tekst.", S.DRAFT),
        (2, "Ny tekst.", S.SUBMITTED),
    ]
    assert versions[1].chapter_labels == ["10.3"]
    assert versions[1].created_by == nito_editor


def test_an_edit_on_an_old_version_is_refused_and_saves_nothing(nito, nou, nito_editor):
    demand = make_demand(organisation=nito, document=nou, status=S.SUBMITTED, text="Original.")
    services.demand_update(demand=demand, user=nito_editor, expected_version=1, text="Første.")
    with pytest.raises(services.EditConflict) as conflict:
        services.demand_update(demand=demand, user=nito_editor, expected_version=1, text="Andre.")
    assert conflict.value.current.version == 2
    assert "versjon 1" in str(conflict.value)
    demand.refresh_from_db()
    assert (demand.text, demand.version) == ("Første.", 2)
    assert DemandVersion.objects.filter(demand=demand).count() == 2


def test_an_edit_that_changes_nothing_records_no_version(nito, nou, nito_editor):
    demand = make_demand(organisation=nito, document=nou, status=S.SUBMITTED)
    saved = services.demand_update(
        demand=demand, user=nito_editor, expected_version=1, title=demand.title
    )
    assert saved.version == 1
    assert DemandVersion.objects.filter(demand=demand).count() == 1


@pytest.mark.parametrize("who", ["tekna_editor", "secretary", "admin_user"])
def test_only_the_organisations_editors_edit_its_text(who, request, nito, nou):
    demand = make_demand(organisation=nito, document=nou, status=S.SUBMITTED, text="Uendret.")
    with pytest.raises(PermissionDenied):
        services.demand_update(
            demand=demand, user=request.getfixturevalue(who), expected_version=1, text="Endret."
        )
    assert Demand.objects.get(pk=demand.pk).text == "Uendret."


def test_a_withdrawn_demand_cannot_be_edited(nito, nou, nito_editor):
    demand = make_demand(organisation=nito, document=nou, status=S.WITHDRAWN)
    with pytest.raises(PermissionDenied):
        services.demand_update(demand=demand, user=nito_editor, expected_version=1, text="Nei.")


def test_it_refuses_chapters_of_another_document(nito, nou, nito_editor):
    other = PolicyDocument.objects.create(identifier="NOU 2020:15", slug="nou-2020-15", title="X")
    foreign = reference_services.chapter_upsert(document=other, number="3", title="Fremmed")
    demand = make_demand(organisation=nito, document=nou, status=S.DRAFT)
    with pytest.raises(ValidationError, match="dokumentet"):
        services.demand_update(
            demand=demand, user=nito_editor, expected_version=1, chapters=[foreign]
        )


def test_the_document_can_change_only_while_a_draft(nito, nou, nito_editor):
    other = PolicyDocument.objects.create(identifier="NOU 2020:15", slug="nou-2020-15", title="X")
    draft = make_demand(organisation=nito, document=nou, status=S.DRAFT)
    moved = services.demand_update(
        demand=draft, user=nito_editor, expected_version=1, document=other
    )
    assert moved.document == other
    submitted = make_demand(organisation=nito, document=nou, status=S.SUBMITTED)
    with pytest.raises(ValidationError, match="kladd"):
        services.demand_update(
            demand=submitted, user=nito_editor, expected_version=1, document=other
        )


# --- Bulk changes and notes -------------------------------------------------------------


def test_a_bulk_change_moves_all_with_one_note(nito, tekna, nou, secretary):
    first = make_demand(organisation=nito, document=nou, status=S.SUBMITTED)
    second = make_demand(organisation=tekna, document=nou, status=S.SUBMITTED)
    changes = services.demands_bulk_change_status(
        demand_ids=[first.pk, second.pk],
        to_status=S.UNDER_CONSIDERATION,
        user=secretary,
        note="Samlet behandling.",
    )
    assert len(changes) == 2
    assert set(Demand.objects.values_list("status", flat=True)) == {S.UNDER_CONSIDERATION}
    assert {c.note for c in changes} == {"Samlet behandling."}


def test_a_bulk_change_with_one_refusal_changes_nothing_and_names_it(nito, nou, secretary):
    movable = make_demand(organisation=nito, document=nou, status=S.SUBMITTED, title="Kan flyttes")
    stuck = make_demand(organisation=nito, document=nou, status=S.WITHDRAWN, title="Trukket krav")
    with pytest.raises(services.BulkRefused) as refused:
        services.demands_bulk_change_status(
            demand_ids=[movable.pk, stuck.pk], to_status=S.UNDER_CONSIDERATION, user=secretary
        )
    assert [item.pk for item, _ in refused.value.refusals] == [stuck.pk]
    assert "Trukket krav" in " ".join(refused.value.messages)
    assert Demand.objects.get(pk=movable.pk).status == S.SUBMITTED


def test_a_bulk_change_cannot_reach_drafts_or_unknown_ids(nito, nou, secretary):
    draft = make_demand(organisation=nito, document=nou, status=S.DRAFT)
    with pytest.raises(services.BulkRefused) as refused:
        services.demands_bulk_change_status(
            demand_ids=[draft.pk, 999_999], to_status=S.SUBMITTED, user=secretary
        )
    assert {item for item, _ in refused.value.refusals} == {draft.pk, 999_999}
    assert Demand.objects.get(pk=draft.pk).status == S.DRAFT


def test_a_bulk_change_is_for_the_secretariat_only(nito, nou, nito_editor):
    demand = make_demand(organisation=nito, document=nou, status=S.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.demands_bulk_change_status(
            demand_ids=[demand.pk], to_status=S.WITHDRAWN, user=nito_editor
        )


def test_internal_notes_are_written_by_the_secretariat_only(nito, nou, secretary, nito_editor):
    demand = make_demand(organisation=nito, document=nou, status=S.SUBMITTED)
    note = services.internal_note_add(demand=demand, user=secretary, text="  Sjekk tallene. ")
    assert note.text == "Sjekk tallene."
    with pytest.raises(PermissionDenied):
        services.internal_note_add(demand=demand, user=nito_editor, text="Hei")
    assert InternalNote.objects.count() == 1


# --- Reference data ---------------------------------------------------------------------


def test_a_new_document_gets_the_official_identifier(secretary):
    document = reference_services.document_create(
        user=secretary, identifier="Meld.St.9 (2023-2024)", title="Helseplan"
    )
    assert document.identifier == "Meld. St. 9 (2023–2024)"
    assert document.kind == "white_paper"
    with pytest.raises(ValidationError):
        reference_services.document_create(
            user=secretary, identifier="Meld. St. 9 (2023–24)", title="Igjen"
        )


def test_an_editor_cannot_add_documents(nito_editor):
    with pytest.raises(PermissionDenied):
        reference_services.document_create(user=nito_editor, identifier="NOU 2024:1", title="X")


def test_a_pasted_chapter_list_is_added_with_parents(nou, secretary):
    result = reference_services.chapters_import(
        document=nou,
        text="11 Arbeidsmiljø\n\n11.2. Turnus\nKapittel 11.1 Ledelse\n10.3 Ny tittel\n",
        user=secretary,
    )
    assert [c.number for c in result.created] == ["11", "11.2", "11.1"]
    assert [c.number for c in result.retitled] == ["10.3"]
    assert Chapter.objects.get(document=nou, number="11.2").parent.number == "11"
    assert Chapter.objects.get(document=nou, number="10.3").title == "Ny tittel"


def test_a_chapter_list_with_bad_lines_saves_nothing_and_names_the_lines(nou, secretary):
    before = Chapter.objects.count()
    with pytest.raises(reference_services.ChapterLinesRefused) as refused:
        reference_services.chapters_import(
            document=nou,
            text="13 Godt kapittel\nInnledning uten nummer\n13.1 Også godt\n13.1 Dobbel\n1a Feil",
            user=secretary,
        )
    assert [number for number, _, _ in refused.value.errors] == [2, 4, 5]
    assert "Linje 2" in refused.value.messages[0]
    assert Chapter.objects.count() == before


def test_a_budget_post_is_added_once(secretary):
    reference_services.budget_post_create(user=secretary, year=2026, chapter=732, post=70)
    with pytest.raises(ValidationError):
        reference_services.budget_post_create(user=secretary, year=2026, chapter=732, post=70)
    with pytest.raises(ValidationError):
        reference_services.budget_post_create(user=secretary, year=2026, chapter=732, post=100)


def test_organisation_profile_is_edited_by_its_editors_only(nito, nito_editor, tekna_editor):
    organisation_services.organisation_update(
        organisation=nito, user=nito_editor, description="Ingeniørenes organisasjon."
    )
    nito.refresh_from_db()
    assert nito.description == "Ingeniørenes organisasjon."
    with pytest.raises(PermissionDenied):
        organisation_services.organisation_update(
            organisation=nito, user=tekna_editor, description="Nei"
        )
    with pytest.raises(ValidationError):
        organisation_services.organisation_update(
            organisation=nito, user=nito_editor, org_number="123456789"
        )


def test_attaching_demands_to_a_submission_checks_organisation_and_document(
    nito, tekna, nou, nito_editor
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    submission = submission_services.submission_create(
        user=nito_editor,
        organisation=nito,
        document=nou,
        title="Høringssvar",
        uploaded_file=SimpleUploadedFile("svar.txt", "Vi mener at …".encode()),
    )
    own = make_demand(organisation=nito, document=nou, status=S.DRAFT)
    foreign = make_demand(organisation=tekna, document=nou, status=S.SUBMITTED)
    assert (
        submission_services.submission_attach_demands(
            submission=submission, demand_ids=[own.pk], user=nito_editor
        )
        == 1
    )
    with pytest.raises(ValidationError):
        submission_services.submission_attach_demands(
            submission=submission, demand_ids=[foreign.pk], user=nito_editor
        )
    assert Demand.objects.get(pk=foreign.pk).submission is None
