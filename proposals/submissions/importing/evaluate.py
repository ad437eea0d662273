"""Measure the importer against hand-written annotations.

Run as ``python -m proposals.submissions.importing.evaluate [corpus_dir]`` (or
``make eval``). Each annotation ``tests/importing/expected/<stem>.json`` is
scored against ``<stem>.txt``, read from the corpus folder (real responses,
kept outside the repository) or from ``tests/importing/documents/`` (responses
the project wrote itself, one for each pattern that went wrong). It prints
precision, recall and F1 per kind and per file, the totals, and how long the
largest file takes to analyse.

Annotation format (all written by a person reading the text): the expected
``target_document``, ``cited_documents``, ``chapter_refs``, ``budget_refs`` and
``programme_categories``; ``known_chapters`` — the chapter list the database
would hold for a document, as ``{identifier: [numbers]}``; ``demands`` — each a
short phrase some candidate must contain, or an object with that phrase as
``key`` and what the candidate must carry (``chapter_refs``, ``budget_refs``,
``programme_categories``, ``requested_amount_nok``, ``amount_kind``);
``optional_demands`` — borderline statements that may be proposed without
counting as wrong, and need not be. A second candidate containing the same
required phrase is a duplicate and counts as a false positive.
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

REPO_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "corpus"
DEFAULT_EXPECTED = REPO_ROOT / "tests" / "importing" / "expected"
OWN_DOCUMENTS = REPO_ROOT / "tests" / "importing" / "documents"
REFERENCE_KINDS = ("documents", "chapters", "budget_posts", "programme_categories")
KINDS = (*REFERENCE_KINDS, "demands", "attached_refs", "amounts")


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

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _set_counts(found: set[Any], expected: set[Any]) -> Counts:
    return Counts(len(found & expected), len(found - expected), len(expected - found))


def _normal(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").lower().split())


def _demand_entries(expected: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        entry if isinstance(entry, dict) else {"key": entry}
        for entry in expected.get("demands", [])
    ]


def _matches(result: dict[str, Any], expected: dict[str, Any]) -> list[int | None]:
    """For each required demand, the index of the first candidate containing its key."""
    texts = [_normal(candidate["text"]) for candidate in result["candidates"]]
    found: list[int | None] = []
    for entry in _demand_entries(expected):
        key = _normal(entry["key"])
        found.append(next((i for i, text in enumerate(texts) if key in text), None))
    return found


def _candidate_refs(candidate: dict[str, Any]) -> set[tuple[Any, ...]]:
    return (
        {("chapter", ref["document"], ref["number"]) for ref in candidate.get("chapter_refs", [])}
        | {
            ("post", ref["year"], ref["chapter"], ref["post"])
            for ref in candidate.get("budget_refs", [])
        }
        | {("programme", number) for number in candidate.get("programme_categories", [])}
    )


def _expected_refs(entry: dict[str, Any]) -> set[tuple[Any, ...]]:
    return (
        {("chapter", doc, number) for doc, number in entry.get("chapter_refs", [])}
        | {("post", year, chapter, post) for year, chapter, post in entry.get("budget_refs", [])}
        | {("programme", number) for number in entry.get("programme_categories", [])}
    )


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
    candidates = result["candidates"]
    texts = [_normal(candidate["text"]) for candidate in candidates]
    entries = _demand_entries(expected)
    required = [_normal(entry["key"]) for entry in entries]
    optional = [_normal(key) for key in expected.get("optional_demands", [])]
    matched = _matches(result, expected)
    found = sum(1 for index in matched if index is not None)
    wrong = 0
    for index, text in enumerate(texts):
        keys = [key for key in required if key in text]
        if not keys and not any(key in text for key in optional):
            wrong += 1
        elif keys and all(matched[required.index(key)] != index for key in keys):
            wrong += 1  # says again what an earlier candidate said
    counts["demands"] = Counts(tp=found, fp=wrong, fn=len(required) - found)

    attached = Counts()
    amounts = Counts()
    for entry, index in zip(entries, matched, strict=True):
        candidate = candidates[index] if index is not None else None
        if any(name in entry for name in ("chapter_refs", "budget_refs", "programme_categories")):
            want = _expected_refs(entry)
            got = _candidate_refs(candidate) if candidate else set()
            attached = attached + _set_counts(got, want)
        if "requested_amount_nok" in entry:
            want_amount = (entry["requested_amount_nok"], entry.get("amount_kind"))
            got_amount = (
                (candidate.get("requested_amount_nok"), candidate.get("amount_kind"))
                if candidate
                else (None, None)
            )
            if want_amount[0] is not None and got_amount == want_amount:
                amounts.tp += 1
            else:
                amounts.fn += want_amount[0] is not None
                amounts.fp += got_amount[0] is not None
    counts["attached_refs"] = attached
    counts["amounts"] = amounts
    return counts


def missed_demands(result: dict[str, Any], expected: dict[str, Any]) -> list[str]:
    return [
        entry["key"]
        for entry, index in zip(_demand_entries(expected), _matches(result, expected), strict=True)
        if index is None
    ]


def unexpected_candidates(result: dict[str, Any], expected: dict[str, Any]) -> list[str]:
    keys = [_normal(entry["key"]) for entry in _demand_entries(expected)]
    keys += [_normal(key) for key in expected.get("optional_demands", [])]
    return [
        candidate["text"]
        for candidate in result["candidates"]
        if not any(key in _normal(candidate["text"]) for key in keys)
    ]


def document_path(stem: str, corpus_dir: Path, *, include_own: bool = True) -> Path | None:
    """The text of an annotated document: the corpus first, then the project's own."""
    for folder in (corpus_dir, OWN_DOCUMENTS) if include_own else (corpus_dir,):
        path = folder / f"{stem}.txt"
        if path.exists():
            return path
    return None


def analyse_annotated(path: Path, expected: dict[str, Any]) -> dict[str, Any]:
    """``analyse`` as the import runs it, with the chapter lists the annotation gives."""
    known = {doc: list(numbers) for doc, numbers in expected.get("known_chapters", {}).items()}

    def resolver(document: str, number: str) -> bool:
        return number in known.get(document, ())

    return analyse(
        path.read_text(encoding="utf-8"),
        resolver=resolver,
        chapter_lists=known.get,
    )


def evaluate(
    corpus_dir: Path, expected_dir: Path = DEFAULT_EXPECTED, *, include_own: bool = True
) -> dict[str, dict[str, Counts]]:
    """Scores per annotated document that can be found."""
    scores: dict[str, dict[str, Counts]] = {}
    for expected_path in sorted(expected_dir.glob("*.json")):
        path = document_path(expected_path.stem, corpus_dir, include_own=include_own)
        if path is None:
            continue
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        scores[expected_path.stem] = score(analyse_annotated(path, expected), expected)
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
    files = list(corpus_dir.glob("*.txt")) + list(OWN_DOCUMENTS.glob("*.txt"))
    largest = max(files, key=lambda path: path.stat().st_size)
    text = largest.read_text(encoding="utf-8")
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        analyse(text)
        best = min(best, time.perf_counter() - started)
    return largest.name, len(text.encode("utf-8")), best


_SHORT = {
    "documents": "documents",
    "chapters": "chapters",
    "budget_posts": "budget",
    "programme_categories": "programmes",
    "demands": "demands",
    "attached_refs": "attached",
    "amounts": "amounts",
    "references": "references",
}


def _row(name: str, counts: dict[str, Counts], kinds: tuple[str, ...]) -> str:
    cells = [f"{counts[k].precision:.2f}/{counts[k].recall:.2f}/{counts[k].f1:.2f}" for k in kinds]
    return f"{name:<40} " + " ".join(f"{cell:>14}" for cell in cells)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus_dir", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--expected", type=Path, default=DEFAULT_EXPECTED)
    parser.add_argument("--verbose", action="store_true", help="list missed and extra demands")
    args = parser.parse_args(argv)
    if not args.corpus_dir.is_dir():
        print(f"Corpus folder not found: {args.corpus_dir}; scoring the project's own documents")

    scores = evaluate(args.corpus_dir, args.expected)
    if not scores:
        print("No annotated documents found.", file=sys.stderr)
        return 2
    kinds = (*KINDS, "references")
    print("precision/recall/F1 per kind")
    print(f"{'file':<40} " + " ".join(f"{_SHORT[kind]:>14}" for kind in kinds))
    for name, file_scores in scores.items():
        file_scores = {
            **file_scores,
            "references": sum((file_scores[k] for k in REFERENCE_KINDS), Counts()),
        }
        print(_row(name[:40], file_scores, kinds))
    summed = totals(scores)
    print(_row("TOTAL (micro)", summed, kinds))
    print()
    for kind in kinds:
        c = summed[kind]
        print(
            f"{kind:<22} tp={c.tp:<4} fp={c.fp:<4} fn={c.fn:<4} "
            f"precision={c.precision:.3f} recall={c.recall:.3f} F1={c.f1:.3f}"
        )
    if args.verbose:
        for expected_path in sorted(args.expected.glob("*.json")):
            path = document_path(expected_path.stem, args.corpus_dir)
            if path is None:
                continue
            expected = json.loads(expected_path.read_text(encoding="utf-8"))
            result = analyse_annotated(path, expected)
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
