"""Statute quotes in determinations (`texts`) and ``lawgraph ask --batch``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from lawgraph.cli import app
from lawgraph.cli import ask_cmd as _ask_cmd  # noqa: F401  (registers the command)
from lawgraph.knowledge import load_knowledge
from lawgraph.knowledge.loader import Knowledge
from lawgraph.legislation.corpus import Corpus
from lawgraph.reasoning import Scenario, ask
from lawgraph.reasoning.determination import Quote
from lawgraph.reasoning.texts import (
    StatuteTexts,
    document_of,
    knowledge_citations,
    load_statute_texts,
)
from lawgraph.settings import data_dir

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = Path(__file__).parent / "scenarios"
P18_2_C = "ukpga/2018/12/schedule/1/paragraph/18/2/c"
runner = CliRunner()


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge(data_dir())


def _scenario(name: str) -> Scenario:
    doc = yaml.safe_load((SCENARIOS / f"{name}.yaml").read_text(encoding="utf-8"))
    return Scenario.parse(doc["scenario"])


def test_ask_quotes_only_what_statutes_hold(knowledge: Knowledge) -> None:
    quote = Quote(citation=P18_2_C, document="ukpga/2018/12", text="words", version="2026-04-07")
    statutes = StatuteTexts(quotes={P18_2_C: quote}, held=frozenset({"ukpga/2018/12"}))
    s = _scenario("school-to-csc-health-consent-refused")
    plain = ask(knowledge, s)
    quoted = ask(knowledge, s, statutes)
    assert all(not st.quotes for st in plain.steps)
    with_quote = [st for st in quoted.steps if st.quotes]
    assert with_quote and all(q.citation in st.citations for st in with_quote for q in st.quotes)
    # Quoting changes nothing else.
    strip = [st.model_copy(update={"quotes": ()}) for st in quoted.steps]
    assert strip == list(plain.steps)
    assert quoted.outcome == plain.outcome
    assert statutes.holds(P18_2_C) and not statutes.holds("eur/2016/679/article/6/1/e")


def test_document_of() -> None:
    assert document_of(P18_2_C) == "ukpga/2018/12"
    assert document_of("eur/2016/679/article/9/2/g") == "eur/2016/679"


@pytest.mark.corpus
def test_load_statute_texts_from_held_corpus(corpus_dir: Path, knowledge: Knowledge) -> None:
    texts = load_statute_texts(Corpus([corpus_dir]), knowledge_citations(knowledge))
    q = texts.quote(P18_2_C)
    assert q is not None and "prejudice the provision of the protection" in q.text
    assert q.document == "ukpga/2018/12" and q.version[:2] == "20"
    assert texts.quote("ukpga/1998/42/schedule/1/part/I/chapter/7/paragraph/1") is not None
    assert texts.quote("eur/2016/679/article/6/1/e") is None  # not held
    d = ask(knowledge, _scenario("school-to-csc-health-consent-refused"), texts)
    assert any(q.citation == P18_2_C for st in d.steps for q in st.quotes)


def test_cli_text_quotes_and_says_what_is_not_held() -> None:
    example = str(ROOT / "examples/scenario-school-to-csc.yaml")
    res = runner.invoke(app, ["ask", "--file", example, "--verbose"])
    assert res.exit_code == 0, res.output
    assert "Text not held locally: lawgraph fetch eur/2016/679" in res.output
    assert "Text of Data Protection Act 2018, Sch. 1, para. 18(2)(c) (version 20" in res.output
    assert P18_2_C in res.output
    # without --verbose: no statute quotes and no identifiers (issue 14, item 4)
    plain = runner.invoke(app, ["ask", "--file", example])
    assert plain.exit_code == 0, plain.output
    assert "Text of " not in plain.output and P18_2_C not in plain.output
    assert "Sch. 1, para. 18(2)(c)" in plain.output


def test_cli_no_texts_says_nothing_is_held() -> None:
    args = ["ask", "--file", str(ROOT / "examples/scenario-school-to-csc.yaml"), "--no-texts"]
    res = runner.invoke(app, [*args, "--verbose"])
    assert res.exit_code == 0, res.output
    assert "Text of " not in res.output
    assert "Text not held locally: lawgraph fetch ukpga/2018/12" in res.output


def _line(name: str) -> str:
    doc = yaml.safe_load((SCENARIOS / f"{name}.yaml").read_text(encoding="utf-8"))
    return json.dumps(doc["scenario"])


def test_batch_answers_each_line(tmp_path: Path) -> None:
    names = ["gp-to-csc-health", "police-to-school-after-s49a", "csc-research-no-basis"]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(_line(n) for n in names) + "\n\n", encoding="utf-8")
    res = runner.invoke(app, ["ask", "--batch", str(path), "--no-texts"])
    assert res.exit_code == 0, res.output
    out = [json.loads(x) for x in res.stdout.splitlines()]
    assert [o["line"] for o in out] == [1, 2, 3]
    outcomes = [o["determination"]["outcome"] for o in out]
    assert outcomes == ["may-share-if-judgement", "share-on-duty", "no-lawful-basis-identified"]
    assert "3 answered, 0 failed" in res.stderr


def test_batch_reports_bad_lines_and_continues(tmp_path: Path) -> None:
    good = _line("gp-to-csc-health")
    unknown = json.loads(good) | {"discloser": "Sociel Services"}
    lines = [good, "{not json", json.dumps(unknown), "[1, 2]", good]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = runner.invoke(app, ["ask", "--batch", str(path), "--no-texts"])
    assert res.exit_code == 1
    # one JSON line out per line in, in order: a bad line gets an error object in its place
    out = [json.loads(x) for x in res.stdout.splitlines()]
    assert [o["line"] for o in out] == [1, 2, 3, 4, 5]
    assert [o["determination"]["outcome"] for o in (out[0], out[4])] == [
        "may-share-if-judgement"
    ] * 2
    assert "Sociel Services" in out[2]["error"]["message"]
    assert "JSON object" in out[3]["error"]["message"]
    for n in (2, 3, 4):
        assert f"{path}:{n}:" in res.stderr
    assert f"{path}:1:" not in res.stderr and f"{path}:5:" not in res.stderr
    assert "2 answered, 3 failed" in res.stderr


def test_batch_missing_file(tmp_path: Path) -> None:
    res = runner.invoke(app, ["ask", "--batch", str(tmp_path / "nope.jsonl")])
    assert res.exit_code == 2
