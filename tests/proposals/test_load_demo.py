from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from organizations.models import Membership, Organisation
from proposals.demands.workflow import TRANSITIONS
from proposals.models import BudgetPost, Chapter, Demand, PolicyDocument, StatusChange, Submission

pytestmark = pytest.mark.django_db


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            PolicyDocument,
            Chapter,
            BudgetPost,
            Organisation,
            Membership,
            Submission,
            Demand,
            StatusChange,
        )
    }


def test_loading_twice_gives_the_same_counts(demo):
    first = _counts()
    call_command("load_demo", stdout=StringIO())
    assert _counts() == first


def test_it_loads_the_documents_answered_by_the_sample_responses(demo):
    identifiers = set(PolicyDocument.objects.values_list("identifier", flat=True))
    assert {
        "Meld. St. 9 (2023–2024)",
        "NOU 2023:4",
        "Prop. 1 S (2022–2023)",
        "Prop. 1 S (2025–2026)",
    } <= identifiers
    assert PolicyDocument.objects.get(identifier="Prop. 1 S (2025–2026)").budget_year == 2026


def test_it_loads_the_organisations_and_an_editor_for_each(demo):
    for organisation in Organisation.objects.all():
        assert organisation.memberships.filter(role="editor").exists(), organisation
    assert set(Organisation.objects.values_list("short_name", flat=True)) >= {"NITO", "Tekna"}


def test_there_are_at_least_25_demands_spread_over_every_response(demo):
    assert Demand.objects.count() >= 25
    per_submission = Counter(Demand.objects.values_list("submission__source_key", flat=True))
    assert len(per_submission) == 4
    assert all(count >= 3 for count in per_submission.values())
    assert not Demand.objects.filter(source_section="").exists()


def test_teknas_demand_on_kap_701_post_21_is_linked_to_that_post(demo):
    post = BudgetPost.objects.get(year=2026, chapter=701, post=21)
    demands = Demand.objects.filter(organisation__short_name="Tekna", budget_posts=post)
    assert demands.exists()
    assert all(d.document.identifier == "Prop. 1 S (2025–2026)" for d in demands)


def test_chapters_and_budget_posts_match_the_reference_facts(demo):
    nou = PolicyDocument.objects.get(identifier="NOU 2023:4")
    assert nou.chapters.get(number="10.3").title == "Dimensjonering av helsefagutdanningene"
    assert nou.chapters.get(number="10.3").parent.number == "10"
    assert BudgetPost.objects.get(year=2026, chapter=746, post=1).amount_nok == 458_591_000


def test_every_status_history_follows_the_transition_table(demo):
    for demand in Demand.objects.prefetch_related("status_changes"):
        status = "draft"
        for change in demand.status_changes.all():
            assert change.from_status == status
            assert change.to_status in TRANSITIONS[status]
            status = change.to_status
        assert status == demand.status


def test_the_demo_holds_drafts_and_every_stance(demo):
    assert Demand.objects.filter(status="draft").exists()
    assert set(Demand.objects.values_list("stance", flat=True)) == {
        "supports",
        "opposes",
        "wants_change",
        "new_measure",
    }


def test_demo_passwords_are_printed_only_in_debug(db, settings, capsys):

    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "sekretaer-demo" in out.getvalue()
    settings.DEBUG = False
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "sekretaer-demo" not in out.getvalue()
    assert "random passwords" in out.getvalue()


# --- The demo shows the product's point: demands by chapter, dates that fit -------------


@pytest.mark.parametrize(
    ("slug", "number"), [("nou-2023-4", "10.3"), ("meld-st-9-2023-2024", "1.1")]
)
def test_the_demo_chapter_pages_show_demands(demo, client, slug, number):
    from proposals.models import PolicyDocument

    document = PolicyDocument.objects.get(slug=slug)
    assert not Demand.objects.filter(document=document, chapters__isnull=True).exists()
    chapter = document.chapters.get(number=number)
    html = client.get(chapter.get_absolute_url()).content.decode()
    linked = Demand.objects.published().filter(chapters=chapter)
    assert linked.exists()
    for demand in linked:
        assert demand.title in html


def test_the_secretariat_linked_the_demo_demands_and_it_shows(demo, client):
    from proposals.models import CurationEvent

    event = CurationEvent.objects.filter(action="chapter_linked").first()
    assert event is not None and event.actor.username == "sekretaer"
    html = client.get(event.demand.get_absolute_url()).content.decode()
    assert "Sekretariatet koblet kravet til kapittel" in html


def test_no_outcome_on_a_budget_before_its_proposition(demo):
    from proposals.demo import TIMELINE

    for change in StatusChange.objects.select_related("demand__document"):
        considered, decided = TIMELINE[change.demand.document.identifier]
        day = timezone.localtime(change.changed_at).date()
        if change.to_status in {"addressed", "adopted", "partially_adopted", "not_adopted"}:
            assert day >= decided, change
        elif change.to_status == "under_consideration":
            assert day >= considered, change


def test_a_prepared_outcome_waits_and_stays_out_of_public_pages(demo, client):
    from proposals.models import PreparedOutcome

    prepared = PreparedOutcome.objects.get()
    assert prepared.published_at is None
    html = client.get(prepared.demand.get_absolute_url()).content.decode()
    assert prepared.note not in html
    assert Demand.objects.get(pk=prepared.demand_id).status == "under_consideration"
