"""make backup / make restore: the demo round-trips, every row and every file."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection

from proposals.backups import backup_create, backup_restore, media_files, table_counts
from proposals.models import Demand, Submission


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_the_demo_round_trips_through_a_backup(tmp_path, settings):
    if connection.vendor != "postgresql":
        pytest.skip("backups need PostgreSQL")
    call_command("load_demo", verbosity=0)
    submission = Submission.objects.first()
    if submission is not None and not submission.file:
        submission.file.save("demo-innspill.txt", ContentFile(b"Et innspill."), save=True)
    before_rows, before_files = table_counts(), media_files()
    assert sum(before_rows.values()) > 0 and Demand.objects.exists()

    backup = backup_create(directory=tmp_path / "backups")
    # Lose everything: every row and every file.
    call_command("flush", interactive=False, verbosity=0)
    for path in list((settings.MEDIA_ROOT).rglob("*")):
        if path.is_file():
            path.unlink()
    assert not Demand.objects.exists()

    restored = backup_restore(path=backup.path)
    assert restored.tables == before_rows
    assert restored.files == before_files
    assert Demand.objects.count() == before_rows[Demand._meta.db_table]
