"""Fixtures for knowledge tests: a small valid data set, overlays of bad files, the real data."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from lawgraph.knowledge import Knowledge, load_knowledge
from lawgraph.legislation.corpus import Corpus
from tests.conftest import require_corpus

FIXTURES = Path(__file__).parent / "fixtures"
VALID = FIXTURES / "valid"
BAD = FIXTURES / "bad"
REAL_DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture
def make_data(tmp_path: Path) -> Callable[[str | None], Path]:
    """Copy the valid fixture set into a temporary folder, then lay a bad overlay over it."""

    def build(overlay: str | None = None) -> Path:
        root = tmp_path / "data"
        shutil.copytree(VALID, root)
        if overlay is not None:
            shutil.copytree(BAD / overlay, root, dirs_exist_ok=True)
        return root

    return build


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    """The reference legislation (DPA 2018 in three versions, HRA 1998, others)."""
    return Corpus([require_corpus()])


@pytest.fixture(scope="session")
def real() -> Knowledge:
    """The real knowledge files in data/."""
    return load_knowledge(REAL_DATA)
