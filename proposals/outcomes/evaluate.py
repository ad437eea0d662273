"""Measure the matching against hand-annotated demand–passage pairs.

Run as ``python -m proposals.outcomes.evaluate``. The pairs are in
``tests/outcomes/eval/pairs.json`` (synthetic recommendations in
``tests/outcomes/samples``). It prints precision@1 (the first suggestion is one
of the answering passages, over demands given any suggestion), recall@1 and
recall@3 (an answering passage among the first one or three, over demands that
have one), and how often the proposed outcome of a right first suggestion
agrees with the annotation.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from proposals.outcomes.blocks import blocks_from_text
from proposals.outcomes.decisions import is_decisions_answer, read_decisions, read_recommendation
from proposals.outcomes.matching import DemandFacts, Index, PassageFacts
from proposals.outcomes.splitting import Passage, split

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLES = REPO_ROOT / "tests" / "outcomes" / "samples"
PAIRS = REPO_ROOT / "tests" / "outcomes" / "eval" / "pairs.json"


def read_sample(path: Path) -> list[Passage]:
    data = path.read_bytes()
    if is_decisions_answer(data):
        return read_decisions(data)
    if path.suffix == ".txt":
        return split(blocks_from_text(data.decode("utf-8")))
    return read_recommendation(data, path.name)


def passage_facts(passages: list[Passage]) -> list[PassageFacts]:
    return [
        PassageFacts(
            key=i, kind=p.kind, text=p.text, chapters=p.chapters_mentioned(), majority=p.majority
        )
        for i, p in enumerate(passages)
    ]


def evaluate(pairs_path: Path = PAIRS, samples: Path = SAMPLES) -> dict:
    spec = json.loads(pairs_path.read_text(encoding="utf-8"))
    indexes = {}
    for name, files in spec["recommendations"].items():
        passages = [p for f in files for p in read_sample(samples / f)]
        indexes[name] = (passages, Index(passage_facts(passages)))
    answered = suggested = hit1 = hit3 = top_right = outcome_right = 0
    misses = []
    for item in spec["demands"]:
        passages, index = indexes[item["recommendation"]]
        demand = DemandFacts(
            key=item["id"],
            text=item["text"],
            organisation_names=item["organisation"],
            chapters=item["chapters"],
            budget_posts=[tuple(p) for p in item["posts"]],
            amount=item["amount"],
        )
        ranked = index.rank(demand)
        right = [
            i for i, p in enumerate(passages) if any(answer in p.text for answer in item["answers"])
        ]
        if item["answers"] and not right:
            raise ValueError(f"{item['id']}: no passage contains its annotated answer")
        keys = [s.passage for s in ranked]
        if ranked:
            suggested += 1
            if keys[0] in right:
                top_right += 1
                outcome_right += ranked[0].outcome == item["outcome"]
        if right:
            answered += 1
            hit1 += bool(keys[:1]) and keys[0] in right
            hit3 += any(k in right for k in keys[:3])
        if (ranked and keys[0] not in right) or (right and not any(k in right for k in keys[:3])):
            misses.append((item["id"], [passages[k].text[:60] for k in keys[:1]]))
    return {
        "demands": len(spec["demands"]),
        "answered": answered,
        "suggested": suggested,
        "precision_at_1": top_right / suggested if suggested else 1.0,
        "recall_at_1": hit1 / answered if answered else 1.0,
        "recall_at_3": hit3 / answered if answered else 1.0,
        "outcome_agreement": outcome_right / top_right if top_right else 1.0,
        "misses": misses,
    }


def main(argv: list[str] | None = None) -> int:
    result = evaluate()
    print("Matching demands to recommendation passages")
    print(
        f"  demands {result['demands']}, with an answering passage {result['answered']}, "
        f"given a suggestion {result['suggested']}"
    )
    for name in ("precision_at_1", "recall_at_1", "recall_at_3", "outcome_agreement"):
        print(f"  {name.replace('_at_', '@'):<18} {result[name]:.2f}")
    for key, top in result["misses"]:
        print(f"  miss {key}: first suggestion {top}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
