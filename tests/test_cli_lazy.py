"""Issue 14, item 7: the command line imports a command's module only when it is run.

`lawgraph.cli.COMMANDS` lists every command with its module and its one-line help, so
``lawgraph --help`` and ``--version`` import no command module. These tests keep the
table true to the modules: the help it lists is the help the command declares, and no
command module is left out of it (a new ``*_cmd.py`` without a row fails here).
"""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

import lawgraph.cli
from lawgraph.cli import COMMANDS, app, register_commands

CLI = Path(lawgraph.cli.__file__).parent

# Runs the console script's entry point with the given arguments, then prints which
# lawgraph.cli command modules were imported (the exit status is kept in the output).
_IMPORTED = """
import json, sys
from lawgraph.cli import main
sys.argv = ["lawgraph", *sys.argv[1:]]
try:
    main()
except SystemExit as exc:
    code = exc.code
else:
    code = 0
print(json.dumps({"code": code, "modules": sorted(
    m.rsplit(".", 1)[1] for m in sys.modules if m.startswith("lawgraph.cli.") and
    m.endswith("_cmd"))}))
"""


def _imported(*args: str, env: dict[str, str] | None = None) -> tuple[int, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", _IMPORTED, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    last = done.stdout.strip().splitlines()[-1]
    found = json.loads(last)
    return found["code"], found["modules"]


def _first_paragraph(text: str) -> str:
    return " ".join(inspect.cleandoc(text).split("\n\n")[0].split())


def test_the_table_gives_each_command_its_declared_help() -> None:
    register_commands()
    declared = {
        info.name: (
            info.callback.__module__.rsplit(".", 1)[1],
            _first_paragraph(info.help or inspect.getdoc(info.callback) or ""),
        )
        for info in app.registered_commands
        if info.callback is not None
    }
    assert declared == COMMANDS


def test_every_command_module_is_in_the_table() -> None:
    modules = {p.stem for p in CLI.glob("*_cmd.py")}
    assert modules == {module for module, _ in COMMANDS.values()}


def test_the_command_list_is_the_table_without_importing_a_command() -> None:
    # the root's help is written from the table's rows, in the table's order
    result = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    rows = [line.strip("│ ").split(None, 1) for line in result.output.splitlines()]
    listed = [row for row in rows if row and row[0] in COMMANDS]
    assert listed == [[name, help] for name, (_, help) in COMMANDS.items()]


@pytest.mark.parametrize("args", [["--help"], ["--version"], []])
def test_help_and_version_import_no_command_module(args: list[str]) -> None:
    code, modules = _imported(*args)
    assert (code, modules) == (0 if args else 2, [])


def test_a_command_imports_only_its_own_module(tmp_path: Path) -> None:
    code, modules = _imported("holders", "--json")
    assert (code, modules) == (0, ["vocab_cmd"])
    code, modules = _imported("ask", "--help")
    assert (code, modules) == (0, ["ask_cmd"])


def test_a_mistyped_command_is_still_given_suggestions() -> None:
    result = CliRunner().invoke(app, ["gatways"])
    assert result.exit_code == 2
    assert "No such command 'gatways'. Did you mean 'gateways'?" in result.output


def test_a_registered_command_not_in_the_table_still_runs() -> None:
    """A command registered on `app` some other way (a plug-in) is listed and runs."""
    extra = typer.Typer()

    @extra.command("hello")
    def hello() -> None:
        """Say hello."""
        typer.echo("hello")

    @extra.command("other")
    def other() -> None:
        """Keep this a group."""

    group = typer.main.get_command(app)
    group.add_command(typer.main.get_command(extra).commands["hello"])  # type: ignore[attr-defined]
    ctx = group.make_context("lawgraph", ["hello"])
    assert "hello" in group.list_commands(ctx)  # type: ignore[attr-defined]
    assert group.get_command(ctx, "hello").name == "hello"  # type: ignore[attr-defined]
