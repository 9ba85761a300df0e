"""Broken and hostile scenario input to ``lawgraph ask``, through the real entry point.

A scenario file is refused in one line naming the file and line (exit 2) when a key is
written twice, it is not well-formed, not UTF-8, nested too deeply to read, or too large;
``--batch`` decodes and parses each line on its own, so a bad line costs only itself.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lawgraph.settings import DATA_ENV, LEGISLATION_ENV, STATUTES_ENV
from tests.conftest import require_corpus
from tests.support.entry_point import Run, lawgraph

ROOT = Path(__file__).resolve().parents[2]

GOOD = {
    "discloser": "maintained school",
    "recipient": "children's social care",
    "subject": "child",
    "categories": ["health-data"],
    "purpose": "safeguarding",
    "context": "mash-referral",
    "in_confidence": True,
    "as_at": "2026-05-01",
}
# the same scenario as YAML, with consent written twice: refused, then given
DUPLICATE_YAML = """\
discloser: maintained school
recipient: children's social care
subject: child
categories: [health-data]
purpose: safeguarding
consent: refused
consent: given
as_at: '2026-05-01'
"""


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return {
        LEGISLATION_ENV: str(require_corpus()),
        STATUTES_ENV: str(tmp_path_factory.mktemp("statutes")),
        DATA_ENV: str(ROOT / "data"),
    }


def _ask(env: dict[str, str], *args: str | Path, input: bytes | None = None) -> Run:
    return lawgraph("ask", "--no-texts", *args, env=env, input=input)


def _one_line_refusal(run: Run, *words: str) -> str:
    assert run.code == 2, run
    assert "Traceback" not in run.output, run
    assert run.stdout == "", run
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run
    for word in words:
        assert word in lines[0], run
    return lines[0]


# -- item 9: a key written twice ---------------------------------------------------------


def test_a_yaml_key_written_twice_is_refused_not_answered(env: dict[str, str], tmp_path: Path):
    path = tmp_path / "scenario.yaml"
    path.write_text(DUPLICATE_YAML, encoding="utf-8")
    line = _one_line_refusal(_ask(env, "--file", path), f"{path}:7:", "'consent'", "line 6")
    assert line.startswith("lawgraph ask: ")
    # without the repeat, the same file is answered (the refusal is the repeat's, not the file's)
    path.write_text(DUPLICATE_YAML.replace("consent: given\n", ""), encoding="utf-8")
    assert _ask(env, "--file", path, "--json").code == 0


def test_a_json_key_written_twice_is_refused(env: dict[str, str], tmp_path: Path):
    path = tmp_path / "scenario.json"
    body = json.dumps(GOOD | {"consent": "refused"}, indent=1)
    path.write_text(body.replace('"consent"', '"consent": "given",\n "consent"'), "utf-8")
    dup_line = 1 + path.read_text("utf-8")[: path.read_text("utf-8").rindex('"consent"')].count(
        "\n"
    )
    _one_line_refusal(_ask(env, "--file", path), f"{path}:{dup_line}:", "'consent'")


def test_a_json_key_written_twice_on_stdin_is_refused(env: dict[str, str]):
    text = json.dumps(GOOD | {"consent": "refused"})[:-1] + ', "consent": "given"}'
    _one_line_refusal(_ask(env, "--file", "-", input=text.encode()), "<stdin>:1:", "'consent'")


def test_a_repeated_key_in_a_nested_mapping_is_refused(env: dict[str, str], tmp_path: Path):
    # a nested mapping is not a scenario field, but a repeat must not be the reason it passes
    path = tmp_path / "nested.yaml"
    path.write_text(DUPLICATE_YAML.replace("consent: given\n", "x:\n  a: 1\n  a: 2\n"), "utf-8")
    _one_line_refusal(_ask(env, "--file", path), f"{path}:9:", "'a'")


# -- item 13: malformed and deeply nested files ------------------------------------------------


def test_malformed_yaml_is_one_line_and_exit_2(env: dict[str, str], tmp_path: Path):
    path = tmp_path / "broken.yaml"
    path.write_text("discloser: [school\nrecipient: CSC\n", encoding="utf-8")
    _one_line_refusal(_ask(env, "--file", path), f"{path}:", "not valid YAML")


def test_malformed_json_names_file_and_line(env: dict[str, str], tmp_path: Path):
    path = tmp_path / "broken.json"
    path.write_text('{\n "discloser": "school",\n "recipient": CSC\n}\n', encoding="utf-8")
    _one_line_refusal(_ask(env, "--file", path), f"{path}:3:", "not valid JSON")


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("deep.json", "[" * 100_000),
        ("deep.yaml", "discloser: " + "[" * 100_000),
        ("deep-map.yaml", "discloser: " + "{a: " * 50_000),
    ],
)
def test_deep_nesting_is_one_line_naming_the_file(
    env: dict[str, str], tmp_path: Path, name: str, text: str
):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    _one_line_refusal(_ask(env, "--file", path), str(path), "nested too deeply")


def test_text_that_is_not_utf8_names_file_and_line(env: dict[str, str], tmp_path: Path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(DUPLICATE_YAML.replace("consent: given\n", "").encode() + b"# caf\xe9\n")
    _one_line_refusal(_ask(env, "--file", path), f"{path}:8:", "not UTF-8", "0xe9")


def test_a_file_too_large_for_a_scenario_is_refused_unread(env: dict[str, str], tmp_path: Path):
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"#" * (2 << 20))
    _one_line_refusal(_ask(env, "--file", path), str(path), "larger than 1 MiB")


@pytest.mark.parametrize(
    ("text", "why"),
    [("- a\n- b\n", "not a list"), ("", "not an empty document"), ("42\n", "single value")],
)
def test_a_scenario_that_is_not_a_mapping(env: dict[str, str], tmp_path: Path, text, why):
    path = tmp_path / "odd.yaml"
    path.write_text(text, encoding="utf-8")
    _one_line_refusal(_ask(env, "--file", path), str(path), why.removeprefix("not "))


# -- item 11: --batch reads each line on its own ----------------------------------------------


def _good_line(**extra: str) -> bytes:
    return json.dumps(GOOD | {"consent": "refused"} | extra).encode()


def test_batch_survives_bad_bytes_deep_nesting_and_repeats(env: dict[str, str], tmp_path: Path):
    lines = [
        _good_line(),  # 1: answered, though a bad byte follows
        b'{"discloser": "caf\xe9"}',  # 2: not UTF-8
        b"[" * 100_000,  # 3: nested too deeply
        _good_line()[:-1] + b', "consent": "given"}',  # 4: a key twice
        b"",  # 5: blank, skipped
        b"{not json",  # 6
        b"a" * (1_100_000),  # 7: longer than any scenario
        _good_line(as_at="2026-06-01"),  # 8: answered
    ]
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    run = _ask(env, "--batch", path)
    assert run.code == 1, run
    assert "Traceback" not in run.output
    out = [json.loads(x) for x in run.stdout.splitlines()]
    assert [o["line"] for o in out] == [1, 2, 3, 4, 6, 7, 8]
    first, last = out[0]["determination"], out[-1]["determination"]
    assert first["outcome"] == last["outcome"] == "may-share-if-judgement"
    assert last["scenario"]["as_at"] == "2026-06-01"
    reasons = {o["line"]: o["error"]["message"] for o in out if "error" in o}
    assert "not UTF-8" in reasons[2] and "nested too deeply" in reasons[3]
    assert "duplicate key 'consent'" in reasons[4] and "not valid JSON" in reasons[6]
    assert "longer than 1 MiB" in reasons[7]
    for n in (2, 3, 4, 6, 7):
        assert f"{path}:{n}: {reasons[n]}" in run.stderr
    assert "2 answered, 5 failed" in run.stderr


def test_batch_on_stdin(env: dict[str, str]):
    body = _good_line() + b"\n\xff\n" + _good_line() + b"\n"
    run = _ask(env, "--batch", "-", input=body)
    assert run.code == 1, run
    out = [json.loads(x) for x in run.stdout.splitlines()]
    assert [o["line"] for o in out] == [1, 2, 3]
    assert ["error" in o for o in out] == [False, True, False]
    assert "<stdin>:2: not UTF-8" in run.stderr


def test_batch_all_good_exits_0(env: dict[str, str], tmp_path: Path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + _good_line() + b"\r\n" + _good_line() + b"\r\n")
    run = _ask(env, "--batch", path)
    assert run.code == 0, run
    assert len(run.stdout.splitlines()) == 2 and "2 answered, 0 failed" in run.stderr
