"""Each sharing recipe is one of the scenarios the reasoner's tests check against the
guidance, so a recipe cannot drift from a checked answer: its facts (the dict given to
``Scenario.parse``) are those of a scenario file in ``tests/reasoning/scenarios/``, and the
outcome the page prints is the one that file expects. The start page links only to
recipes that exist, and to every sharing recipe."""

from __future__ import annotations

import ast
import re
import shlex
from pathlib import Path

import pytest
import yaml

from lawgraph.knowledge import load_knowledge
from lawgraph.reasoning import Scenario
from tests.docs.test_docs_examples import commands, examples

ROOT = Path(__file__).resolve().parents[2]
RECIPES = ROOT / "docs" / "recipes"
SCENARIOS = ROOT / "tests" / "reasoning" / "scenarios"


def _parsed_dicts(code: str) -> list[dict[str, object]]:
    """The literal dicts a block passes to ``Scenario.parse``."""
    found = []
    for node in ast.walk(ast.parse(code)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "parse"
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "Scenario"
        ):
            found.append(ast.literal_eval(node.args[0]))
    return found


def sharing_recipes() -> list[Path]:
    return [p for p in sorted(RECIPES.glob("*.md")) if "Scenario.parse(" in p.read_text()]


@pytest.fixture(scope="module")
def checked() -> dict[Scenario, tuple[str, str]]:
    """Each scenario file's resolved facts: its name and expected outcome."""
    knowledge = load_knowledge(ROOT / "data")
    found: dict[Scenario, tuple[str, str]] = {}
    for path in sorted(SCENARIOS.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        if "expected" not in doc:
            continue
        scenario = Scenario.parse(doc["scenario"]).resolve(knowledge)
        found[scenario] = (path.stem, doc["expected"]["outcome"])
    return found


@pytest.mark.parametrize("page", sharing_recipes(), ids=lambda p: p.stem)
def test_recipe_is_a_checked_scenario(page: Path, checked: dict[Scenario, tuple[str, str]]) -> None:
    knowledge = load_knowledge(ROOT / "data")
    python = [e for e in examples(page) if e.kind == "python" and "Scenario.parse(" in e.code.text]
    assert python, page.name
    for example in python:
        for facts in _parsed_dicts(example.code.text):
            resolved = Scenario.parse(facts).resolve(knowledge)
            assert resolved in checked, f"{page.name}: no scenario file has these facts: {facts}"
            name, outcome = checked[resolved]
            assert example.output is not None, page.name
            shown = re.search(r"^Outcome: (\S+)$", example.output.text, flags=re.M)
            assert shown is not None, page.name
            assert shown.group(1) == outcome, (
                f"{page.name} shows {shown.group(1)}; {name} expects {outcome}"
            )


_FLAGS = {
    "--discloser": "discloser",
    "--recipient": "recipient",
    "--subject": "subject",
    "--purpose": "purpose",
    "--context": "context",
    "--consent": "consent",
    "--as-at": "as_at",
    "--necessity": "necessity",
    "--jurisdiction": "jurisdiction",
}


def cli_facts(command: str) -> dict[str, object]:
    """The scenario a ``lawgraph ask`` command line gives, as ``Scenario.parse`` takes it."""
    args = shlex.split(command, comments=True)[2:]
    facts: dict[str, object] = {"subject": "child"}
    categories: list[str] = []
    i = 0
    while i < len(args):
        flag = args[i]
        if flag == "--in-confidence":
            facts["in_confidence"] = True
        elif flag == "--category":
            categories.append(args[i + 1])
            i += 1
        elif flag == "--file":
            doc = yaml.safe_load((ROOT / args[i + 1]).read_text(encoding="utf-8"))
            facts.update(doc.get("scenario", doc))
            i += 1
        elif flag in _FLAGS:
            facts[_FLAGS[flag]] = args[i + 1]
            i += 1
        else:
            raise AssertionError(f"an option this test does not read: {flag}")
        i += 1
    if categories:
        facts["categories"] = categories
    return facts


@pytest.mark.parametrize("page", sharing_recipes(), ids=lambda p: p.stem)
def test_recipe_command_line_asks_the_python_question(page: Path) -> None:
    """The first command on a recipe asks the question its Python asks."""
    knowledge = load_knowledge(ROOT / "data")
    shell = [e for e in examples(page) if e.kind == "shell"]
    python = [e for e in examples(page) if e.kind == "python" and "Scenario.parse(" in e.code.text]
    first = commands(shell[0].code.text)[0]
    assert first.startswith("lawgraph ask "), (page.name, first)
    (facts,) = _parsed_dicts(python[0].code.text)
    cli = Scenario.parse(cli_facts(first)).resolve(knowledge)
    assert cli == Scenario.parse(facts).resolve(knowledge), page.name


def test_start_page_links_every_sharing_recipe() -> None:
    start = (ROOT / "docs" / "start.md").read_text(encoding="utf-8")
    linked = set(re.findall(r"\]\(recipes/([\w-]+\.md)\)", start))
    assert linked, "the start page links no recipe"
    assert all((RECIPES / name).is_file() for name in linked), linked
    assert {p.name for p in sharing_recipes()} <= linked
