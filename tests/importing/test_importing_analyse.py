"""analyse(): the DESIGN.md contract and how the parts come together."""

from __future__ import annotations

from proposals.submissions.importing import analyse

CONTRACT_KEYS = {
    "target_document",
    "cited_documents",
    "chapter_refs",
    "budget_refs",
    "programme_categories",
    "candidates",
}
CANDIDATE_KEYS = {"text", "chapter_refs", "budget_refs", "requested_amount_nok"}

RESPONSE = """Høringssvar til NOU 2023: 4 fra Eksempelforeningen

Foreningen har lest utredningen med interesse, jf. Meld. St. 24 (2019-2020).1

10.3 Dimensjonering av helsefagutdanningene
Vi støtter kommisjonens vurdering. Antallet studieplasser må økes med 40 mill. kroner.

12.5.1 Kompetanseutvikling i og for effektive helse- og omsorgstjenester
Vi er uenig i at etterutdanning kan vente.


1 Se også kapittel 5 i Meld. St. 24 (2019-2020).
"""

BUDGET = """Budsjettinnspill fra Eksempelforbundet

Sentral forvaltning (Programkategori 10.40)
Kap. 740 Helsedirektoratet
Post 01 Driftsutgifter bør økes med kr 5 000 000 for å styrke veiledningen.
"""


def test_it_returns_exactly_the_contract_shape():
    result = analyse(RESPONSE)
    assert set(result) == CONTRACT_KEYS
    for candidate in result["candidates"]:
        assert CANDIDATE_KEYS <= set(candidate)
        assert isinstance(candidate["text"], str)
    for ref in result["chapter_refs"]:
        assert set(ref) == {"document", "number", "resolved"}
        assert ref["resolved"] is False


def test_it_reads_target_cited_documents_and_heading_chapters():
    result = analyse(RESPONSE)
    assert result["target_document"] == "NOU 2023:4"
    assert result["cited_documents"] == ["Meld. St. 24 (2019–2020)"]
    assert [(r["document"], r["number"]) for r in result["chapter_refs"]] == [
        ("NOU 2023:4", "10.3"),
        ("NOU 2023:4", "12.5.1"),
        ("Meld. St. 24 (2019–2020)", "5"),
    ]


def test_candidates_carry_their_section_chapter_amount_and_stance():
    candidates = analyse(RESPONSE)["candidates"]
    by_text = {c["text"]: c for c in candidates}
    more = by_text["Antallet studieplasser må økes med 40 mill. kroner."]
    assert more["requested_amount_nok"] == 40_000_000
    assert more["heading"] == "10.3 Dimensjonering av helsefagutdanningene"
    assert [r["number"] for r in more["chapter_refs"]] == ["10.3"]
    assert by_text["Vi er uenig i at etterutdanning kan vente."]["stance"] == "opposes"


def test_a_resolver_decides_which_chapter_refs_are_resolved():
    known = {("NOU 2023:4", "10.3")}
    result = analyse(RESPONSE, resolver=lambda document, number: (document, number) in known)
    resolved = {(r["number"], r["resolved"]) for r in result["chapter_refs"]}
    assert resolved == {("10.3", True), ("12.5.1", False), ("5", False)}


def test_the_callers_target_wins_and_gives_the_budget_year():
    result = analyse(BUDGET, target_document="Prop. 1 S (2025-2026)")
    assert result["target_document"] == "Prop. 1 S (2025–2026)"
    assert result["budget_refs"] == [{"year": 2026, "chapter": 740, "post": 1}]
    assert result["programme_categories"] == ["10.40"]
    (candidate,) = result["candidates"]
    assert candidate["budget_refs"] == [{"year": 2026, "chapter": 740, "post": 1}]
    assert candidate["requested_amount_nok"] == 5_000_000
    assert candidate["programme_categories"] == ["10.40"]


def test_the_budget_year_can_come_from_the_text():
    text = "Innspill til statsbudsjettet for 2027\n\nVi ber om mer til kap. 745 post 1."
    assert analyse(text)["budget_refs"] == [{"year": 2027, "chapter": 745, "post": 1}]


def test_the_letters_own_numbering_is_not_a_chapter_reference():
    text = (
        "Innspill til behandlingen av Meld. St. 9 (2023-2024)\n\n"
        "1. Rekruttering\nVi må få flere fagfolk.\n2. Finansiering\nMidlene må følge pasienten.\n"
    )
    result = analyse(text)
    assert result["target_document"] == "Meld. St. 9 (2023–2024)"
    assert result["chapter_refs"] == []


def test_it_copes_with_empty_and_hostile_text():
    assert analyse("")["candidates"] == []
    result = analyse("\x00" * 10 + "kap." * 2000 + "\f" * 50)
    assert set(result) == CONTRACT_KEYS
