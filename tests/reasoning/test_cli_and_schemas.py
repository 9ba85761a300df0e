"""The `lawgraph ask` command, the schemas, and the HRA identifiers in the held corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lawgraph.cli import app
from lawgraph.cli import ask_cmd as _ask_cmd  # noqa: F401  (registers the command)
from lawgraph.legislation.corpus import Corpus
from lawgraph.reasoning import write_schemas
from lawgraph.reasoning.rules.human_rights import ARTICLE_8_1, ARTICLE_8_2, HRA_S6

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def test_ask_example_file_json() -> None:
    res = runner.invoke(
        app, ["ask", "--file", str(ROOT / "examples/scenario-school-to-csc.yaml"), "--json"]
    )
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["outcome"] == "may-share-if-judgement"


def test_ask_flags_markdown_and_record() -> None:
    base = ["ask", "--discloser", "academy", "--recipient", "CSC", "--category", "personal-data"]
    base += ["--purpose", "safeguarding", "--consent", "refused", "--as-at", "2026-05-01"]
    res = runner.invoke(app, [*base, "--markdown"])
    assert res.exit_code == 0 and "decision record" in res.output
    res = runner.invoke(app, [*base, "--record"])
    assert res.exit_code == 0 and "https://w3id.org/dpv#" in res.output


def test_ask_stdin_and_unknown_holder() -> None:
    body = {
        "discloser": "Sociel Services",
        "recipient": "police",
        "subject": "child",
        "categories": ["personal-data"],
        "purpose": "safeguarding",
        "consent": "refused",
    }
    res = runner.invoke(app, ["ask", "--file", "-"], input=json.dumps(body))
    assert res.exit_code == 2


def test_schemas_written(tmp_path: Path) -> None:
    paths = write_schemas(tmp_path)
    assert {p.name for p in paths} == {
        "scenario.schema.json",
        "determination.schema.json",
        "partnership.schema.json",
    }
    for p in paths:
        assert json.loads(p.read_text())["type"] == "object"
        assert (ROOT / "schemas" / p.name).read_text() == p.read_text()


@pytest.mark.corpus
def test_hra_identifiers_are_held(corpus_dir: Path) -> None:
    corpus = Corpus([corpus_dir])
    assert "private and family life" in str(corpus.provision(ARTICLE_8_1).text)
    assert "interference by a public authority" in str(corpus.provision(ARTICLE_8_2).text)
    assert "public authority" in str(corpus.provision(HRA_S6).text)
