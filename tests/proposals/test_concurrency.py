"""No lost updates when two people act at once, on real concurrent connections.

Each thread has its own database connection and transaction; a barrier
releases them together so both reach the row lock. The lock makes the second
wait for the first's commit, after which it sees the new state and is refused.
PostgreSQL only: SQLite has no row locks to test.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from proposals.demands import services
from proposals.models import Demand, DemandVersion, StatusChange
from tests.conftest import require_postgresql
from tests.factories import make_demand

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.services]


def _race(*jobs):
    """Run each job in its own thread and connection at once; return results or errors."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list[object] = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = job()
        except Exception as error:  # noqa: BLE001 - the outcome is what the test checks
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


def test_two_status_changes_at_once_end_with_one_winner_and_a_full_history(
    nito, nou, nito_editor, secretary
):
    require_postgresql()
    demand = make_demand(organisation=nito, document=nou, status="submitted")
    before = StatusChange.objects.filter(demand=demand).count()

    def withdraw():
        return services.demand_change_status(
            demand=Demand.objects.get(pk=demand.pk),
            to_status="withdrawn",
            user=nito_editor,
            expected_status="submitted",
        )

    def consider():
        return services.demand_change_status(
            demand=Demand.objects.get(pk=demand.pk),
            to_status="under_consideration",
            user=secretary,
            expected_status="submitted",
        )

    outcomes = _race(withdraw, consider)
    winners = [o for o in outcomes if isinstance(o, StatusChange)]
    losers = [o for o in outcomes if isinstance(o, services.TransitionRefused)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert "allerede endret" in str(losers[0])
    demand.refresh_from_db()
    assert demand.status == winners[0].to_status
    history = list(StatusChange.objects.filter(demand=demand).order_by("changed_at", "pk"))
    assert len(history) == before + 1
    assert (history[-1].from_status, history[-1].to_status) == ("submitted", demand.status)


def test_two_edits_of_the_same_version_at_once_keep_both_nothing_overwritten(
    nito, nou, nito_editor
):
    require_postgresql()
    demand = make_demand(organisation=nito, document=nou, status="submitted", text="Start.")

    def edit(text):
        return lambda: services.demand_update(
            demand=Demand.objects.get(pk=demand.pk),
            user=nito_editor,
            expected_version=1,
            text=text,
        )

    outcomes = _race(edit("Første person."), edit("Andre person."))
    saved = [o for o in outcomes if isinstance(o, Demand)]
    conflicts = [o for o in outcomes if isinstance(o, services.EditConflict)]
    assert len(saved) == 1 and len(conflicts) == 1, outcomes
    demand.refresh_from_db()
    assert (demand.version, demand.text) == (2, saved[0].text)
    assert list(
        DemandVersion.objects.filter(demand=demand).order_by("version").values_list("text")
    ) == [("Start.",), (saved[0].text,)]


def test_two_bulk_changes_over_the_same_rows_do_not_deadlock(nito, tekna, nou, secretary):
    require_postgresql()
    first = make_demand(organisation=nito, document=nou, status="submitted")
    second = make_demand(organisation=tekna, document=nou, status="submitted")

    def bulk(ids):
        return lambda: services.demands_bulk_change_status(
            demand_ids=ids, to_status="under_consideration", user=secretary
        )

    outcomes = _race(bulk([first.pk, second.pk]), bulk([second.pk, first.pk]))
    done = [o for o in outcomes if isinstance(o, list)]
    refused = [o for o in outcomes if isinstance(o, services.BulkRefused)]
    assert len(done) == 1 and len(refused) == 1, outcomes
    assert StatusChange.objects.filter(to_status="under_consideration").count() == 2
