"""The proof: anchors checked against the held DPA 2018 text, version by version."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from lawgraph.knowledge import Outcome, load_knowledge, prove
from lawgraph.knowledge.proof import fold_text
from lawgraph.legislation.corpus import Corpus

DEMO = "gateways/demo.yaml"


def _rewrite(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new))


def _outcomes(root: Path, corpus: Corpus | None) -> list[tuple[str, Outcome, str]]:
    report = prove(load_knowledge(root), corpus, today=dt.date(2026, 6, 1))
    return [(c.identifier, c.outcome, c.detail) for c in report.checks]


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("the child\u2019s \u201cwelfare\u201d", 'the child\'s "welfare"'),
        ("of\u2014\n(a) a body", "of-(a) a body"),
        ("16\u201319 Academy", "16-19 Academy"),
        ("  many\t\n spaces ", "many spaces"),
    ],
)
def test_fold_text(text: str, folded: str):
    assert fold_text(text) == folded


def test_valid_fixture_verifies_held_and_reports_not_held(
    make_data: Callable[[str | None], Path], corpus: Corpus
):
    report = prove(load_knowledge(make_data(None)), corpus)
    counts = report.counts()
    assert counts[Outcome.VERIFIED] == 4
    assert counts[Outcome.NOT_HELD] == 1
    assert report.failures() == []
    assert report.documents_to_fetch() == ["ukpga/2004/31"]
    assert report.passed()
    assert not report.passed(strict=True)
    yot = next(c for c in report.checks if c.entry == "youth-offending-team")
    assert (yot.kind, yot.outcome, yot.version) == ("holder", Outcome.VERIFIED, "2026-04-07")
    assert yot.file.endswith("holders.yaml") and yot.line == 66


def test_a_changed_anchor_is_not_found_and_the_right_provision_suggested(
    make_data: Callable[[str | None], Path], corpus: Corpus
):
    root = make_data(None)
    # the words are s.11(2)(b)'s, cited against s.11(2)(a)
    _rewrite(
        root,
        "categories.yaml",
        'anchor: "the alleged commission of offences by the data subject"',
        'anchor: "the disposal of such proceedings, including sentencing"',
    )
    failed = prove(load_knowledge(root), corpus).failures()
    assert [(c.entry, c.outcome) for c in failed] == [
        ("criminal-allegation-data", Outcome.ANCHOR_NOT_FOUND)
    ]
    assert "it occurs in ukpga/2018/12/section/11/2/b" in failed[0].detail


def test_anchor_matching_folds_quotes_dashes_and_whitespace(
    make_data: Callable[[str | None], Path], corpus: Corpus
):
    root = make_data(None)
    _rewrite(
        root,
        "holders.yaml",
        "ukpga/2018/12/schedule/7/paragraph/46",
        "ukpga/2018/12/schedule/7/paragraph/16",
    )
    _rewrite(
        root,
        "holders.yaml",
        'anchor: "A youth offending team established under section 39 of the Crime and Disorder'
        ' Act 1998"',
        'anchor: "The chief officer of -   (a) a body of constables"',
    )
    yot = [o for o in _outcomes(root, corpus) if o[0].endswith("paragraph/16")]
    assert yot[0][1] is Outcome.VERIFIED


def test_missing_provision_and_omitted_text(
    make_data: Callable[[str | None], Path], corpus: Corpus
):
    root = make_data(None)
    _rewrite(root, "categories.yaml", "ukpga/2018/12/section/3/2", "ukpga/2018/12/section/3/99")
    _rewrite(root, "categories.yaml", "ukpga/2018/12/section/11/2/a", "ukpga/2018/12/section/9")
    results = {i: (o, d) for i, o, d in _outcomes(root, corpus)}
    outcome, detail = results["ukpga/2018/12/section/3/99"]
    assert outcome is Outcome.PROVISION_MISSING
    assert "not a provision of Data Protection Act 2018 as held (version 2026-04-07)" in detail
    outcome, detail = results["ukpga/2018/12/section/9"]
    assert outcome is Outcome.NOT_IN_FORCE
    assert "omitted (repealed)" in detail


def test_in_force_from_selects_the_version_in_force_then(
    make_data: Callable[[str | None], Path], corpus: Corpus
):
    root = make_data(None)
    # s.8 as enacted said "Article 6(1) of the GDPR"; the current text says "UK GDPR"
    _rewrite(root, DEMO, "ukpga/2018/12/section/11/2/a", "ukpga/2018/12/section/8")
    _rewrite(
        root,
        DEMO,
        'anchor: "the alleged commission of offences by the data subject"',
        'anchor: "Article 6(1) of the GDPR"',
    )
    dated = {i: (o, d) for i, o, d in _outcomes(root, corpus)}
    assert dated["ukpga/2018/12/section/8"][0] is Outcome.VERIFIED
    assert "version enacted" in dated["ukpga/2018/12/section/8"][1]
    _rewrite(root, DEMO, "in_force_from: '2019-01-01'", "in_force_from: null")
    undated = {i: (o, d) for i, o, d in _outcomes(root, corpus)}
    assert undated["ukpga/2018/12/section/8"][0] is Outcome.ANCHOR_NOT_FOUND


def test_before_the_act_no_version_is_held(make_data: Callable[[str | None], Path], corpus: Corpus):
    root = make_data(None)
    _rewrite(root, DEMO, "in_force_from: '2019-01-01'", "in_force_from: '2001-01-01'")
    results = {i: (o, d) for i, o, d in _outcomes(root, corpus)}
    outcome, detail = results["ukpga/2018/12/section/11/2/a"]
    assert outcome is Outcome.NOT_HELD
    assert "no version of ukpga/2018/12 held covers 2001-01-01" in detail


def test_without_a_corpus_everything_is_not_held(make_data: Callable[[str | None], Path]):
    report = prove(load_knowledge(make_data(None)), None)
    assert {c.outcome for c in report.checks} == {Outcome.NOT_HELD}
    assert report.documents_to_fetch() == ["ukpga/2004/31", "ukpga/2018/12"]
