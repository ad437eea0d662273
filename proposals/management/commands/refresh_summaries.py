"""``python manage.py refresh_summaries``: recompute every chart now, in this process."""

from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import CaptureQueriesContext

from proposals.summaries import snapshots


class Command(BaseCommand):
    help = "Beregner alle diagrammene på nytt nå."

    def handle(self, *args, **options):
        with CaptureQueriesContext(connection) as queries:
            outcome = snapshots.summaries_refresh()
        if not outcome.ran:
            self.stdout.write(
                "En oppdatering pågår allerede; den kjøres én gang til når den er ferdig."
            )
            return
        languages = len(snapshots.site_languages())
        self.stdout.write(
            self.style.SUCCESS(
                f"Oppdaterte {outcome.snapshots // languages} diagrammer på {languages} språk "
                f"på {outcome.duration_ms} ms "
                f"({outcome.row_count} rader fra {len(queries)} spørringer, "
                f"{outcome.runs} kjøring(er))."
            )
        )
