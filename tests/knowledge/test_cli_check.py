"""`lawgraph check`: summary, failures, not-held documents, and exit codes 0/1/2.

The first tests run with an empty reference-text folder (XML proof only); the later ones
with ../shared/statute-text or copies built in a temporary folder.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

import lawgraph.cli.check_cmd  # noqa: F401  (registers the command)
from lawgraph.cli import app
from lawgraph.settings import LEGISLATION_ENV, REFERENCE_ENV, STATUTES_ENV, reference_text_dir
from tests.conftest import require_corpus
from tests.knowledge.conftest import REAL_DATA


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.setenv(LEGISLATION_ENV, str(require_corpus()))
    monkeypatch.setenv(STATUTES_ENV, str(tmp_path / "statutes"))
    empty = tmp_path / "no-reference-text"
    empty.mkdir()
    monkeypatch.setenv(REFERENCE_ENV, str(empty))
    return CliRunner()


def _shared_reference() -> Path:
    """The default reference-text folder, found beside the checkout."""
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv(REFERENCE_ENV, raising=False)
        folder = reference_text_dir()
    if folder is None or not folder.is_dir():
        pytest.fail(f"../shared/statute-text not found; point {REFERENCE_ENV} at a copy")
    return folder


@pytest.fixture
def ref_runner(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.delenv(REFERENCE_ENV)
    _shared_reference()
    return runner


def _real_s11_anchor(root: Path) -> None:
    demo = root / "gateways" / "demo.yaml"
    demo.write_text(
        demo.read_text().replace(
            "a phrase nobody can check until the Act is fetched",
            "must make arrangements for ensuring that",
        )
    )


def test_valid_data_passes_and_lists_documents_to_fetch(
    runner: CliRunner, make_data: Callable[[str | None], Path]
):
    result = runner.invoke(app, ["check", "--data", str(make_data(None))])
    assert result.exit_code == 0, result.output
    out = result.output
    # each holder's public_authority_basis cites DPA 2018 s.7(1)(a) (held): 5 + 6 citations
    assert "6 holders, 1 purposes, 2 categories, 0 conditions, 1 gateways; 11 citations" in out
    assert "verified              10" in out
    assert "not held: unverified: 1 citations in 1 documents" in out
    assert "lawgraph fetch ukpga/2004/31" in out


def test_each_not_held_citation_is_listed_with_its_reason_and_fetch_command(
    runner: CliRunner, make_data: Callable[[str | None], Path]
):
    root = make_data(None)
    result = runner.invoke(app, ["check", "--data", str(root)])
    lines = result.output.splitlines()
    at = lines.index("  lawgraph fetch ukpga/2004/31  (1 citations)")
    demo = root / "gateways" / "demo.yaml"
    assert lines[at + 1].split() == [
        f"{demo}:24",
        "gateway",
        "demo-s11",
        "ukpga/2004/31/section/11/2",
    ]
    assert lines[at + 2].strip() == (
        "the XML is not held and no reference-text copy has the provision"
    )
    data = json.loads(runner.invoke(app, ["check", "--json", "--data", str(root)]).output)
    assert data["not_held"] == [
        {
            "entry": "demo-s11",
            "identifier": "ukpga/2004/31/section/11/2",
            "file": str(demo),
            "line": 24,
            "fetch": "lawgraph fetch ukpga/2004/31",
            "reason": "the XML is not held and no reference-text copy has the provision",
        }
    ]


def test_strict_fails_on_not_held(runner: CliRunner, make_data: Callable[[str | None], Path]):
    result = runner.invoke(app, ["check", "--strict", "--data", str(make_data(None))])
    assert result.exit_code == 1, result.output


def test_a_failed_anchor_exits_1_naming_file_entry_and_identifier(
    runner: CliRunner, make_data: Callable[[str | None], Path]
):
    root = make_data(None)
    path = root / "categories.yaml"
    path.write_text(path.read_text().replace("the alleged commission", "the supposed commission"))
    result = runner.invoke(app, ["check", "--data", str(root)])
    assert result.exit_code == 1, result.output
    assert "1 failed:" in result.output
    assert "categories.yaml:17  category criminal-allegation-data" in result.output
    assert "ukpga/2018/12/section/11/2/a" in result.output
    assert "anchor-not-found: anchor 'the supposed commission" in result.output


def test_bad_data_exits_2_with_the_knowledge_error(
    runner: CliRunner, make_data: Callable[[str | None], Path]
):
    result = runner.invoke(app, ["check", "--data", str(make_data("unknown-field"))])
    assert result.exit_code == 2
    assert "purpose 'safeguarding': unknown field 'colour'" in result.output


def test_json_output(runner: CliRunner, make_data: Callable[[str | None], Path]):
    result = runner.invoke(app, ["check", "--json", "--data", str(make_data(None))])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["counts"]["verified"] == 10  # 4 + s.7(1)(a) for each of 6 holders
    assert data["counts"]["not-held"] == 1
    assert data["documents_to_fetch"] == ["ukpga/2004/31"]
    assert data["passed"] is True
    assert {c["outcome"] for c in data["checks"]} == {"verified", "not-held"}


def test_the_real_data_passes(runner: CliRunner):
    result = runner.invoke(app, ["check", "--data", str(REAL_DATA)])
    assert result.exit_code == 0, result.output
    assert "anchor-not-found       0" in result.output
    assert "statutory lists of holders not read in full" in result.output
    # Read in full from the reference text (issue 11): no longer a gap. The SI 2018/789
    # Schedule is read only as made, so it stays listed.
    gaps = result.output.split("statutory lists of holders not read in full:", 1)[1]
    gaps = gaps.split("\n\n", 1)[0]
    assert "ukpga/1989/41/section/47/11" not in gaps
    assert "uksi/2018/789/schedule" in gaps


def test_the_reference_text_is_found_beside_the_checkout_and_proves(
    ref_runner: CliRunner, make_data: Callable[[str | None], Path]
):
    root = make_data(None)
    _real_s11_anchor(root)
    result = ref_runner.invoke(app, ["check", "--strict", "--data", str(root)])
    assert result.exit_code == 0, result.output
    assert "verified              11" in result.output  # 5 + s.7(1)(a) for 6 holders
    assert f"reference text: {_shared_reference()}" in result.output
    assert "proved against XML: 10; against reference text: 1" in result.output


def test_the_made_up_phrase_now_fails_against_the_reference_text(
    ref_runner: CliRunner, make_data: Callable[[str | None], Path]
):
    result = ref_runner.invoke(app, ["check", "--data", str(make_data(None))])
    assert result.exit_code == 1, result.output
    assert "gateways/demo.yaml:24  gateway demo-s11  ukpga/2004/31/section/11/2" in result.output
    assert "in reference text ukpga-2004-31-section-11.md:53 (revised text)" in result.output


def test_reference_option_and_setting_choose_the_folder(
    runner: CliRunner,
    make_data: Callable[[str | None], Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
):
    root = make_data(None)
    _real_s11_anchor(root)
    folder = tmp_path / "mine"
    folder.mkdir()
    s11 = _shared_reference() / "ukpga-2004-31-section-11.md"
    (folder / s11.name).write_text(s11.read_text(encoding="utf-8"), encoding="utf-8")
    by_option = runner.invoke(
        app, ["check", "--json", "--reference", str(folder), "--data", str(root)]
    )
    assert by_option.exit_code == 0, by_option.output
    data = json.loads(by_option.output)
    assert data["reference"] == str(folder)
    assert data["proved"] == {"xml": 10, "reference-text": 1}
    (s11_check,) = [c for c in data["checks"] if c["identifier"] == "ukpga/2004/31/section/11/2"]
    assert s11_check["source"] == "reference-text"
    assert s11_check["reference"]["file"] == str(folder / s11.name)
    assert s11_check["reference"]["basis"] == "current"
    monkeypatch.setenv(REFERENCE_ENV, str(folder))
    by_setting = runner.invoke(app, ["check", "--json", "--data", str(root)])
    assert json.loads(by_setting.output)["proved"] == {"xml": 10, "reference-text": 1}


def test_strict_fails_on_what_neither_source_holds(
    ref_runner: CliRunner, make_data: Callable[[str | None], Path]
):
    root = make_data(None)
    demo = root / "gateways" / "demo.yaml"
    demo.write_text(
        demo.read_text().replace("ukpga/2004/31/section/11/2", "ukpga/2004/31/section/16A/1")
    )
    result = ref_runner.invoke(app, ["check", "--strict", "--data", str(root)])
    assert result.exit_code == 1, result.output
    assert "not held: unverified: 1 citations in 1 documents" in result.output


def test_an_as_inserted_proof_is_named_in_the_report(
    ref_runner: CliRunner, make_data: Callable[[str | None], Path]
):
    root = make_data(None)
    demo = root / "gateways" / "demo.yaml"
    demo.write_text(
        demo.read_text()
        .replace("ukpga/2004/31/section/11/2", "ukpga/2004/31/section/16H/2")
        .replace(
            "a phrase nobody can check until the Act is fetched", "must comply with the request"
        )
    )
    result = ref_runner.invoke(app, ["check", "--data", str(root)])
    assert result.exit_code == 0, result.output
    assert "1 of them only against text that is not the current revised text" in result.output
    assert (
        "ukpga-2004-31-section-16H.md  1 citations  (as inserted by the amending Act, not the "
        "current consolidated text)"
    ) in result.output
    data = json.loads(ref_runner.invoke(app, ["check", "--json", "--data", str(root)]).output)
    assert [n["identifier"] for n in data["not_current"]] == ["ukpga/2004/31/section/16H/2"]
    assert (
        "checked only against ukpga-2004-31-section-16H.md" in data["not_current"][0]["uncertainty"]
    )


@pytest.mark.parametrize(
    ("name", "edit", "where"),
    [
        ("ukpga-2004-31-section-11.md", lambda t: t.replace('notes: "', "notes: ", 1), ":9: "),
        ("ukpga-2004-31-section-10.md", lambda t: t, ":2: "),  # identifier is s.11's
        ("ukpga-2004-31-section-11.copy.md", lambda t: t, ":2: "),  # a duplicate
    ],
)
def test_a_broken_reference_file_exits_2_naming_file_and_line(
    runner: CliRunner,
    make_data: Callable[[str | None], Path],
    tmp_path: Path,
    name: str,
    edit: Callable[[str], str],
    where: str,
):
    folder = tmp_path / "broken"
    folder.mkdir()
    s11 = (_shared_reference() / "ukpga-2004-31-section-11.md").read_text(encoding="utf-8")
    if name.endswith(".copy.md"):
        (folder / "ukpga-2004-31-section-11.md").write_text(s11, encoding="utf-8")
    (folder / name).write_text(edit(s11), encoding="utf-8")
    result = runner.invoke(
        app, ["check", "--reference", str(folder), "--data", str(make_data(None))]
    )
    assert result.exit_code == 2, result.output
    message = " ".join(result.output.split())
    assert f"lawgraph check: {folder}" in message
    assert where in message
    assert "Traceback" not in result.output


def test_the_real_data_against_the_reference_text(ref_runner: CliRunner):
    result = ref_runner.invoke(app, ["check", "--json", "--data", str(REAL_DATA)])
    assert result.exit_code in (0, 1), result.output
    data = json.loads(result.output)
    by_id = {(c["entry"], c["identifier"]): c for c in data["checks"]}
    # the XML proof is unchanged by the reference text
    assert data["proved"]["xml"] == data["counts"]["verified"] - data["proved"]["reference-text"]
    assert data["proved"]["reference-text"] >= 150
    la = by_id[("local-authority", "ukpga/2004/31/section/11/1/a")]
    assert (la["outcome"], la["source"]) == ("verified", "reference-text")
    assert la["reference"]["file"].endswith("ukpga-2004-31-section-11.md")
    for c in data["checks"]:
        if c["outcome"] in ("anchor-not-found", "provision-missing") and c["source"]:
            # every failure against reference text names the copy and the line
            assert "reference text" in c["detail"] and ".md:" in c["detail"], c


def test_a_missing_reference_folder_exits_2(
    runner: CliRunner, make_data: Callable[[str | None], Path], tmp_path: Path
):
    missing = tmp_path / "nowhere"
    result = runner.invoke(
        app, ["check", "--reference", str(missing), "--data", str(make_data(None))]
    )
    assert result.exit_code == 2, result.output
    assert "the reference-text folder does not exist" in " ".join(result.output.split())
