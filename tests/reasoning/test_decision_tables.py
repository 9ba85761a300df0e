"""Issue 12, item 2: route selection and the outcome are decision tables in data/rules.

Three kinds of check:

- every id a table names exists, and every provision it cites is held;
- a bad table is refused with the file and line (unknown predicate, unknown id, a value
  the scenario model does not have, a missing file);
- each field of a table is read: changing it in a copy of the data changes the answer
  the way the field says.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from lawgraph.knowledge import KnowledgeError, load_knowledge
from lawgraph.knowledge.decision_tables import PREDICATES, TABLE_FILES, Clause
from lawgraph.knowledge.loader import Knowledge
from lawgraph.legislation.corpus import Corpus
from lawgraph.legislation.identifiers import LegislationId
from lawgraph.reasoning import Outcome, Scenario, ask
from lawgraph.reasoning.determination import Determination
from lawgraph.reasoning.rules.tables_page import render
from lawgraph.reasoning.texts import knowledge_citations
from lawgraph.settings import data_dir, legislation_dirs


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge(data_dir())


def _edited(tmp_path: Path, file: str, change: Callable[[dict[str, Any]], None]) -> Knowledge:
    """A copy of data/ with one rules file changed by `change` (given the parsed file)."""
    data = tmp_path / "data"
    shutil.copytree(data_dir(), data, ignore=shutil.ignore_patterns("research"))
    path = data / "rules" / file
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return load_knowledge(data)


def _row(doc: dict[str, Any], row_id: str) -> dict[str, Any]:
    (row,) = [r for r in doc["rows"] if r["id"] == row_id]
    return row  # type: ignore[no-any-return]


def _ask(k: Knowledge, **changes: object) -> Determination:
    scenario = {
        "discloser": "maintained-school",
        "recipient": "local-authority-childrens-services",
        "subject": "child",
        "categories": ["health-data"],
        "purpose": "early-help",
        "context": "early-help",
        "consent": "not-sought-would-place-child-at-risk",
        "as_at": "2026-06-01",
        **changes,
    }
    return ask(k, Scenario.parse(scenario))


def _clauses(clauses: tuple[Clause, ...]) -> list[Clause]:
    out: list[Clause] = []
    for c in clauses:
        out += [c, *_clauses(c.any_of)]
    return out


# -- what the tables name exists -----------------------------------------------------


def test_every_id_a_table_names_exists(knowledge: Knowledge) -> None:
    rules = knowledge.rules
    assert rules is not None and set(rules.tables) == set(TABLE_FILES)
    known = {
        "condition": set(knowledge.conditions),
        "gateway": set(knowledge.gateways),
        "purpose": set(knowledge.purposes),
    }
    named: list[tuple[str, str]] = []
    for table in rules.tables.values():
        for row in table.rows:
            clauses = [*row.when, *(c for s in row.why_suffix for c in s.when)]
            if row.step is not None:
                clauses += [c for p in row.step.parts for c in p.when]
                named += [("condition", c) for c in row.step.cite_conditions]
                named += [("condition", row.step.cite_tests_of)] if row.step.cite_tests_of else []
            named += [(c.kind, a) for c in _clauses(tuple(clauses)) for a in c.args]
            if row.route is not None:
                r = row.route
                named += [("condition", c) for c in (r.condition, *r.with_, *r.also)]
                named += [
                    ("condition", s)
                    for s in r.supported_by
                    if s not in ("duties", "public-task-gateways", "recognised-interest")
                ]
    named += [("condition", c) for ids in rules.minimisation.values() for c in ids]
    named += [("condition", c) for c in rules.minimisation_fallback]
    named += [("condition", c) for c in rules.necessity.conditions()]
    missing = [(kind, i) for kind, i in named if kind in known and i not in known[kind]]
    assert missing == []
    # the tables really do name ids of each kind, so the check above is not empty
    assert {kind for kind, _ in named} >= {"condition", "gateway", "purpose"}


def test_every_provision_a_table_cites_is_held(knowledge: Knowledge) -> None:
    assert knowledge.rules is not None
    corpus = Corpus(legislation_dirs())
    cited: set[str] = set()
    for table in knowledge.rules.tables.values():
        cited.update(table.citations)
        for row in table.rows:
            cited.update(row.citations)
            if row.step is not None:
                cited.update(row.step.citations)
                cited.update(c for p in row.step.parts for c in p.citations)
    assert len(cited) > 40
    # what is not held as XML (the UK GDPR; CA 2004 s.16H as inserted) must be a provision
    # the curated (and proved) condition or gateway entries cite
    entries = (*knowledge.conditions.values(), *knowledge.gateways.values())
    by_data = {c.id for entry in entries for c in entry.citations}
    for c in sorted(cited):
        if corpus.holds(str(LegislationId.parse(c).document)):
            assert corpus.provision(c) is not None, c
        else:
            assert c in by_data, c
    # and the statute quotes loaded for answers include them
    assert cited <= set(knowledge_citations(knowledge))


def test_every_predicate_of_the_vocabulary_is_used(knowledge: Knowledge) -> None:
    """A predicate no table uses is dead vocabulary: drop it or use it."""
    assert knowledge.rules is not None
    used: set[str] = set()
    for table in knowledge.rules.tables.values():
        clauses = list(table.when)
        for row in table.rows:
            clauses += [*row.when, *(c for s in row.why_suffix for c in s.when)]
            clauses += [c for p in (row.step.parts if row.step else ()) for c in p.when]
        used |= {c.predicate for c in _clauses(tuple(clauses))}
    for g in knowledge.rules.golden_rules:
        used |= {c.predicate for h in g.here_when for c in h.when}
    assert used == set(PREDICATES)


def test_the_outcome_tables_last_row_always_holds(knowledge: Knowledge) -> None:
    assert knowledge.rules is not None
    assert knowledge.rules["outcome"].rows[-1].when == ()


# -- bad tables are refused where they are wrong ---------------------------------------


def test_an_unknown_predicate_names_the_file_and_line(tmp_path: Path) -> None:
    def change(doc: dict[str, Any]) -> None:
        _row(doc, "vital-interests")["when"] = [{"context-is": ["emergency"]}]

    with pytest.raises(KnowledgeError, match=r"rules/article9\.yaml:\d+.*unknown predicate"):
        _edited(tmp_path, "article9.yaml", change)


def test_an_unknown_condition_in_a_route_is_refused(tmp_path: Path) -> None:
    def change(doc: dict[str, Any]) -> None:
        _row(doc, "safeguarding")["route"]["with"] = ["dpa-sch1-para99"]

    with pytest.raises(KnowledgeError, match=r"article9\.yaml:\d+.*'dpa-sch1-para99'"):
        _edited(tmp_path, "article9.yaml", change)


def test_a_consent_status_the_scenario_lacks_is_refused(tmp_path: Path) -> None:
    def change(doc: dict[str, Any]) -> None:
        _row(doc, "consent-given")["when"] = [{"consent-in": ["maybe"]}]

    k = _edited(tmp_path, "article9.yaml", change)
    with pytest.raises(KnowledgeError, match=r"article9\.yaml:\d+.*\['maybe'\]"):
        _ask(k)


def test_a_missing_table_file_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(data_dir(), data, ignore=shutil.ignore_patterns("research"))
    (data / "rules" / "part3.yaml").unlink()
    with pytest.raises(KnowledgeError, match=r"part3\.yaml"):
        load_knowledge(data)


def test_a_citation_must_be_an_identifier(tmp_path: Path) -> None:
    def change(doc: dict[str, Any]) -> None:
        _row(doc, "lawfulness")["citations"] = ["DPA 2018 s.35(2)"]

    with pytest.raises(KnowledgeError, match=r"part3\.yaml:\d+.*not a legislation.gov.uk"):
        _edited(tmp_path, "part3.yaml", change)


# -- each field is read ----------------------------------------------------------------


def test_when_decides_whether_a_row_applies(tmp_path: Path, knowledge: Knowledge) -> None:
    """Para 18 needs processing without consent; drop that test and consent no longer
    shuts it out."""
    given = {"consent": "given"}
    assert "dpa-sch1-para18" not in Determination.route_ids(_ask(knowledge, **given).article9)

    def change(doc: dict[str, Any]) -> None:
        _row(doc, "safeguarding")["when"] = [{"purpose-within": "dpa-sch1-para18"}]

    k = _edited(tmp_path, "article9.yaml", change)
    assert "dpa-sch1-para18" in Determination.route_ids(_ask(k, **given).article9)


def test_a_group_makes_rows_alternatives(tmp_path: Path, knowledge: Knowledge) -> None:
    """FGM notification falls within para 18 and para 10: only the first (para 36 with
    para 18) is taken, unless the row leaves the group."""
    fgm = {"purpose": "fgm-notification", "categories": ["criminal-offence-data"]}
    assert "dpa-sch1-para10" not in Determination.route_ids(_ask(knowledge, **fgm).article10)

    def change(doc: dict[str, Any]) -> None:
        _row(doc, "safeguarding")["group"] = None

    k = _edited(tmp_path, "article10.yaml", change)
    ids = Determination.route_ids(_ask(k, **fgm).article10)
    assert {"dpa-sch1-para36", "dpa-sch1-para10"} <= ids


def test_route_with_names_the_conditions_and_their_requires_follow(tmp_path: Path) -> None:
    def change(doc: dict[str, Any]) -> None:
        _row(doc, "safeguarding")["route"]["with"] = ["dpa-sch1-para19"]

    k = _edited(tmp_path, "article9.yaml", change)
    (r,) = [r for r in _ask(k).article9 or () if r.condition == "uk-gdpr-art9-2-g"]
    # art 9(2)(g) brings s.10(3); para 19 brings itself and its own requires (para 5)
    assert r.requires == ("dpa-s10-3", "dpa-sch1-para19", "dpa-sch1-para5")


def test_route_also_adds_a_requirement(tmp_path: Path, knowledge: Knowledge) -> None:
    """Para 10 needs the para 5 policy document except for a disclosure to a competent
    authority (para 10(2)): the table's `also` says so, not para 10's own requires."""
    crime = {"purpose": "prevention-of-crime", "consent": "not-sought-not-practicable"}
    assert "dpa-sch1-para5" in Determination.route_ids(_ask(knowledge, **crime).article9)

    def change(doc: dict[str, Any]) -> None:
        del _row(doc, "crime")["route"]["also"]

    k = _edited(tmp_path, "article9.yaml", change)
    assert "dpa-sch1-para5" not in Determination.route_ids(_ask(k, **crime).article9)


def test_why_and_its_suffix_are_the_reason_given(tmp_path: Path) -> None:
    def change(doc: dict[str, Any]) -> None:
        row = _row(doc, "legitimate-interests")
        row["why"] = "the charity's interests"
        row["why_suffix"][0]["when"] = [{"discloser-public-authority-in": [False]}]

    k = _edited(tmp_path, "article6.yaml", change)
    d = _ask(k, discloser="voluntary-organisation", purpose="safeguarding", context="other")
    (f,) = [b for b in d.article6 if b.condition == "uk-gdpr-art6-1-f"]
    assert f.why == "the charity's interests if it is not acting as a public authority"


def test_route_step_false_leaves_the_route_to_its_own_step(tmp_path: Path) -> None:
    label = "Special category data: "

    def count(k: Knowledge) -> int:
        return sum(st.text.startswith(label) for st in _ask(k).steps)

    real = count(load_knowledge(data_dir()))

    def change(doc: dict[str, Any]) -> None:
        _row(doc, "safeguarding")["route_step"] = True

    assert count(_edited(tmp_path, "article9.yaml", change)) == real + 1


def test_a_steps_parts_give_its_citations_and_judgement(tmp_path: Path) -> None:
    def change(doc: dict[str, Any]) -> None:
        part = _row(doc, "safeguarding")["step"]["parts"][2]
        part["judgement"] = "Record why asking would put the child at risk."
        part["citations"] = ["ukpga/2018/12/schedule/1/paragraph/18/2/c"]

    k = _edited(tmp_path, "article9.yaml", change)
    (st,) = [st for st in _ask(k).steps if "Schedule 1 para 18, which" in st.text]
    assert st.judgement == "Record why asking would put the child at risk."
    assert "ukpga/2018/12/schedule/1/paragraph/18/1/c" not in st.citations


def test_a_flag_and_the_none_flag_are_the_flags_given(tmp_path: Path) -> None:
    def change(doc: dict[str, Any]) -> None:
        _row(doc, "consent-given")["flag"] = "Consent: para 18 is out."
        doc["none_flag"] = "Nothing under Article 9."
        doc["rows"] = [r for r in doc["rows"] if r["id"] == "consent-given"]
        _row(doc, "consent-given")["when"] = [{"consent-in": ["given"]}]
        del _row(doc, "consent-given")["route"]
        del _row(doc, "consent-given")["why"]

    k = _edited(tmp_path, "article9.yaml", change)
    d = _ask(k, consent="given")
    assert "Consent: para 18 is out." in d.flags
    assert "Nothing under Article 9." in d.flags
    assert d.outcome is Outcome.NO_LAWFUL_BASIS_IDENTIFIED  # no-article9-condition row


def test_a_tables_when_decides_whether_it_is_read(tmp_path: Path, knowledge: Knowledge) -> None:
    crime_only = {"categories": ["criminal-offence-data"]}
    assert _ask(knowledge, **crime_only).article9 is None

    def change(doc: dict[str, Any]) -> None:
        doc["when"] = [{"criminal-data": True}]

    assert _ask(_edited(tmp_path, "article9.yaml", change), **crime_only).article9 is not None


def test_a_tables_route_step_is_the_step_given(tmp_path: Path) -> None:
    def change(doc: dict[str, Any]) -> None:
        doc["route_step"]["judgement"] = "Check s.10(5) and the Schedule 1 condition."

    k = _edited(tmp_path, "article10.yaml", change)
    d = _ask(k, categories=["criminal-offence-data"])
    article10 = [st for st in d.steps if st.layer == "article10"]
    assert article10 and {st.judgement for st in article10} == {
        "Check s.10(5) and the Schedule 1 condition."
    }


_CSC_TO_SCHOOL = {
    "discloser": "local-authority-childrens-services",
    "recipient": "maintained-school",
    "categories": ["personal-data"],
    "consent": "given",
}


def test_the_outcome_row_gives_outcome_and_reason(tmp_path: Path, knowledge: Knowledge) -> None:
    """Children's services to a school, early help, personal data only: a public task
    (which weighs nothing) and consent given; in confidence it is the in-confidence row."""
    confided = {**_CSC_TO_SCHOOL, "in_confidence": True}
    assert _ask(knowledge, **confided).outcome is Outcome.MAY_SHARE_IF_JUDGEMENT
    assert _ask(knowledge, **{**confided, "in_confidence": False}).outcome is Outcome.MAY_SHARE

    def change(doc: dict[str, Any]) -> None:
        _row(doc, "in-confidence")["outcome"] = "needs-review"
        _row(doc, "available")["reason"] = "Available."

    k = _edited(tmp_path, "outcome.yaml", change)
    assert _ask(k, **confided).outcome is Outcome.NEEDS_REVIEW
    assert _ask(k, **{**confided, "in_confidence": False}).outcome_reason == "Available."


def test_the_outcome_limits_narrow_an_excessive_disclosure(tmp_path: Path) -> None:
    plain = {**_CSC_TO_SCHOOL, "in_confidence": False, "necessity": "excessive"}
    real = _ask(load_knowledge(data_dir()), **plain)
    assert real.outcome is Outcome.MAY_SHARE_IF_JUDGEMENT
    assert real.outcome_reason.startswith("A lawful basis is available on the facts given. Part")

    def change(doc: dict[str, Any]) -> None:
        doc["rows"] = []

    assert _ask(_edited(tmp_path, "outcome-limits.yaml", change), **plain).outcome is (
        Outcome.MAY_SHARE
    )


def test_a_record_row_cites_its_conditions(tmp_path: Path, knowledge: Knowledge) -> None:
    para41 = "ukpga/2018/12/schedule/1/paragraph/41"

    def record(k: Knowledge) -> tuple[str, ...]:
        (st,) = [st for st in _ask(k).steps if st.layer == "record"]
        return st.citations

    assert any(c.startswith(para41) for c in record(knowledge))

    def change(doc: dict[str, Any]) -> None:
        _row(doc, "schedule-1-policy-document")["step"]["cite_conditions"] = ["dpa-sch1-para5"]

    assert not any(c.startswith(para41) for c in record(_edited(tmp_path, "record.yaml", change)))


def test_principles_give_minimisation_and_golden_rules(tmp_path: Path) -> None:
    def change(doc: dict[str, Any]) -> None:
        doc["minimisation"]["uk-gdpr"] = ["dpa-s37"]
        doc["golden_rules"][2]["rule"] = "Consent is seldom the right basis."
        doc["golden_rules"][3]["here_when"][0]["text"] = "Ask your DPO."

    k = _edited(tmp_path, "principles.yaml", change)
    d = _ask(k)
    assert d.minimum_necessary.citations[0] == "ukpga/2018/12/section/37"
    assert d.golden_rules[2].rule == "Consent is seldom the right basis."
    review = _ask(k, discloser="chief-officer-of-police", purpose="public-protection")
    assert review.outcome is Outcome.NEEDS_REVIEW
    assert review.golden_rules[3].here == "Ask your DPO."


def test_the_reference_page_shows_each_rows_reason_citations_and_judgement(
    tmp_path: Path, knowledge: Knowledge
) -> None:
    def page(k: Knowledge) -> str:
        return render(k, lambda c: f"<{c}>", lambda c: f"[{c}]", "NOT ADVICE")

    text = page(knowledge)
    assert knowledge.rules is not None
    for table in knowledge.rules.tables.values():
        for row in table.rows:
            assert f"`{row.id}`" in text
    # the para 36 route is shown with every condition it needs, by formula
    assert (
        "[uk-gdpr-art10-domestic-law] with [dpa-s10-5], [dpa-sch1-para36], [dpa-sch1-para5], "
        "[dpa-sch1-para18]" in text
    )
    assert "NOT ADVICE" in text

    def change(doc: dict[str, Any]) -> None:
        row = _row(doc, "lawfulness")
        row["reason"] = "A reason to review."
        row["judgement"] = "A judgement left."
        row["citations"] = ["ukpga/2018/12/section/35/2/a"]

    edited = page(_edited(tmp_path, "part3.yaml", change))
    assert "A reason to review." in edited and "A judgement left." in edited
    assert "<ukpga/2018/12/section/35/2/a>" in edited


def test_principles_say_which_necessity_tests_are_cited(tmp_path: Path) -> None:
    """Information judged not necessary: the step cites the necessity tests of the
    conditions principles.yaml names (Sch 1 para 18(1)(a) and (d)); name none, and they go."""
    para18_1_a = "ukpga/2018/12/schedule/1/paragraph/18/1/a"

    def cited(k: Knowledge) -> tuple[str, ...]:
        (st,) = [st for st in _ask(k, necessity="not-necessary").steps if st.layer == "necessity"]
        return st.citations

    assert para18_1_a in cited(load_knowledge(data_dir()))

    def change(doc: dict[str, Any]) -> None:
        doc["necessity"]["tests_of"] = []

    assert para18_1_a not in cited(_edited(tmp_path, "principles.yaml", change))


def test_supported_by_names_what_a_basis_rests_on(tmp_path: Path) -> None:
    """A charity in an emergency: Art 6(1)(ea) rests on Annex 1 para 3 (emergencies) as
    the row says; name another Annex 1 paragraph and the answer rests on that instead."""
    charity = {"discloser": "voluntary-organisation", "purpose": "safeguarding"}
    emergency = {**charity, "context": "emergency", "categories": ["personal-data"]}

    def ea(k: Knowledge) -> tuple[str, ...]:
        (b,) = [b for b in _ask(k, **emergency).article6 if b.condition == "uk-gdpr-art6-1-ea"]
        return b.supported_by

    assert ea(load_knowledge(data_dir())) == ("uk-gdpr-annex1-para3",)

    def change(doc: dict[str, Any]) -> None:
        row = _row(doc, "recognised-interest-emergency")
        row["route"]["supported_by"] = ["uk-gdpr-annex1-para6"]

    assert ea(_edited(tmp_path, "article6.yaml", change)) == ("uk-gdpr-annex1-para6",)


def test_a_steps_text_is_the_text_given(tmp_path: Path) -> None:
    def change(doc: dict[str, Any]) -> None:
        _row(doc, "part3-policy-document")["step"]["text"] = "Have the s.42 document."

    k = _edited(tmp_path, "record.yaml", change)
    police = {"discloser": "chief-officer-of-police", "purpose": "prevention-of-crime"}
    assert "Have the s.42 document." in [st.text for st in _ask(k, **police).steps]
