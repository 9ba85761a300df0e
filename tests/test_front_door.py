"""One front door (issue 12, item 4): every command loads through `lawgraph.load`, once
per run, with one way of failing; and one not-legal-advice notice, the same everywhere."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import lawgraph.graph.cache as cache_module
import lawgraph.knowledge.loader as loader_module
from lawgraph.cli import register_commands
from lawgraph.disclaimer import NOT_LEGAL_ADVICE
from lawgraph.graph.cache import CACHE_ENV, stats
from lawgraph.settings import DATA_ENV, LEGISLATION_ENV, STATUTES_ENV
from tests.conftest import require_corpus

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "lawgraph"
SCENARIO = ROOT / "examples" / "scenario-school-to-csc.yaml"
app = register_commands()

# What only the front door may call: each loads a part of what `lawgraph.load` returns.
LOADERS = {"load_knowledge", "load_graph", "Corpus", "statute_texts", "load_statute_texts"}


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.setenv(LEGISLATION_ENV, str(require_corpus()))
    monkeypatch.setenv(STATUTES_ENV, str(tmp_path / "statutes"))
    monkeypatch.setenv(DATA_ENV, str(ROOT / "data"))
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setenv("COLUMNS", "200")
    return CliRunner()


@pytest.fixture
def knowledge_loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every time the knowledge files are read, wherever from."""
    seen: list[Path] = []
    real = loader_module.load_knowledge

    def counting(data_dir: Any, **options: Any) -> Any:
        seen.append(Path(data_dir))
        return real(data_dir, **options)

    monkeypatch.setattr(loader_module, "load_knowledge", counting)
    monkeypatch.setattr(cache_module, "load_knowledge", counting)
    return seen


def _called_names(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name):
                names.add(func.id)
            elif isinstance(func, ast.Attribute):
                names.add(func.attr)
    return names


@pytest.mark.parametrize("module", sorted((SRC / "cli").glob("*.py")), ids=lambda p: p.name)
def test_no_command_loads_for_itself(module: Path) -> None:
    called = _called_names(module) & LOADERS
    assert not called, f"{module.name} calls {sorted(called)}; load through lawgraph.load"


def test_gateways_reads_the_knowledge_once_even_when_it_builds_the_graph(
    runner: CliRunner, knowledge_loads: list[Path]
) -> None:
    stats.reset()
    result = runner.invoke(app, ["gateways", "--holder", "academy", "--json"])
    assert result.exit_code == 0, result.output
    assert stats.builds == 1  # a cold cache: the graph was built ...
    assert len(knowledge_loads) == 1  # ... from the knowledge the command had loaded


def test_ask_answers_without_the_graph(runner: CliRunner, knowledge_loads: list[Path]) -> None:
    stats.reset()
    result = runner.invoke(app, ["ask", "--file", str(SCENARIO), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["outcome"] == "may-share-if-judgement"
    assert (stats.hits, stats.builds) == (0, 0)
    assert len(knowledge_loads) == 1


def test_a_broken_knowledge_file_fails_alike_in_every_command(
    runner: CliRunner, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "holders.yaml").write_text("holders:\n  - id: a\n    id: b\n", encoding="utf-8")
    commands = [
        ["ask", "--file", str(SCENARIO)],
        ["gateways", "--holder", "academy"],
        ["check"],
        ["holders"],
        ["export", "--format", "graphml", "--out", str(tmp_path / "g.graphml")],
    ]
    for args in commands:
        result = runner.invoke(app, [*args, "--data", str(data)])
        assert result.exit_code == 2, (args, result.output)
        lines = result.output.strip().splitlines()
        assert len(lines) == 1, (args, result.output)
        assert lines[0].startswith(f"lawgraph {args[0]}: {data / 'holders.yaml'}:3:"), lines


def _json(runner: CliRunner, *args: str) -> Any:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, (args, result.output)
    return json.loads(result.output)


def test_every_output_carries_the_one_notice(runner: CliRunner) -> None:
    assert _json(runner, "gateways", "--holder", "academy")["not_legal_advice"] == NOT_LEGAL_ADVICE
    assert _json(runner, "holders", "school")["not_legal_advice"] == NOT_LEGAL_ADVICE
    assert _json(runner, "show", "s.8 DPA 2018")["not_legal_advice"] == NOT_LEGAL_ADVICE
    asked = _json(runner, "ask", "--file", str(SCENARIO))
    assert asked["not_legal_advice"] == NOT_LEGAL_ADVICE
    for args, form in (([], "text"), (["--markdown"], "Markdown"), (["--record"], "JSON-LD")):
        result = runner.invoke(app, ["ask", "--file", str(SCENARIO), *args])
        assert result.exit_code == 0, result.output
        # the text answer wraps to the terminal, so the notice is compared as words
        assert NOT_LEGAL_ADVICE in " ".join(result.output.split()), form
    for args in (["gateways", "--holder", "academy"], ["holders"], ["show", "s.8 DPA 2018"]):
        result = runner.invoke(app, args)
        flat = " ".join(result.output.split())
        assert NOT_LEGAL_ADVICE in flat, args
    assert NOT_LEGAL_ADVICE in " ".join(runner.invoke(app, ["--help"]).output.split())


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            value = body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                out.add(id(value))
    return out


def test_the_notice_is_written_once_in_the_source() -> None:
    """No module but `lawgraph.disclaimer` writes its own not-legal-advice text (docs
    strings aside), and the generated reference pages use the constant too."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "disclaimer.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docs
                and "legal advice" in node.value.lower()
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []
    generator = (ROOT / "docs" / "gen_reference.py").read_text(encoding="utf-8")
    assert "{NOT_LEGAL_ADVICE}" in generator
