"""Fixtures for the import tests: the shared corpus and its hand annotations."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
EXPECTED_DIR = Path(__file__).resolve().parent / "expected"
CORPUS_STEMS = sorted(path.stem for path in EXPECTED_DIR.glob("*.json"))


def _corpus_dir() -> Path:
    # A git worktree does not sit next to shared/, so the folder can be given.
    override = os.environ.get("KRAVSPORING_CORPUS_DIR")
    return Path(override) if override else REPO_ROOT.parent / "shared" / "corpus"


@pytest.fixture
def corpus_dir() -> Path:
    path = _corpus_dir()
    if not path.is_dir():
        pytest.skip("../shared/corpus is not present (set KRAVSPORING_CORPUS_DIR to point at it)")
    return path


@pytest.fixture
def load_expected():
    def load(stem: str) -> dict[str, Any]:
        return json.loads((EXPECTED_DIR / f"{stem}.json").read_text(encoding="utf-8"))

    return load
