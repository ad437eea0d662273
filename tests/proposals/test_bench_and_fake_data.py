"""generate_fake_data and bench: synthetic data by the real rules, and the benchmark's report."""

from __future__ import annotations

from collections import defaultdict
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from proposals.demands.workflow import NOTE_REQUIRED, TRANSITIONS
from proposals.models import Chapter, Demand, DemandVersion, StatusChange
from tests.conftest import require_postgresql

pytestmark = pytest.mark.django_db


def generate(demands: int, seed: int) -> str:
    out = StringIO()
    call_command("generate_fake_data", demands=demands, seed=seed, stdout=out)
    return out.getvalue()


def snapshot() -> list[tuple]:
    return [
        (
            demand.source_key,
            demand.title,
            demand.status,
            demand.stance,
            demand.organisation.short_name,
            demand.document.identifier,
            demand.requested_amount_nok,
            demand.submitted_at,
            tuple(c.number for c in demand.chapters.all()),
            tuple(p.label for p in demand.budget_posts.all()),
        )
        for demand in Demand.objects.select_related("organisation", "document")
        .prefetch_related("chapters", "budget_posts")
        .order_by("source_key")
    ]


def test_it_makes_n_demands_and_the_same_ones_for_the_same_seed():
    assert "60 nye krav" in generate(60, seed=7)
    first = snapshot()
    assert len(first) == 60
    Demand.objects.all().delete()
    generate(60, seed=7)
    assert snapshot() == first


def test_running_again_adds_nothing_and_a_larger_n_adds_the_difference():
    generate(40, seed=3)
    assert "0 nye krav" in generate(40, seed=3)
    assert Demand.objects.count() == 40
    generate(55, seed=3)
    assert Demand.objects.count() == 55
    generate(10, seed=4)
    assert Demand.objects.count() == 65


def test_every_status_history_walks_the_transition_table():
    generate(120, seed=11)
    steps = defaultdict(list)
    for change in StatusChange.objects.order_by("demand_id", "changed_at", "pk"):
        steps[change.demand_id].append(change)
    for demand in Demand.objects.all():
        status = "draft"
        for change in steps[demand.pk]:
            assert change.from_status == status
            assert change.to_status in TRANSITIONS[status]
            if change.to_status in NOTE_REQUIRED:
                assert change.note
            status = change.to_status
        assert status == demand.status
        if demand.status == "draft":
            assert demand.submitted_at is None
        else:
            assert demand.submitted_at == steps[demand.pk][0].changed_at
    assert DemandVersion.objects.filter(version=1, status="draft").count() == 120
    assert set(Demand.objects.values_list("status", flat=True)) >= {"draft", "submitted"}


def test_chapters_get_sort_keys_parents_and_demands_only_of_their_own_document():
    generate(80, seed=5)
    sub = Chapter.objects.filter(number__contains=".", document__identifier="NOU 2090:1").first()
    assert sub.parent is not None
    assert sub.sort_key.startswith(sub.parent.sort_key + ".")
    for demand in Demand.objects.prefetch_related("chapters"):
        assert all(c.document_id == demand.document_id for c in demand.chapters.all())


def test_search_vectors_are_filled_on_postgresql():
    require_postgresql()
    generate(20, seed=2)
    assert not Demand.objects.filter(search_vector=None).exists()


def test_it_refuses_a_negative_count():
    with pytest.raises(CommandError):
        call_command("generate_fake_data", demands=-1, seed=1, stdout=StringIO())


def test_bench_in_process_prints_times_and_query_counts_for_each_page():
    out = StringIO()
    call_command("bench", demands=300, runs=1, in_process=True, stdout=out)
    report = out.getvalue()
    assert "300 krav" in report
    for label in (
        "/demands/",
        "/demands/ ?document= largest",
        "/demands/ q=haster (common)",
        "/demands/ last page",
        "document page (largest)",
        "chapter page",
        "demand page",
        "home /",
    ):
        line = next(line for line in report.splitlines() if line.startswith(label + " "))
        median_ms, queries, size, status = line[len(label) :].split()
        assert float(median_ms) >= 0
        assert int(queries) > 0
        assert status == "200"


def test_the_bench_client_times_pages_and_counts_throughput():
    """The HTTP client against a tiny server of its own (no Django, no database)."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from proposals.benchmarks import client

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the standard library's name
            body = b"x" * (10 if self.path == "/small" else 1000)
            self.send_response(200 if self.path != "/missing" else 404)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        result = client.run(
            {
                "base": base,
                "runs": 3,
                "warmup": 1,
                "pages": [["small", "/small"], ["missing", "/missing"]],
                "downloads": [["big", "/big"]],
                "throughput": [["small", "/small"]],
                "connections": 2,
                "seconds": 0.3,
            }
        )
    finally:
        server.shutdown()
    assert result["pages"]["small"]["bytes"] == 10
    assert result["pages"]["small"]["p95_ms"] >= result["pages"]["small"]["median_ms"] > 0
    assert result["pages"]["missing"]["status"] == 404
    assert result["downloads"]["big"]["bytes"] == 1000
    assert result["throughput"]["small"]["requests"] > 0
