"""Every code example in ``docs/`` runs, and prints what the page says it prints.

Examples are fenced blocks in the hand-written Markdown pages:

- a ```` ```python ```` block is executed (one namespace per page, so later blocks can use
  earlier imports). If a ```` ```text ```` block follows it directly, that is the output
  it must print. A block starting with ``>>>`` is run as a doctest instead.
- a ```` ```sh ```` block whose first line starts with ``lawgraph `` is run through the
  CLI (typer's CliRunner), one command a line; a ```` ```text ```` block straight after
  it is the output.

In an output block, a first line ``# output abbreviated`` means the lines shown must
appear in the output in that order (others may come between); a shown line ending in
``...`` matches any line that starts with what comes before the dots. A line
``# exit N`` (first, or after the abbreviation marker) gives the expected exit status
(default 0). Otherwise the output must match exactly (trailing spaces ignored).

The README's examples run too, as written: ``.venv/bin/lawgraph ...`` is run as
``lawgraph ...``. A command line's own comment ``# exit N`` gives its expected status;
a line ending ``# needs internet`` (a ``lawgraph fetch``) is not run here, since
``tests/test_fetch*.py`` run fetching against a loopback site.
"""

from __future__ import annotations

import contextlib
import doctest
import io
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
ABBREVIATED = "# output abbreviated"
VENV_BIN = ".venv/bin/"
NEEDS_INTERNET = "# needs internet"
_FENCE = re.compile(r"^```\s*([\w-]*)")
_EXIT = re.compile(r"^# exit (\d+)$")
_INLINE_EXIT = re.compile(r"#\s*exit (\d+)\b")


@dataclass(frozen=True)
class Block:
    lang: str
    text: str
    start: int  # 1-based line of the opening fence
    end: int  # 1-based line of the closing fence


@dataclass(frozen=True)
class Example:
    page: Path
    kind: str  # "python", "doctest" or "cli"
    code: Block
    output: Block | None

    @property
    def id(self) -> str:
        base = DOCS if self.page.is_relative_to(DOCS) else ROOT
        return f"{self.page.relative_to(base)}:{self.code.start}"


def blocks(markdown: str) -> list[Block]:
    """Fenced code blocks that start at the left margin."""
    found: list[Block] = []
    lines = markdown.splitlines()
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        j = i + 1
        while j < len(lines) and not lines[j].startswith("```"):
            j += 1
        if j == len(lines):
            raise ValueError(f"unclosed code fence at line {i + 1}")
        found.append(Block(m.group(1).lower(), "\n".join(lines[i + 1 : j]), i + 1, j + 1))
        i = j + 1
    return found


def examples(page: Path, markdown: str | None = None) -> list[Example]:
    """The executable examples on a page, each with the output block that follows it."""
    text = page.read_text(encoding="utf-8") if markdown is None else markdown
    lines = text.splitlines()
    found = blocks(text)
    result: list[Example] = []
    for k, b in enumerate(found):
        nxt = found[k + 1] if k + 1 < len(found) else None
        between = lines[b.end : nxt.start - 1] if nxt else []
        output = nxt if nxt and nxt.lang == "text" and not any(s.strip() for s in between) else None
        if b.lang in ("python", "py", "pycon"):
            kind = "doctest" if b.text.lstrip().startswith(">>>") else "python"
            result.append(Example(page, kind, b, output))
        elif b.lang in ("sh", "bash", "console") and _command(b.text.lstrip()).startswith(
            "lawgraph "
        ):
            result.append(Example(page, "cli", b, output))
    return result


def _command(line: str) -> str:
    """The command as run: the README calls it through the checkout's venv."""
    return line.removeprefix(VENV_BIN)


def expect(shown: str, actual: str, where: str) -> None:
    """Fail unless `actual` matches the `shown` output (see the module docstring)."""
    want = [s.rstrip() for s in shown.splitlines()]
    got = [s.rstrip() for s in actual.splitlines()]
    while got and not got[-1]:
        got.pop()
    abbreviated = bool(want) and want[0] == ABBREVIATED
    if abbreviated:
        want = want[1:]
    if want and _EXIT.match(want[0]):
        want = want[1:]
    if not abbreviated:
        assert got == want, f"{where}: output differs\n--- shown\n{shown}\n--- actual\n{actual}"
        return
    pos = 0
    for line in want:
        if not line:
            continue
        prefix = line[:-3] if line.endswith("...") else None
        while pos < len(got) and not (
            got[pos].startswith(prefix) if prefix is not None else got[pos] == line
        ):
            pos += 1
        assert pos < len(got), (
            f"{where}: shown line not found (in order) in the output:\n  {line}\n"
            f"--- actual\n{actual}"
        )
        pos += 1


def expected_exit(output: Block | None) -> int:
    for line in (output.text.splitlines() if output else [])[:2]:
        m = _EXIT.match(line.strip())
        if m:
            return int(m.group(1))
    return 0


def run_cli(command_line: str) -> tuple[int, str]:
    from lawgraph.cli import register_commands

    app = register_commands()

    args = shlex.split(command_line, comments=True)
    assert args[0] == "lawgraph", command_line
    result = CliRunner().invoke(app, args[1:], env={"COLUMNS": "100"})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def run(example: Example, namespace: dict[str, object]) -> None:
    where = f"docs/{example.id}"
    if example.kind == "doctest":
        test = doctest.DocTestParser().get_doctest(
            example.code.text, namespace, where, str(example.page), example.code.start
        )
        report = io.StringIO()
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        runner.run(test, out=report.write)
        assert runner.failures == 0, report.getvalue()
        return
    if example.kind == "python":
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(example.code.text, where, "exec"), namespace)
        if example.output is not None:
            expect(example.output.text, out.getvalue(), where)
        return
    printed: list[str] = []
    codes: list[int] = []
    for line in example.code.text.splitlines():
        if line.rstrip().endswith(NEEDS_INTERNET):
            # downloads from legislation.gov.uk: tests/test_fetch*.py run it on loopback
            assert _command(line.strip()).startswith("lawgraph fetch "), line
            continue
        if line.strip() and not line.lstrip().startswith("#"):
            code, output = run_cli(_command(line.strip()))
            own = _INLINE_EXIT.search(line)
            codes.append((code, int(own.group(1)) if own else None))
            printed.append(output)
    want = expected_exit(example.output)
    assert all(c == (w if w is not None else want) for c, w in codes), (
        f"{where}: exit status {codes}, expected {want} unless the line says"
    )
    if example.output is not None:
        expect(example.output.text, "".join(printed), where)


PAGES = [*sorted(p for p in DOCS.rglob("*.md")), ROOT / "README.md"]
EXAMPLES = [(page, ex) for page in PAGES for ex in examples(page)]
_NAMESPACES: dict[Path, dict[str, object]] = {}


@pytest.mark.corpus
@pytest.mark.parametrize(("page", "example"), EXAMPLES, ids=[e.id for _, e in EXAMPLES])
def test_example(page: Path, example: Example, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    namespace = _NAMESPACES.setdefault(page, {"__name__": f"docs_{page.stem}"})
    run(example, namespace)


def test_docs_have_examples() -> None:
    kinds = {e.kind for _, e in EXAMPLES}
    assert {"python", "cli"} <= kinds, kinds
    assert len(EXAMPLES) >= 10


# -- the harness itself: drift must fail ---------------------------------------------------

_PAGE = DOCS / "selftest.md"


def _one(markdown: str) -> Example:
    (found,) = examples(_PAGE, markdown)
    return found


def test_python_output_checked() -> None:
    good = _one("```python\nprint(1 + 1)\n```\n\n```text\n2\n```\n")
    run(good, {})
    bad = _one("```python\nprint(1 + 1)\n```\n```text\n3\n```\n")
    with pytest.raises(AssertionError, match="output differs"):
        run(bad, {})


def test_doctest_checked() -> None:
    run(_one("```python\n>>> 2 * 3\n6\n```\n"), {})
    with pytest.raises(AssertionError):
        run(_one("```python\n>>> 2 * 3\n7\n```\n"), {})


def test_abbreviated_output_in_order() -> None:
    actual = "a\nb\nc long line\nd\n"
    expect(f"{ABBREVIATED}\na\nc long...\nd", actual, "x")
    with pytest.raises(AssertionError, match="not found"):
        expect(f"{ABBREVIATED}\nd\na", actual, "x")
    with pytest.raises(AssertionError, match="output differs"):
        expect("a\nb", actual, "x")


def test_text_not_adjacent_is_not_output() -> None:
    ex = _one("```python\nx = 1\n```\n\nSome prose.\n\n```text\nnot output\n```\n")
    assert ex.output is None


@pytest.mark.corpus
def test_cli_output_and_exit_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    ok = _one(
        '```sh\nlawgraph show "not a citation at all"\n```\n```text\n# output abbreviated\n'
        "# exit 2\nlawgraph show: ...\n```\n"
    )
    run(ok, {})
    wrong_exit = _one('```sh\nlawgraph show "not a citation at all"\n```\n')
    with pytest.raises(AssertionError, match="exit status"):
        run(wrong_exit, {})
