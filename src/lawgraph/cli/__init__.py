"""The ``lawgraph`` command line: thin wrappers that parse arguments, call the library
and render. Each command lives in its own module and registers itself on `app`."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="lawgraph",
    help=(
        "UK legislation and information-sharing gateways for safeguarding children. "
        "Not legal advice: lawgraph cites the law; decisions stay with practitioners "
        "and their legal advisers."
    ),
    no_args_is_help=True,
    add_completion=False,
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
    the command runs, print each file it leaves out as a one-line warning."""
    from lawgraph.cli._common import skipped_files_reported

    ctx.with_resource(skipped_files_reported(ctx.invoked_subcommand or "lawgraph"))


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
        show_cmd,
    )

    return app


def main() -> None:
    """Entry point of the ``lawgraph`` console script."""
    register_commands()()
