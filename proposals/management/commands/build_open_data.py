"""Build the open-data files now (the beat task does it nightly) and print their figures."""

from django.core.management.base import BaseCommand

from proposals.opendata import build


class Command(BaseCommand):
    help = "Build the bulk download (CSV in a ZIP and JSON Lines) of everything public."

    def handle(self, *args, **options):
        result = build.opendata_build()
        manifest = build.current()
        self.stdout.write(f"built in {result.seconds:.1f} s: {result.folder.name}")
        for name, count in result.counts.items():
            self.stdout.write(f"  {name}: {count} rows")
        for name, size in manifest["files"].items():
            self.stdout.write(f"  {name}: {size / 1_000_000:.2f} MB")
