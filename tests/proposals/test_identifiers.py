import pytest

from proposals.reference.identifiers import (
    chapter_number_is_valid,
    chapter_parent_number,
    chapter_sort_key,
    identifier_kind,
    normalise_identifier,
)


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
    ],
)
def test_identifiers_are_normalised_to_the_official_spelling(written, official):
    assert normalise_identifier(written) == official


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
