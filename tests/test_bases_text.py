"""Data-level guard for data/bases/*.yaml: every Data Protection Act 2018 citation is real.

For every citation (and every test citation) whose identifier is inside ukpga/2018/12, the
provision must exist in the DPA 2018 as at 2026-04-07 (the revised text held in
../shared/legislation), and each citation's anchor must occur in that provision's text, compared
after folding whitespace, curly quotes and dashes. This stands alone: it does not use the
knowledge loader, only the YAML and the legislation parser.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from lawgraph.legislation.corpus import Corpus
from lawgraph.legislation.models import Document
from tests.conftest import require_corpus

DPA = "ukpga/2018/12"
DPA_VERSION = "2026-04-07"
BASES = Path(__file__).resolve().parents[1] / "data" / "bases"

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
    }
)
_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]")


def fold(text: str) -> str:
    """Fold whitespace runs to one space, curly quotes to straight, dashes to '-'."""
    text = _DASHES.sub("-", text.translate(_QUOTES))
    return re.sub(r"\s+", " ", text).strip()


def _in_dpa(identifier: str) -> bool:
    return identifier == DPA or identifier.startswith(DPA + "/")


def _load() -> list[tuple[str, dict[str, Any]]]:
    out: list[tuple[str, dict[str, Any]]] = []
    for path in sorted(BASES.glob("*.yaml")):
        with path.open(encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
        for condition in (data or {}).get("conditions") or []:
            out.append((path.name, condition))
    return out


CONDITIONS = _load()

CITATIONS = [
    pytest.param(cit.get("id"), cit.get("anchor"), id=f"{name}:{cond.get('id')}:{cit.get('id')}")
    for name, cond in CONDITIONS
    for cit in cond.get("citations") or []
    if _in_dpa(str(cit.get("id")))
]

TEST_CITATIONS = sorted(
    {
        str(test.get("citation"))
        for _, cond in CONDITIONS
        for test in cond.get("tests") or []
        if _in_dpa(str(test.get("citation")))
    }
)


@pytest.fixture(scope="module")
def dpa() -> Document:
    corpus = Corpus([require_corpus()])
    return corpus.document(DPA, DPA_VERSION)


def test_bases_hold_dpa_citations() -> None:
    assert CONDITIONS, f"no conditions found in {BASES}"
    assert CITATIONS, "no Data Protection Act 2018 citations found in data/bases/*.yaml"


def test_dpa_version_is_the_one_read(dpa: Document) -> None:
    assert dpa.version_date is not None
    assert dpa.version_date.isoformat() == DPA_VERSION


@pytest.mark.parametrize(("identifier", "anchor"), CITATIONS)
def test_dpa_citation_anchor_occurs(dpa: Document, identifier: str, anchor: str | None) -> None:
    provision = dpa.provision(identifier)
    assert provision is not None, f"{identifier} is not in the DPA 2018 as at {DPA_VERSION}"
    assert isinstance(anchor, str) and anchor.strip(), f"{identifier}: DPA citations need an anchor"
    assert fold(anchor) in fold(provision.text), (
        f"{identifier}: anchor {anchor!r} does not occur in the provision text:\n{provision.text}"
    )


@pytest.mark.parametrize(("identifier", "anchor"), CITATIONS)
def test_dpa_anchor_length(identifier: str, anchor: str | None) -> None:
    words = len(str(anchor).split())
    assert 4 <= words <= 15, f"{identifier}: anchor has {words} words; the schema asks for 4 to 15"


@pytest.mark.parametrize("identifier", TEST_CITATIONS)
def test_dpa_test_citation_exists(dpa: Document, identifier: str) -> None:
    assert dpa.provision(identifier) is not None, (
        f"test citation {identifier} is not a provision of the DPA 2018 as at {DPA_VERSION}"
    )


def test_fold() -> None:
    folded = fold("the controller\u2019s  \u201cact\u201d\n\u2014 x")
    assert folded == 'the controller\'s "act" - x'
