"""Splitting recommendations into citable passages: three shapes of Innst. and the decisions."""

from pathlib import Path

import pytest

from proposals.outcomes import splitting as kinds
from proposals.outcomes.blocks import UnreadableDocument, blocks_from_text, blocks_from_xml
from proposals.outcomes.decisions import read_decisions, read_recommendation
from proposals.outcomes.splitting import split

SAMPLES = Path(__file__).parent / "samples"


def _read(name):
    return read_recommendation((SAMPLES / name).read_bytes(), name)


def _by_kind(passages, kind):
    return [p for p in passages if p.kind == kind]


def test_budget_recommendation_keeps_pages_tables_and_party_remarks():
    passages = _read("innst-budsjett-helse.xml")
    remarks = _by_kind(passages, kinds.COMMITTEE)
    assert remarks[0].heading_path == [
        "2 Komiteens merknader",
        "2.1 Programkategori 10.40 Sentral helseforvaltning",
    ]
    assert remarks[0].page == 3
    digital = [p for p in remarks if "kap. 701, post 21" in p.text][0]
    assert digital.page == 4
    party = _by_kind(passages, kinds.PARTY)
    assert [p.parties for p in party] == [["Fremskrittspartiet", "Høyre"], ["Rødt"]]
    # "Disse medlemmer …" continues the party group's remark rather than starting a new one.
    assert "Disse medlemmer foreslår" in party[0].text
    decision = _by_kind(passages, kinds.DECISION_PART)
    assert [p.number for p in decision] == ["I", "II"]
    assert "746 | 01 | Driftsutgifter | 468 591 000" in decision[0].text
    assert decision[1].text.startswith("Stortinget ber regjeringen legge fram en plan")


def test_white_paper_recommendation_names_chapters_and_tells_majority_from_minority():
    passages = _read("innst-melding-helseplan.html")
    chapter_10 = [p for p in passages if p.chapter == "10"]
    whole = [p for p in chapter_10 if p.kind == kinds.COMMITTEE]
    # "Komiteen, medlemmene fra A, H, Sp, FrP …" is the whole committee.
    assert whole[0].text.startswith("Komiteen, medlemmene fra Arbeiderpartiet")
    assert whole[0].parties == []
    majority, dissent = _by_kind(chapter_10, kinds.PARTY)
    assert majority.majority and majority.parties == [
        "Arbeiderpartiet",
        "Senterpartiet",
        "Sosialistisk Venstreparti",
        "Rødt",
    ]
    assert not dissent.majority and dissent.parties == ["Fremskrittspartiet"]
    assert "kommunene kjenner sitt eget behov" in dissent.text
    assert {p.chapter for p in passages if p.kind == kinds.COMMITTEE} >= {"6", "10", "12"}


def test_law_recommendation_numbers_minority_proposals_with_their_parties():
    text = (SAMPLES / "innst-lov-helsepersonell.txt").read_text(encoding="utf-8")
    passages = split(blocks_from_text(text))
    proposals = _by_kind(passages, kinds.MINORITY)
    assert [(p.number, p.parties) for p in proposals] == [
        ("1", ["Høyre", "Kristelig Folkeparti"]),
        ("2", ["Fremskrittspartiet"]),
    ]
    assert proposals[0].page == 2
    assert (
        proposals[1].text
        == "Stortinget ber regjeringen fjerne kravet om veiledet praksis før autorisasjon."
    )
    parts = _by_kind(passages, kinds.DECISION_PART)
    # "I lov 2. juli …" is a sentence inside part I, not a part of its own.
    assert [p.number for p in parts] == ["I", "II"]
    assert parts[0].text.startswith("I lov 2. juli 1999")
    majority = [p for p in passages if p.majority]
    assert majority and majority[0].parties == []  # "alle unntatt …": the others


def test_decisions_keep_type_number_and_text_of_one_case():
    data = (SAMPLES / "stortingsvedtak-2025-2026.xml").read_bytes()
    decisions = read_decisions(data, case_id="101234")
    assert [(d.number, d.decision_type, d.source_id) for d in decisions] == [
        ("120", "BUDSJETT", "90011"),
        ("121", "ANMOD", "90012"),
    ]
    assert decisions[1].text.startswith("Stortinget ber regjeringen")
    assert "<p>" not in decisions[0].text
    assert len(read_decisions(data)) == 3


def test_passage_keys_are_stable_and_distinct():
    first, second = _read("innst-melding-helseplan.html"), _read("innst-melding-helseplan.html")
    assert [p.key for p in first] == [p.key for p in second]
    assert len({p.key for p in first}) == len(first)


@pytest.mark.parametrize(
    "data",
    [
        b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaa'>]><x>&a;</x>",
        b"<publikasjon><tittel>uten slutt",
        b"",
    ],
)
def test_hostile_or_broken_xml_is_refused_with_a_message(data):
    with pytest.raises(UnreadableDocument, match="XML-filen kan ikke leses"):
        blocks_from_xml(data)


def test_external_entities_are_never_fetched():
    data = b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM 'http://example.org/'>]><x>&e;</x>"
    with pytest.raises(UnreadableDocument):
        blocks_from_xml(data)
