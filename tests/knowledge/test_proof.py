"""The proof: anchors checked against the held DPA 2018 text, version by version, and
against the reference text (../shared/statute-text) where the XML is not held."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from lawgraph.knowledge import CitationCheck, Outcome, load_knowledge, prove
from lawgraph.knowledge.proof import ProofSource, fold_text
from lawgraph.legislation.corpus import Corpus
from lawgraph.legislation.reference_text import ReferenceText, TextBasis, load_reference_text
from lawgraph.settings import REFERENCE_ENV, reference_text_dir

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
    # 4 + the DPA 2018 s.7(1)(a) citation in each of the 6 holders' public_authority_basis
    assert counts[Outcome.VERIFIED] == 10
    assert counts[Outcome.NOT_HELD] == 1
    assert report.failures() == []
    assert report.documents_to_fetch() == ["ukpga/2004/31"]
    assert report.passed()
    assert not report.passed(strict=True)
    yot = next(c for c in report.checks if c.entry == "youth-offending-team")
    assert (yot.kind, yot.outcome, yot.version) == ("holder", Outcome.VERIFIED, "2026-04-07")
    assert yot.file.endswith("holders.yaml") and yot.line == 102


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


_TESTED_CONDITION = """\
conditions:
  - id: dpa-sch1-para3
    framework: dpa-schedule-1
    regime: uk-gdpr
    title: "Public health (Sch 1 para 3)"
    summary: "Part 1 condition used with Article 9(2)(i)."
    tests:
      - text: "The processing is necessary for reasons of public interest in public health."
        citation: ukpga/2018/12/schedule/1/paragraph/3/a
        anchor: "is necessary for reasons of public interest in the area of public health"
        judgement: true
      - text: "It is carried out by or under the responsibility of a health professional."
        citation: ukpga/2018/12/schedule/1/paragraph/3/b
        anchor: "TEST_B_ANCHOR"
        judgement: true
      - text: "A test whose citation is checked for existence only."
        citation: ukpga/2018/12/schedule/1/paragraph/3
        judgement: false
    requires: []
    appropriate_policy_document: false
    consent: irrelevant
    public_authority_only: false
    in_force_from: '2018-05-25'
    in_force_to: null
    citations:
      - id: ukpga/2018/12/schedule/1/paragraph/3/a
        anchor: "necessary for reasons of public interest in the area of public health"
    status: verified
    status_reason: null
"""


@pytest.mark.parametrize(
    ("anchor_b", "expected_b"),
    [
        ("by or under the responsibility of a health professional", Outcome.VERIFIED),
        # para 3(a)'s words, cited against 3(b): the test's anchor is proved, not ignored
        ("in the area of public health", Outcome.ANCHOR_NOT_FOUND),
    ],
)
def test_a_conditions_tests_are_proved_by_their_own_anchors(
    make_data: Callable[[str | None], Path], corpus: Corpus, anchor_b: str, expected_b: Outcome
):
    root = make_data(None)
    (root / "bases").mkdir()
    (root / "bases" / "para3.yaml").write_text(_TESTED_CONDITION.replace("TEST_B_ANCHOR", anchor_b))
    report = prove(load_knowledge(root), corpus, today=dt.date(2026, 6, 1))
    para3 = "ukpga/2018/12/schedule/1/paragraph/3"
    tests = [c for c in report.checks if c.entry == "dpa-sch1-para3"]
    assert [(c.identifier, c.outcome, c.line) for c in tests] == [
        (f"{para3}/a", Outcome.VERIFIED, 26),  # the entry's citation
        (f"{para3}/a", Outcome.VERIFIED, 8),  # then each test, at its own line
        (f"{para3}/b", expected_b, 12),
        (para3, Outcome.NO_ANCHOR, 16),
    ]


def test_without_a_corpus_everything_is_not_held(make_data: Callable[[str | None], Path]):
    report = prove(load_knowledge(make_data(None)), None)
    assert {c.outcome for c in report.checks} == {Outcome.NOT_HELD}
    assert report.documents_to_fetch() == ["ukpga/2004/31", "ukpga/2018/12"]


# -- reference text: the second kind of proof ---------------------------------------------

S11_2 = "ukpga/2004/31/section/11/2"
FAKE = 'anchor: "a phrase nobody can check until the Act is fetched"'


@pytest.fixture(scope="module")
def reference() -> ReferenceText:
    folder = reference_text_dir()
    if folder is None or not folder.is_dir():
        pytest.fail(f"../shared/statute-text not found; point {REFERENCE_ENV} at a copy")
    return load_reference_text(folder)


def _cite(root: Path, identifier: str, anchor: str) -> None:
    """Point the fixture's Children Act 2004 citation at `identifier` with `anchor`."""
    _rewrite(root, DEMO, f"id: {S11_2}", f"id: {identifier}")
    _rewrite(root, DEMO, FAKE, f"anchor: {anchor!r}")


def _check(root: Path, corpus: Corpus, reference: ReferenceText, identifier: str) -> CitationCheck:
    report = prove(load_knowledge(root), corpus, reference=reference)
    (check,) = [c for c in report.checks if c.identifier == identifier]
    return check


def test_reference_text_proves_what_the_xml_cannot(
    make_data: Callable[[str | None], Path], corpus: Corpus, reference: ReferenceText
):
    root = make_data(None)
    _cite(root, S11_2, "must make arrangements for ensuring that")
    report = prove(load_knowledge(root), corpus, reference=reference)
    # 4 + 6 held DPA 2018 s.7(1)(a) citations (holders' public_authority_basis) + 1
    assert report.counts()[Outcome.VERIFIED] == 11
    assert report.proved_by() == {ProofSource.XML: 10, ProofSource.REFERENCE_TEXT: 1}
    assert report.passed(strict=True)
    (s11,) = [c for c in report.checks if c.identifier == S11_2]
    assert s11.source is ProofSource.REFERENCE_TEXT and s11.version is None
    assert s11.reference is not None
    assert s11.reference.file.endswith("ukpga-2004-31-section-11.md")
    assert (s11.reference.line, s11.reference.basis) == (53, TextBasis.CURRENT)
    assert "in reference text ukpga-2004-31-section-11.md:53 (revised text)" in s11.detail
    assert not s11.not_current and s11.uncertainty is None
    # the held XML still decides what it holds
    assert {c.source for c in report.checks if c.document == "ukpga/2018/12"} == {ProofSource.XML}


def test_an_anchor_from_a_neighbouring_provision_is_not_found_there(
    make_data: Callable[[str | None], Path], corpus: Corpus, reference: ReferenceText
):
    root = make_data(None)
    # s.11(1)(b)'s words cited against s.11(1)(a): found in the section, not in (a)
    _cite(root, "ukpga/2004/31/section/11/1/a", "a district council which is not such")
    check = _check(root, corpus, reference, "ukpga/2004/31/section/11/1/a")
    assert check.outcome is Outcome.ANCHOR_NOT_FOUND
    assert "it occurs in ukpga/2004/31/section/11/1/b" in check.detail


def test_the_fixtures_made_up_phrase_once_checkable_fails(
    make_data: Callable[[str | None], Path], corpus: Corpus, reference: ReferenceText
):
    (bad,) = prove(load_knowledge(make_data(None)), corpus, reference=reference).failures()
    assert (bad.identifier, bad.outcome) == (S11_2, Outcome.ANCHOR_NOT_FOUND)
    assert "occurs nowhere in ukpga-2004-31-section-11.md" in bad.detail


def test_a_citation_proved_only_as_inserted_says_so(
    make_data: Callable[[str | None], Path], corpus: Corpus, reference: ReferenceText
):
    root = make_data(None)
    _cite(root, "ukpga/2004/31/section/16H/2", "must comply with the request")
    report = prove(load_knowledge(root), corpus, reference=reference)
    (check,) = report.not_current()
    assert check.outcome is Outcome.VERIFIED and check.as_inserted
    assert check.reference is not None and check.reference.basis is TextBasis.AS_INSERTED
    assert "not the current consolidated text" in check.detail
    assert check.uncertainty == (
        "ukpga/2004/31/section/16H/2 was checked only against ukpga-2004-31-section-16H.md "
        "(as inserted by the amending Act, not the current consolidated text); the current "
        "wording may differ"
    )


def test_the_current_copy_overrules_an_older_one(
    make_data: Callable[[str | None], Path], corpus: Corpus, reference: ReferenceText
):
    root = make_data(None)
    # "a clinical commissioning group" is in 16E(3) as inserted in 2017, not in the current
    # text (integrated care boards replaced CCGs in 2022)
    _cite(root, "ukpga/2004/31/section/16E/3", "a clinical commissioning group")
    check = _check(root, corpus, reference, "ukpga/2004/31/section/16E/3")
    assert check.outcome is Outcome.ANCHOR_NOT_FOUND
    assert "ukpga-2004-31-section-16E.as-inserted-2017.md" in check.detail
    assert "may have been amended" in check.detail


@pytest.mark.parametrize(
    ("identifier", "anchor", "outcome", "words"),
    [
        # Markdown emphasis in the copy: “*relevant authority*”
        (
            "ukpga/1998/37/section/115/2",
            "In this section \u201crelevant authority\u201d means",
            Outcome.VERIFIED,
            "ukpga-1998-37-section-115.md",
        ),
        # an F-note marker glued to the words on the page: "F2an integrated care board"
        (
            "ukpga/2004/31/section/16E/3/b",
            "an integrated care board for an area",
            Outcome.VERIFIED,
            "one of 2 provisions numbered so",
        ),
        # the copy ends inside s.16LA(5): words not shown are not a failure
        ("ukpga/2004/31/section/16LA/5", "in any other case", Outcome.NOT_HELD, "cut off"),
        ("ukpga/2004/31/section/16LA/6", "anything", Outcome.NOT_HELD, "does not show"),
        # a complete copy without the subsection: the number is wrong
        (
            "ukpga/2004/31/section/11/9",
            "anything",
            Outcome.PROVISION_MISSING,
            "a complete copy of ukpga/2004/31/section/11",
        ),
        # quotations in guidance and the EU text as adopted prove nothing
        (
            "eur/2016/679/article/5/1/c",
            "adequate, relevant and limited",
            Outcome.NOT_HELD,
            "eur-2016-679-article-5.ico-quotations.md is not used (secondary source",
        ),
        (
            "eur/2016/679/article/10",
            "shall be carried out only under the control",
            Outcome.NOT_HELD,
            "eu-2016-679-article-10.md is not used (EU text as adopted",
        ),
        (
            "ukpga/2004/31/section/16A/1",
            "The Secretary of State must establish a panel",
            Outcome.NOT_HELD,
            "no reference text holds it either",
        ),
    ],
)
def test_reference_outcomes(
    make_data: Callable[[str | None], Path],
    corpus: Corpus,
    reference: ReferenceText,
    identifier: str,
    anchor: str,
    outcome: Outcome,
    words: str,
):
    root = make_data(None)
    _cite(root, identifier, anchor)
    check = _check(root, corpus, reference, identifier)
    assert check.outcome is outcome, check.detail
    assert words in check.detail
    assert (check.source is ProofSource.REFERENCE_TEXT) is (outcome is Outcome.VERIFIED)
