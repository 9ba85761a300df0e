"""The ``lawgraph`` command line: thin wrappers that parse arguments, call the library
and render. Each command lives in its own module and registers itself on `app`."""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from lawgraph.disclaimer import NOT_LEGAL_ADVICE

# typer's own placeholders for a value's type in --help read <str>, <bool>, <list[str]>.
_TYPE_WORDS = {"str": "TEXT", "int": "INTEGER", "float": "NUMBER"}


def _no_type(ctx: Any) -> None:
    return None


def _tidy(param: Any, ctx: Any) -> None:
    """Give an option without a metavar a readable one: none for a flag (it takes no
    value), the allowed values for a choice, else TEXT, PATH, INTEGER or NUMBER. An
    argument is shown by its name in capitals, without a type."""
    if getattr(param, "param_type_name", "") == "argument":
        if param.metavar is None:
            param.metavar = param.name.upper()
        elif param.nargs != 1:
            param.metavar = param.metavar.removesuffix("...")  # typer adds its own
        param.display_type_rich = _no_type
        return
    if getattr(param, "param_type_name", "") != "option" or param.metavar is not None:
        return
    if param.is_flag:
        param.metavar = ""
        return
    if "--as-at" in param.opts:
        param.metavar = "DATE"
        return
    label = param.display_type(ctx).strip("<>")
    if label.startswith("list[") and label.endswith("]"):
        label = label[5:-1]
    if "|" in label:
        param.metavar = label
    elif "path" in label.lower() or label in ("file", "directory"):
        param.metavar = "PATH"
    else:
        param.metavar = _TYPE_WORDS.get(label, label.upper())


class _Group(TyperGroup):
    """The root command: tidies the metavars of its options and its commands' options,
    the help option and the shell-completion options included, as they are asked for."""

    def get_params(self, ctx: Any) -> Any:
        params = super().get_params(ctx)
        for param in params:
            _tidy(param, ctx)
        return params

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            for param in command.get_params(ctx):
                _tidy(param, ctx)
        return command


app = typer.Typer(
    name="lawgraph",
    cls=_Group,
    help="UK legislation and information-sharing gateways for safeguarding children. "
    + NOT_LEGAL_ADVICE,
    no_args_is_help=True,
    # --install-completion / --show-completion: command names, options, the values of
    # enumerated options, and holder, purpose and category names complete in the shell.
    add_completion=True,
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        from lawgraph.version import __version__

        typer.echo(f"lawgraph {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    version: bool = typer.Option(
        False,
        "--version",
        is_eager=True,
        callback=_print_version,
        help="Print lawgraph's version and exit.",
    ),
) -> None:
    """Keep sub-command names required even if only one command is registered; while
    the command runs, print each file it leaves out as a one-line warning, and load
    each knowledge folder once (`lawgraph.cli._common.loaded`)."""
    from lawgraph.cli._common import one_run, skipped_files_reported

    ctx.with_resource(skipped_files_reported(ctx.invoked_subcommand or "lawgraph"))
    ctx.with_resource(one_run())


def register_commands() -> typer.Typer:
    """Import every command module (importing one registers it on `app`); return `app`."""
    from lawgraph.cli import (  # noqa: F401
        ask_cmd,
        check_cmd,
        diff_cmd,
        discover_cmd,
        export_cmd,
        fetch_cmd,
        gateways_cmd,
        map_cmd,
        show_cmd,
        vocab_cmd,
    )

    return app


def main() -> None:
    """Entry point of the ``lawgraph`` console script."""
    register_commands()()
