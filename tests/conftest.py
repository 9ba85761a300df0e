"""Shared fixtures. The reference corpus is required: tests fail, never skip, without it."""

from __future__ import annotations

from pathlib import Path

import pytest

from lawgraph.settings import LEARNT_TITLES_ENV, LEGISLATION_ENV, reference_corpus_dir

HOW_TO_GET = (
    "The reference legislation folder was not found. lawgraph's tests read the genuine "
    "legislation.gov.uk XML in ../shared/legislation (beside the checkout). Put it there, "
    f"or point {LEGISLATION_ENV} at a copy."
)


@pytest.fixture(autouse=True)
def _own_learnt_titles(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test reads or writes the titles the user's own ``lawgraph fetch`` has learnt."""
    folder = tmp_path_factory.mktemp("learnt-titles")
    monkeypatch.setenv(LEARNT_TITLES_ENV, str(folder / "learnt-titles.json"))


def require_corpus() -> Path:
    path = reference_corpus_dir()
    if path is None or not path.is_dir():
        pytest.fail(HOW_TO_GET)
    return path


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The reference legislation folder (../shared/legislation)."""
    return require_corpus()


def require_peer_fixtures() -> Path:
    """Another client's genuine legislation.gov.uk responses (../shared/peer-fixtures).

    They sit beside the reference corpus; tests fail, never skip, without them.
    """
    path = require_corpus().parent / "peer-fixtures"
    if not path.is_dir():
        pytest.fail(f"{path} was not found: it is part of ../shared, beside the corpus")
    return path


def peer_clml_files() -> list[Path]:
    """Every CLML document in the peer fixtures (the Atom feeds are not documents)."""
    return sorted(require_peer_fixtures().rglob("*.xml"))


def served_files(root: Path) -> list[Path]:
    """Every served CLML file: everything outside suspect/, schema/ and the Atom feeds."""
    out = []
    for path in sorted(root.rglob("*.xml.gz")):
        rel = path.relative_to(root).parts
        if rel[0] in ("suspect", "schema") or rel[:2] == ("corpus", "feeds"):
            continue
        out.append(path)
    return out
