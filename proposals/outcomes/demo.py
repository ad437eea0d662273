"""The demo's recommendations, matches, budget figures and one thread (idempotent)."""

from __future__ import annotations

from pathlib import Path

from proposals.demands.models import Demand, DemandStatus
from proposals.outcomes import reading, services, threads
from proposals.outcomes.figures import read_figures_csv
from proposals.outcomes.models import OUTCOME_STATUS, MatchState, PassageMatch
from proposals.reference.models import PolicyDocument

DEMO = Path(__file__).resolve().parent.parent / "demo"
STATUS_OUTCOME = {status: outcome for outcome, status in OUTCOME_STATUS.items()}

# The two demands whose match the demo confirms, with the outcome their status already says.
CONFIRMED = (
    "Krev at personellkonsekvenser utredes før nye tiltak",
    "Dimensjoner studieplassene etter arbeidsmarkedets behov",
)
THREAD = (
    "Øk kandidatmåltallet for bioingeniørutdanningen raskt",
    "Dimensjoner studieplassene etter arbeidsmarkedets behov",
)


def _read(name: str):
    path = DEMO / name
    return reading.read_file(path.read_bytes(), path.name)


def load_outcomes() -> None:
    documents = {d.identifier: d for d in PolicyDocument.objects.all()}
    white_paper = documents.get("Meld. St. 9 (2023–2024)")
    if white_paper is None:
        return
    if "NOU 2023:4" in documents:
        services.document_link_add(document=white_paper, follows_from=documents["NOU 2023:4"])
    innst = services.recommendation_upsert(
        user=None,
        identifier="Innst. 240 S (2023–2024)",
        title="Innstilling om Nasjonal helse- og samhandlingsplan 2024–2027 (demo)",
        follows_from=[white_paper],
        check_permission=False,
    )
    services.passages_replace(document=innst, passages=_read("innst-240-s-2023-2024.html"))
    services.matches_suggest(document=innst)
    for title in CONFIRMED:
        demand = Demand.objects.filter(title=title, document=white_paper).first()
        if (
            demand is None
            or PassageMatch.objects.filter(demand=demand, state=MatchState.CONFIRMED).exists()
        ):
            continue
        top = PassageMatch.objects.filter(demand=demand, state=MatchState.SUGGESTED).first()
        if top is not None:
            services.match_confirm(
                match=top,
                user=None,
                outcome=STATUS_OUTCOME.get(demand.status, top.proposed_outcome),
                check_permission=False,
            )

    budget = documents.get("Prop. 1 S (2025–2026)")
    if budget is not None:
        budget_innst = services.recommendation_upsert(
            user=None,
            identifier="Innst. 11 S (2025–2026)",
            title="Budsjettinnstilling for helse 2026 (demo)",
            follows_from=[budget],
            check_permission=False,
        )
        services.passages_replace(document=budget_innst, passages=_read("innst-11-s-2025-2026.xml"))
        services.passages_replace(
            document=budget_innst, passages=_read("stortingsvedtak-2025-2026.xml")
        )
        services.matches_suggest(document=budget_innst)
    rows, _errors = read_figures_csv((DEMO / "budget-figures.csv").read_text(encoding="utf-8"))
    services.budget_figures_import(rows=rows, check_permission=False)
    if budget is not None:
        services.budget_figures_from_recommendation(
            document=budget_innst, year=2026, check_permission=False
        )

    earlier = Demand.objects.filter(title=THREAD[0]).first()
    later = Demand.objects.filter(title=THREAD[1]).first()
    if earlier and later and earlier.status != DemandStatus.DRAFT:
        threads.thread_link_add(earlier=earlier, later=later, user=None, check_permission=False)
