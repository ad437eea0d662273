"""Reading as a careful secretary would: whose chapter a number is, ranges and lists,
what is a demand and how sure, titles, amounts and their sign."""

from __future__ import annotations

import pytest

from proposals.submissions.importing import analyse
from proposals.submissions.importing.amounts import requested_amount, to_nok
from proposals.submissions.importing.demands import classify, make_title, not_a_demand
from proposals.submissions.importing.references import find_budget_refs, find_chapter_refs

M = "Meld. St. 14 (2024–2025)"


def _chapters(text, **kwargs):
    return [
        (ref.document, ref.number, ref.range_endpoint)
        for ref in find_chapter_refs(text, default_document=M, **kwargs)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Kommuneloven kapittel 14 gir regler om økonomiforvaltning.",
        "Gjeldende universitets- og høyskolelov kapittel 9 regulerer klage.",
        "Dette følger av kapittel 5 i arbeidsmiljøloven.",
        "Vi viser til vår uttalelse av 12. mars 2024 til NOU 2023:9, punkt 3.1.",
        "Forholdene nevnt i pkt. 3 i fylkestingets vedtak er utdypet nedenfor.",
        "Se kapittel 5 i vedlegget til saken.",
    ],
)
def test_chapters_of_laws_and_of_the_writers_own_papers_are_no_references(text):
    assert _chapters(text) == []


def test_an_anaphor_points_back_to_the_last_named_document_of_its_kind():
    text = (
        "Vi viser til NOU 2023:9. I vårt høringssvar til NOU-en (kapittel 11 og 24) pekte vi på "
        "dette. Utvalget drøftet i kapittel 7 saken. Meldingen beskriver i kapittel 10 styringen. "
        "I Prop. 126 L (2022–2023) ble det varslet en gjennomgang, og proposisjonen viser i "
        "kapittel 21 til en nemnd. Departementet bør følge opp kapittel 12 raskt."
    )
    assert _chapters(text) == [
        ("NOU 2023:9", "11", False),
        ("NOU 2023:9", "24", False),
        ("NOU 2023:9", "7", False),
        (M, "10", False),  # no other Meld. St. is named: the one answered
        ("Prop. 126 L (2022–2023)", "21", False),
        (M, "12", False),
    ]


def test_a_range_is_expanded_against_the_known_chapter_list():
    known = ["10", "10.3", "10.3.1", "10.4", "10.5", "10.5.1", "11"]
    text = "Meldingen beskriver i kapittel 10.3–10.5 styringen."
    assert [n for _, n, _ in _chapters(text, chapter_lists={M: known}.get)] == [
        "10.3",
        "10.3.1",
        "10.4",
        "10.5",
    ]


def test_without_a_chapter_list_a_range_keeps_its_endpoints_flagged():
    assert _chapters("Forslagene i kapittel 14.2–14.4 støttes.") == [
        (M, "14.2", True),
        (M, "14.4", True),
    ]
    assert [n for _, n, flag in _chapters("Kapitlene 4 til 6 i meldingen.") if not flag] == [
        "4",
        "5",
        "6",
    ]


@pytest.mark.parametrize(
    ("text", "posts"),
    [
        ("kap. 732 postene 72–75", [(732, 72), (732, 73), (732, 74), (732, 75)]),
        ("Kap. 762 Primærhelsetjeneste, post 21, 45 og 70", [(762, 21), (762, 45), (762, 70)]),
        ("kap. 701 og 702, post 21", [(701, 21), (702, 21)]),
        ("kap. 740 post 70 til 2 mill.", [(740, 70)]),
    ],
)
def test_budget_ranges_and_lists_are_expanded(text, posts):
    assert [(ref.chapter, ref.post) for ref in find_budget_refs(text, year=2026)] == posts


@pytest.mark.parametrize(
    ("text", "nok", "kind"),
    [
        ("Vi går imot forslaget om å redusere kap. 740 post 01 med 5 mill.", 5_000_000, "keep"),
        ("Forbundet ber om at posten økes med 1,5 milliarder kroner.", 1_500_000_000, "increase"),
        ("Øke posten med 40 MNOK til kompetanse.", 40_000_000, "increase"),
        ("Bevilge inntil 20 mill. kr til lærlinger.", 20_000_000, "increase"),
        ("Reversere kuttet på tolv millioner kroner.", 12_000_000, "reverse_cut"),
        ("Øke posten med en halv milliard kroner til bemanning.", 500_000_000, "increase"),
        ("Posten styrkes med mellom 10 og 15 millioner kroner.", 10_000_000, "increase"),
        ("Tilskuddet bør reduseres med 3 mill. kroner.", -3_000_000, "reduce"),
        ("Ordningen bør få 2 mrd. kroner.", 2_000_000_000, "increase"),
        ("Tilskuddet bør være kr 250 000 per år.", 250_000, "increase"),
        ("Vi ber om NOK 300 tusen til piloten.", 300_000, "increase"),
    ],
)
def test_the_requested_amount_and_its_sign_come_from_what_is_asked(text, nok, kind):
    found = requested_amount(text)
    assert (found.nok, found.kind) == (nok, kind)


def test_a_range_of_amounts_keeps_both_ends():
    found = requested_amount("Posten styrkes med 10–15 mill. kroner.")
    assert (found.low, found.high) == (10_000_000, 15_000_000)
    assert to_nok("1,5", "mrd.") == 1_500_000_000


@pytest.mark.parametrize(
    "sentence",
    [
        "Det foreslås i meldingen at statlige tilsyn skal samordnes bedre.",
        "Regjeringen foreslår en realvekst i de frie inntektene på 2,1 mrd. kroner.",
        "Høringsinstansene oppfordres til å si hvordan en nemnd bør organiseres.",
        "Vi støtter utvalgets beskrivelse av utfordringsbildet.",
        "Ombudet er enig i utvalgets analyse av dagens situasjon.",
        "«Institusjonene må sørge for veiledning», skriver utvalget.",
        "Ta gjerne kontakt dersom komiteen ønsker mer informasjon.",
        "Vi ber om å få delta i komiteens høring.",
    ],
)
def test_descriptions_quotations_agreement_and_courtesy_are_no_demands(sentence):
    assert not_a_demand(sentence)
    assert classify(sentence) is None


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("Forbundet ber Stortinget om å øke bevilgningen.", "ber om"),
        ("Regjeringen må sende tydelige styringssignaler.", "må"),
        ("Retten til tilrettelegging må lovfestes, slik utvalget foreslår.", "må"),
        ("Vi går imot at akuttkirurgien legges ned.", "går imot"),
    ],
)
def test_a_demand_has_a_reason(sentence, reason):
    assert classify(sentence)[0] == reason


LETTER = """Eksempelfylkets høringssvar til Meld. St. 14 (2024–2025)

Dato: 25.04.2025

Oslo, 14. oktober 2025

Programkategori 13.70 Lokalforvaltning

Kap. 571 Rammetilskudd til kommuner, post 60

Fylket mener at rammetilskuddet må økes med 300 mill. kroner. Posten ble kuttet med 50 mill. kroner i fjor.

Eksempelfylket ber komiteen om å:
• be regjeringen legge fram en plan for færre øremerkede tilskudd, jf. kapittel 9.2
• sikre full finansiering av nye oppgaver

Andre saker

Staten bør samordne tilsynene bedre.
"""


def test_list_items_under_a_lead_in_are_one_candidate_each_and_inherit_by_the_rule():
    result = analyse(LETTER)
    by_title = {c["title"]: c for c in result["candidates"]}
    assert "Dato: 25.04.2025" not in {c["section"] for c in result["candidates"]}
    assert all("ber komiteen om å:" not in c["text"] for c in result["candidates"])
    plan = next(c for t, c in by_title.items() if t.startswith("Be regjeringen legge fram"))
    assert plan["text"].startswith("Eksempelfylket ber komiteen om å be regjeringen")
    assert plan["reason"] == "liste" and plan["confident"]
    assert [r["number"] for r in plan["chapter_refs"]] == ["9.2"]
    # Its own chapter; the heading's post comes in as the item has no post of its own.
    assert [(r["chapter"], r["post"]) for r in plan["budget_refs"]] == [(571, 60)]
    increase = next(c for c in result["candidates"] if "må økes" in c["text"])
    assert increase["requested_amount_nok"] == 300_000_000  # not the 50 mill. of the next one
    assert increase["programme_categories"] == ["13.70"]  # the stacked heading's
    later = next(c for c in result["candidates"] if "samordne tilsynene" in c["text"])
    assert later["programme_categories"] == [] and later["budget_refs"] == []


def test_titles_are_the_core_of_the_request_and_short():
    assert make_title("NITO mener at kompetansen må følge pasienten.") == (
        "Kompetansen må følge pasienten"
    )
    long = "Vi ber om at " + "bevilgningen til sykehusene økes kraftig, " * 6 + "og raskt."
    assert len(make_title(long)) <= 100


def test_a_demand_said_twice_is_one_candidate():
    text = (
        "Sammendrag\n\nOmbudet mener at fristen for å klage på sensur bør forlenges til seks "
        "uker.\n\nKlage\n\nOmbudet anbefaler at:\n1) fristen for å klage på sensur forlenges "
        "til seks uker\n2) studentene får rett til gratis rettshjelp\n"
    )
    texts = [c["text"] for c in analyse(text)["candidates"]]
    assert sum("klage på sensur" in t for t in texts) == 1
    assert any("gratis rettshjelp" in t for t in texts)


def test_a_page_footer_inside_a_sentence_is_removed():
    text = (
        "Fylket ber Stortinget om å sikre at nye oppgaver til kommunene og\n\n"
        "Vestland fylkeskommune – side 2 av 4\n\nfylkeskommunene følges av full finansiering.\n"
    )
    (candidate,) = analyse(text)["candidates"]
    assert candidate["text"].endswith("fylkeskommunene følges av full finansiering.")


def test_an_aside_after_the_modal_is_left_out_of_the_title():
    title = make_title(
        "Regjeringen bør, gjennom bevilgninger og styringsdialog, sikre effektiv "
        "ressursutnyttelse og ivareta behovet for nasjonal samordning."
    )
    assert title.startswith("Regjeringen bør sikre effektiv ressursutnyttelse")
