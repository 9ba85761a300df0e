"""The walker for the decision tables of ``data/rules/``, and its predicate evaluators.

The tables hold the law (which route, what it requires, why, what it cites, what it
leaves to judgement); this module only says how each predicate of the closed vocabulary
(`lawgraph.knowledge.decision_tables.PREDICATES`) is read from the scenario's facts, and
walks a table in order: every row whose ``when`` holds is taken, except that of the rows
sharing a ``group`` only the first that holds is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from lawgraph.knowledge.decision_tables import (
    Clause,
    DecisionTable,
    DecisionTables,
    Row,
    StepSpec,
)
from lawgraph.knowledge.errors import DataFileNotFoundError, SchemaError
from lawgraph.knowledge.loader import Knowledge
from lawgraph.knowledge.models import Consent, Status
from lawgraph.knowledge.period import Period
from lawgraph.reasoning.determination import (
    BasisChoice,
    ConditionRoute,
    Outcome,
    RegimeChoice,
    Step,
)
from lawgraph.reasoning.rules._common import Facts, Layer, citations_of, step
from lawgraph.reasoning.rules.gateways import GatewayResult
from lawgraph.reasoning.scenario import ConsentStatus, Context, Necessity, Subject

__all__ = [
    "VALUES",
    "State",
    "check_values",
    "holds",
    "route_of",
    "step_of",
    "tables_of",
    "walk",
    "walk_bases",
]


@dataclass
class State:
    """What the walk has found so far, for the predicates that look at it."""

    facts: Facts
    gateways: GatewayResult
    routes: list[str] = field(default_factory=list)
    regime: str = ""
    found: dict[str, tuple[str, ...] | None] = field(default_factory=dict)
    relied: frozenset[str] = frozenset()
    rests_on_uncertain: bool = False
    outcome: str = ""


def tables_of(facts: Facts) -> DecisionTables:
    """The knowledge's decision tables, or a clear error when ``data/rules`` is absent.

    Raises:
        DataFileNotFoundError: the data folder has no ``rules/``.
        SchemaError: a table names a consent status, context, subject, necessity,
            regime or outcome that the scenario model does not have (checked once).
    """
    rules = facts.knowledge.rules
    if rules is None:
        raise DataFileNotFoundError(
            "no decision tables: the data folder has no rules/ folder",
            path=facts.knowledge.data_dir / "rules",
        )
    if id(rules) not in _CHECKED:
        check_values(rules, facts.knowledge.data_dir)
        _CHECKED[id(rules)] = rules
    return rules


#: tables already checked, kept alive so an id is never reused for another object
_CHECKED: dict[int, DecisionTables] = {}

#: the scenario's closed sets, which the knowledge layer cannot see
VALUES: Mapping[str, frozenset[str]] = {
    "consent": frozenset(c.value for c in ConsentStatus),
    "context": frozenset(c.value for c in Context),
    "subject": frozenset(c.value for c in Subject),
    "necessity": frozenset(c.value for c in Necessity),
    "regime": frozenset(c.value for c in RegimeChoice),
    "outcome": frozenset(c.value for c in Outcome),
}


def check_values(rules: DecisionTables, data_dir: Path) -> None:
    """Every scenario value a table names is one the scenario model has.

    Raises:
        SchemaError: naming the file and the row's line.
    """
    for table in rules.tables.values():
        for row in table.rows:
            where = f"{table.table}/{row.id}"
            clauses = [*row.when, *(c for x in row.why_suffix for c in x.when)]
            clauses += [c for p in (row.step.parts if row.step else ()) for c in p.when]
            for clause in _flatten(clauses):
                allowed = VALUES.get(clause.kind)
                if allowed is not None and not set(clause.args) <= allowed:
                    bad = sorted(set(clause.args) - allowed)
                    raise SchemaError(
                        f"{clause.predicate}: {bad} not among {sorted(allowed)}",
                        path=data_dir / table.path,
                        line=row.line,
                        entry=where,
                        kind="decision table row",
                    )
            if row.regime is not None and row.regime not in VALUES["regime"]:
                raise SchemaError(
                    f"regime {row.regime!r} not among {sorted(VALUES['regime'])}",
                    path=data_dir / table.path,
                    line=row.line,
                    entry=where,
                    kind="decision table row",
                )
            if row.outcome is not None and row.outcome not in VALUES["outcome"]:
                raise SchemaError(
                    f"outcome {row.outcome!r} not among {sorted(VALUES['outcome'])}",
                    path=data_dir / table.path,
                    line=row.line,
                    entry=where,
                    kind="decision table row",
                )


def _flatten(clauses: Iterable[Clause]) -> Iterable[Clause]:
    for c in clauses:
        yield c
        yield from _flatten(c.any_of)


def _tri(value: object) -> str:
    return "true" if value is True else "false" if value is False else str(value)


def _public_task_gateways(facts: Facts, gw: GatewayResult) -> tuple[str, ...]:
    # A body that is not a public authority has a public task only from a function the
    # law gives it as such a body; a power every person has ("any") vests no task in it.
    k, pa = facts.knowledge, facts.discloser_public
    ids = tuple(
        g.id
        for g in gw.applicable
        if {"e", "c"}.intersection(a.value for a in k.gateways[g.id].article6)
        and (pa is not False or facts.discloser_line.intersection(k.gateways[g.id].holders))
    )
    if ids and (pa is not False or any("e" in k.gateways[i].article6 for i in ids)):
        return ids
    return ()


def recognised_interest(facts: Facts, requiring: str) -> str | None:
    """The first condition in ``Purpose.within`` that requires `requiring`, if any."""
    k = facts.knowledge
    return next(
        (
            c
            for c in k.purposes[facts.scenario.purpose].within
            if requiring in k.conditions[c].requires
        ),
        None,
    )


def _weighs(st: State) -> bool:
    k = st.facts.knowledge
    return any(k.conditions[c].weighs for c in st.relied)


def _turns_on_consent(st: State) -> bool:
    k = st.facts.knowledge
    return any(k.conditions[c].consent is not Consent.IRRELEVANT for c in st.relied)


_Eval = Callable[[State, tuple[str, ...]], bool]


def _is(flag: Callable[[State], bool]) -> _Eval:
    return lambda st, a: flag(st) is (a == ("true",))


_EVALUATORS: Mapping[str, _Eval] = {
    "special-data": _is(lambda st: st.facts.special),
    "criminal-data": _is(lambda st: st.facts.criminal),
    "purpose-within": lambda st, a: any(st.facts.within(c) for c in a),
    "purpose-within-one-requiring": lambda st, a: any(
        recognised_interest(st.facts, c) is not None for c in a
    ),
    "purpose-in": lambda st, a: st.facts.scenario.purpose in a,
    "purpose-aims-in": lambda st, a: any(x.aim.value in a for x in st.facts.purpose.aims),
    "consent-in": lambda st, a: st.facts.scenario.consent.value in a,
    "consent-not-in": lambda st, a: st.facts.scenario.consent.value not in a,
    "context-in": lambda st, a: st.facts.scenario.context.value in a,
    "subject-not-in": lambda st, a: st.facts.scenario.subject.value not in a,
    "necessity-in": lambda st, a: st.facts.scenario.necessity.value in a,
    "regime-in": lambda st, a: st.regime in a,
    "jurisdiction-in": lambda st, a: st.facts.scenario.jurisdiction.value in a,
    "discloser-public-authority-in": lambda st, a: _tri(st.facts.discloser_public) in a,
    "recipient-competent-authority-in": lambda st, a: (
        _tri(st.facts.recipient.competent_authority) in a
    ),
    "in-force": lambda st, a: all(
        st.facts.scenario.as_at in Period.of(st.facts.knowledge.conditions[c]) for c in a
    ),
    "a-gateway-applies": _is(lambda st: bool(st.gateways.applicable)),
    "a-duty-applies": _is(lambda st: bool(st.gateways.duties)),
    "a-verified-duty-applies": _is(
        lambda st: any(g.status is Status.VERIFIED for g in st.gateways.duties)
    ),
    "a-public-task-gateway-applies": _is(
        lambda st: bool(_public_task_gateways(st.facts, st.gateways))
    ),
    "gateway-uncertain": lambda st, a: any(
        (g := st.facts.knowledge.gateways.get(i)) is not None and g.status is Status.UNCERTAIN
        for i in a
    ),
    "no-route-yet": _is(lambda st: not st.routes),
    "none-found": lambda st, a: any(st.found.get(t, None) == () for t in a),
    "article6-rests-only-on-uncertain-gateways": _is(lambda st: st.rests_on_uncertain),
    "relies-on": lambda st, a: bool(st.relied.intersection(a)),
    "not-relies-on": lambda st, a: not st.relied.intersection(a),
    "a-condition-relied-on-weighs": _is(_weighs),
    "a-condition-relied-on-turns-on-consent": _is(_turns_on_consent),
    "in-confidence": _is(lambda st: st.facts.scenario.in_confidence),
    "outcome-in": lambda st, a: st.outcome in a,
    "subject-access": _is(lambda st: st.facts.subject_access),
    "onward-use": _is(lambda st: st.facts.onward),
    "requester-is-subject": _is(lambda st: st.facts.requester_is_subject),
    "recipient-private-person": _is(lambda st: st.facts.recipient.private_person),
    "subject-in": lambda st, a: st.facts.scenario.subject.value in a,
    "category-in": lambda st, a: bool(st.facts.categories.intersection(a)),
    "discloser-is": lambda st, a: bool(st.facts.discloser_line.intersection(a)),
    "recipient-is": lambda st, a: bool(st.facts.recipient_line.intersection(a)),
    "discloser-competent-authority-in": lambda st, a: (
        _tri(st.facts.discloser.competent_authority) in a
    ),
    "purpose-may-be-within": lambda st, a: any(st.facts.may_be_within(c) for c in a),
    "received-under-limits-use": _is(
        lambda st: (
            st.facts.received_under is not None and st.facts.received_under.use_limit is not None
        )
    ),
    "new-purpose-outside-use-limit": _is(lambda st: st.facts.outside_use_limit),
    "original-purpose-known": _is(lambda st: st.facts.scenario.original_purpose is not None),
}


def holds(clauses: Iterable[Clause], st: State) -> bool:
    """Every clause holds (an ``any`` clause when one of its clauses does)."""
    for c in clauses:
        ok = (
            any(holds((sub,), st) for sub in c.any_of)
            if c.any_of
            else (_EVALUATORS[c.predicate](st, c.args))
        )
        if not ok:
            return False
    return True


def selected(rows: Iterable[Row], st: State) -> list[Row]:
    """The rows taken, in order: each that holds, but only the first of each group."""
    taken: list[Row] = []
    groups: set[str] = set()
    for row in rows:
        if row.group is not None and row.group in groups:
            continue
        if holds(row.when, st):
            taken.append(row)
            if row.group is not None:
                groups.add(row.group)
            st.routes.extend([row.route.condition] if row.route else [])
    return taken


def route_conditions(k: Knowledge, row: Row) -> tuple[str, ...]:
    """What a row's route requires, by formula: its condition's own ``requires``, then
    each condition it goes with followed by that one's ``requires``, then ``also``."""
    assert row.route is not None
    head = row.route.condition
    out: list[str] = list(k.conditions[head].requires)
    for cid in row.route.with_:
        out += [cid, *k.conditions[cid].requires]
    out += row.route.also
    return tuple(dict.fromkeys(c for c in out if c != head))


def route_of(facts: Facts, row: Row) -> ConditionRoute:
    """The cited route a row offers."""
    assert row.route is not None and row.why is not None
    k = facts.knowledge
    requires = route_conditions(k, row)
    cites = [c for cid in (row.route.condition, *requires) for c in citations_of(k, cid)]
    return ConditionRoute(
        condition=row.route.condition,
        title=k.conditions[row.route.condition].title,
        requires=requires,
        why=_why(facts, row, ()),
        citations=tuple(dict.fromkeys(cites)),
    )


def _why(facts: Facts, row: Row, supported_by: tuple[str, ...]) -> str:
    assert row.why is not None
    st = State(facts, _NO_GATEWAYS)
    text = row.why.format(supported_by=", ".join(supported_by))
    # {scope}: for which information the discloser is a public authority, from its
    # public_authority_basis (a GP practice: for its NHS services, FOIA 2000 Sch 1 para 44)
    scope = facts.discloser.public_authority_basis.scope
    values = {"scope": f" (it is one {scope})" if scope else ""}
    return text + "".join(s.text.format(**values) for s in row.why_suffix if holds(s.when, st))


_NO_GATEWAYS = GatewayResult((), (), (), Layer())


def _supported_by(
    facts: Facts, gw: GatewayResult, row: Row
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The entries supporting a basis, and which of them the answer relies on."""
    assert row.route is not None
    out: list[str] = []
    relied: list[str] = []
    for source in row.route.supported_by:
        if source == "duties":
            out += [g.id for g in gw.duties]
        elif source == "public-task-gateways":
            out += _public_task_gateways(facts, gw)
        elif source == "recognised-interest":
            found = recognised_interest(facts, row.route.condition)
            out += [found] if found else []
            relied += [found] if found else []
        else:
            out.append(source)
            relied.append(source)
    return tuple(out), tuple(relied)


def step_of(facts: Facts, spec: StepSpec, st: State) -> Step:
    """The cited step a row's `StepSpec` adds, with the parts whose ``when`` holds."""
    k = facts.knowledge
    cites: list[str] = list(spec.citations)
    judgement = spec.judgement or ""
    groups: set[str] = set()
    for part in spec.parts:
        if part.group is not None and part.group in groups:
            continue
        if holds(part.when, st):
            if part.group is not None:
                groups.add(part.group)
            cites += part.citations
            judgement += part.judgement
    for cid in spec.cite_conditions:
        cites += citations_of(k, cid)
    if spec.cite_tests_of is not None:
        tests = k.conditions[spec.cite_tests_of].tests
        cites += [t.citation for t in tests if t.citation.startswith(spec.cite_tests_under)]
    return step(
        spec.layer, spec.text, tuple(cites), settled=spec.settled, judgement=judgement or None
    )


def walk(
    facts: Facts, gw: GatewayResult, table_id: str
) -> tuple[tuple[ConditionRoute, ...] | None, Layer]:
    """The routes a route table finds (None when the table does not apply), with steps."""
    table = tables_of(facts)[table_id]
    layer = Layer()
    st = State(facts, gw)
    if not holds(table.when, st):
        return None, layer
    routes: list[tuple[Row, ConditionRoute]] = []
    for row in selected(table.rows, st):
        if row.route is not None:
            routes.append((row, route_of(facts, row)))
        if row.step is not None:
            layer.steps.append(step_of(facts, row.step, st))
        if row.flag is not None:
            layer.flags.append(_flag(facts, row.flag))
    for row, r in routes:
        layer.relies_on.extend((r.condition, *r.requires))
        if row.route_step and table.route_step is not None:
            layer.steps.append(_route_step(facts, table, r))
    if not routes and table.none_flag:
        layer.flags.append(table.none_flag)
    return tuple(r for _, r in routes), layer


def walk_bases(facts: Facts, gw: GatewayResult) -> tuple[tuple[BasisChoice, ...], Layer]:
    """The Article 6(1) bases the table finds, with their steps."""
    k = facts.knowledge
    table = tables_of(facts)["article6"]
    layer = Layer()
    st = State(facts, gw)
    out: list[BasisChoice] = []
    for row in selected(table.rows, st):
        if row.flag is not None:
            layer.flags.append(_flag(facts, row.flag))
        if row.route is None:
            continue
        supported, relied = _supported_by(facts, gw, row)
        cid = row.route.condition
        out.append(
            BasisChoice(
                condition=cid,
                title=k.conditions[cid].title,
                why=_why(facts, row, supported),
                citations=citations_of(k, cid),
                supported_by=supported,
            )
        )
        layer.relies_on.extend(relied)
    layer.relies_on.extend(b.condition for b in out)
    assert table.route_step is not None
    for b in out:
        judged = [t.text for t in k.conditions[b.condition].tests if t.judgement]
        layer.steps.append(
            step(
                table.route_step.layer,
                table.route_step.text.format(title=b.title, why=b.why),
                b.citations,
                settled=not judged,
                judgement=" ".join(judged) or None,
            )
        )
    return tuple(out), layer


def _flag(facts: Facts, text: str) -> str:
    return text.format(discloser=facts.discloser.name, purpose=facts.scenario.purpose)


def _route_step(facts: Facts, table: DecisionTable, r: ConditionRoute) -> Step:
    assert table.route_step is not None
    spec = table.route_step
    needs = f" with {', '.join(r.requires)}" if r.requires else ""
    return step(
        spec.layer,
        spec.text.format(title=r.title, why=r.why, **{"with": needs}),
        r.citations,
        settled=False,
        judgement=spec.judgement,
    )


def steps_of(facts: Facts, gw: GatewayResult, table_id: str, relied: frozenset[str]) -> list[Step]:
    """The steps a step table (such as ``record``) adds."""
    st = State(facts, gw, relied=relied)
    return [
        step_of(facts, row.step, st)
        for row in selected(tables_of(facts)[table_id].rows, st)
        if row.step is not None
    ]


def first_row(table: DecisionTable, st: State) -> Row:
    """The first row that holds; a table's last row holds always (checked by a test)."""
    for row in table.rows:
        if holds(row.when, st):
            return row
    raise LookupError(f"no row of {table.path} applies")
