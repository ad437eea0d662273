"""The bulk download: built by its task, public rows only, CSV per table and JSON Lines."""

from __future__ import annotations

import csv
import gzip
import io
import json
import zipfile

import pytest
from django.core.management import call_command

from proposals.opendata import build
from proposals.opendata.tables import TABLES
from proposals.opendata.tasks import build_open_data

from .conftest import DRAFT_MARKER, HIDDEN_MARKER, NOTE_MARKER

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(world, settings, tmp_path):
    settings.OPEN_DATA_ROOT = tmp_path / "open-data"
    build_open_data.delay()
    return build.current()


def _download(client, name) -> bytes:
    response = client.get(f"/data/{name}")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_the_zip_has_one_csv_per_table_the_dictionary_and_the_licence(client, built, world):
    archive = zipfile.ZipFile(io.BytesIO(_download(client, build.CSV_ZIP)))
    names = set(archive.namelist())
    assert names == {f"{t.name}.csv" for t in TABLES} | {build.DICTIONARY, build.LICENCE}
    demands = list(csv.DictReader(io.TextIOWrapper(archive.open("demands.csv"), "utf-8")))
    assert {int(row["id"]) for row in demands} == {world["published"].pk, world["considered"].pk}
    links = list(csv.DictReader(io.TextIOWrapper(archive.open("demand_chapters.csv"), "utf-8")))
    assert [(int(r["demand_id"]), int(r["chapter_id"])) for r in links] == [
        (world["published"].pk, world["chapter"].pk)
    ]
    assert "NLOD" in archive.read(build.LICENCE).decode()


def test_json_lines_hold_the_same_rows(client, built, world):
    rows = [
        json.loads(line) for line in gzip.decompress(_download(client, build.JSONL)).splitlines()
    ]
    demands = [row for row in rows if row["table"] == "demands"]
    assert {row["id"] for row in demands} == {world["published"].pk, world["considered"].pk}
    assert built["counts"]["demands"] == 2
    assert sum(built["counts"].values()) == len(rows)


def test_no_marker_reaches_a_bulk_file(client, built):
    texts = [
        b"".join(
            archive.read(name)
            for archive in [zipfile.ZipFile(io.BytesIO(_download(client, build.CSV_ZIP)))]
            for name in archive.namelist()
        ),
        gzip.decompress(_download(client, build.JSONL)),
    ]
    for text in texts:
        for marker in (DRAFT_MARKER, HIDDEN_MARKER, NOTE_MARKER):
            assert marker.encode() not in text


def test_the_page_explains_the_files_and_the_dictionary(client, built):
    html = client.get("/data/").content.decode()
    assert "NLOD" in html and build.CSV_ZIP in html and build.JSONL in html
    assert "<code>requested_amount_nok</code>" in html


def test_before_the_first_build_the_page_says_so_and_files_are_404(client, db, settings, tmp_path):
    settings.OPEN_DATA_ROOT = tmp_path / "none"
    assert client.get("/data/").status_code == 200
    assert client.get(f"/data/{build.CSV_ZIP}").status_code == 404
    assert client.get("/data/../settings.py").status_code == 404


def test_a_rebuild_swaps_the_whole_set_and_clears_the_old(built, settings):
    first = built["folder"]
    call_command("build_open_data", stdout=io.StringIO())
    second = build.current()["folder"]
    assert second != first
    assert not (build.root() / first).exists()
