"""Summaries: what the charts count, how a refresh is stored, run, triggered and shown."""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import OperationalError, connection, transaction
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from proposals.demands import services
from proposals.models import (
    ChartKind,
    Demand,
    OutboxMessage,
    SummaryGeneration,
    SummaryRefreshLock,
    SummarySnapshot,
)
from proposals.outbox import outbox_deliver
from proposals.summaries import snapshots
from proposals.summaries.tasks import refresh_summaries
from tests.factories import BudgetPostFactory, OrganisationFactory, make_demand

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")


def _chapters(document, *numbers):
    return [document.chapters.get(number=number) for number in numbers]


def _snapshot(kind, language="nb", **scope) -> SummarySnapshot:
    return SummarySnapshot.objects.get(
        generation__is_current=True, kind=kind, language=language, **scope
    )


def _counts(snapshot) -> dict:
    """First column → last column of the snapshot's table."""
    return {row[0]: row[-1] for row in snapshot.rows}


# --- What the charts count ----------------------------------------------------------------


def test_a_demand_on_a_sub_chapter_also_counts_under_its_parent_but_only_once(nito, tekna, nou):
    make_demand(organisation=nito, document=nou, chapters=_chapters(nou, "10.3"))
    make_demand(organisation=nito, document=nou, chapters=_chapters(nou, "10.3", "10.9"))
    make_demand(organisation=tekna, document=nou, chapters=_chapters(nou, "10"), status="adopted")
    make_demand(organisation=tekna, document=nou, chapters=_chapters(nou, "12"))

    rows = snapshots.chapter_status_rows()[nou.pk]

    totals: dict[str, int] = {}
    for row in rows:
        totals[row["chapter"]] = totals.get(row["chapter"], 0) + row["count"]
    # 10: the two on 10.3/10.9 once each, and the one on 10 itself.
    assert totals == {"10": 3, "10.3": 2, "10.9": 1, "12": 1}
    assert {(r["chapter"], r["status"]): r["count"] for r in rows}[("10", "adopted")] == 1
    # 10.11 is not «under» 10.1, and no chapter is under 1 because of 10.
    assert "10.11" not in totals


def test_public_charts_never_count_drafts_or_hidden_demands(nito, tekna, nou):
    post = BudgetPostFactory()
    chapters = _chapters(nou, "10.3")
    make_demand(
        organisation=nito,
        document=nou,
        chapters=chapters,
        budget_posts=[post],
        requested_amount_nok=10,
    )
    make_demand(
        organisation=nito,
        document=nou,
        chapters=chapters,
        budget_posts=[post],
        status="draft",
        stance="opposes",
        requested_amount_nok=1_000,
    )
    make_demand(
        organisation=tekna,
        document=nou,
        chapters=chapters,
        budget_posts=[post],
        hidden=True,
        stance="opposes",
        requested_amount_nok=100_000,
    )

    snapshots.summaries_refresh()

    assert _counts(_snapshot(ChartKind.CHAPTER_STATUS, document=nou)) == {
        "10 Utdanning og kompetanseutvikling": 1,
        "10.3 Dimensjonering av helsefagutdanningene": 1,
    }
    assert _snapshot(ChartKind.CHAPTER_STANCE, document=nou).rows == []
    heatmap = _snapshot(ChartKind.CHAPTER_ORGANISATIONS, document=nou)
    assert {row[0] for row in heatmap.rows} == {nito.name}
    budget = _snapshot(ChartKind.BUDGET_POSTS)
    # requested sum, organisations, demands: the published one only.
    assert budget.rows[0][3:] == [10, 1, 1]
    assert _counts(_snapshot(ChartKind.ORGANISATION_STATUS, organisation=nito)) == {"Levert": 1}
    assert _snapshot(ChartKind.ORGANISATION_STATUS, organisation=tekna).rows == []
    over_time = _snapshot(ChartKind.OVER_TIME)
    assert sum(row[1] for row in over_time.rows) == 1


def test_demands_without_a_chapter_are_shown_as_such(nito, nou):
    make_demand(organisation=nito, document=nou)

    rows = snapshots.chapter_status_rows()[nou.pk]

    assert rows == [{"chapter": None, "title": "", "status": "submitted", "count": 1}]


def test_budget_rows_sum_requested_changes_and_count_organisations_per_post(nito, tekna, nou):
    post = BudgetPostFactory()
    other = BudgetPostFactory(post=1, chapter=746, amount_nok=None)
    make_demand(
        organisation=nito, document=nou, budget_posts=[post], requested_amount_nok=40_000_000
    )
    make_demand(
        organisation=nito, document=nou, budget_posts=[post, other], requested_amount_nok=-5_000_000
    )
    make_demand(organisation=tekna, document=nou, budget_posts=[post])

    rows = {(row["chapter"], row["post"]): row for row in snapshots.budget_post_rows()}

    assert rows[(701, 21)]["requested_nok"] == 35_000_000
    assert rows[(701, 21)]["organisations"] == 2
    assert rows[(701, 21)]["demands"] == 3
    assert rows[(701, 21)]["amount_nok"] == 254_978_000
    assert rows[(746, 1)]["requested_nok"] == -5_000_000
    assert rows[(746, 1)]["organisations"] == 1


def _demand_with_history(organisation, document, steps):
    """A demand walked through ``steps`` [(status, moment)], as the secretariat would."""
    demand = services.demand_create(
        user=None,
        organisation=organisation,
        document=document,
        title="Krav",
        text="Tekst",
        stance="supports",
        check_permission=False,
    )
    for status, moment in steps:
        services.demand_change_status(
            demand=demand,
            to_status=status,
            user=None,
            note="Merknad.",
            at=moment,
            check_permission=False,
        )
    return demand


def test_over_time_counts_submitted_and_first_resolved_per_oslo_month(nito, nou):
    def at(month, day=15, hour=12):
        return datetime(2026, month, day, hour, tzinfo=OSLO)

    _demand_with_history(
        nito,
        nou,
        [
            ("submitted", at(1)),
            ("under_consideration", at(2)),
            ("addressed", at(3)),
            # A later outcome of the same demand is not a second resolution.
            ("adopted", at(4)),
        ],
    )
    # Just after midnight on 1 February in Oslo is still 31 January in UTC.
    _demand_with_history(nito, nou, [("submitted", datetime(2026, 2, 1, 0, 30, tzinfo=OSLO))])

    submitted = {row["month"].isoformat(): row["count"] for row in snapshots.submitted_per_month()}
    resolved = {row["month"].isoformat(): row["count"] for row in snapshots.resolved_per_month()}

    assert submitted == {"2026-01-01": 1, "2026-02-01": 1}
    assert resolved == {"2026-03-01": 1}


def test_organisation_rows_are_ready_for_a_workspace_chart(nito, nou):
    make_demand(organisation=nito, document=nou, status="adopted")
    make_demand(organisation=nito, document=nou, status="draft")

    chart = snapshots.organisation_chart(nito)

    assert chart.rows == [["Imøtekommet", 1]]


# --- Storing: a whole new set, or the old one -------------------------------------------


def test_a_refresh_replaces_the_whole_set_and_keeps_one_generation(nito, nou):
    snapshots.summaries_refresh()
    first = SummaryGeneration.objects.get(is_current=True)

    make_demand(organisation=nito, document=nou, status="adopted")
    outcome = snapshots.summaries_refresh()

    assert outcome.ran and outcome.runs == 1
    assert list(SummaryGeneration.objects.values_list("pk", flat=True)) == [outcome.generation.pk]
    assert not SummarySnapshot.objects.filter(generation=first).exists()
    assert set(SummarySnapshot.objects.values_list("generation", flat=True)) == {
        outcome.generation.pk
    }
    # One per document × 3, one per organisation, budget, asked versus got and over time;
    # in each language.
    assert SummarySnapshot.objects.count() == (3 * 1 + 1 + 3) * 2
    assert _counts(_snapshot(ChartKind.ORGANISATION_STATUS, organisation=nito)) == {
        "Imøtekommet": 1
    }
    snapshot = _snapshot(ChartKind.ORGANISATION_STATUS, organisation=nito)
    assert snapshot.computed_at == outcome.generation.computed_at
    assert snapshot.row_count == 1


def test_a_refresh_that_fails_half_way_leaves_the_previous_set_whole(nito, nou):
    make_demand(organisation=nito, document=nou)
    snapshots.summaries_refresh()
    before = list(
        SummarySnapshot.objects.filter(generation__is_current=True).values_list("pk", "rows")
    )
    make_demand(organisation=nito, document=nou, status="adopted")

    # Dies after the new snapshots are written, before they become current.
    with mock.patch.object(
        snapshots, "_make_current", autospec=True, side_effect=RuntimeError("killed")
    ):
        with pytest.raises(RuntimeError):
            snapshots.summaries_refresh()

    after = list(
        SummarySnapshot.objects.filter(generation__is_current=True).values_list("pk", "rows")
    )
    assert after == before
    assert SummaryGeneration.objects.count() == 1
    assert SummarySnapshot.objects.count() == len(before)
    # The lock is free again for the next attempt.
    assert SummaryRefreshLock.objects.get().holder == ""


def test_the_same_refresh_twice_gives_the_same_charts(nito, tekna, nou):
    make_demand(organisation=nito, document=nou, chapters=_chapters(nou, "10.3"))
    make_demand(organisation=tekna, document=nou, chapters=_chapters(nou, "12"), stance="opposes")

    def charts_now():
        return sorted(
            SummarySnapshot.objects.filter(generation__is_current=True).values_list(
                "kind", "document", "organisation", "title", "summary", "figure", "columns", "rows"
            ),
            key=repr,
        )

    refresh_summaries.delay()
    first = charts_now()
    refresh_summaries.delay()

    assert charts_now() == first


def test_a_refresh_makes_the_same_number_of_queries_for_more_data(
    nito, tekna, nou, django_assert_max_num_queries
):
    make_demand(organisation=nito, document=nou, chapters=_chapters(nou, "10.3"))
    with CaptureQueriesContext(connection) as small:
        snapshots.summaries_refresh()
    for index in range(6):
        organisation = OrganisationFactory()
        make_demand(
            organisation=organisation,
            document=nou,
            chapters=_chapters(nou, "10.9", "12"),
            budget_posts=[BudgetPostFactory(post=index + 1)],
            requested_amount_nok=index,
        )

    # Lock: row, claim, start; read: documents, organisations, 3 chapter charts × 2
    # (rolled up, unlinked), budget, asked versus got (posts, figures, sums), submitted,
    # resolved, per organisation; write:
    # generation, snapshots, flip × 2, old generations (select, delete snapshots,
    # delete generations); release; savepoints around the write.
    with django_assert_max_num_queries(len(small.captured_queries)):
        snapshots.summaries_refresh()


# --- Single flight ------------------------------------------------------------------------


def test_a_refresh_asked_for_while_one_runs_makes_exactly_one_more_run(nito, nou):
    real = snapshots.refresh_once
    calls = []

    def refresh_and_get_asked_again():
        calls.append(1)
        if len(calls) == 1:
            # Three more requests arrive while the first run works.
            for _ in range(3):
                assert snapshots.summaries_refresh().ran is False
        return real()

    with mock.patch.object(snapshots, "refresh_once", side_effect=refresh_and_get_asked_again):
        outcome = snapshots.summaries_refresh()

    assert outcome.runs == 2
    assert len(calls) == 2
    assert SummaryRefreshLock.objects.get().holder == ""


def test_a_lease_left_by_a_killed_worker_expires(nito, nou):
    SummaryRefreshLock.objects.create(
        pk=snapshots.LOCK_PK,
        holder="dead-worker",
        lease_until=timezone.now() - timedelta(seconds=1),
    )

    outcome = snapshots.summaries_refresh()

    assert outcome.ran and outcome.runs == 1


def test_a_live_lease_is_respected(nito, nou):
    SummaryRefreshLock.objects.create(
        pk=snapshots.LOCK_PK,
        holder="busy-worker",
        lease_until=timezone.now() + timedelta(minutes=1),
    )

    outcome = snapshots.summaries_refresh()

    assert outcome.ran is False
    assert SummaryRefreshLock.objects.get().rerun is True
    assert not SummaryGeneration.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_refreshes_never_run_at_the_same_time(nito, nou):
    """Two threads, each with its own connection, ask at the same moment."""
    make_demand(organisation=nito, document=nou)
    real = snapshots.refresh_once
    inside = threading.Event()
    let_go = threading.Event()
    running = []
    overlaps = []
    outcomes = {}

    def slow_refresh():
        running.append(1)
        if len(running) > 1:
            overlaps.append(len(running))
        inside.set()
        let_go.wait(timeout=10)
        try:
            return real()
        finally:
            running.pop()

    def ask(name):
        try:
            outcomes[name] = snapshots.summaries_refresh()
        finally:
            connection.close()

    with mock.patch.object(snapshots, "refresh_once", side_effect=slow_refresh):
        first = threading.Thread(target=ask, args=("first",))
        first.start()
        assert inside.wait(timeout=10)
        second = threading.Thread(target=ask, args=("second",))
        second.start()
        second.join(timeout=10)
        let_go.set()
        first.join(timeout=20)

    assert not overlaps
    assert outcomes["second"].ran is False
    assert outcomes["first"].runs == 2
    assert SummaryGeneration.objects.filter(is_current=True).count() == 1


# --- Triggers ------------------------------------------------------------------------------


@pytest.fixture
def enqueue():
    with mock.patch.object(refresh_summaries, "apply_async", autospec=True) as patched:
        yield patched


@pytest.fixture
def no_kick():
    """Deliveries happen when the test calls ``outbox_deliver``, as beat would."""
    from proposals.outbox import delivery

    with mock.patch.object(delivery, "kick", autospec=True) as patched:
        yield patched


def test_changes_enqueue_one_refresh_per_debounce_window_after_commit(
    nito, nou, enqueue, no_kick, django_capture_on_commit_callbacks, settings
):
    from config.celery import app

    app.conf.task_always_eager = False  # the autouse _eager_celery fixture restores it
    settings.SUMMARIES_DEBOUNCE_SECONDS = 30
    with django_capture_on_commit_callbacks(execute=True):
        demand = make_demand(organisation=nito, document=nou, status="draft")
        # Nothing is asked for before the transaction commits.
        assert no_kick.call_count == 0
    assert no_kick.call_count == 1
    outbox_deliver()
    assert enqueue.call_count == 1
    assert enqueue.call_args.kwargs["countdown"] == 31

    for status in ["submitted", "under_consideration", "withdrawn"]:
        with django_capture_on_commit_callbacks(execute=True):
            services.demand_change_status(
                demand=demand, to_status=status, user=None, check_permission=False
            )
        outbox_deliver()
    assert enqueue.call_count == 1

    # The window ends (the guard expires): the next change enqueues again.
    cache.delete(snapshots.DEBOUNCE_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        services.demand_change_status(
            demand=demand, to_status="submitted", user=None, check_permission=False
        )
    outbox_deliver()
    assert enqueue.call_count == 2
    assert not OutboxMessage.objects.filter(delivered_at__isnull=True).exists()


def test_in_process_tasks_use_a_window_of_a_moment_so_no_change_is_dropped(settings):
    from config.celery import app

    settings.SUMMARIES_DEBOUNCE_SECONDS = 30
    assert app.conf.task_always_eager
    assert snapshots.debounce_seconds() == 1


@pytest.mark.django_db(transaction=True)
def test_a_change_that_is_rolled_back_enqueues_nothing(nito, nou, enqueue):
    with pytest.raises(RuntimeError), transaction.atomic():
        make_demand(organisation=nito, document=nou)
        raise RuntimeError("rolled back")

    assert enqueue.call_count == 0
    assert not Demand.objects.exists()


def test_a_broker_that_is_down_does_not_break_a_save_and_the_refresh_is_asked_later(
    nito, nou, enqueue, no_kick, django_capture_on_commit_callbacks, caplog
):
    enqueue.side_effect = BrokerError("Error 111 connecting to 127.0.0.1:1. Connection refused.")

    with django_capture_on_commit_callbacks(execute=True):
        demand = make_demand(organisation=nito, document=nou)
    with caplog.at_level(logging.WARNING, logger="proposals.outbox.delivery"):
        assert outbox_deliver() == {"delivered": 0, "failed": 1}

    assert Demand.objects.filter(pk=demand.pk, status="submitted").exists()
    assert "Connection refused" in caplog.text
    # The guard is given back, so the retry is not swallowed by the debounce...
    assert snapshots.cache.get(snapshots.DEBOUNCE_KEY) is None
    # ...and the request waits in the outbox, tried again later.
    message = OutboxMessage.objects.get(kind="summaries_refresh")
    assert message.delivered_at is None
    assert message.attempts == 1
    assert message.available_at > timezone.now()

    enqueue.side_effect = None
    OutboxMessage.objects.filter(pk=message.pk).update(available_at=timezone.now())
    assert outbox_deliver() == {"delivered": 1, "failed": 0}
    assert enqueue.call_count == 2


def test_a_closed_broker_port_does_not_break_a_save(
    nito, nou, no_kick, django_capture_on_commit_callbacks
):
    """The real client against a port where nothing listens (no network involved)."""
    from config.celery import app

    app.conf.task_always_eager = False
    with app.connection_for_write("redis://127.0.0.1:1/0") as closed:
        real = refresh_summaries.apply_async

        def against_closed_port(*args, **kwargs):
            return real(*args, connection=closed, **kwargs)

        with mock.patch.object(refresh_summaries, "apply_async", side_effect=against_closed_port):
            with django_capture_on_commit_callbacks(execute=True):
                demand = make_demand(organisation=nito, document=nou)
            started = time.monotonic()
            outcome = outbox_deliver()
            elapsed = time.monotonic() - started

    assert Demand.objects.filter(pk=demand.pk).exists()
    assert outcome == {"delivered": 0, "failed": 1}
    print(f"delivery against a closed broker port gave up after {elapsed * 1000:.0f} ms")


def test_in_eager_mode_a_change_refreshes_the_charts_at_once(
    nito, nou, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_demand(organisation=nito, document=nou, status="adopted")

    assert _counts(_snapshot(ChartKind.ORGANISATION_STATUS, organisation=nito)) == {
        "Imøtekommet": 1
    }


# --- The task and its schedule ------------------------------------------------------------


def test_the_task_retries_transient_database_errors(nito, nou):
    real = snapshots.summaries_refresh
    with mock.patch.object(
        snapshots, "summaries_refresh", side_effect=[OperationalError("gone away"), real()]
    ) as patched:
        result = refresh_summaries.apply(throw=False)

    assert result.successful()
    assert patched.call_count == 2


def test_the_task_has_its_name_time_limits_and_backoff():
    assert refresh_summaries.name == "proposals.tasks.refresh_summaries"
    assert OperationalError in refresh_summaries.autoretry_for
    assert BrokerError in refresh_summaries.autoretry_for
    assert refresh_summaries.retry_backoff
    assert refresh_summaries.soft_time_limit < refresh_summaries.time_limit
    assert refresh_summaries.acks_late
    assert refresh_summaries.reject_on_worker_lost
    # A killed holder frees the lock within a short lease, renewed while it runs.
    assert snapshots.LOCK_RENEW_SECONDS * 2 < snapshots.LOCK_LEASE.total_seconds()
    assert snapshots.LOCK_LEASE.total_seconds() < refresh_summaries.time_limit


def test_beat_refreshes_every_ten_minutes():
    from config.celery import app

    entry = app.conf.beat_schedule["refresh-summaries"]
    assert entry["task"] == "proposals.tasks.refresh_summaries"
    assert entry["schedule"] == 600


def test_the_command_refreshes_now_and_says_so(nito, nou, capsys):
    call_command("refresh_summaries")

    assert "Oppdaterte 7 diagrammer" in capsys.readouterr().out
    assert SummaryGeneration.objects.filter(is_current=True).exists()


# --- Showing ----------------------------------------------------------------------------------


def _render(source, **context):
    return Template("{% load charts %}" + source).render(Context(context))


def test_the_tag_shows_each_chart_with_data_summary_table_and_time_in_one_query(
    nito, nou, django_assert_num_queries
):
    make_demand(organisation=nito, document=nou, chapters=_chapters(nou, "10.3"))
    make_demand(organisation=nito, document=nou, chapters=_chapters(nou, "12"), stance="opposes")
    snapshots.summaries_refresh()
    moment = datetime(2026, 11, 23, 14, 5, tzinfo=OSLO)
    SummarySnapshot.objects.update(computed_at=moment)

    # 1: the current generation's snapshots for this document.
    with django_assert_num_queries(1), mock.patch.object(timezone, "now", return_value=moment):
        html = _render('{% charts "document" document %}', document=nou)

    assert html.count("<figure") == 3
    assert html.count('type="application/json"') == 3
    assert html.count("<figcaption") == 3
    assert html.count("<details") == 3
    assert '<th scope="col">Kapittel</th>' in html
    assert '<th scope="row">10 Utdanning og kompetanseutvikling</th>' in html
    assert "Oppdatert 23.11.2026 kl. 14.05" in html
    assert "utdaterte" not in html
    assert "vendor/plotly/plotly.min.js" in html
    assert "cdn" not in html.lower()


def test_the_tag_warns_when_the_charts_are_more_than_an_hour_old(nito, nou):
    snapshots.summaries_refresh()
    SummarySnapshot.objects.update(computed_at=timezone.now() - timedelta(hours=2))

    html = _render('{% charts "organisation" organisation %}', organisation=nito)

    assert "Tallene kan være utdaterte" in html


def test_the_tag_says_so_when_nothing_is_computed_yet(nou, django_assert_num_queries):
    with django_assert_num_queries(1):
        html = _render('{% charts "home" %}')

    assert "Diagrammene er ikke beregnet ennå." in html
    assert "plotly" not in html


def test_the_tag_escapes_names_in_html_and_in_the_json(nou):
    evil = OrganisationFactory(short_name="EVIL", name="<script>alert('x')</script>")
    make_demand(organisation=evil, document=nou)
    snapshots.summaries_refresh()

    html = _render('{% charts "organisation" organisation %}', organisation=evil)

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


def test_home_and_budget_pages_get_their_global_charts(nito, nou):
    post = BudgetPostFactory()
    make_demand(organisation=nito, document=nou, budget_posts=[post], requested_amount_nok=5)
    snapshots.summaries_refresh()

    home = _render('{% charts "home" %}')
    budget = _render('{% charts "budget" %}')

    assert "Krav levert og avgjort per måned" in home
    assert "Krav til budsjettposter" in home
    assert "Krav til budsjettposter" in budget
    assert "+5 kr" in budget
    assert "<h2" in budget  # stands in its own section on these pages


def test_plotly_is_loaded_only_where_a_chart_is_drawn(nito, nou):
    snapshots.summaries_refresh()  # nothing published: every chart is a table only

    html = _render('{% charts "document" document %}', document=nou)

    assert "<figure" in html
    assert "vendor/plotly/plotly.min.js" not in html
