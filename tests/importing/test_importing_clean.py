"""Cleaning of PDF debris, on small texts written in the style of extracted PDFs."""

from __future__ import annotations

from proposals.submissions.importing import clean_text

PAGE_WITH_FOOTNOTE = (
    "Forbundet mener at flere bør utdannes.1 I tillegg bør\n"
    "\n"
    " \n"
    "1 Rapporten Framtidas behov, kapittel 3, viser\n"
    "at behovet øker.\n"
    "\n"
    "https://www.example.no/rapport\n"
    " staten sette av midler til praksisplasser.\n"
)


def test_it_takes_out_footnotes_and_joins_the_sentence_they_interrupted():
    cleaned = clean_text(PAGE_WITH_FOOTNOTE)
    assert cleaned.footnotes == {1: "Rapporten Framtidas behov, kapittel 3, viser at behovet øker."}
    assert cleaned.units == [
        "Forbundet mener at flere bør utdannes. I tillegg bør staten sette av midler til "
        "praksisplasser."
    ]
    offset, number = cleaned.anchors[0]
    assert number == 1 and cleaned.body[offset - 1] == "."


def test_a_number_at_the_start_of_a_line_is_not_a_footnote_without_its_marker():
    cleaned = clean_text("Mange jobber deltid.\n\n3 av 4 kommuner har vedtatt heltidskultur.\n")
    assert cleaned.footnotes == {}
    assert "3 av 4 kommuner" in cleaned.body


def test_it_joins_words_split_by_the_typesetter():
    assert (
        clean_text("Vi trenger bedre utdan-\nningstilbud.").body
        == "Vi trenger bedre utdanningstilbud."
    )


def test_it_keeps_hyphens_of_elided_and_real_compounds():
    text = (
        "Tjenestene i helse- \nog omsorgssektoren trenger IKT-\ningeniører. Ikke-\n"
        "legemidler vurderes ulikt, og «kloke valg»-\nkampanjen fortsetter."
    )
    body = clean_text(text).body
    assert "helse- og omsorgssektoren" in body
    assert "IKT-ingeniører" in body
    assert "Ikke-legemidler" in body
    assert "«kloke valg»-kampanjen" in body


def test_it_joins_a_url_broken_over_two_lines():
    body = clean_text("Les mer på https://www.example.no/dokumenter/\nrapport-2022.pdf i dag.").body
    assert "https://www.example.no/dokumenter/rapport-2022.pdf i dag." in body


def test_it_drops_lone_page_numbers():
    body = clean_text("Første side slutter her.\n\n2\n\nAndre side begynner.\nSide 3 av 9\n").body
    assert body == "Første side slutter her.\nAndre side begynner."


def test_blank_lines_between_every_line_do_not_split_sentences():
    text = (
        "Regjeringen må sende \n\ntydelige signaler om \n\n"
        "hvilke utdanninger som prioriteres. \n\n \n\nNy tekst."
    )
    assert clean_text(text).units == [
        "Regjeringen må sende tydelige signaler om hvilke utdanninger som prioriteres.",
        "Ny tekst.",
    ]


def test_a_heading_stays_its_own_unit():
    units = clean_text("Innledning\n\nDette er første avsnitt.\nFinansiering\nVi ber om mer.").units
    assert units == ["Innledning", "Dette er første avsnitt.", "Finansiering", "Vi ber om mer."]
