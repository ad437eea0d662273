"""Building the bulk files: run by a Celery task, never inside a request.

Each build writes a new folder and then swaps one pointer file (``current.json``)
with ``os.replace``, so a download sees the old set or the new one, never a mix;
a build that dies leaves the old set in place.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import shutil
import time
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone, translation

from proposals.opendata.tables import TABLES

CSV_ZIP = "kravsporing-csv.zip"
JSONL = "kravsporing.jsonl.gz"
DICTIONARY = "data-dictionary.csv"
LICENCE = "LICENCE.txt"
POINTER = "current.json"
CHUNK = 2000

LICENCE_TEXT = """Kravsporing – open data

Licence: Norsk lisens for offentlige data (NLOD) 2.0
https://data.norge.no/nlod/no/2.0  (English: https://data.norge.no/nlod/en/2.0)

You may copy, use, adapt and share the data, also commercially, provided that
you name the source: «Inneholder data under norsk lisens for offentlige data
(NLOD) tilgjengeliggjort av Kravsporing».

The files hold what the portal shows everyone: no drafts, hidden demands,
duplicates, prepared outcomes or internal notes. See data-dictionary.csv.
"""


def root() -> Path:
    return Path(getattr(settings, "OPEN_DATA_ROOT", "") or Path(settings.MEDIA_ROOT) / "open-data")


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _dictionary_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["table", "column", "description"])
    with translation.override("en"):
        for table in TABLES:
            writer.writerow([table.name, "", str(table.description)])
            for column in table.columns:
                writer.writerow([table.name, column.name, str(column.description)])
    return out.getvalue()


@dataclass
class Build:
    folder: Path
    counts: dict[str, int]
    seconds: float


def opendata_build() -> Build:
    """Write every public table as CSV (one file each, zipped) and as JSON Lines."""
    started = time.monotonic()
    base = root()
    base.mkdir(parents=True, exist_ok=True)
    built_at = timezone.now()
    folder = base / built_at.strftime("%Y%m%dT%H%M%S%f")
    folder.mkdir()
    counts: dict[str, int] = {}
    encoder = DjangoJSONEncoder(ensure_ascii=False)
    with (
        zipfile.ZipFile(folder / CSV_ZIP, "w", zipfile.ZIP_DEFLATED) as archive,
        gzip.open(folder / JSONL, "wt", encoding="utf-8") as lines,
    ):
        for table in TABLES:
            names = [column.name for column in table.columns]
            count = 0
            with archive.open(f"{table.name}.csv", "w") as raw:
                text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
                writer = csv.writer(text, lineterminator="\r\n")
                writer.writerow(names)
                for row in table.values().iterator(chunk_size=CHUNK):
                    writer.writerow([_cell(value) for value in row])
                    lines.write(
                        encoder.encode({"table": table.name, **dict(zip(names, row, strict=True))})
                    )
                    lines.write("\n")
                    count += 1
                text.flush()
                text.detach()
            counts[table.name] = count
        archive.writestr(DICTIONARY, _dictionary_csv())
        archive.writestr(LICENCE, LICENCE_TEXT)
    (folder / DICTIONARY).write_text(_dictionary_csv(), encoding="utf-8")
    (folder / LICENCE).write_text(LICENCE_TEXT, encoding="utf-8")
    seconds = time.monotonic() - started
    manifest = {
        "folder": folder.name,
        "built_at": built_at.isoformat(),
        "seconds": round(seconds, 2),
        "counts": counts,
        "files": {
            name: (folder / name).stat().st_size for name in (CSV_ZIP, JSONL, DICTIONARY, LICENCE)
        },
    }
    pointer = base / f".{POINTER}.{os.getpid()}"
    pointer.write_text(json.dumps(manifest), encoding="utf-8")
    os.replace(pointer, base / POINTER)
    for old in base.iterdir():
        if old.is_dir() and old.name != folder.name:
            shutil.rmtree(old, ignore_errors=True)
    return Build(folder=folder, counts=counts, seconds=seconds)


def current() -> dict | None:
    """The manifest of the newest complete build, or None before the first."""
    try:
        return json.loads((root() / POINTER).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None


def current_file(name: str) -> Path | None:
    manifest = current()
    if manifest is None or name not in manifest["files"]:
        return None
    path = root() / manifest["folder"] / name
    return path if path.is_file() else None
