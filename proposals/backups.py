"""Backups: the PostgreSQL database (pg_dump's custom format) and the media files, together.

A backup is a folder ``<dir>/kravsporing-<UTC time>/`` holding ``database.dump``,
``media.tar.gz`` and ``manifest.json`` (row counts per table and the media
files' names and sizes, so a restore can be checked against it). ``backup_restore``
replaces the database's content (``pg_restore --clean``) and the media folder's.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, connections
from django.utils import timezone


class BackupError(RuntimeError):
    pass


@dataclass
class Backup:
    path: Path
    tables: dict[str, int]
    files: dict[str, int]


def _pg_env_and_dbname() -> tuple[dict, str]:
    db = connection.settings_dict
    if connection.vendor != "postgresql":
        raise BackupError("Backups need PostgreSQL (DATABASE_URL=postgres://…).")
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    env.update(
        {
            "PGHOST": db.get("HOST") or "",
            "PGPORT": str(db.get("PORT") or ""),
            "PGUSER": db.get("USER") or "",
        }
    )
    return env, db["NAME"]


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (Debian: postgresql-client).")
    return found


def table_counts() -> dict[str, int]:
    """Rows in every table of the project's models (the restore's check)."""
    counts = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            if table in counts:
                continue
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - names from models
            counts[table] = cursor.fetchone()[0]
    return counts


def media_files(root: Path | None = None) -> dict[str, int]:
    root = Path(root or settings.MEDIA_ROOT)
    if not root.exists():
        return {}
    return {
        str(path.relative_to(root)): path.stat().st_size
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def backup_create(*, directory: Path) -> Backup:
    env, name = _pg_env_and_dbname()
    target = Path(directory) / f"kravsporing-{timezone.now():%Y%m%dT%H%M%S%fZ}"
    target.mkdir(parents=True)
    subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [
            _tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            f"--file={target / 'database.dump'}",
            name,
        ],
        env=env,
        check=True,
    )
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(target / "media.tar.gz", "w:gz") as archive:
        if media_root.exists():
            archive.add(media_root, arcname="media")
    backup = Backup(path=target, tables=table_counts(), files=media_files())
    manifest = {"created_at": timezone.now().isoformat(), "tables": backup.tables}
    manifest["files"] = backup.files
    (target / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return backup


def backup_restore(*, path: Path) -> Backup:
    """Put the database and the media files back as they were in the backup at ``path``."""
    path = Path(path)
    manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    env, name = _pg_env_and_dbname()
    # pg_restore drops and recreates the tables: no connection of ours may hold them.
    connections.close_all()
    subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={name}",
            str(path / "database.dump"),
        ],
        env=env,
        check=True,
    )
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path / "media.tar.gz", "r:gz") as archive:
        for member in archive.getmembers():
            if not member.name.startswith("media") or not (member.isfile() or member.isdir()):
                continue
            relative = Path(member.name).relative_to("media")
            destination = media_root / relative
            if member.isdir():
                destination.mkdir(parents=True, exist_ok=True)
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            with archive.extractfile(member) as source, open(destination, "wb") as out:
                out.write(source.read())
    restored = Backup(path=path, tables=table_counts(), files=media_files())
    missing_rows = {t: n for t, n in manifest["tables"].items() if restored.tables.get(t) != n}
    missing_files = {f for f, size in manifest["files"].items() if restored.files.get(f) != size}
    if missing_rows or missing_files:
        raise BackupError(f"restore differs: rows {missing_rows}, files {sorted(missing_files)}")
    return restored
