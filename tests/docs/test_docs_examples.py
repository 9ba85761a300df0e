"""Every code example in ``docs/`` and the README runs, and prints what the page says.

Examples are fenced blocks in the hand-written Markdown pages and ``README.md``:

- a ```` ```python ```` block is executed (one namespace per page, so later blocks can use
  earlier imports). If a ```` ```text ```` block follows it directly, that is the output
  it must print. A block starting with ``>>>`` is run as a doctest instead.
- every ```` ```sh ```` (or ``bash``, ``console``, ``shell``) block is run, one command
  a line; a line ending in ``\\`` continues on the next, as in a shell. A ``lawgraph``
  command (also written ``.venv/bin/lawgraph``) runs through the CLI (typer's
  CliRunner); a ```` ```text ```` block straight after the block is its output. Any other
  command must be one of `NOT_RUN_HERE`, each with the reason it cannot run inside the
  test suite and where it is run instead; a command marked ``# needs internet`` is not
  run either (the tests use no network). Anything else fails, so no command in the docs
  goes untested.

In an output block, a first line ``# output abbreviated`` means the lines shown must
appear in the output in that order (others may come between); a shown line ending in
``...`` matches any line that starts with what comes before the dots. A first line
``# output: first N lines`` means the shown lines are exactly the first N lines of the
output. A line ``# exit N`` (first, or after either marker) gives the expected exit status
(default 0); on a command line, a trailing comment ``# exit N`` does the same for that
line. Otherwise the output must match exactly (trailing spaces ignored).

Exact and first-N-lines blocks can be rewritten from what lawgraph prints now:
``python -m tests.docs.regenerate`` (see that module).
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
README = ROOT / "README.md"
ABBREVIATED = "# output abbreviated"
_HEAD = re.compile(r"^# output: first (\d+) lines?$")
_FENCE = re.compile(r"^```\s*([\w-]*)")
_EXIT = re.compile(r"^# exit (\d+)$")
_LINE_EXIT = re.compile(r"#\s*exit (\d+)\b")
_SHELL = ("sh", "bash", "console", "shell")
_VENV = ".venv/bin/"
#: Commands the docs show that fail today for a reason tracked elsewhere. Each must still
#: fail (so the entry goes when the fix lands); the rest of its block is run as usual.
KNOWN_FAILING: dict[str, str] = {}
#: The widest command line a page may show: longer ones are wrapped with ``\``.
WIDEST = 88

#: Commands the docs show that the test suite cannot run as written, by how they start
#: (after ``.venv/bin/``), with the reason and where they are run instead.
NOT_RUN_HERE: dict[str, str] = {
    "python3 -m venv .venv": (
        "sets up a new environment: CI runs exactly this (.ci/run), and "
        "tests/test_packaging.py installs lawgraph afresh and asks from outside the checkout"
    ),
    "bash .ci/run": "is CI itself",
    "python benchmarks/": "a benchmark: run by hand, it measures rather than tests",
    "pip install -e '.[docs]' && .venv/bin/mkdocs serve": (
        "serves until stopped; tests/docs/test_site.py builds the same site"
    ),
}


@dataclass(frozen=True)
class Block:
    lang: str
    text: str
    start: int  # 1-based line of the opening fence
    end: int  # 1-based line of the closing fence


@dataclass(frozen=True)
class Example:
    page: Path
    kind: str  # "python", "doctest" or "shell"
    code: Block
    output: Block | None

    @property
    def id(self) -> str:
        page = self.page
        for base in (DOCS, ROOT):
            if page.is_relative_to(base):
                page = page.relative_to(base)
                break
        return f"{page}:{self.code.start}"


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
        elif b.lang in _SHELL:
            result.append(Example(page, "shell", b, output))
    return result


def commands(script: str) -> list[str]:
    """The commands in a shell block: one a line, ``\\`` joining a line to the next,
    blank lines and whole-line comments left out."""
    found: list[str] = []
    pending = ""
    for raw in script.splitlines():
        line = raw.rstrip()
        if line.endswith("\\"):
            pending += line[:-1].strip() + " "
            continue
        line = (pending + line.strip()).strip()
        pending = ""
        if line and not line.startswith("#"):
            found.append(line)
    if pending.strip():
        raise ValueError(f"a command ends with a line continuation: {pending.strip()!r}")
    return found


def head_count(shown: str) -> int | None:
    """N for a ``# output: first N lines`` block, else None."""
    first = shown.splitlines()[:1]
    m = _HEAD.match(first[0].strip()) if first else None
    return int(m.group(1)) if m else None


def expect(shown: str, actual: str, where: str) -> None:
    """Fail unless `actual` matches the `shown` output (see the module docstring)."""
    want = [s.rstrip() for s in shown.splitlines()]
    got = [s.rstrip() for s in actual.splitlines()]
    while got and not got[-1]:
        got.pop()
    abbreviated = bool(want) and want[0] == ABBREVIATED
    head = head_count(shown)
    if abbreviated or head is not None:
        want = want[1:]
    if want and _EXIT.match(want[0]):
        want = want[1:]
    if head is not None:
        assert len(want) == head, f"{where}: the block says {head} lines but shows {len(want)}"
        assert got[:head] == want, (
            f"{where}: the first {head} lines differ\n--- shown\n{shown}\n--- actual\n{actual}"
        )
        return
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


def not_run_reason(command: str) -> str | None:
    """Why a shell command is not run by the suite, or None when it must be run."""
    if re.search(r"#\s*needs internet", command):
        return "needs internet (the tests use no network)"
    bare = command.removeprefix(_VENV)
    for start, reason in NOT_RUN_HERE.items():
        if bare.startswith(start):
            return reason
    return None


def run_cli(command_line: str) -> tuple[int, str]:
    from lawgraph.cli import register_commands

    app = register_commands()

    args = shlex.split(command_line.removeprefix(_VENV), comments=True)
    assert args[0] == "lawgraph", command_line
    result = CliRunner().invoke(app, args[1:], env={"COLUMNS": "100"})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def run_shell(example: Example, where: str) -> str:
    """Run each command of a shell example; returns what they printed, together."""
    printed: list[str] = []
    want = expected_exit(example.output)
    for command in commands(example.code.text):
        if not_run_reason(command) is not None:
            continue
        assert command.removeprefix(_VENV).startswith("lawgraph "), (
            f"{where}: {command!r} is neither a lawgraph command nor one of NOT_RUN_HERE "
            "(say there why the suite cannot run it, and where it is run instead)"
        )
        if command.removeprefix(_VENV) in KNOWN_FAILING:
            code, output = run_cli(command)
            assert code != 0, f"{where}: {command!r} works now: take it out of KNOWN_FAILING"
            continue
        line_exit = _LINE_EXIT.search(command)
        code, output = run_cli(command)
        expected = int(line_exit.group(1)) if line_exit else want
        assert code == expected, (
            f"{where}: {command!r} exited {code}, expected {expected}\n{output[-2000:]}"
        )
        printed.append(output)
    return "".join(printed)


def actual_output(example: Example, namespace: dict[str, object]) -> str:
    """Run a python or shell example; returns what it printed."""
    where = f"{example.id}"
    if example.kind == "python":
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(example.code.text, where, "exec"), namespace)
        return out.getvalue()
    return run_shell(example, where)


def run(example: Example, namespace: dict[str, object]) -> None:
    where = example.id
    if example.kind == "doctest":
        test = doctest.DocTestParser().get_doctest(
            example.code.text, namespace, where, str(example.page), example.code.start
        )
        report = io.StringIO()
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        runner.run(test, out=report.write)
        assert runner.failures == 0, report.getvalue()
        return
    printed = actual_output(example, namespace)
    if example.output is not None:
        expect(example.output.text, printed, where)


PAGES = [*sorted(DOCS.rglob("*.md")), README]
EXAMPLES = [(page, ex) for page in PAGES for ex in examples(page)]
_NAMESPACES: dict[Path, dict[str, object]] = {}


def _param(page: Path, ex: Example) -> object:
    return pytest.param(page, ex, id=ex.id)


@pytest.mark.corpus
@pytest.mark.parametrize(("page", "example"), [_param(p, e) for p, e in EXAMPLES])
def test_example(page: Path, example: Example, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    namespace = _NAMESPACES.setdefault(page, {"__name__": f"docs_{page.stem}"})
    run(example, namespace)


def test_docs_have_examples() -> None:
    kinds = {e.kind for _, e in EXAMPLES}
    assert {"python", "shell"} <= kinds, kinds
    assert len(EXAMPLES) >= 10
    assert any(e.page == README for _, e in EXAMPLES)


def test_every_shell_command_is_run_or_excused() -> None:
    """No command on a page escapes the suite silently: each is a lawgraph command (run
    above) or one of the excused kinds, and each excuse is still used by some page."""
    used: set[str] = set()
    for _, ex in EXAMPLES:
        if ex.kind != "shell":
            continue
        for command in commands(ex.code.text):
            reason = not_run_reason(command)
            if reason is None:
                assert command.removeprefix(_VENV).startswith("lawgraph "), (ex.id, command)
            else:
                used |= {k for k, v in NOT_RUN_HERE.items() if v == reason}
    assert used == set(NOT_RUN_HERE), f"excuses no page needs: {set(NOT_RUN_HERE) - used}"


def test_docs_commands_are_wrapped() -> None:
    """Long commands in the docs are wrapped with a backslash, so they read on a page and
    paste into a shell."""
    wide = [
        f"{ex.id}: {line[:60]}..."
        for _, ex in EXAMPLES
        if ex.kind == "shell" and ex.page != README
        for line in ex.code.text.splitlines()
        if len(line) > WIDEST
    ]
    assert wide == []


def test_docs_name_no_test_files() -> None:
    """A page for practitioners points at examples and commands, not at the test suite."""
    found = [
        f"{p.relative_to(DOCS)}:{n}"
        for p in [*sorted((DOCS / "recipes").glob("*.md")), DOCS / "start.md"]
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if "tests/" in line
    ]
    assert found == []


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
    with pytest.raises(AssertionError, match="exited 2, expected 0"):
        run(wrong_exit, {})
    per_line = _one('```sh\nlawgraph show "not a citation at all"  # exit 2\n```\n')
    run(per_line, {})


def test_first_lines_output_checked() -> None:
    actual = "one\ntwo\nthree\n"
    expect("# output: first 2 lines\none\ntwo", actual, "x")
    with pytest.raises(AssertionError, match="first 2 lines differ"):
        expect("# output: first 2 lines\none\nthree", actual, "x")
    with pytest.raises(AssertionError, match="says 3 lines but shows 2"):
        expect("# output: first 3 lines\none\ntwo", actual, "x")


def test_continued_lines_are_one_command() -> None:
    script = (
        "# a comment\nlawgraph ask --discloser school \\\n  --recipient CSC\n\nlawgraph check\n"
    )
    assert commands(script) == ["lawgraph ask --discloser school --recipient CSC", "lawgraph check"]
    with pytest.raises(ValueError, match="line continuation"):
        commands("lawgraph check \\\n")


def test_other_commands_must_be_excused() -> None:
    assert not_run_reason(".venv/bin/lawgraph fetch --manifest   # needs internet") is not None
    assert not_run_reason("bash .ci/run   # what CI runs") == NOT_RUN_HERE["bash .ci/run"]
    assert not_run_reason(".venv/bin/lawgraph check") is None
    with pytest.raises(AssertionError, match="neither a lawgraph command"):
        run(_one("```sh\nrm -rf build\n```\n"), {})


def test_regenerate_rewrites_exact_and_first_lines_blocks(tmp_path: Path) -> None:
    from tests.docs.regenerate import rewrite

    page = tmp_path / "page.md"
    page.write_text(
        "```python\nprint('a'); print('b'); print('c')\n```\n\n```text\nold\n```\n\n"
        "```python\nprint('x\\ny\\nz')\n```\n\n```text\n# output: first 2 lines\nold\nold\n```\n\n"
        "```python\nprint('kept')\n```\n\n```text\n# output abbreviated\nstale...\n```\n",
        encoding="utf-8",
    )
    assert rewrite(page) == 2
    text = page.read_text(encoding="utf-8")
    assert "```text\na\nb\nc\n```" in text
    assert "```text\n# output: first 2 lines\nx\ny\n```" in text
    assert "stale..." in text  # hand-picked lines are left alone
    namespace: dict[str, object] = {}
    for example in examples(page)[:2]:
        run(example, namespace)
    assert rewrite(page) == 0
