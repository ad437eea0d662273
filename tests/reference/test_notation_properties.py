"""Properties of the notations, over generated identifiers, budget posts and amounts."""

from hypothesis import given
from hypothesis import strategies as st

from proposals.reference.amounts import LIMIT, format_amount, parse_amount
from proposals.reference.budget import BudgetPostRef, format_budget_post, parse_budget_post
from proposals.reference.chapters import chapter_number_is_valid, chapter_sort_key
from proposals.reference.identifiers import (
    Identifier,
    format_identifier,
    normalise_identifier,
    parse_identifier,
)
from proposals.submissions.importing import find_documents

sessions = st.integers(min_value=1950, max_value=2090)
numbers = st.integers(min_value=1, max_value=999)


@st.composite
def identifiers(draw) -> Identifier:
    series = draw(
        st.sampled_from(["nou", "meld_st", "st_meld", "prop", "innst", "dokument", "lovvedtak"])
    )
    number = draw(numbers)
    if series == "nou":
        return Identifier("nou", number, year=draw(sessions))
    letter = ""
    if series == "prop":
        letter = draw(st.sampled_from(["S", "L", "LS"]))
    elif series == "innst":
        letter = draw(st.sampled_from(["S", "L", "O"]))
    elif series == "dokument":
        letter = draw(st.sampled_from(["S", "L", "LS"]))
    dossier = draw(st.integers(min_value=1, max_value=20)) if series == "dokument" else None
    return Identifier(series, number, session=draw(sessions), letter=letter, dossier=dossier)


@st.composite
def written_forms(draw, identifier: Identifier) -> str:
    """One of the ways people write ``identifier``: spacing, dashes, short years, 'nr.'."""
    canonical = format_identifier(identifier)
    if identifier.session is not None:
        dash = draw(st.sampled_from(["-", "–", "—", " - ", "/"]))
        second = identifier.session + 1
        end = str(second) if draw(st.booleans()) else f"{second % 100:02d}"
        canonical = canonical.replace(
            f"({identifier.session}–{second})", f"({identifier.session}{dash}{end})"
        )
    if identifier.series == "nou":
        sep = draw(st.sampled_from([":", ": ", " : "]))
        zeros = "0" * draw(st.integers(min_value=0, max_value=1))
        canonical = f"NOU {identifier.year}{sep}{zeros}{identifier.number}"
    if identifier.series == "meld_st" and draw(st.booleans()):
        canonical = canonical.replace("Meld. St. ", "Meld. St. nr. ")
    return canonical


@given(identifiers())
def test_an_identifier_reads_back_as_itself(identifier):
    assert parse_identifier(format_identifier(identifier)) == identifier


@given(st.data())
def test_the_text_side_and_the_argument_side_agree(data):
    identifier = data.draw(identifiers())
    written = data.draw(written_forms(identifier))
    canonical = format_identifier(identifier)
    assert normalise_identifier(written) == canonical
    found = [m.identifier for m in find_documents(f"Høringssvar til {written}. Vi ber om mer.")]
    assert found == [canonical]


@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=0, max_value=99))
def test_a_budget_post_reads_back_as_itself(chapter, post):
    assert parse_budget_post(format_budget_post(chapter, post)) == BudgetPostRef(chapter, post)


@given(st.integers(min_value=-LIMIT, max_value=LIMIT))
def test_an_amount_reads_back_as_itself(amount):
    assert parse_amount(format_amount(amount)) == amount


@given(st.lists(st.integers(min_value=1, max_value=9999), min_size=1, max_size=4))
def test_sort_keys_order_chapter_numbers_as_tuples(parts):
    number = ".".join(str(p) for p in parts)
    assert chapter_number_is_valid(number)
    other = ".".join(str(p) for p in reversed(parts))
    assert (chapter_sort_key(number) < chapter_sort_key(other)) == (parts < parts[::-1])
