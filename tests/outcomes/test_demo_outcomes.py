"""The demo shows what came of its demands: twice loaded, the same."""

from django.core.management import call_command

from proposals.models import BudgetFigure, Demand, DemandLink, MatchState, Passage, PassageMatch


def _load():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def _counts():
    return (
        Passage.objects.count(),
        PassageMatch.objects.filter(state=MatchState.CONFIRMED).count(),
        PassageMatch.objects.count(),
        BudgetFigure.objects.count(),
        DemandLink.objects.filter(state=MatchState.CONFIRMED).count(),
    )


def test_the_demo_has_a_recommendation_matches_figures_and_a_thread(db, client):
    _load()
    first = _counts()
    _load()
    assert _counts() == first
    passages, confirmed, _all, figures, links = first
    # 8 from the demo's CSV, 3 recommended from the budget Innst.'s table.
    assert passages > 10 and confirmed == 2 and figures == 11 and links == 1
    demand = Demand.objects.get(title="Krev at personellkonsekvenser utredes før nye tiltak")
    page = client.get(demand.get_absolute_url()).content.decode()
    assert "Omtalt i Innst. 240 S (2023–2024), komiteens merknader til kapittel 5:" in page
    later = Demand.objects.get(title="Dimensjoner studieplassene etter arbeidsmarkedets behov")
    assert "Kravet over tid" in client.get(later.get_absolute_url()).content.decode()
