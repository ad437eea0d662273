"""Measure the importer against hand-written annotations of the corpus.

Run as ``python -m proposals.submissions.importing.evaluate CORPUS --expected FOLDER``
(the project's annotations are in ``tests/importing/expected``; nothing here reads
them on its own). For each corpus file with an annotation ``<stem>.json`` it prints
precision and recall per kind of reference and for demands, the totals, and how
long the largest file takes to analyse.

Annotation format (all written by a person reading the text): the expected
``target_document``, ``cited_documents``, ``chapter_refs``, ``budget_refs`` and
``programme_categories``; ``demands`` — short phrases each of which some
candidate must contain; ``optional_demands`` — borderline statements that may
be proposed without counting as wrong, and need not be.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from proposals.submissions.importing.analyse import analyse

REFERENCE_KINDS = ("documents", "chapters", "budget_posts", "programme_categories")
KINDS = (*REFERENCE_KINDS, "demands")


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        # Nothing proposed means nothing proposed wrongly.
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def _set_counts(found: set[Any], expected: set[Any]) -> Counts:
    return Counts(len(found & expected), len(found - expected), len(expected - found))


def _normal(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").lower().split())


def score(result: dict[str, Any], expected: dict[str, Any]) -> dict[str, Counts]:
    """Counts of true/false positives and misses for each kind."""

    def documents(data: dict[str, Any]) -> set[tuple[str, str]]:
        items = {("cited", doc) for doc in data["cited_documents"]}
        if data["target_document"]:
            items.add(("target", data["target_document"]))
        return items

    def chapters(data: dict[str, Any]) -> set[tuple[str | None, str]]:
        return {(ref["document"], ref["number"]) for ref in data["chapter_refs"]}

    def posts(data: dict[str, Any]) -> set[tuple[int | None, int, int]]:
        return {(ref["year"], ref["chapter"], ref["post"]) for ref in data["budget_refs"]}

    counts = {
        "documents": _set_counts(documents(result), documents(expected)),
        "chapters": _set_counts(chapters(result), chapters(expected)),
        "budget_posts": _set_counts(posts(result), posts(expected)),
        "programme_categories": _set_counts(
            set(result["programme_categories"]), set(expected["programme_categories"])
        ),
    }
    texts = [_normal(candidate["text"]) for candidate in result["candidates"]]
    required = [_normal(key) for key in expected.get("demands", [])]
    accepted = required + [_normal(key) for key in expected.get("optional_demands", [])]
    found = sum(1 for key in required if any(key in text for text in texts))
    right = sum(1 for text in texts if any(key in text for key in accepted))
    counts["demands"] = Counts(tp=found, fp=len(texts) - right, fn=len(required) - found)
    return counts


def missed_demands(result: dict[str, Any], expected: dict[str, Any]) -> list[str]:
    texts = [_normal(candidate["text"]) for candidate in result["candidates"]]
    return [key for key in expected.get("demands", []) if not any(_normal(key) in t for t in texts)]


def unexpected_candidates(result: dict[str, Any], expected: dict[str, Any]) -> list[str]:
    keys = [_normal(k) for k in expected.get("demands", []) + expected.get("optional_demands", [])]
    return [
        candidate["text"]
        for candidate in result["candidates"]
        if not any(key in _normal(candidate["text"]) for key in keys)
    ]


def evaluate(corpus_dir: Path, expected_dir: Path) -> dict[str, dict[str, Counts]]:
    """Scores per corpus file that has an annotation."""
    scores: dict[str, dict[str, Counts]] = {}
    for expected_path in sorted(expected_dir.glob("*.json")):
        corpus_path = corpus_dir / f"{expected_path.stem}.txt"
        if not corpus_path.exists():
            continue
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        result = analyse(corpus_path.read_text(encoding="utf-8"))
        scores[expected_path.stem] = score(result, expected)
    return scores


def totals(scores: dict[str, dict[str, Counts]]) -> dict[str, Counts]:
    summed = {kind: Counts() for kind in KINDS}
    for file_scores in scores.values():
        for kind in KINDS:
            summed[kind] = summed[kind] + file_scores[kind]
    summed["references"] = sum((summed[kind] for kind in REFERENCE_KINDS), Counts())
    return summed


def time_largest(corpus_dir: Path, repeats: int = 5) -> tuple[str, int, float]:
    """Best of ``repeats`` runs of analyse() on the largest corpus file, in seconds."""
    largest = max(corpus_dir.glob("*.txt"), key=lambda path: path.stat().st_size)
    text = largest.read_text(encoding="utf-8")
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        analyse(text)
        best = min(best, time.perf_counter() - started)
    return largest.name, len(text.encode("utf-8")), best


def _row(name: str, counts: dict[str, Counts], kinds: tuple[str, ...]) -> str:
    cells = [f"{counts[k].precision:4.2f}/{counts[k].recall:4.2f}" for k in kinds]
    return f"{name:<42} " + " ".join(f"{cell:>12}" for cell in cells)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus_dir", type=Path, help="the folder of submissions (.txt)")
    parser.add_argument(
        "--expected", type=Path, required=True, help="the folder of annotations (<stem>.json)"
    )
    parser.add_argument("--verbose", action="store_true", help="list missed and extra demands")
    args = parser.parse_args(argv)
    if not args.corpus_dir.is_dir():
        print(f"Corpus folder not found: {args.corpus_dir}", file=sys.stderr)
        return 2

    scores = evaluate(args.corpus_dir, args.expected)
    if not scores:
        print("No annotated corpus files found.", file=sys.stderr)
        return 2
    kinds = (*KINDS, "references")
    print("precision/recall per kind")
    print(f"{'file':<42} " + " ".join(f"{kind[:12]:>12}" for kind in kinds))
    for name, file_scores in scores.items():
        file_scores = {
            **file_scores,
            "references": sum((file_scores[k] for k in REFERENCE_KINDS), Counts()),
        }
        print(_row(name, file_scores, kinds))
    summed = totals(scores)
    print(_row("TOTAL (micro)", summed, kinds))
    print()
    for kind in kinds:
        c = summed[kind]
        print(
            f"{kind:<22} tp={c.tp:<4} fp={c.fp:<4} fn={c.fn:<4} "
            f"precision={c.precision:.3f} recall={c.recall:.3f}"
        )
    if args.verbose:
        for expected_path in sorted(args.expected.glob("*.json")):
            corpus_path = args.corpus_dir / f"{expected_path.stem}.txt"
            if not corpus_path.exists():
                continue
            expected = json.loads(expected_path.read_text(encoding="utf-8"))
            result = analyse(corpus_path.read_text(encoding="utf-8"))
            print(f"\n== {expected_path.stem}")
            for key in missed_demands(result, expected):
                print(f"  missed: {key}")
            for text in unexpected_candidates(result, expected):
                print(f"  extra:  {text[:140]}")
    name, size, seconds = time_largest(args.corpus_dir)
    print(
        f"\nanalyse() on the largest file, {name} ({size} bytes): "
        f"{seconds * 1000:.1f} ms (best of 5)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
