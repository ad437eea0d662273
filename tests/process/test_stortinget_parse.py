"""Reading the Storting's answers: shapes, .NET quirks, unsafe and broken XML."""

from datetime import date, datetime

import pytest

from proposals.process.stortinget import AnswerRefused, clean_html, parse
from tests.process.conftest import SAMPLES


def _read(name):
    return (SAMPLES / name).read_bytes()


def test_hearings_are_read_with_the_default_namespace_nil_and_the_zero_date():
    answer = parse(_read("horinger-2023-2024.xml"))
    assert answer.kind == "horinger_oversikt"
    assert answer.meta["sesjon_id"] == "2023-2024"
    by_id = {row["id"]: row for row in answer.rows}
    first = by_id[10001]
    assert first["committee"] == "HELSE"
    assert first["request_deadline"] == datetime(2024, 1, 22, 12, 0)
    assert first["application_deadline"] is None  # i:nil
    assert first["status_text"] == "Høringen er åpen."
    assert first["cases"][0]["reference"] == "Meld. St. 9 (2023-2024)"
    assert first["times"][0]["place"].startswith("Stortinget")
    cancelled = by_id[10002]
    assert cancelled["status"] == "Avlyst"
    assert cancelled["written_only"] is True
    assert cancelled["starts_at"] is None  # 0001-01-01T00:00:00
    assert cancelled["request_deadline"] is None


def test_a_malformed_row_is_reported_and_the_others_read():
    answer = parse(_read("horinger-2023-2024.xml"))
    assert sorted(row["id"] for row in answer.rows) == [10001, 10002, 10003, 10004]
    reasons = [str(problem) for problem in answer.problems]
    assert any("«id» mangler" in reason for reason in reasons)
    assert any("høring 10005" in reason and "ikke en dato" in reason for reason in reasons)


def test_a_case_brings_its_steps_and_its_recommendation():
    answer = parse(_read("sak-92510.xml"))
    (case,) = answer.rows
    assert case["id"] == 92510
    assert [step["number"] for step in case["steps"]] == [1, 2, 3, 4]
    assert case["steps"][3]["not_applicable"] is True
    assert case["publications"][0]["text"] == "Innst. 240 S (2023–2024)"
    assert case["recommended_decision"] == "Meld. St. 9 (2023–2024) vedlegges protokollen."
    assert case["decision_text"] == ""


def test_the_programme_is_read_per_day_and_a_row_without_order_reported():
    answer = parse(_read("horingsprogram-10001.xml"))
    assert [(row["order"], row["participant"]) for row in answer.rows] == [
        (2, "Norsk Sykepleierforbund"),
        (1, "NITO"),
        (3, "Helsepersonellkommisjonen v/ leder"),
    ]
    assert answer.rows[0]["day"] == date(2024, 2, 1)
    assert len(answer.problems) == 1


def test_an_empty_hearing_has_no_rows_and_no_problems():
    answer = parse(_read("horingsinnspill-10003.xml"))
    assert (answer.rows, answer.problems, answer.meta["horing_id"]) == ([], [], "10003")


@pytest.mark.parametrize("name", ["bomb.xml", "external-entity.xml"])
def test_entities_are_refused_not_expanded(name):
    with pytest.raises(AnswerRefused, match="usikker XML"):
        parse(_read(name))


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "ikke gyldig XML"),
        (b"not xml at all", "ikke gyldig XML"),
        (b"<svar><x/></svar>", "ukjent svar"),
    ],
)
def test_what_is_not_an_answer_is_refused_with_a_reason(data, message):
    with pytest.raises(AnswerRefused, match=message):
        parse(data)


def test_a_broken_file_is_refused():
    with pytest.raises(AnswerRefused):
        parse(_read("broken.xml"))


def test_html_becomes_clean_text():
    text = clean_html(
        "<h2>Innledning</h2><p>Vi &amp; dere.</p><script>alert(1)</script>"
        "<ul><li>Første&nbsp;krav</li><li>Andre</li></ul><p>Hilsen<br>NSF</p>"
    )
    assert text == "Innledning\n\nVi & dere.\n\n• Første krav\n\n• Andre\n\nHilsen\nNSF"
    assert clean_html("Ingen markering her") == "Ingen markering her"
