"""The four real submissions against annotations a person wrote by reading them."""

from __future__ import annotations

from pathlib import Path

import pytest

from proposals.submissions.importing import analyse
from proposals.submissions.importing.evaluate import evaluate, main, missed_demands, score, totals

# The real responses; the project's own documents (synth-*) are scored in test_importing_own.py.
CORPUS_STEMS = sorted(
    p.stem
    for p in (Path(__file__).parent / "expected").glob("*.json")
    if not p.stem.startswith("synth-")
)


def _refs(result):
    return {
        "target_document": result["target_document"],
        "cited_documents": set(result["cited_documents"]),
        "chapter_refs": {(r["document"], r["number"]) for r in result["chapter_refs"]},
        "budget_refs": {(r["year"], r["chapter"], r["post"]) for r in result["budget_refs"]},
        "programme_categories": set(result["programme_categories"]),
    }


@pytest.mark.parametrize("stem", CORPUS_STEMS)
def test_references_match_the_annotation(stem, corpus_dir, load_expected):
    result = analyse((corpus_dir / f"{stem}.txt").read_text(encoding="utf-8"))
    assert _refs(result) == _refs(load_expected(stem))


@pytest.mark.parametrize("stem", CORPUS_STEMS)
def test_demands_are_found(stem, corpus_dir, load_expected):
    expected = load_expected(stem)
    result = analyse((corpus_dir / f"{stem}.txt").read_text(encoding="utf-8"))
    counts = score(result, expected)["demands"]
    assert counts.recall >= 0.95, missed_demands(result, expected)
    assert counts.precision >= 0.80


def test_overall_precision_and_recall(corpus_dir):
    summed = totals(evaluate(corpus_dir, include_own=False))
    assert summed["references"].precision >= 0.95
    assert summed["references"].recall >= 0.95
    assert summed["demands"].precision >= 0.90
    assert summed["demands"].recall >= 0.95


def test_no_candidate_is_a_fragment_or_keeps_a_footnote_marker(corpus_dir):
    for path in corpus_dir.glob("*.txt"):
        for candidate in analyse(path.read_text(encoding="utf-8"))["candidates"]:
            text = candidate["text"]
            assert text[0].isupper() or text[0] in '«"', text
            assert "flere.1" not in text and "anbefaling15" not in text


def test_a_footnote_ties_its_chapter_reference_to_the_sentence_that_cites_it(corpus_dir):
    text = (corpus_dir / "helseomsorg21-helsepersonellkommisjonen.txt").read_text(encoding="utf-8")
    (candidate,) = [
        c for c in analyse(text)["candidates"] if "koronakommisjonens anbefaling" in c["text"]
    ]
    assert candidate["chapter_refs"] == [
        {"document": "Koronakommisjonens rapport", "number": "18.4.4", "resolved": False}
    ]


def test_the_evaluation_command_prints_a_table(corpus_dir, capsys):
    assert main([str(corpus_dir)]) == 0
    output = capsys.readouterr().out
    assert "TOTAL (micro)" in output and "references" in output and "ms (best of 5)" in output
