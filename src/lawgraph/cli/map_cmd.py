"""``lawgraph map HOLDER``: an organisation's information-sharing map.

Every other holder it may or must share with, and every one that may or must share with
it or can require information from it, by purpose and data category, each cell being the
answer ``lawgraph ask`` gives for that question (`lawgraph.reasoning.sharing_map`).

Exit status: 0 with a map (even one with no lawful basis anywhere); 2 when the holder,
a purpose or a category is unknown (with suggestions), the holder names no organisation,
the date is not a date or is before the law applied, ``--direction`` or ``--format`` is
not one of its values, or a knowledge file cannot be loaded.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from lawgraph.api import Part
from lawgraph.cli import app
from lawgraph.cli._common import (
    DATA_HELP,
    as_date,
    complete_names,
    complete_values,
    loaded,
    one_of,
    usage_error,
)
from lawgraph.knowledge.errors import UnknownTermError
from lawgraph.reasoning.labels import Labels
from lawgraph.reasoning.map_render import map_csv, map_markdown, map_text
from lawgraph.reasoning.scenario import ScenarioError
from lawgraph.reasoning.sharing_map import Direction, sharing_map

__all__ = ["MapFormat", "map_command"]


class MapFormat(StrEnum):
    """What ``lawgraph map`` prints."""

    TEXT = "text"
    MARKDOWN = "markdown"
    CSV = "csv"
    JSON = "json"


def _choice(option: str, value: str, allowed: type[StrEnum]) -> str:
    if value not in {v.value for v in allowed}:
        raise usage_error("map", f"{option} {value!r} is not allowed; use {one_of(allowed)}")
    return value


@app.command("map")
def map_command(
    holder: Annotated[
        str,
        typer.Argument(
            metavar="HOLDER",
            help="The organisation: a holder id, name or alias (lawgraph holders).",
            autocompletion=complete_names("holder"),
        ),
    ],
    as_at: Annotated[
        str | None,
        typer.Option(
            metavar="DATE", help="Apply the law as at this date, YYYY-MM-DD (default: today)."
        ),
    ] = None,
    purpose: Annotated[
        list[str] | None,
        typer.Option(
            metavar="PURPOSE",
            help="A purpose id or title (lawgraph purposes); repeat for more (default: all).",
            autocompletion=complete_names("purpose"),
        ),
    ] = None,
    category: Annotated[
        list[str] | None,
        typer.Option(
            metavar="CATEGORY",
            help=(
                "A data category id or title (lawgraph categories); repeat for more "
                "(default: personal, special category and criminal offence data)."
            ),
            autocompletion=complete_names("category"),
        ),
    ] = None,
    direction: Annotated[
        str,
        typer.Option(
            metavar="DIRECTION",
            help=f"Which way the information goes, {one_of(Direction)}.",
            autocompletion=complete_values(Direction),
        ),
    ] = Direction.BOTH.value,
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help=f"What to print, {one_of(MapFormat)}.",
            autocompletion=complete_values(MapFormat),
        ),
    ] = MapFormat.TEXT.value,
    show_all: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Also list the answers that identify no lawful basis (counted otherwise).",
        ),
    ] = False,
    data: Annotated[Path | None, typer.Option("--data", metavar="DIR", help=DATA_HELP)] = None,
) -> None:
    """Map whom an organisation may or must share with, and who shares with it."""
    side = Direction(_choice("--direction", direction, Direction))
    fmt = MapFormat(_choice("--format", output_format, MapFormat))
    on = as_date("map", as_at)
    knowledge = loaded("map", data, Part.KNOWLEDGE).knowledge
    try:
        found = sharing_map(
            knowledge,
            holder,
            as_at=on,
            purposes=purpose or (),
            categories=category or (),
            direction=side,
            include_no_basis=show_all,
        )
    except (ScenarioError, UnknownTermError) as exc:
        raise usage_error("map", str(exc)) from None
    labels = Labels.of(knowledge)
    if fmt is MapFormat.JSON:
        typer.echo(found.model_dump_json(indent=2))
    elif fmt is MapFormat.MARKDOWN:
        typer.echo(map_markdown(found, labels), nl=False)
    elif fmt is MapFormat.CSV:
        typer.echo(map_csv(found), nl=False)
    else:
        typer.echo(map_text(found, labels))
