"""Issue 12, item 5: `lawgraph.load()` from a warm cache parses no statute file.

The graph was already cached; the statute quotes the answers use now are too, beside it
and under the same rules, so a second `load()` reads two JSON files instead of parsing
the Data Protection Act and the Human Rights Act again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import lawgraph
import lawgraph.legislation.corpus as corpus_module
from lawgraph.graph.cache import CACHE_ENV, GRAPH_FORMAT
from lawgraph.reasoning import Scenario

SCENARIO = {
    "discloser": "maintained school",
    "recipient": "children's social care",
    "subject": "child",
    "categories": ["health-data"],
    "purpose": "safeguarding",
    "context": "mash-referral",
    "consent": "refused",
    "as_at": "2026-05-01",
}


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Any]:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    seen: list[Any] = []
    real = corpus_module.parse_file

    def counting(*args: Any, **kwargs: Any) -> Any:
        seen.append(args[0] if args else kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(corpus_module, "parse_file", counting)
    return seen


def test_a_warm_load_parses_no_statute_file(parses: list[Any], tmp_path: Path) -> None:
    cold = lawgraph.load()
    assert parses, "the cold load parses the statutes it quotes"
    cached = sorted(p.name for p in (tmp_path / "cache").iterdir())
    # the graph and the quotes under one key, and the knowledge files' parse trees
    (parsed,) = [name for name in cached if name.startswith("parsed-")]
    assert [name for name in cached if name != parsed] == sorted(
        f"{kind}-{name.split('-', 1)[1]}"
        for name in (p.name for p in (tmp_path / "cache").glob("graph-*"))
        for kind in ("graph", "quotes")
    )
    parses.clear()
    warm = lawgraph.load()
    assert parses == []
    assert warm.statutes == cold.statutes
    answer = warm.ask(Scenario.parse(SCENARIO))
    assert answer == cold.ask(Scenario.parse(SCENARIO))
    assert any(st.quotes for st in answer.steps)
    assert any(v.startswith("ukpga/2018/12@") for v in answer.provenance.statute_versions)


def test_a_damaged_quotes_file_is_rebuilt_not_trusted(parses: list[Any], tmp_path: Path) -> None:
    cold = lawgraph.load()
    (quotes,) = (tmp_path / "cache").glob("quotes-*.json")
    bad = '{"quotes": [{"citation": 1}], "held": []}'
    quotes.write_text(f'{{"format": {GRAPH_FORMAT}, "data": {bad}}}')
    again = lawgraph.load()
    assert again.statutes == cold.statutes
