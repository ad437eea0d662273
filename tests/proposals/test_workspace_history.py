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


def test_the_organisation_sees_every_version_with_diffs(revised, nito_editor):
    entries = history.demand_versions(demand=revised, user=nito_editor)
    assert [e.version.version for e in entries] == [3, 2, 1]
    newest = entries[0]
    assert newest.previous.version == 2
    (text_change,) = newest.changed_fields
    assert text_change.label == "Krav"
    assert text_change.html == "<del>Utkast to</del><ins>Levert tekst, endret</ins>."


@pytest.mark.parametrize("who", ["anonymous", "tekna_editor", "secretary"])
def test_others_see_only_versions_saved_after_submission(revised, who, request):
    entries = history.demand_public_versions(revised, request.getfixturevalue(who))
    assert [e.version.version for e in entries] == [3]
    # Compared with nothing: the draft text never shows through a diff.
    assert entries[0].previous is None
    assert all("Utkast" not in str(f.html) for f in entries[0].fields)


def test_a_draft_has_no_history_for_anyone_outside_the_organisation(nito, nou, tekna_editor):
    draft = make_demand(organisation=nito, document=nou, status="draft")
    assert history.demand_versions(demand=draft, user=tekna_editor) == []
    assert list(history.status_history(demand=draft, user=tekna_editor)) == []


def test_two_versions_can_be_compared_by_number(revised, nito_editor, anonymous):
    fields = history.version_pair(demand=revised, user=nito_editor, older=1, newer=3)
    assert "<del>Utkast en</del>" in next(f.html for f in fields if f.label == "Krav")
    assert history.version_pair(demand=revised, user=anonymous, older=1, newer=3) is None
