from pathlib import Path

from django.core.management.base import BaseCommand

from proposals.backups import backup_create


class Command(BaseCommand):
    help = "Back up the database (pg_dump) and the media files into one folder."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default="backups", help="where the backup folder goes")

    def handle(self, *args, **options):
        backup = backup_create(directory=Path(options["dir"]))
        rows = sum(backup.tables.values())
        self.stdout.write(
            f"{backup.path}: {rows} rows in {len(backup.tables)} tables, "
            f"{len(backup.files)} media files"
        )
