from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from proposals.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = "Replace the database and the media files with a backup's, and check every row and file."

    def add_arguments(self, parser):
        parser.add_argument("path", help="a folder made by `manage.py backup`")

    def handle(self, *args, **options):
        try:
            restored = backup_restore(path=Path(options["path"]))
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(restored.tables.values())
        self.stdout.write(
            f"restored {rows} rows in {len(restored.tables)} tables and "
            f"{len(restored.files)} media files; all match the backup's manifest"
        )
