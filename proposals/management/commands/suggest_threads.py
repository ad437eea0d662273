"""Suggest each demand's earlier forms (to be confirmed by its editors or the secretariat)."""

from django.core.management.base import BaseCommand

from proposals.models import Demand, DemandStatus
from proposals.outcomes.threads import thread_suggest


class Command(BaseCommand):
    help = "Suggest links between a demand and the same organisation's earlier demands."

    def add_arguments(self, parser):
        parser.add_argument("--organisation", help="short name, e.g. NITO")

    def handle(self, *args, **options):
        demands = Demand.objects.exclude(status=DemandStatus.DRAFT)
        if options["organisation"]:
            demands = demands.filter(organisation__short_name=options["organisation"])
        made = sum(len(thread_suggest(demand=d)) for d in demands.prefetch_related("chapters"))
        self.stdout.write(f"{made} suggested links")
