"""Precision of `lawgraph discover` against hand labels (tests/changes/discover_labels.yaml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from lawgraph.changes.discover import DiscoverResult, default_files, discover
from lawgraph.knowledge.loader import load_knowledge
from lawgraph.settings import data_dir, legislation_dirs

LABELS = Path(__file__).with_name("discover_labels.yaml")
# measured 2026-11-21 on ../shared/legislation: P@20 0.70, P@40 0.85, P@60 0.90
MEASURED = {20: 0.70, 40: 0.85, 60: 0.90}
MARGIN = 0.05


@pytest.fixture(scope="module")
def labels() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(LABELS.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def result(corpus_dir: Path) -> DiscoverResult:
    files = default_files(legislation_dirs())
    return discover(files, knowledge=load_knowledge(data_dir()), jobs=1)


def _precision(ids: list[str], labels: dict[str, Any], n: int) -> float:
    return sum(bool(labels["labels"][i]["sharing"]) for i in ids[:n]) / n


def test_labels_cover_current_top_60(result: DiscoverResult, labels: dict[str, Any]) -> None:
    top = [h.provision for h in result.new[:60]]
    unlabelled = [i for i in top if i not in labels["labels"]]
    assert not unlabelled, (
        f"the discover ranking changed: relabel {unlabelled} in {LABELS.name} "
        "(read each with `lawgraph show <id>`) and update current_top60"
    )
    assert all(isinstance(v["reason"], str) and v["reason"] for v in labels["labels"].values())


def test_precision_not_regressed(result: DiscoverResult, labels: dict[str, Any]) -> None:
    top = [h.provision for h in result.new[:60]]
    for n, measured in MEASURED.items():
        got = _precision(top, labels, n)
        assert got >= measured - MARGIN, f"precision@{n} fell to {got:.2f} (was {measured:.2f})"


def test_labelled_ranking_figures(labels: dict[str, Any]) -> None:
    # the figures in the docs come from these lists
    current = labels["current_top60"]
    assert [round(_precision(current, labels, n), 2) for n in (20, 40, 60)] == [0.7, 0.85, 0.9]
    base = labels["baseline_top60"]
    assert [round(_precision(base, labels, n), 3) for n in (20, 40, 60)] == [0.25, 0.225, 0.267]
