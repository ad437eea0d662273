"""The notations of reference data, read and written by one function each."""

import pytest

from proposals.reference.amounts import AmountError, format_amount, parse_amount
from proposals.reference.budget import (
    BudgetPostError,
    BudgetPostRef,
    format_budget_post,
    parse_budget_post,
)
from proposals.reference.chapters import (
    chapter_number_is_valid,
    chapter_numbers_in,
    chapter_parent_number,
    chapter_sort_key,
    clean_chapter_number,
    split_chapter_line,
    strip_chapter_number,
)
from proposals.reference.identifiers import (
    SessionError,
    budget_year_of,
    identifier_kind,
    normalise_identifier,
)
from proposals.submissions.importing import find_documents


@pytest.mark.parametrize(
    ("written", "official"),
    [
        ("NOU 2023: 4", "NOU 2023:4"),
        ("NOU 2023:4", "NOU 2023:4"),
        ("nou 2023 : 4", "NOU 2023:4"),
        ("Meld. St. 9 (2023-2024)", "Meld. St. 9 (2023–2024)"),
        ("Meld. St. 9 (2023–2024)", "Meld. St. 9 (2023–2024)"),
        ("Meld.St.9 (2023-24)", "Meld. St. 9 (2023–2024)"),
        ("meld. st. 24 (2019 - 2020)", "Meld. St. 24 (2019–2020)"),
        ("Prop. 1 S (2025-2026)", "Prop. 1 S (2025–2026)"),
        ("prop. 1 s (2022–2023)", "Prop. 1 S (2022–2023)"),
        ("Innst. 11 S (2025–2026)", "Innst. 11 S (2025–2026)"),
        ("  NOU\u00a02020:\u00a015 ", "NOU 2020:15"),
        ("NOU 2023:04", "NOU 2023:4"),
        ("Meld. St. nr. 9 (2023-2024)", "Meld. St. 9 (2023–2024)"),
        ("St.meld. nr. 47 (2008–2009)", "St.meld. nr. 47 (2008–2009)"),
        ("St. meld. nr. 47 (2008-09)", "St.meld. nr. 47 (2008–2009)"),
        ("Innst. 240 S (2023–2024)", "Innst. 240 S (2023–2024)"),
        ("Dokument 8:5 S (2023-2024)", "Dokument 8:5 S (2023–2024)"),
        ("Dok. 8:05 s (2023–24)", "Dokument 8:5 S (2023–2024)"),
        ("Lovvedtak 108 (2016-2017)", "Lovvedtak 108 (2016–2017)"),
        ("Meld. St. 9 (1999-00)", "Meld. St. 9 (1999–2000)"),
    ],
)
def test_identifiers_are_normalised_to_the_official_spelling(written, official):
    assert normalise_identifier(written) == official


@pytest.mark.parametrize(
    "written",
    [
        "NOU 2023: 4",
        "NOU 2023:04",
        "Meld. St. nr. 9 (2023-2024)",
        "St.meld. nr. 47 (2008–2009)",
        "Prop. 1 S (2025–2026)",
        "Innst. 240 S (2023–2024)",
        "Dokument 8:5 S (2023–2024)",
    ],
)
def test_the_text_side_reads_identifiers_as_the_argument_side_does(written):
    found = [m.identifier for m in find_documents(f"Innspill til {written}, som omtalt.")]
    assert found == [normalise_identifier(written)]


@pytest.mark.parametrize("written", ["Meld. St. 9 (2023–2025)", "Prop. 1 S (2025-2025)"])
def test_a_session_that_is_not_one_year_is_refused_on_both_sides(written):
    with pytest.raises(SessionError):
        normalise_identifier(written)
    assert find_documents(f"Innspill til {written}.") == []


def test_unknown_identifiers_are_tidied_only():
    assert normalise_identifier("  Rapport  IS-3000 (2020-21) ") == "Rapport IS-3000 (2020–2021)"


def test_budget_year_of_a_budget_document():
    assert budget_year_of("Prop. 1 S (2025–2026)") == 2026
    assert budget_year_of("Innst. 2 S (2025–2026)") == 2026
    assert budget_year_of("Meld. St. 9 (2023–2024)") is None
    assert budget_year_of(None) is None


@pytest.mark.parametrize(
    ("identifier", "kind"),
    [
        ("NOU 2023:4", "official_report"),
        ("Meld. St. 9 (2023–2024)", "white_paper"),
        ("Prop. 1 S (2025–2026)", "budget_proposition"),
        ("Prop. 12 L (2025–2026)", "proposition"),
        ("Innst. 11 S (2025–2026)", "recommendation"),
        ("Høringsnotat om noe", "other"),
    ],
)
def test_identifier_kind(identifier, kind):
    assert identifier_kind(identifier) == kind


def test_sort_keys_order_chapters_naturally():
    numbers = ["10.11", "2", "10", "10.9", "1.1", "12.5.1", "10.3", "1", "12.5.10", "12.5.2"]
    assert sorted(numbers, key=chapter_sort_key) == [
        "1",
        "1.1",
        "2",
        "10",
        "10.3",
        "10.9",
        "10.11",
        "12.5.1",
        "12.5.2",
        "12.5.10",
    ]


@pytest.mark.parametrize("number", ["10", "10.3", "12.5.1", "1"])
def test_valid_chapter_numbers(number):
    assert chapter_number_is_valid(number)


@pytest.mark.parametrize("number", ["", "10.", ".3", "10..3", "x", "10.3a", "12345", "1 0"])
def test_invalid_chapter_numbers(number):
    assert not chapter_number_is_valid(number)


def test_parent_number():
    assert chapter_parent_number("12.5.1") == "12.5"
    assert chapter_parent_number("10") is None


@pytest.mark.parametrize(
    ("written", "number"),
    [(" Kapittel 10.3. ", "10.3"), ("kap. 7", "7"), ("10.", "10"), ("12.5.1", "12.5.1")],
)
def test_chapter_numbers_are_cleaned(written, number):
    assert clean_chapter_number(written) == number


def test_chapter_lists_and_lines():
    assert chapter_numbers_in("10.3, 12 og 10.3") == ["10.3", "12"]
    assert split_chapter_line("Kapittel 10.3. Helse") == ("10.3", "Helse")
    assert split_chapter_line("10") == ("10", "")
    assert split_chapter_line("Helse") is None
    assert strip_chapter_number("10.3 Helse og omsorg") == "Helse og omsorg"


@pytest.mark.parametrize(
    "written",
    [
        "kap. 0732 post 70",
        "Kap. 732, post 70",
        "732.70",
        "post 70 under kap. 732",
        "kapittel 732 post 70",
        "732 70",
        "KAP. 732 POST 70.",
    ],
)
def test_budget_posts_in_every_notation(written):
    assert parse_budget_post(written) == BudgetPostRef(732, 70)


@pytest.mark.parametrize("written", ["", "732", "kap. 732", "post 70", "70 kroner", "2023.2024"])
def test_what_is_not_a_budget_post_is_refused(written):
    with pytest.raises(BudgetPostError):
        parse_budget_post(written)


def test_budget_posts_are_written_one_way():
    assert format_budget_post(732, 70) == "Kap. 732, post 70"
    assert format_budget_post(701, 1, 2026) == "Kap. 701, post 01 (2026)"
    assert str(BudgetPostRef(701, 21)) == "Kap. 701, post 21"


@pytest.mark.parametrize(
    ("written", "amount"),
    [
        ("10 000 000", 10_000_000),
        ("10\u00a0000\u00a0000", 10_000_000),
        ("10 000 000 kr", 10_000_000),
        ("10.000.000", 10_000_000),
        ("kr 10 mill.", 10_000_000),
        ("1,5 mrd.", 1_500_000_000),
        ("1,5 milliarder kroner", 1_500_000_000),
        ("40 MNOK", 40_000_000),
        ("-5 mill.", -5_000_000),
        ("−5 mill. kr", -5_000_000),
        ("kr. 40 000 000,-", 40_000_000),
        ("250 tusen", 250_000),
        ("10 000,00 kr", 10_000),
        ("40000000", 40_000_000),
        ("", None),
    ],
)
def test_amounts_in_every_notation(written, amount):
    assert parse_amount(written) == amount


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("1,5", "ambiguous"),
        ("1.5", "ambiguous"),
        ("1,2345678 mill.", "ambiguous"),
        ("ti kroner", "invalid"),
        ("1 2", "invalid"),
        ("40 mill. innbyggere", "invalid"),
        ("2 000 000 mrd.", "limit"),
    ],
)
def test_what_is_not_an_amount_is_refused_with_a_reason(written, code):
    with pytest.raises(AmountError) as refused:
        parse_amount(written)
    assert refused.value.code == code


def test_amounts_are_written_back_for_editing():
    assert format_amount(-10_000_000) == "-10 000 000"
    assert format_amount(None) == ""
