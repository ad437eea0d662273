"""Reference forms, written as short sentences of our own, and the traps around them."""

from __future__ import annotations

import pytest

from proposals.submissions.importing import (
    budget_year_of,
    find_amounts,
    find_budget_refs,
    find_chapter_refs,
    find_documents,
    find_programme_categories,
    normalise_identifier,
)
from proposals.submissions.importing.references import BudgetRef, ChapterRef


@pytest.mark.parametrize(
    ("written", "official"),
    [
        ("Meld. St. 9 (2023-2024)", "Meld. St. 9 (2023–2024)"),
        ("Meld. St. 24 (2019–2020)", "Meld. St. 24 (2019–2020)"),
        ("Meld.St.  24 ( 2019 - 2020 )", "Meld. St. 24 (2019–2020)"),
        ("NOU 2023: 4", "NOU 2023:4"),
        ("NOU 2020:15", "NOU 2020:15"),
        ("Prop. 1 S (2025–2026)", "Prop. 1 S (2025–2026)"),
        ("Prop. 1 S (2025-26)", "Prop. 1 S (2025–2026)"),
        ("Innst. 11 S (2025–2026)", "Innst. 11 S (2025–2026)"),
        ("Lovvedtak 108 (2016-2017)", "Lovvedtak 108 (2016–2017)"),
        ("St.meld. nr. 47 (2008-2009)", "St.meld. nr. 47 (2008–2009)"),
    ],
)
def test_it_normalises_identifiers(written, official):
    assert normalise_identifier(written) == official
    assert [m.identifier for m in find_documents(f"Vi viser til {written} her.")] == [official]


def test_it_leaves_unknown_identifiers_tidy():
    assert normalise_identifier("  Rapport  IS-3000 (2020-2021) ") == "Rapport IS-3000 (2020–2021)"


def test_it_ignores_a_session_that_is_not_one_year_long():
    assert find_documents("Meld. St. 3 (2019-2023) er feil skrevet.") == []


def test_it_ignores_identifiers_inside_urls():
    text = "Se https://www.regjeringen.no/no/dokumenter/nou-2020-15/id2788079/ for detaljer."
    assert find_documents(text) == []


def test_it_finds_chapter_lists_and_points():
    text = "Vi kommenterer kapittel 2, 12 og 13, punkt 5.2 og jf. kap. 7 samt kapitlene 10–12."
    numbers = [ref.number for ref in find_chapter_refs(text, default_document="NOU 2023:4")]
    assert numbers == ["2", "12", "13", "5.2", "7", "10", "11"]
    assert all(
        ref.document == "NOU 2023:4"
        for ref in find_chapter_refs(text, default_document="NOU 2023:4")
    )


def test_a_chapter_belongs_to_the_document_named_next_to_it():
    text = (
        "Se kapittel 18.4.4 i Koronakommisjonens rapport. "
        "Også NOU 2020: 15 kapittel 7 er relevant, og kap. 3 i Meld. St. 24 (2019-2020)."
    )
    refs = find_chapter_refs(text, default_document="NOU 2023:4")
    assert refs == [
        ChapterRef("Koronakommisjonens rapport", "18.4.4"),
        ChapterRef("NOU 2020:15", "7"),
        ChapterRef("Meld. St. 24 (2019–2020)", "3"),
    ]


def test_the_name_may_come_before_the_chapter():
    refs = find_chapter_refs("I Granskingsutvalgets rapport, kapittel 4.2.", default_document=None)
    assert refs == [ChapterRef("Granskingsutvalgets rapport", "4.2")]


def test_pointers_inside_the_letter_are_not_chapter_refs():
    assert find_chapter_refs("Som nevnt i punkt 2 ovenfor.", default_document="X") == []


def test_a_budget_chapter_is_not_a_document_chapter():
    assert (
        find_chapter_refs("Vi viser til kap. 700 post 1 og kap. 70 post 1.", default_document="X")
        == []
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Øk bevilgningen på kap. 700 post 1.", [(700, 1)]),
        ("Midlene over kap. 4510, post 02 bør økes.", [(4510, 2)]),
        ("Tilskuddet på kap.764 post 60 må styrkes.", [(764, 60)]),
        ("Finansiering (Kap. 701/post 21 – Kap. 746/post 01)", [(701, 21), (746, 1)]),
        ("Se Kap. 0740 post 01.", [(740, 1)]),
        ("Vi ber om økning på postene 21 og 70 under kap. 714.", [(714, 21), (714, 70)]),
        ("Kap. 746 Direktoratet\nPost 21 Spesielle driftsutgifter", [(746, 21)]),
        ("Bevilgningen på 2620.70 må økes med 40 mill. kroner.", [(2620, 70)]),
        ("Kap. 732 post 72 og post 76 gjelder sykehusene.", [(732, 72), (732, 76)]),
    ],
)
def test_it_finds_budget_posts(text, expected):
    refs = find_budget_refs(text, year=2026)
    assert [(ref.chapter, ref.post) for ref in refs] == expected
    assert all(ref.year == 2026 for ref in refs)


def test_a_range_of_two_posts_is_two_refs_not_a_range():
    refs = find_budget_refs("Kap. 701/post 21 – Kap. 746/post 01", year=None)
    assert refs == [BudgetRef(None, 701, 21), BudgetRef(None, 746, 1)]


def test_a_lone_post_without_a_chapter_nearby_is_not_a_ref():
    assert find_budget_refs("Søknaden sendes per post 12 dager før fristen.", year=None) == []


def test_dotted_numbers_outside_a_budget_context_are_not_posts():
    text = "I 2020 var det 17.506 legeårsverk, og 1250.50 er bare et tall i en tabell."
    assert find_budget_refs(text, year=None) == []


def test_it_finds_programme_categories():
    text = "Tiltaket (Programkategori 10.40) og programkategoriene 10.30 og 10.60."
    assert find_programme_categories(text) == ["10.40", "10.30", "10.60"]


@pytest.mark.parametrize(
    ("identifier", "year"),
    [
        ("Prop. 1 S (2025–2026)", 2026),
        ("Innst. 11 S (2025–2026)", 2026),
        ("Prop. 1 S (2022–2023)", 2023),
        ("Meld. St. 9 (2023–2024)", None),
        (None, None),
    ],
)
def test_the_budget_year_is_the_year_the_session_ends(identifier, year):
    assert budget_year_of(identifier) == year


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("Vi ber om 40 mill. kroner.", [40_000_000]),
        ("Tilskuddet bør være kr 250 000 per år.", [250_000]),
        ("Det trengs 1,5 mrd. kroner.", [1_500_000_000]),
        ("Ordningen bør få 250 millioner til drift.", [250_000_000]),
        ("Totalt kr 1 234 567.", [1_234_567]),
        ("Vi foreslår NOK 3 mill. til piloten.", [3_000_000]),
        ("Et kutt på 20 mill. kroner vil ramme tilbudet.", [-20_000_000]),
        ("Kostnaden er 500 000 kroner.", [500_000]),
    ],
)
def test_it_reads_amounts_in_nok(text, amounts):
    assert find_amounts(text) == amounts


@pytest.mark.parametrize(
    "text",
    [
        "Forbundet har 116 000 naturvitere og teknologer som medlemmer.",
        "Dagens 224 studieplasser er for få, og 35 prosent flere trengs innen 2035.",
        "Møtet ble holdt 21.06.2022 og 3. mars 2023.",
        "Ring oss på tlf. 22 05 35 00 eller +47 915 55 555.",
        "Det bor 250 millioner innbyggere i regionen.",
        "Les mer på https://www.example.no/kap-700/post-1/rapport2023.pdf i dag.",
        "Vi trenger flere fagfolk.1 Det viser tallene.2",
        "Behovet kan vokse med 260.000 årsverk fram mot 2060.",
        "Universitetskommune 3.0 er et godt eksempel, se SSB tabell 09547.",
    ],
)
def test_plain_numbers_never_become_references(text):
    assert find_documents(text) == []
    assert find_chapter_refs(text, default_document="X") == []
    assert find_budget_refs(text, year=2026) == []
    assert find_programme_categories(text) == []
    assert find_amounts(text) == []
