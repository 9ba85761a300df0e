"""The vocabulary on the command line (issue 14, item 3): ``lawgraph holders``,
``purposes`` and ``categories``; names resolved alike in ``gateways`` and ``ask``; help
that lists allowed values with readable metavars; shell completion."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import Any

import click
import pytest
import typer
from typer.testing import CliRunner

from lawgraph.cli import register_commands
from lawgraph.graph.cache import CACHE_ENV
from lawgraph.knowledge.models import Jurisdiction
from lawgraph.reasoning.scenario import ConsentStatus, Context, Necessity, Subject
from lawgraph.settings import DATA_ENV, LEGISLATION_ENV, STATUTES_ENV
from tests.conftest import require_corpus
from tests.support.entry_point import lawgraph

ROOT = Path(__file__).resolve().parents[1]
REAL_DATA = ROOT / "data"
app = register_commands()


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.setenv(LEGISLATION_ENV, str(require_corpus()))
    monkeypatch.setenv(STATUTES_ENV, str(tmp_path / "statutes"))
    monkeypatch.setenv(DATA_ENV, str(REAL_DATA))
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setenv("COLUMNS", "200")
    return CliRunner()


def _json(runner: CliRunner, *args: str) -> dict[str, Any]:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


# -- lawgraph holders / purposes / categories -----------------------------------------------


def test_holders_lists_every_holder_with_its_names(runner: CliRunner):
    data = _json(runner, "holders")
    assert data["match"] == "all"
    ids = [h["id"] for h in data["holders"]]
    assert len(ids) == 147 and ids[0] == "local-authority"
    csc = next(h for h in data["holders"] if h["id"] == "local-authority-childrens-services")
    assert "CSC" in csc["aliases"] and csc["is_a"] == ["local-authority"]
    assert "Not legal advice" in data["not_legal_advice"]
    table = runner.invoke(app, ["holders"])
    assert table.exit_code == 0
    assert "147 holders" in table.output and "integrated-care-board" in table.output
    assert "Not legal advice" in table.output


def test_holders_text_filters_by_id_name_and_alias(runner: CliRunner):
    data = _json(runner, "holders", "school")
    ids = [h["id"] for h in data["holders"]]
    assert data["match"] == "contains" and ids[0] == "school"
    assert {"maintained-school", "academy", "free-school", "teacher"} <= set(ids)
    # from the start of a word: "CSC" is not found inside "PCSCA 2022"
    assert [h["id"] for h in _json(runner, "holders", "csc")["holders"]] == [
        "local-authority-childrens-services"
    ]
    out = runner.invoke(app, ["holders", "ICB"]).output
    assert "1 holder whose id, name or alias contains 'ICB'" in out


def test_holders_text_with_no_match_shows_the_nearest_by_meaning(runner: CliRunner):
    data = _json(runner, "holders", "hospital trust")
    assert data["match"] == "nearest"
    assert [h["id"] for h in data["holders"]][:2] == ["nhs-trust", "nhs-foundation-trust"]
    out = runner.invoke(app, ["holders", "hospital trust"]).output
    assert "No holder is named 'hospital trust'; the " in out
    assert "nearest by name and description" in out


def test_holders_explains_a_service_that_is_not_an_organisation(runner: CliRunner):
    result = runner.invoke(app, ["holders", "early help"])
    assert result.exit_code == 0
    assert "early help is not a duty holder: early help is a service" in result.output
    data = _json(runner, "holders", "Early Help")
    assert data["not_a_holder"]["term"] == "early help" and data["holders"] == []


def test_holders_says_when_nothing_is_near(runner: CliRunner):
    # "solicitor" names a holder since issue 13 (a private person's representative)
    result = runner.invoke(app, ["holders", "plumber"])
    assert result.exit_code == 0
    assert "No holder is named or described like 'plumber'." in result.output
    assert _json(runner, "holders", "plumber")["match"] == "none"


def test_purposes_and_categories_list_and_filter(runner: CliRunner):
    purposes = _json(runner, "purposes")["purposes"]
    assert len(purposes) == 29 and purposes[0]["id"] == "safeguarding"
    # issue 13: six purposes outside safeguarding, with their aims (and no gateway)
    by_id = {p["id"]: p for p in purposes}
    assert by_id["employment-matters"]["aims"][0]["aim"] == "employment"
    assert purposes[0]["within"] == ["dpa-sch1-para18", "dpa-sch8-para4", "uk-gdpr-annex1-para6"]
    assert [p["id"] for p in _json(runner, "purposes", "early help")["purposes"]] == ["early-help"]
    categories = _json(runner, "categories")["categories"]
    assert len(categories) == 14
    health = next(c for c in categories if c["id"] == "health-data")
    assert health["title"] == "Data concerning health" and health["is_a"] == [
        "special-category-data"
    ]
    nearest = _json(runner, "categories", "ethnicity")
    assert nearest["match"] == "nearest"
    assert nearest["categories"][0]["id"] == "racial-or-ethnic-origin-data"
    out = runner.invoke(app, ["categories", "criminal"]).output
    assert "3 categories whose id, name or alias contains 'criminal'" in out


@pytest.mark.parametrize("command", ["holders", "purposes", "categories"])
def test_a_missing_data_folder_is_a_usage_error(runner: CliRunner, tmp_path: Path, command: str):
    result = runner.invoke(app, [command, "--data", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert result.output.startswith(f"lawgraph {command}: ")
    assert "no knowledge data folder at" in result.output


def test_text_holding_markup_is_shown_as_written(runner: CliRunner):
    result = runner.invoke(app, ["holders", "[/x][red]r"])
    assert result.exit_code == 0, result.output
    assert "'[/x][red]r'" in result.output


# -- the same names in gateways and ask ---------------------------------------------------


def test_gateways_resolves_spaced_names_and_purpose_titles(runner: CliRunner):
    data = _json(runner, "gateways", "--holder", "safeguarding partners", "--purpose", "Early help")
    assert data["holder"] == "safeguarding-partners" and data["purpose"] == "early-help"


def test_gateways_refuses_a_service_saying_what_it_is(runner: CliRunner):
    result = runner.invoke(app, ["gateways", "--holder", "CAMHS"])
    assert result.exit_code == 2
    assert "'CAMHS' is not a duty holder: CAMHS is a service" in result.output


def _ask(*extra: str) -> list[str]:
    return [
        "ask",
        "--no-texts",
        "--discloser",
        "maintained school",
        "--purpose",
        "safeguarding",
        "--consent",
        "refused",
        "--as-at",
        "2026-05-01",
        *extra,
    ]


def test_ask_takes_names_as_written(runner: CliRunner):
    spaced = _json(
        runner,
        *_ask("--recipient", "childrens social care", "--category", "Data concerning health"),
    )
    exact = _json(
        runner,
        *_ask("--recipient", "local-authority-childrens-services", "--category", "health-data"),
    )
    assert spaced["scenario"]["recipient"] == "local-authority-childrens-services"
    assert spaced["scenario"]["categories"] == ["health-data"]
    assert spaced["outcome"] == exact["outcome"] and spaced["steps"] == exact["steps"]


def test_ask_explains_early_help_and_suggests_for_a_school(runner: CliRunner):
    service = runner.invoke(app, _ask("--recipient", "early help", "--category", "health-data"))
    assert service.exit_code == 2
    assert "'early help' is not a duty holder: early help is a service" in service.output
    school = runner.invoke(app, _ask("--recipient", "primary school", "--category", "health-data"))
    assert school.exit_code == 2
    assert "did you mean: school, maintained-school" in school.output


# -- help, metavars, completion -------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "values"),
    [
        ("--subject", Subject),
        ("--context", Context),
        ("--consent", ConsentStatus),
        ("--necessity", Necessity),
        ("--jurisdiction", Jurisdiction),
    ],
)
def test_ask_help_lists_the_allowed_values(
    runner: CliRunner, option: str, values: type[Subject] | type[Context]
):
    params = {p.opts[0]: p for p in _command("ask").params if p.opts}
    help_text = params[option].help or ""
    assert "one of: " + ", ".join(v.value for v in values) in help_text  # type: ignore[attr-defined]
    rendered = " ".join(runner.invoke(app, ["ask", "--help"]).output.split())
    assert option in rendered and "one of:" in rendered


def _command(name: str) -> Any:
    group = typer.main.get_command(app)
    assert isinstance(group, click.Group) or hasattr(group, "commands")
    return group.commands[name]  # type: ignore[attr-defined]


def _every_help(runner: CliRunner) -> dict[str, str]:
    names = list(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    out = {"": runner.invoke(app, ["--help"]).output}
    for name in names:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, result.output
        out[name] = result.output
    return out


def test_no_help_shows_typer_type_placeholders(runner: CliRunner):
    helps = _every_help(runner)
    assert {"holders", "purposes", "categories", "ask", "gateways"} <= set(helps)
    for name, text in helps.items():
        assert not re.search(r"<(str|bool|int|float|list\[\w+\]|path)\w*>", text), (name, text)


def test_every_data_option_says_where_the_data_comes_from(runner: CliRunner):
    with_data = []
    for name, text in _every_help(runner).items():
        if "--data" in text:
            with_data.append(name)
            assert "Knowledge folder (default: $LAWGRAPH_DATA, else the data" in text, name
            assert "Knowledge folder ." not in text
    assert {"ask", "check", "diff", "export", "gateways", "holders"} <= set(with_data)


def test_root_help_offers_shell_completion(runner: CliRunner):
    out = runner.invoke(app, ["--help"]).output
    assert "--install-completion" in out and "--show-completion" in out


def _complete(words: str, tmp_path: Path) -> list[str]:
    run = lawgraph(
        env={
            "_LAWGRAPH_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
            DATA_ENV: str(REAL_DATA),
        },
        cwd=tmp_path,
    )
    assert run.code == 0, run
    return run.stdout.split()


def test_completion_offers_enumerated_values_and_holder_names(tmp_path: Path):
    assert _complete("lawgraph ask --consent not", tmp_path) == [
        "not-sought-would-place-child-at-risk",
        "not-sought-not-practicable",
        "not-applicable",
    ]
    holders = _complete("lawgraph gateways --holder acad", tmp_path)
    assert holders[:2] == ["academy", "academy-proprietor"]
    assert "holders" in _complete("lawgraph hol", tmp_path)


def test_the_readme_vocabulary_commands_run(runner: CliRunner):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = re.findall(r"^\.venv/bin/lawgraph ((?:holders|purposes|categories).*)$", readme, re.M)
    assert len(lines) == 3, lines
    for line in lines:
        args = shlex.split(line, comments=True)
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (line, result.output)
        assert "Not legal advice" in result.output, line
