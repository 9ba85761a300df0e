"""Fixtures for graph tests: the real knowledge and the reference corpus, built once."""

from __future__ import annotations

from pathlib import Path

import pytest

from lawgraph.graph import GatewayGraph, build_graph
from lawgraph.knowledge import Knowledge, load_knowledge
from lawgraph.legislation.corpus import Corpus
from tests.conftest import require_corpus

REAL_DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    """The real knowledge files in data/."""
    return load_knowledge(REAL_DATA)


@pytest.fixture(scope="session")
def graph(knowledge: Knowledge) -> GatewayGraph:
    """The graph of the real data with the reference corpus (DPA 2018 held)."""
    return build_graph(knowledge, Corpus([require_corpus()]))
