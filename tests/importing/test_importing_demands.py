"""Sections, headings and candidate demands on short texts of our own."""

from __future__ import annotations

import pytest

from proposals.submissions.importing.demands import (
    find_candidates,
    guess_stance,
    is_demand,
    sentence_spans,
    split_sections,
)

LETTER = """Eksempelforbundets innspill til statsbudsjettet for 2026

Forbundet organiserer fagfolk i hele landet.

1. Utdanning
Antallet studieplasser må økes. Mange søker, men få kommer inn.
Vil regjeringen gjøre noe med dette?

2. Digitalisering
Vi støtter satsingen på felles journalløsning.
Vi advarer mot å kutte i driftsmidlene.

Våre forslag til tiltak
• Etablere et nasjonalt kompetansesenter
• Styrke veiledningen i kommunene

Med vennlig hilsen
Ola Nordmann
"""


def texts(body: str) -> list[str]:
    return [c.text for c in find_candidates(split_sections(body))]


def test_it_splits_on_numbered_and_plain_headings():
    headings = [s.heading.text for s in split_sections(LETTER) if s.heading]
    assert headings == [
        "Eksempelforbundets innspill til statsbudsjettet for 2026",
        "1. Utdanning",
        "2. Digitalisering",
        "Våre forslag til tiltak",
    ]


def test_it_finds_demands_and_skips_questions_descriptions_and_the_signature():
    assert texts(LETTER) == [
        "Antallet studieplasser må økes.",
        "Vi støtter satsingen på felles journalløsning.",
        "Vi advarer mot å kutte i driftsmidlene.",
        "Etablere et nasjonalt kompetansesenter",
        "Styrke veiledningen i kommunene",
    ]


def test_each_candidate_knows_its_heading_and_stance():
    candidates = find_candidates(split_sections(LETTER))
    assert [(c.section.heading.text, c.stance) for c in candidates] == [
        ("1. Utdanning", "wants_change"),
        ("2. Digitalisering", "supports"),
        ("2. Digitalisering", "opposes"),
        ("Våre forslag til tiltak", "new_measure"),
        ("Våre forslag til tiltak", "wants_change"),
    ]


def test_a_heading_that_repeats_a_bullet_is_not_a_second_candidate():
    body = (
        "Forslag til tiltak\n• Vi må styrke forskningen i kommunene\n"
        "Vi må styrke forskningen i kommunene\nForskningen er svak i dag. Den bør økes kraftig."
    )
    assert texts(body) == ["Vi må styrke forskningen i kommunene", "Den bør økes kraftig."]


def test_a_long_sentence_without_a_full_stop_is_not_a_heading():
    body = "Dette er en lang setning uten punktum som likevel " + "fortsetter " * 25 + "\nNeste."
    assert split_sections(body)[0].heading is None


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        ("Forbundet støtter forslaget om flere studieplasser.", "supports"),
        ("Vi er enig i at partene bør løse dette.", "supports"),
        ("Vi støtter ikke forslaget om sammenslåing.", "opposes"),
        ("Vi er uenig i at tilskuddet fjernes.", "opposes"),
        ("Vi foreslår at det etableres en ny ordning.", "new_measure"),
        ("Bevilgningen må økes.", "wants_change"),
    ],
)
def test_it_guesses_the_stance(sentence, stance):
    assert is_demand(sentence)
    assert guess_stance(sentence) == stance


@pytest.mark.parametrize(
    "sentence",
    [
        "Utdanningene må i økende grad sende studenter til andre byer.",
        "Feil prøvetaking fører til at analysene må tas på nytt.",
        "Hvordan skal dette finansieres?",
        "Dette er en god plan.",
        "Det er på høy tid.",
    ],
)
def test_descriptions_and_questions_are_not_demands(sentence):
    assert not is_demand(sentence)


def test_sentences_are_not_split_after_abbreviations():
    text = "Se Meld. St. 9 (2023–2024) og bl.a. kap. 7. Neste setning kommer her."
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "Se Meld. St. 9 (2023–2024) og bl.a. kap. 7.",
        "Neste setning kommer her.",
    ]
