"""The project's own test documents (tests/importing/documents), one for each pattern
that went wrong on responses written by others, against their hand annotations."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from proposals.submissions.importing.evaluate import (
    DEFAULT_CORPUS,
    OWN_DOCUMENTS,
    analyse_annotated,
    evaluate,
    missed_demands,
    score,
    totals,
    unexpected_candidates,
)

EXPECTED = Path(__file__).parent / "expected"
OWN_STEMS = sorted(path.stem for path in OWN_DOCUMENTS.glob("*.txt"))


def _load(stem):
    expected = json.loads((EXPECTED / f"{stem}.json").read_text(encoding="utf-8"))
    return expected, analyse_annotated(OWN_DOCUMENTS / f"{stem}.txt", expected)


def test_every_own_document_has_an_annotation():
    assert OWN_STEMS and all((EXPECTED / f"{stem}.json").exists() for stem in OWN_STEMS)


@pytest.mark.parametrize("stem", OWN_STEMS)
def test_references_match_the_annotation(stem):
    expected, result = _load(stem)
    assert result["target_document"] == expected["target_document"]
    assert set(result["cited_documents"]) == set(expected["cited_documents"])
    assert {(r["document"], r["number"]) for r in result["chapter_refs"]} == {
        (r["document"], r["number"]) for r in expected["chapter_refs"]
    }
    assert {(r["year"], r["chapter"], r["post"]) for r in result["budget_refs"]} == {
        (r["year"], r["chapter"], r["post"]) for r in expected["budget_refs"]
    }
    assert set(result["programme_categories"]) == set(expected["programme_categories"])


@pytest.mark.parametrize("stem", OWN_STEMS)
def test_demands_their_references_and_amounts_match(stem):
    expected, result = _load(stem)
    counts = score(result, expected)
    assert missed_demands(result, expected) == []
    assert unexpected_candidates(result, expected) == []
    assert counts["demands"].fp == 0  # no demand proposed twice
    assert counts["attached_refs"].fp == counts["attached_refs"].fn == 0
    assert counts["amounts"].fp == counts["amounts"].fn == 0


def test_the_whole_annotated_set_meets_the_targets(tmp_path):
    # With the real corpus too when it is there (the empty folder stands for its absence).
    corpus = Path(os.environ.get("KRAVSPORING_CORPUS_DIR") or DEFAULT_CORPUS)
    corpus = corpus if corpus.is_dir() else tmp_path
    summed = totals(evaluate(corpus))
    for kind in ("documents", "chapters", "budget_posts", "programme_categories"):
        assert summed[kind].f1 >= 0.95, kind
    assert summed["demands"].precision >= 0.90
    assert summed["demands"].recall >= 0.95
    assert summed["attached_refs"].f1 >= 0.95
    assert summed["amounts"].f1 >= 0.95
