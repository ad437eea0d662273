"""``bench`` (``make bench``): how fast the portal's heavy pages answer at scale.

Fills the database up to ``--demands`` synthetic demands (``generate_fake_data``)
when it holds fewer, then requests each page through Django's test client
``--runs`` times and prints the median time, the number of queries and the
size of the answer. The times are this machine's; the query counts are the
figures to compare between changes.
"""

from __future__ import annotations

import statistics
import time
import warnings

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from proposals.models import BudgetPost, Chapter, Demand, PolicyDocument


def _consume(response) -> int:
    if response.streaming:
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


class Command(BaseCommand):
    help = "Mål svartidene til portalens tyngste sider (median av flere kjøringer)."

    def add_arguments(self, parser):
        parser.add_argument("--demands", type=int, default=5000, help="minst så mange krav")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--runs", type=int, default=5, help="kjøringer per side")

    def handle(self, *args, demands: int, seed: int, runs: int, **options):
        # Static files are not collected for a benchmark; WhiteNoise need not say so.
        warnings.filterwarnings("ignore", message="No directory at")
        call_command("migrate", verbosity=0, interactive=False)
        if Demand.objects.count() < demands:
            call_command("generate_fake_data", demands=demands, seed=seed, stdout=self.stdout)
        with override_settings(ALLOWED_HOSTS=["testserver"], DEBUG=False):
            self._run(max(1, runs))

    def _targets(self) -> list[tuple[str, str]]:
        document = PolicyDocument.objects.annotate(n=Count("demands")).order_by("-n", "pk").first()
        targets = [
            ("forside", "/"),
            ("/demands/ uten filter", "/demands/"),
            (
                "/demands/ med filter",
                "/demands/?status=submitted&status=under_consideration&stance=supports",
            ),
            ("/demands/ med søk", "/demands/?q=studieplass"),
            ("/demands/ side 20, sortert på tittel", "/demands/?sort=title&page=20"),
            ("/demands/?format=csv (alle)", "/demands/?format=csv"),
            ("/demands/?format=xlsx (alle)", "/demands/?format=xlsx"),
            ("/organisations/", "/organisations/"),
            ("/budget/", "/budget/"),
            ("/documents/", "/documents/"),
        ]
        if document is not None:
            targets.append(("dokumentside", document.get_absolute_url()))
            top = (
                Chapter.objects.filter(document=document, depth=1)
                .annotate(n=Count("demands"))
                .order_by("-n", "sort_key")
                .select_related("document")
                .first()
            )
            if top is not None:
                targets.append(("kapittelside", top.get_absolute_url()))
                targets.append(("/demands/ med kapittelfilter", f"/demands/?chapter={top.pk}"))
        demand = Demand.objects.published().order_by("pk").first()
        if demand is not None:
            targets.append(("kravside", demand.get_absolute_url()))
        post = BudgetPost.objects.annotate(n=Count("demands")).order_by("-n", "pk").first()
        if post is not None:
            targets.append(("budsjettpost", post.get_absolute_url()))
        return targets

    def _run(self, runs: int) -> None:
        client = Client()
        total = Demand.objects.count()
        self.stdout.write(
            f"Database: {connection.vendor}, {total} krav, {runs} kjøringer per side (median)."
        )
        self.stdout.write(
            f"{'side':<40} {'median ms':>10} {'spørringer':>11} {'bytes':>10}  status"
        )
        for label, url in self._targets():
            timings = []
            for _ in range(runs):
                started = time.perf_counter()
                response = client.get(url)
                size = _consume(response)
                timings.append((time.perf_counter() - started) * 1000)
            with CaptureQueriesContext(connection) as queries:
                _consume(client.get(url))
            self.stdout.write(
                f"{label:<40} {statistics.median(timings):>10.1f} {len(queries):>11} "
                f"{size:>10}  {response.status_code}"
            )
