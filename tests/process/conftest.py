"""Saved Stortinget answers, with the corpus texts filled in at test time."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from tests.factories import DocumentFactory

SAMPLES = Path(__file__).resolve().parent / "samples"
REPO_ROOT = Path(__file__).resolve().parents[2]
_PLACEHOLDER = re.compile(r"\{\{corpus:([\w.-]+)\}\}")


def corpus_dir() -> Path:
    override = os.environ.get("KRAVSPORING_CORPUS_DIR")
    return Path(override) if override else REPO_ROOT.parent / "shared" / "corpus"


def render(source: Path, target: Path) -> Path:
    """A sample answer with each ``{{corpus:NAME}}`` replaced by that text, escaped."""
    corpus = corpus_dir()

    def fill(match: re.Match) -> str:
        path = corpus / match.group(1)
        if not path.is_file():
            pytest.skip(f"{path.name} is not in the corpus (set KRAVSPORING_CORPUS_DIR)")
        return escape(path.read_text(encoding="utf-8"))

    target.write_text(_PLACEHOLDER.sub(fill, source.read_text(encoding="utf-8")), encoding="utf-8")
    return target


@pytest.fixture
def samples(tmp_path) -> Path:
    """A folder of every sample answer (the unsafe and broken ones included)."""
    folder = tmp_path / "answers"
    folder.mkdir()
    for source in SAMPLES.glob("*.xml"):
        render(source, folder / source.name)
    second = folder / "second"
    second.mkdir()
    for source in (SAMPLES / "second").glob("*.xml"):
        shutil.copy(source, second / source.name)
    return folder


@pytest.fixture
def meld_st_9(db):
    return DocumentFactory(
        identifier="Meld. St. 9 (2023–2024)",
        slug="meld-st-9-2023-2024",
        title="Nasjonal helse- og samhandlingsplan 2024–2027",
        kind="white_paper",
    )
