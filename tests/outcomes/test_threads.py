"""One demand across processes and years: suggestions, who confirms them, the timeline."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from organizations.models import Membership
from proposals.models import DemandLink, DemandStatus, MatchState
from proposals.outcomes import services as outcome_services
from proposals.outcomes import threads
from tests.factories import BudgetPostFactory, DocumentFactory, UserFactory, make_demand, member

TEXT = "Øk bevilgningen til Direktoratet for medisinske produkter slik at det kan ansette flere ingeniører."


def _at(demand, year):
    when = timezone.make_aware(dt.datetime(year, 3, 1))  # noqa: DTZ001
    type(demand).objects.filter(pk=demand.pk).update(submitted_at=when, created_at=when)
    demand.refresh_from_db()
    return demand


@pytest.fixture
def years(db, nito, tekna):
    documents = {
        year: DocumentFactory(
            identifier=f"Prop. 1 S ({year - 1}–{year})", slug=f"prop-1-s-{year}", title="Budsjett"
        )
        for year in (2024, 2025, 2026)
    }
    outcome_services.document_link_add(document=documents[2025], follows_from=documents[2024])
    outcome_services.document_link_add(document=documents[2026], follows_from=documents[2025])
    demands = {}
    for year, status in ((2024, "not_adopted"), (2025, "not_adopted"), (2026, "partially_adopted")):
        post = BudgetPostFactory(year=year, chapter=746, post=1)
        demands[year] = _at(
            make_demand(
                organisation=nito,
                document=documents[year],
                title="Flere ingeniører i direktoratet",
                text=TEXT
                if year != 2025
                else "Direktoratet for medisinske produkter trenger 20 nye stillinger for "
                "naturvitere som godkjenner medisinsk utstyr.",
                budget_posts=[post],
                status=status,
            ),
            year,
        )
    other = _at(
        make_demand(
            organisation=tekna, document=documents[2025], title="Flere ingeniører", text=TEXT
        ),
        2025,
    )
    unrelated = _at(
        make_demand(
            organisation=nito,
            document=documents[2025],
            title="Tannhelse",
            text="Gratis tannhelse for unge.",
        ),
        2025,
    )
    return {"demands": demands, "other": other, "unrelated": unrelated}


def test_suggestions_are_the_same_organisations_earlier_alike_demands(years):
    made = threads.thread_suggest(demand=years["demands"][2026])
    earlier = {link.earlier for link in made}
    assert earlier == {years["demands"][2024], years["demands"][2025]}  # not Tekna's, not tannhelse
    by_earlier = {link.earlier_id: link for link in made}
    assert by_earlier[years["demands"][2024].pk].relation == "repeated"
    assert by_earlier[years["demands"][2025].pk].relation == "changed"
    assert "samme budsjettpost" in by_earlier[years["demands"][2025].pk].reason
    assert all(link.state == MatchState.SUGGESTED for link in made)


@pytest.fixture
def nito_viewer(nito):
    return member(UserFactory(username="vera.viewer"), nito, role=Membership.Role.VIEWER)


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("secretary", True),
        ("nito_editor", True),
        ("nito_viewer", False),
        ("tekna_editor", False),
        ("anonymous", False),
    ],
)
def test_who_may_confirm_or_reject_a_thread(years, who, allowed, request):
    user = request.getfixturevalue(who)
    link = threads.thread_suggest(demand=years["demands"][2026])[0]
    for decide in (threads.thread_confirm, threads.thread_reject):
        if allowed:
            decide(link=link, user=user) if decide is threads.thread_reject else None
        else:
            with pytest.raises(PermissionDenied):
                decide(link=link, user=user)
    link.refresh_from_db()
    assert link.state == (MatchState.REJECTED if allowed else MatchState.SUGGESTED)


def test_a_link_between_two_organisations_is_the_secretariats_alone(years, nito_editor, secretary):
    link = DemandLink.objects.create(
        earlier=years["other"], later=years["demands"][2026], relation="changed"
    )
    with pytest.raises(PermissionDenied):
        threads.thread_confirm(link=link, user=nito_editor)
    threads.thread_confirm(link=link, user=secretary)


def test_the_timeline_and_the_organisations_summary(years, nito_editor, anonymous, client, nito):
    for link in threads.thread_suggest(demand=years["demands"][2026]):
        threads.thread_confirm(link=link, user=nito_editor)
    entries = threads.demand_thread(demand=years["demands"][2025], user=anonymous)
    assert [(e.year, e.relation, e.event) for e in entries] == [
        (2024, "first", "not_granted"),
        (2025, "changed", "not_granted"),
        (2026, "changed", "partly_granted"),  # against 2025's form, just before it
    ]
    assert threads.thread_summary(entries) == (
        "Har bedt om dette tre år på rad; delvis imøtekommet i 2026."
    )
    summaries = threads.organisation_threads(organisation=nito, user=anonymous)
    assert summaries == [(years["demands"][2026], threads.thread_summary(entries))]


def test_suggested_links_and_hidden_demands_stay_out_of_the_public_thread(
    years, anonymous, secretary
):
    links = threads.thread_suggest(demand=years["demands"][2026])
    assert threads.demand_thread(demand=years["demands"][2026], user=anonymous) == []
    for link in links:
        threads.thread_confirm(link=link, user=secretary)
    type(years["demands"][2024]).objects.filter(pk=years["demands"][2024].pk).update(
        hidden_from_public=True
    )
    entries = threads.demand_thread(demand=years["demands"][2026], user=anonymous)
    assert years["demands"][2024] not in [e.demand for e in entries]
    assert len(threads.demand_thread(demand=years["demands"][2026], user=secretary)) == 3
    assert DemandStatus.DRAFT not in [e.demand.status for e in entries]


def test_the_demand_page_shows_the_timeline_and_lets_the_editor_decide(
    client, years, nito_editor, tekna_editor
):
    later = years["demands"][2026]
    link = next(
        found
        for found in threads.thread_suggest(demand=later)
        if found.earlier_id == years["demands"][2025].pk
    )
    url = later.get_absolute_url()
    assert "Kravet over tid" not in client.get(url).content.decode()  # a suggestion is private
    client.force_login(tekna_editor)
    assert "Foreslåtte tidligere" not in client.get(url).content.decode()
    decide = f"{url}thread/{link.pk}/"
    assert client.post(decide, {"action": "confirm"}).status_code == 403
    client.force_login(nito_editor)
    assert "Foreslåtte tidligere" in client.get(url).content.decode()
    assert client.post(decide, {"action": "confirm"}).status_code == 302
    client.logout()
    page = client.get(url).content.decode()
    assert "Kravet over tid" in page and link.earlier.get_absolute_url() in page
    organisation_page = client.get(later.organisation.get_absolute_url()).content.decode()
    assert "Har bedt om dette to år på rad" in organisation_page
