"""Text containing ``[...]`` is shown as written by every command, never read as rich markup.

rich reads ``[/x]`` as a closing tag (a crash: MarkupError) and ``[red]`` as a style (eaten
silently, so a message names the wrong file). Three layers of proof:

- a sweep runs every command, through the real entry point, with a hostile value in each
  string argument, and requires a message (no traceback) that shows the value as written;
- values that come from files (a ``dc:title``, a file name) are shown as written too;
- a source check fails if any command prints an f-string through rich without
  `lawgraph.cli._common.markup`, or a help text holds a bracket rich would read.
"""

from __future__ import annotations

import ast
import gzip
import re
from pathlib import Path

import click
import pytest
import typer

from lawgraph.cli import register_commands
from lawgraph.graph.cache import CACHE_ENV
from lawgraph.settings import DATA_ENV, LEGISLATION_ENV, STATUTES_ENV
from tests.conftest import require_corpus
from tests.support.entry_point import Run, lawgraph

ROOT = Path(__file__).resolve().parents[2]
CLI = ROOT / "src" / "lawgraph" / "cli"
# A closing tag that matches nothing (rich raises), then a style (rich would eat it).
V = "[/x][red]r"


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    tmp = tmp_path_factory.mktemp("markup")
    return {
        LEGISLATION_ENV: str(require_corpus()),
        STATUTES_ENV: str(tmp / "statutes"),
        DATA_ENV: str(ROOT / "data"),
        CACHE_ENV: str(tmp / "cache"),
    }


def _ask(**fields: str) -> list[str]:
    base = {
        "--discloser": "academy",
        "--recipient": "CSC",
        "--category": "personal-data",
        "--purpose": "safeguarding",
        "--consent": "refused",
        "--as-at": "2026-05-01",
    }
    base.update(fields)
    return ["ask", "--no-texts", *(x for kv in base.items() for x in kv)]


HRA = "ukpga/1998/42"
# (arguments, whether the message must show V as written). Enumerated options answer
# with the values allowed, not the value given, so they need only not crash.
CASES: list[tuple[list[str], bool]] = [
    (["show", V], True),
    (["show", "s.8 DPA 2018", "--as-at", V], True),
    (["gateways", "--holder", V], True),
    (["gateways", "--holder", "school", "--to", V], True),
    (["gateways", "--holder", "school", "--purpose", V], True),
    (["gateways", "--holder", "school", "--as-at", V], True),
    (["gateways", "--holder", "school", "--data", f"missing/{V}"], True),
    (_ask(**{"--discloser": V}), True),
    (_ask(**{"--recipient": V}), True),
    (_ask(**{"--category": V}), True),
    (_ask(**{"--purpose": V}), True),
    (_ask(**{"--as-at": V}), True),
    (_ask(**{"--subject": V}), False),
    (_ask(**{"--context": V}), False),
    (_ask(**{"--consent": V}), False),
    (_ask(**{"--necessity": V}), False),
    (_ask(**{"--jurisdiction": V}), False),
    (["ask", "--no-texts", "--file", f"missing/{V}.yaml"], True),
    (["ask", "--no-texts", "--batch", f"missing/{V}.jsonl"], True),
    ([*_ask(), "--data", f"missing/{V}"], True),
    (["check", "--data", f"missing/{V}"], True),
    (["diagram", "academy", V], True),
    (["diagram", "academy", "school", "--purpose", V], True),
    (["diagram", "academy", "school", "--as-at", V], True),
    (["diagram", "academy", "school", "--format", V], True),
    (["diagram", "academy", "school", "--jurisdiction", V], True),
    (["diagram", "academy", "school", "--format", "dot", "-o", f"missing/{V}/d.dot"], True),
    (["diagram", "academy", "school", "--data", f"missing/{V}"], True),
    (["diff", V, HRA], True),
    (["diff", HRA, V], True),
    (["diff", HRA, HRA, "--records", f"missing/{V}"], True),
    (["diff", HRA, HRA, "--data", f"missing/{V}"], True),
    (["prospective", "--as-at", V], True),
    (["discover", f"missing/{V}"], True),
    (["export", "--format", "graphml", "--out", f"missing/{V}/g.graphml"], True),
    (["export", "--format", "graphml", "--out", "g.graphml", "--data", f"missing/{V}"], True),
    (["fetch", V], True),
    (["fetch", "ukpga/2018/12", "--as-at", V], True),
    (["fetch", "--manifest-file", f"missing/{V}.toml"], True),
    (["map", V], True),
    (["map", "academy", "--purpose", V], True),
    (["map", "academy", "--category", V], True),
    (["map", "academy", "--as-at", V], True),
    (["map", "academy", "--direction", V], True),
    (["map", "academy", "--format", V], True),
    (["map", "academy", "--data", f"missing/{V}"], True),
    (["protocol", f"missing/{V}.yaml"], True),
    (["protocol", f"missing/{V}.yaml", "--data", f"missing/{V}"], True),
    (
        [
            "protocol",
            str(ROOT / "examples" / "partnership-anytown.yaml"),
            "-o",
            f"missing/{V}/a.md",
        ],
        True,
    ),
    (["holders", "--data", f"missing/{V}"], True),
    (["holders", V, "--data", f"missing/{V}"], True),
    (["purposes", "--data", f"missing/{V}"], True),
    (["categories", "--data", f"missing/{V}"], True),
    ([f"--{V}"], True),
    (["show", f"--{V}"], True),
]


def _check(run: Run, shown: bool) -> None:
    assert "Traceback" not in run.output, run
    assert "MarkupError" not in run.output, run
    assert run.code in (0, 1, 2), run
    if shown:
        assert V in run.output, run


@pytest.mark.parametrize(("args", "shown"), CASES, ids=[" ".join(a)[:60] for a, _ in CASES])
def test_every_string_argument_is_shown_as_written(
    args: list[str], shown: bool, env: dict[str, str], tmp_path: Path
) -> None:
    run = lawgraph(*args, env=env, cwd=tmp_path)
    _check(run, shown)
    assert run.code == 2, run


def test_every_command_is_swept() -> None:
    # a new command must be added to the sweep
    commands = set(_click_app().commands)  # type: ignore[attr-defined]
    assert commands == {args[0] for args, _ in CASES if not args[0].startswith("--")}


# -- values from files -------------------------------------------------------------------


def _with_title(src: Path, dest: Path, title: str) -> Path:
    xml = gzip.decompress(src.read_bytes()).decode("utf-8")
    xml, n = re.subn(r"<dc:title>[^<]*</dc:title>", f"<dc:title>{title}</dc:title>", xml, count=1)
    assert n == 1
    dest.write_text(xml, encoding="utf-8")
    return dest


def test_diff_shows_a_title_holding_markup(env: dict[str, str], tmp_path: Path) -> None:
    title = "Human Rights Act 1998 [/bold] [red]edited"
    hra = require_corpus() / "ukpga" / "1998" / "42.xml.gz"
    a = _with_title(hra, tmp_path / "a.xml", title)
    b = _with_title(hra, tmp_path / "b.xml", title)
    run = lawgraph("diff", a, b, env=env, cwd=tmp_path)
    _check(run, shown=False)
    assert run.code == 0, run
    assert title in run.stdout, run


def test_discover_names_a_damaged_file_as_written(env: dict[str, str], tmp_path: Path) -> None:
    # V holds a "/": the file "x][red]r.xml" in a folder "[" spells it
    (tmp_path / V.split("/")[0]).mkdir()
    bad = tmp_path / f"{V}.xml"
    bad.write_text("<not-legislation", encoding="utf-8")
    run = lawgraph("discover", bad, env=env, cwd=tmp_path)
    _check(run, shown=True)


def test_check_names_the_folder_as_written(env: dict[str, str], tmp_path: Path) -> None:
    folder = tmp_path / "[red]data"
    folder.mkdir()
    run = lawgraph("check", "--data", folder, env=env, cwd=tmp_path)
    assert run.code == 2, run
    assert f"{folder}/holders.yaml" in run.stderr, run


# -- the source check ----------------------------------------------------------------------

_SAFE_CALLS = {"markup", "cell"}


def _safe(node: ast.expr) -> bool:
    """A printable argument that cannot carry outside text into rich's markup parser."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return node.func.id in _SAFE_CALLS
    if isinstance(node, ast.IfExp):
        return _safe(node.body) and _safe(node.orelse)
    # a renderable built by the command (a Table), never a str
    return isinstance(node, ast.Name) and node.id == "table"


def _markup_off(call: ast.Call) -> bool:
    return any(
        k.arg == "markup" and isinstance(k.value, ast.Constant) and k.value.value is False
        for k in call.keywords
    )


def _unsafe_prints(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name = node.func.attr
        if name in ("print", "add_row", "add_column") and not _markup_off(node):
            args = node.args if name != "add_column" else node.args[:0]
            found += [f"{path.name}:{a.lineno} {name}" for a in args if not _safe(a)]
    # (fetch's progress descriptions are escaped where they are set: test_fetch_markup.py)
    return found


def test_no_command_prints_outside_text_as_markup() -> None:
    files = sorted(CLI.glob("*.py"))
    assert len(files) >= 9
    unsafe = [u for f in files for u in _unsafe_prints(f)]
    assert unsafe == [], "print these through markup()/cell() or with markup=False"


def test_the_source_check_catches_an_fstring(tmp_path: Path) -> None:
    # the check above must be able to fail
    bad = tmp_path / "bad_cmd.py"
    bad.write_text(
        'out.print(f"[bold]{title}[/bold]")\ntable.add_row(r["id"])\n'
        'out.print(markup("[b]{t}[/b]", t=title))\nout.print(f"{x}", markup=False)\n',
        encoding="utf-8",
    )
    assert _unsafe_prints(bad) == ["bad_cmd.py:1 print", "bad_cmd.py:2 add_row"]


def _click_app() -> click.Command:
    return typer.main.get_command(register_commands())


def test_help_texts_hold_no_markup() -> None:
    # typer renders help with rich markup: "[default: data/]" was shown as nothing
    group = _click_app()
    texts = [(group.name, group.help or "")]
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        texts.append((name, command.help or ""))
        texts += [(f"{name} {p.name}", getattr(p, "help", None) or "") for p in command.params]
    # rich reads "[" followed by a lowercase letter, "#", "/" or "@" as the start of a tag
    bracketed = [(w, text) for w, text in texts if re.search(r"(?<!\\)\[[a-z#/@]", text)]
    assert bracketed == []


def test_help_shows_the_default_folder(env: dict[str, str], tmp_path: Path) -> None:
    run = lawgraph("check", "--help", env=env, cwd=tmp_path)
    assert (
        run.code == 0
        and "Knowledge folder (default: $LAWGRAPH_DATA, else the data lawgraph" in run.stdout
    ), run
