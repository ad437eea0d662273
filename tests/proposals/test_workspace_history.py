"""Versions and their readable diff: what each reader may see of a demand's past."""

from __future__ import annotations

import pytest

from proposals.demands import history, services
from proposals.demands.diff import tokens, word_diff
from tests.factories import make_demand

pytestmark = pytest.mark.django_db


def test_a_word_diff_marks_removed_and_added_words():
    assert word_diff("Staten bør gjøre noe.", "Staten må gjøre noe mer.") == (
        "Staten <del>bør</del><ins>må</ins> gjøre noe<ins> mer</ins>."
    )


def test_a_word_diff_escapes_everything():
    html = word_diff("<b>gammel</b>", "<script>alert(1)</script>")
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;" in html and "script" in html


def test_numbers_and_chapter_references_are_whole_words():
    assert tokens("kap. 10.3 og 40 000 000") == [
        "kap",
        ".",
        " ",
        "10.3",
        " ",
        "og",
        " ",
        "40",
        " ",
        "000",
        " ",
        "000",
    ]
    assert (
        word_diff("kapittel 10.3", "kapittel 10.11") == "kapittel <del>10.3</del><ins>10.11</ins>"
    )


def test_identical_texts_have_no_marks():
    assert word_diff("Samme tekst.", "Samme tekst.") == "Samme tekst."


@pytest.fixture
def revised(nito, nou, nito_editor):
    """Written as a draft twice, submitted, then revised once as a submitted position."""
    demand = make_demand(organisation=nito, document=nou, status="draft", text="Utkast en.")
    services.demand_update(demand=demand, user=nito_editor, expected_version=1, text="Utkast to.")
    services.demand_change_status(demand=demand, to_status="submitted", user=nito_editor)
    services.demand_update(
        demand=demand, user=nito_editor, expected_version=2, text="Levert tekst, endret."
    )
    return demand


def _versions(demand, user):
    return history.demand_history(demand=demand, user=user).versions


def test_the_organisation_sees_every_version_with_diffs(revised, nito_editor):
    entries = _versions(revised, nito_editor)
    assert [e.version.version for e in entries] == [3, 2, 1]
    assert [e.private for e in entries] == [False, False, True]
    newest = entries[0]
    assert newest.previous.version == 2
    (text_change,) = newest.changed_fields
    assert text_change.label == "Krav"
    assert text_change.html == "<del>Utkast to</del><ins>Levert tekst, endret</ins>."


@pytest.mark.parametrize("who", ["anonymous", "tekna_editor", "secretary"])
def test_others_see_the_submitted_text_and_every_edit_after_it(revised, who, request):
    entries = _versions(revised, request.getfixturevalue(who))
    assert [e.version.version for e in entries] == [3, 2]
    edit, submitted = entries
    # The edit is compared with the text that was submitted, which is public.
    assert edit.previous.version == 2
    assert edit.changed_fields[0].html == "<del>Utkast to</del><ins>Levert tekst, endret</ins>."
    # The submitted text is the first public version; the earlier draft never shows through.
    assert submitted.previous is None and not submitted.private
    assert all("Utkast en" not in str(f.html) for e in entries for f in e.fields)


def test_a_submitted_demand_never_edited_shows_its_submitted_text(nito, nou, anonymous):
    demand = make_demand(organisation=nito, document=nou, text="Slik ble det levert.")
    (entry,) = _versions(demand, anonymous)
    assert entry.version.text == "Slik ble det levert."


def test_a_draft_has_no_history_for_anyone_outside_the_organisation(
    nito, nou, tekna_editor, secretary
):
    draft = make_demand(organisation=nito, document=nou, status="draft")
    for outsider in (tekna_editor, secretary):
        found = history.demand_history(demand=draft, user=outsider)
        assert (found.versions, found.status_changes, found.notes) == ([], [], [])


def test_internal_notes_are_the_secretariats_alone(revised, nito_editor, secretary, anonymous):
    services.internal_note_add(demand=revised, user=secretary, text="Sjekk tallene.")
    assert [n.text for n in history.demand_history(demand=revised, user=secretary).notes] == [
        "Sjekk tallene."
    ]
    for reader in (nito_editor, anonymous):
        assert history.demand_history(demand=revised, user=reader).notes == []


def test_the_secretariat_page_labels_the_edit_as_a_change_of_the_submitted_text(
    client_for, revised, secretary
):
    from django.urls import reverse

    page = client_for(secretary).get(reverse("secretariat:demand_detail", args=[revised.pk]))
    html = page.content.decode()
    assert "Første versjon" in html  # the submitted text, version 2
    assert html.index("Versjon 3") < html.index("Versjon 2")
    assert "Utkast en" not in html
    assert "<del>Utkast to</del>" in html
