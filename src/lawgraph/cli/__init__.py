"""The ``lawgraph`` command line: thin wrappers that parse arguments, call the library
and render. Each command lives in its own module and registers itself on `app`.

The modules are imported lazily: `COMMANDS` names every command with its module and its
one-line help, so ``lawgraph --help`` and ``lawgraph --version`` import no command module,
and ``lawgraph ask`` imports only ``ask_cmd`` (and what it uses). To add a command, write
``src/lawgraph/cli/NAME_cmd.py`` with ``@app.command("NAME")`` and add one row to
`COMMANDS`; ``tests/test_cli_lazy.py`` checks that the row's help is the first paragraph
of the command's docstring and that every ``*_cmd.py`` module has a row.
"""

from __future__ import annotations

import importlib
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup
from typer.main import get_command_from_info

from lawgraph.disclaimer import NOT_LEGAL_ADVICE

#: Every command, in the order ``--help`` lists them: its name, the module under
#: `lawgraph.cli` that defines it (importing the module registers it on `app`), and its
#: help in the command list, the first paragraph of the command's docstring on one line.
COMMANDS: dict[str, tuple[str, str]] = {
    "ask": (
        "ask_cmd",
        "Ask whether this organisation may share this information with that one, and how.",
    ),
    "check": (
        "check_cmd",
        "Check the knowledge files: load them strictly, then prove every citation's anchor "
        "against the statutes held.",
    ),
    "diff": (
        "diff_cmd",
        "Compare two versions of a statute; list the gateways, conditions and decision "
        "records that cite a changed provision.",
    ),
    "prospective": (
        "diff_cmd",
        "List cited provisions that are enacted but not yet in force: what is coming.",
    ),
    "discover": (
        "discover_cmd",
        "Find duties and powers to share information that the knowledge base lacks.",
    ),
    "export": (
        "export_cmd",
        "Export the graph of legislation and knowledge (GraphML or JSON-LD).",
    ),
    "fetch": ("fetch_cmd", "Download legislation.gov.uk CLML into the statutes folder."),
    "gateways": (
        "gateways_cmd",
        "List the gateways a holder holds (through what it is a kind of, too), with citations.",
    ),
    "show": (
        "show_cmd",
        "Show a provision: its text, heading, extent, in-force status, version and notes.",
    ),
    "holders": (
        "vocab_cmd",
        "List the duty holders (organisations and the bodies within them), or search them.",
    ),
    "purposes": ("vocab_cmd", "List the purposes information may be shared for, or search them."),
    "categories": (
        "vocab_cmd",
        "List the data categories (health data, criminal offence data, ...), or search them.",
    ),
    "map": (
        "map_cmd",
        "Map whom an organisation may or must share with, and who shares with it.",
    ),
    "protocol": (
        "protocol_cmd",
        "Write the lawful-basis section of an information sharing agreement for a "
        "partnership: the parties, every flow's lawful basis from the reasoner, what to "
        "record, and the provisions whose change means a review.",
    ),
    "diagram": (
        "diagram_cmd",
        "Draw the gateways between organisations: duties, powers and duties to comply with a "
        "request, each labelled by its provision.",
    ),
}

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


#: Set in `Context.meta` while the root's help is written: the command list needs only
#: each command's name and one-line help, so no command module is imported for it.
_LISTING = "lawgraph.cli.listing"


class _Group(TyperGroup):
    """The root command: finds each command in `COMMANDS`, importing its module only when
    the command is run (or its own help asked for), and tidies the metavars of its
    options and its commands' options, the help option and the shell-completion options
    included, as they are asked for."""

    def get_params(self, ctx: Any) -> Any:
        params = super().get_params(ctx)
        for param in params:
            _tidy(param, ctx)
        return params

    def list_commands(self, ctx: Any) -> list[str]:
        return [*COMMANDS, *(name for name in super().list_commands(ctx) if name not in COMMANDS)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name in COMMANDS and ctx.meta.get(_LISTING):
            # the same row whether or not the module has been imported in this process
            return TyperCommand(cmd_name, help=COMMANDS[cmd_name][1])
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in COMMANDS:
            command = self.commands[cmd_name] = _imported(cmd_name)
        if command is not None:
            for param in command.get_params(ctx):
                _tidy(param, ctx)
        return command

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        # typer suggests only among the commands built so far, which here are none yet
        name = args[0] if args else ""
        known = name in COMMANDS or name in self.commands
        if name and not known and not name.startswith("-") and not ctx.resilient_parsing:
            from difflib import get_close_matches

            matches = get_close_matches(name, self.list_commands(ctx))
            hint = f" Did you mean {', '.join(map(repr, matches))}?" if matches else ""
            ctx.fail(f"No such command {name!r}.{hint}")
        return super().resolve_command(ctx, args)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        ctx.meta[_LISTING] = True
        try:
            super().format_help(ctx, formatter)
        finally:
            del ctx.meta[_LISTING]

    def shell_complete(self, ctx: Any, incomplete: str) -> Any:
        # completing a command's name needs only the names and their help
        ctx.meta[_LISTING] = True
        try:
            return super().shell_complete(ctx, incomplete)
        finally:
            del ctx.meta[_LISTING]


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


def _imported(name: str) -> Any:
    """The click command `name`, built from what its module registered on `app`."""
    importlib.import_module(f"{__name__}.{COMMANDS[name][0]}")
    for info in app.registered_commands:
        if info.name == name:
            return get_command_from_info(
                info,
                pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode,
            )
    raise LookupError(f"lawgraph.cli.{COMMANDS[name][0]} registers no command {name!r}")


def register_commands() -> typer.Typer:
    """Import every command module now (importing one registers it on `app`); return
    `app`. For tools and tests that want every command built at once; the console
    script (`main`) imports each command only when it is run."""
    for module in dict.fromkeys(module for module, _ in COMMANDS.values()):
        importlib.import_module(f"{__name__}.{module}")
    return app


def main() -> None:
    """Entry point of the ``lawgraph`` console script."""
    app()
