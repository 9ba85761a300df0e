"""What ``lawgraph ask`` prints (issue 14, items 4 and 5): one ``--format``, colour only
on a terminal, the decision record an IG lead keeps, and scenario input read as the flags
are, with every problem named in plain words."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lawgraph.cli import app
from lawgraph.cli import ask_cmd as _ask_cmd  # noqa: F401  (registers the command)
from lawgraph.settings import DATA_ENV, LEGISLATION_ENV, STATUTES_ENV
from tests.conftest import require_corpus
from tests.support.entry_point import _COMMAND

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples/scenario-school-to-csc.yaml")
runner = CliRunner()
FLAGS = [
    "ask",
    "--discloser",
    "maintained school",
    "--recipient",
    "children's social care",
    "--category",
    "health-data",
    "--purpose",
    "safeguarding",
    "--context",
    "mash-referral",
    "--consent",
    "refused",
    "--in-confidence",
    "--as-at",
    "2026-05-01",
    "--no-texts",
]


def _ask(*args: str, input: str | None = None) -> tuple[int, str, str]:
    res = runner.invoke(app, ["ask", "--no-texts", *args], input=input)
    return res.exit_code, res.stdout, res.stderr


# -- one --format --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "starts"),
    [
        ([], "Maintained school may share this information"),
        (["--format", "text"], "Maintained school may share this information"),
        (["--format", "json"], "{"),
        (["--json"], "{"),
        (["--format", "json", "--json"], "{"),  # they agree
        (["--format", "markdown"], "# Information sharing decision record"),
        (["--markdown"], "# Information sharing decision record"),
        (["--format", "jsonld"], "{"),
        (["--record", "--format", "jsonld"], "{"),
    ],
)
def test_each_format_and_its_alias(args: list[str], starts: str) -> None:
    code, out, _ = _ask("--file", EXAMPLE, *args)
    assert code == 0, out
    assert out.startswith(starts)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--json", "--markdown"], "--json and --markdown ask for different outputs"),
        (
            ["--json", "--markdown", "--record"],
            "--json and --markdown and --record ask for different outputs",
        ),
        (["--format", "text", "--json"], "--format text and --json ask for different outputs"),
        (["--format", "yaml"], "--format 'yaml' is not a format; use one of: text, json"),
    ],
)
def test_contradictory_formats_are_refused(args: list[str], message: str) -> None:
    code, out, err = _ask("--file", EXAMPLE, *args)
    assert code == 2 and out == ""
    assert message in err


def test_batch_prints_json_only(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text("{}\n", encoding="utf-8")
    code, _, err = _ask("--batch", str(path), "--format", "markdown")
    assert code == 2
    assert "--batch prints one JSON object per line; it cannot print markdown" in err


def test_facts_given_twice_are_refused() -> None:
    code, out, err = _ask("--file", EXAMPLE, "--consent", "given")
    assert code == 2 and out == ""
    assert "--file gives the scenario, so --consent would be ignored" in err
    code, _, err = _ask("--file", EXAMPLE, "--batch", EXAMPLE)
    assert code == 2 and "--file and --batch both give scenarios; use one" in err


def test_json_keeps_identifiers_that_text_leaves_out() -> None:
    code, out, _ = _ask("--file", EXAMPLE, "--format", "json")
    assert code == 0, out
    data = json.loads(out)
    assert data["outcome"] == "may-share-if-judgement"
    assert "ukpga/2018/12/schedule/1/paragraph/18/2/c" in out
    _, text, _ = _ask("--file", EXAMPLE)
    assert "ukpga/" not in text and "may-share-if-judgement" not in text
    assert "Data Protection Act 2018, Sch. 1, para. 18(1)(c)" in text


# -- colour --------------------------------------------------------------------------


def _env() -> dict[str, str]:
    return {
        **os.environ,
        LEGISLATION_ENV: str(require_corpus()),
        DATA_ENV: str(ROOT / "data"),
        STATUTES_ENV: str(ROOT / "statutes"),
        "TERM": "xterm",
    }


def _on_a_terminal(env: dict[str, str]) -> str:
    """The output of ``lawgraph ask`` run with its standard output on a pseudo-terminal."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [*_COMMAND, "ask", "--file", EXAMPLE, "--no-texts"],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    os.close(follower)
    chunks: list[bytes] = []
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            proc.kill()
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert proc.wait(timeout=60) == 0
    return b"".join(chunks).decode("utf-8")


def test_colour_on_a_terminal_and_not_when_no_color_is_set() -> None:
    env = _env()
    env.pop("NO_COLOR", None)
    assert "\x1b[1m" in _on_a_terminal(env)
    assert "\x1b[" not in _on_a_terminal({**env, "NO_COLOR": "1"})


def test_plain_when_piped() -> None:
    env = _env()
    env.pop("NO_COLOR", None)
    done = subprocess.run(
        [*_COMMAND, "ask", "--file", EXAMPLE, "--no-texts"],
        capture_output=True,
        env=env,
        check=True,
    )
    assert b"\x1b[" not in done.stdout
    assert done.stdout.startswith(b"Maintained school may share")


# -- the decision record ------------------------------------------------------------


def test_markdown_record_has_labels_room_to_answer_and_who_asked() -> None:
    code, md, _ = _ask("--file", EXAMPLE, "--format", "markdown", "--asked-by", "A. Lead, DSL")
    assert code == 0, md
    assert "- **From:** Maintained school" in md
    assert "- **To:** Local authority children's services" in md
    assert "- **What:** Data concerning health" in md
    assert "- **Asked by:** A. Lead, DSL" in md
    assert "- **Asked on:** 20" in md and " UTC" in md
    assert "maintained-school" not in md and "health-data" not in md
    # one heading per judgement, each followed by room for the answer and the reasons
    judgements = md.split("## What you must judge", 1)[1].split("## Reasons", 1)[0]
    sections = judgements.split("\n### ")[1:]
    assert len(sections) == 6
    for section in sections:
        assert "**Your answer:**" in section and "**Your reasons:**" in section
    assert "### 3. Consent (step 5)" in md
    assert "Does the risk to the child justify sharing despite the refusal?" in md
    assert "## What the law settles" in md and "Not legal advice" in md
    assert (
        "[Data Protection Act 2018, Sch. 1, para. 18(2)(c)]"
        "(http://www.legislation.gov.uk/id/ukpga/2018/12/schedule/1/paragraph/18/2/c)"
    ) in md


def test_jsonld_record_uses_dpv_and_prov_with_labels() -> None:
    code, out, _ = _ask("--file", EXAMPLE, "--format", "jsonld", "--asked-by", "A. Lead")
    assert code == 0, out
    ld = json.loads(out)
    assert ld["@context"]["dpv"] == "https://w3id.org/dpv#"
    assert ld["@context"]["prov"] == "http://www.w3.org/ns/prov#"
    assert ld["dpv:hasDataController"]["rdfs:label"] == "Maintained school"
    assert ld["dpv:hasPersonalData"] == [
        {"@type": "dpv:PersonalData", "rdfs:label": "Data concerning health"}
    ]
    roles = {
        a["prov:hadRole"]["rdfs:label"]: a["prov:agent"]["rdfs:label"]
        for a in ld["prov:qualifiedAssociation"]
    }
    assert roles["asked"] == "A. Lead"
    assert roles["decided"] == "[name and role of the decision maker]"
    assert roles["answered"].startswith("lawgraph ")
    assert ld["prov:startedAtTime"]["@type"] == "xsd:dateTime"
    assert ld["lg:lawAsAt"]["@value"] == "2026-05-01"
    judgements = ld["lg:judgement"]
    assert len(judgements) == 6
    assert all(j["lg:answer"] is None and j["lg:reasons"] is None for j in judgements)
    assert {"rdfs:label": "Public task (Art 6(1)(e))", "@type": "dpv:LegalBasis"}.items() <= (
        ld["dpv:hasLegalBasis"][0].items()
    )
    # the cited provisions stay legislation.gov.uk identifiers, for lawgraph diff --records
    seen = {x["@id"] for x in ld["rdfs:seeAlso"]}
    assert "http://www.legislation.gov.uk/id/ukpga/2018/12/schedule/1/paragraph/18/2/c" in seen


# -- input: YAML or JSON, from a file or standard input -------------------------------

YAML_BODY = """\
discloser: maintained school
recipient: children's social care
category: health-data
purpose: safeguarding
context: mash-referral
consent: refused
in-confidence: true
as-at: '2026-05-01'
"""


def test_yaml_on_standard_input_with_the_flags_names_and_defaults() -> None:
    code, out, err = _ask("--file", "-", "--format", "json", input=YAML_BODY)
    assert code == 0, err
    data = json.loads(out)
    assert data["scenario"]["subject"] == "child"  # the --subject default
    assert data["scenario"]["categories"] == ["health-data"]
    assert data["scenario"]["in_confidence"] is True
    # the same answer as the flags give
    flags = runner.invoke(app, [*FLAGS, "--format", "json"])
    assert json.loads(flags.stdout)["outcome"] == data["outcome"]
    assert json.loads(flags.stdout)["steps"] == data["steps"]


def test_json_on_standard_input() -> None:
    body = json.dumps(
        {
            "discloser": "academy",
            "recipient": "CSC",
            "categories": ["personal-data"],
            "purpose": "safeguarding",
            "consent": "refused",
            "as_at": "2026-05-01",
        }
    )
    code, out, err = _ask("--file", "-", "--format", "json", input=body)
    assert code == 0, err
    assert json.loads(out)["scenario"]["discloser"] == "academy"


def test_a_field_written_in_two_forms_is_refused() -> None:
    body = YAML_BODY + "categories: [personal-data]\n"
    code, out, err = _ask("--file", "-", input=body)
    assert code == 2 and out == ""
    assert "<stdin>: 'category' and 'categories' are the same field; write it once" in err


_BASE = {
    "discloser": "academy",
    "recipient": "CSC",
    "categories": ["personal-data"],
    "purpose": "safeguarding",
    "consent": "refused",
    "as_at": "2026-05-01",
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"categories": []},
            "categories: empty (list at least one data category from lawgraph categories)",
        ),
        (
            {"consent": None},
            "consent: None is not allowed (use one of given, refused, "
            "not-sought-would-place-child-at-risk, not-sought-not-practicable, "
            "cannot-be-given, not-applicable)",
        ),
        (
            {"consent": "maybe"},
            "consent: 'maybe' is not allowed (use one of given, refused, "
            "not-sought-would-place-child-at-risk, not-sought-not-practicable, "
            "cannot-be-given, not-applicable)",
        ),
        ({"as_at": "1 May 2026"}, "as_at: '1 May 2026' is not a date (use YYYY-MM-DD"),
        ({"in_confidence": "perhaps"}, "in_confidence: 'perhaps' is not true or false"),
        ({"discloser": 7}, "discloser: must be text, not a number (7)"),
        ({"discloser": ""}, "discloser: empty (name who holds the information"),
        ({"categories": [3]}, "categories item 1: must be text, not a number (3)"),
        ({"categorys": ["health-data"]}, "categorys: not a scenario field (did you mean "),
        ({"purpose": None}, "purpose: must be text, not empty"),
    ],
)
def test_bad_fields_are_named_in_plain_words(change: dict[str, object], message: str) -> None:
    body = {**_BASE, **change}
    code, out, err = _ask("--file", "-", input=json.dumps(body))
    assert code == 2 and out == ""
    assert f"lawgraph ask: invalid scenario: {message}" in err
    assert "should" not in err and "Input" not in err and "Tuple" not in err


def test_a_missing_field_says_what_to_write() -> None:
    body = {k: v for k, v in _BASE.items() if k != "purpose"}
    code, _, err = _ask("--file", "-", input=json.dumps(body))
    assert code == 2
    assert (
        "invalid scenario: purpose: missing (name why it would be shared, a purpose from "
        "lawgraph purposes)"
    ) in err


def test_batch_lines_carry_their_numbers_and_errors_as_objects(tmp_path: Path) -> None:
    good = json.dumps(_BASE)
    bad = json.dumps({**_BASE, "consent": "maybe", "categories": []})
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join([good, "", bad, "{not json", good]) + "\n", encoding="utf-8")
    code, out, _ = _ask("--batch", str(path))
    assert code == 1
    rows = [json.loads(x) for x in out.splitlines()]
    assert [r["line"] for r in rows] == [1, 3, 4, 5]
    assert rows[0]["determination"]["outcome"] == rows[3]["determination"]["outcome"]
    assert rows[1]["error"]["problems"] == [
        {
            "field": "categories",
            "message": "empty (list at least one data category from lawgraph categories)",
        },
        {
            "field": "consent",
            "message": "'maybe' is not allowed (use one of given, refused, "
            "not-sought-would-place-child-at-risk, not-sought-not-practicable, "
            "cannot-be-given, not-applicable)",
        },
    ]
    assert rows[2]["error"]["message"].startswith("not valid JSON")
    assert rows[2]["error"]["problems"] == []
