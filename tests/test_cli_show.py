"""`lawgraph show`: a practitioner's citation in, the provision out, or a one-line error."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import lawgraph.cli.fetch_cmd
import lawgraph.cli.show_cmd  # noqa: F401  (registers the command)
from lawgraph.cli import app
from lawgraph.settings import LEGISLATION_ENV, STATUTES_ENV
from tests.conftest import require_corpus


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path) -> CliRunner:
    monkeypatch.setenv(LEGISLATION_ENV, str(require_corpus()))
    monkeypatch.setenv(STATUTES_ENV, str(tmp_path))
    return CliRunner()


def test_show_prints_text_status_notes_and_the_advice_caveat(runner: CliRunner):
    result = runner.invoke(app, ["show", "Sch 1 para 18 DPA 2018", "--as-at", "2026-06-01"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "ukpga/2018/12/schedule/1/paragraph/18" in out
    assert "Version: as at 2026-04-07   Extent: E+W+S+N.I." in out
    assert "On 2026-06-01: in force." in out
    assert "protecting an individual from neglect or physical, mental or emotional harm" in out
    assert "not legal advice" in out.lower()


def test_show_json_for_an_earlier_date_uses_the_enacted_text(runner: CliRunner):
    result = runner.invoke(app, ["show", "s.8 DPA 2018", "--as-at", "2019-01-01", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["identifier"] == "ukpga/2018/12/section/8"
    assert data["version"] == "enacted"
    assert data["status"] == "text as enacted; commencement not recorded in that text"
    assert "Article 6(1) of the GDPR" in data["text"]
    assert "not legal advice" in data["not_legal_advice"].lower()


def test_show_lists_amendment_notes(runner: CliRunner):
    result = runner.invoke(app, ["show", "ukpga/2018/12/section/8", "--json"])
    data = json.loads(result.output)
    types = [n["type"] for n in data["notes"]]
    assert types == ["I", "F", "F"]
    assert "Data (Use and Access) Act 2025" in data["notes"][2]["text"]


@pytest.mark.parametrize(
    ("citation", "message"),
    [
        ("zzz", "Accepted forms"),
        ("s.16H CA 2004", "lawgraph fetch ukpga/2004/31"),
        ("Sch 1 para 99 DPA 2018", "not a provision of Data Protection Act 2018"),
    ],
)
def test_bad_or_unheld_citations_exit_2_with_one_clear_message(
    runner: CliRunner, citation: str, message: str
):
    result = runner.invoke(app, ["show", citation])
    assert result.exit_code == 2
    assert message in result.output


def test_bad_date_exits_2(runner: CliRunner):
    result = runner.invoke(app, ["show", "s.8 DPA 2018", "--as-at", "yesterday"])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


def test_titles_come_from_the_corpus_too(runner: CliRunner):
    # not in the curated table: the title is read from the corpus file's own metadata
    citation = "section 91 of the Financial Services and Markets Act 2000"
    result = runner.invoke(app, ["show", citation, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["identifier"] == "ukpga/2000/8/section/91"
