"""Issue 14, item 2: every answer and decision record says which lawgraph, which data and
which statute texts it was made on, so an auditor can tell whether an old decision rests
on law or data that has since changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import lawgraph
from lawgraph.knowledge import load_knowledge
from lawgraph.knowledge.loader import data_fingerprint
from lawgraph.reasoning import Scenario, ask
from lawgraph.settings import data_dir

SCENARIO = {
    "discloser": "maintained school",
    "recipient": "children's social care",
    "subject": "child",
    "categories": ["health-data"],
    "purpose": "safeguarding",
    "context": "mash-referral",
    "consent": "refused",
    "in_confidence": True,
    "as_at": "2026-05-01",
}


def test_the_answer_names_version_data_and_quoted_statutes() -> None:
    lg = lawgraph.load()
    det = lg.ask(Scenario.parse(SCENARIO))
    assert det.provenance.lawgraph_version == lawgraph.__version__
    assert det.provenance.data_fingerprint == lg.knowledge.fingerprint
    assert len(det.provenance.data_fingerprint) == 64
    # the DPA 2018 is held in ../shared/legislation, so its text is quoted, with its version
    quoted = {q.document: q.version for st in det.steps for q in st.quotes}
    assert f"ukpga/2018/12@{quoted['ukpga/2018/12']}" in det.provenance.statute_versions
    assert len(set(det.provenance.statute_versions)) == len(det.provenance.statute_versions)


def test_without_statute_text_nothing_is_claimed_as_quoted() -> None:
    det = ask(load_knowledge(data_dir()), Scenario.parse(SCENARIO))
    assert det.provenance.statute_versions == ()


def test_the_fingerprint_follows_the_data(tmp_path: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    assert data_fingerprint(copy) == data_fingerprint(data_dir())
    with (copy / "purposes.yaml").open("a", encoding="utf-8") as f:
        f.write("# a curator's comment\n")
    assert data_fingerprint(copy) != data_fingerprint(data_dir())
    assert load_knowledge(copy).fingerprint == data_fingerprint(copy)


def test_the_record_carries_the_provenance_in_markdown_and_json_ld() -> None:
    lg = lawgraph.load()
    record = lg.ask(Scenario.parse(SCENARIO)).record()
    md = record.to_markdown()
    assert f"lawgraph {lawgraph.__version__}, data sha256 {lg.knowledge.fingerprint}" in md
    assert "ukpga/2018/12@" in md
    jsonld = record.to_jsonld()
    agents = [a["rdfs:label"] for a in jsonld["prov:wasAssociatedWith"]]
    assert f"lawgraph {lawgraph.__version__}" in agents
    comments = [e.get("rdfs:comment") for e in jsonld["prov:used"]]
    assert f"sha256 {lg.knowledge.fingerprint}" in comments
