"""The decision tables in ``data/rules/``: how an answer is decided, as cited data.

Each file holds one ordered table. A row says when it applies (``when``: a list of
predicates from a small closed vocabulary, all of which must hold), what it gives (a
route through a condition and the conditions it goes with, an outcome, a step, a flag),
the provisions it rests on (``citations``, legislation.gov.uk identifiers) and the
judgement it leaves. Rows sharing a ``group`` are alternatives: only the first that
applies is taken. The reasoning layer evaluates the predicates from a scenario's facts
and walks the tables in order; nothing legal about a route is restated in Python.

A route's full list of conditions is found by formula, not written out: the route's own
condition brings its ``requires``, and each condition it goes with (``with``) brings
itself and its own ``requires``, in order and without repeats.

This module checks each file strictly (unknown keys, unknown predicates, ids that name
no condition, gateway or purpose) and reports the file and line, like the rest of the
knowledge loader.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from lawgraph.errors import LawgraphError
from lawgraph.knowledge.errors import DataFileNotFoundError, SchemaError, UnknownReferenceError
from lawgraph.knowledge.models import Aim
from lawgraph.knowledge.yamlio import LineDict, load_yaml
from lawgraph.legislation.identifiers import LegislationId

if TYPE_CHECKING:
    from lawgraph.knowledge.parsed import ParsedFiles

__all__ = [
    "PREDICATES",
    "RULES_DIR",
    "TABLE_FILES",
    "Clause",
    "DecisionTable",
    "DecisionTables",
    "GoldenRuleSpec",
    "NecessitySpec",
    "Part",
    "RouteSpec",
    "Row",
    "StepSpec",
    "load_decision_tables",
]

RULES_DIR = "rules"

#: The tables, in the order an answer is decided, and the file each is held in.
TABLE_FILES: Mapping[str, str] = MappingProxyType(
    {
        "article6": "article6.yaml",
        "article9": "article9.yaml",
        "article10": "article10.yaml",
        "part3": "part3.yaml",
        "regime": "regime.yaml",
        "subject-access": "subject-access.yaml",
        "onward-use": "onward-use.yaml",
        "private-recipient": "private-recipient.yaml",
        "record": "record.yaml",
        "outcome": "outcome.yaml",
        "outcome-limits": "outcome-limits.yaml",
    }
)

#: Argument kinds. Ids are checked against the knowledge; the value sets of the
#: scenario's fields (consent, context, ...) are checked by the reasoning layer, which
#: owns those types (`lawgraph.reasoning.rules.tables.check_values`).
ArgKind = Literal[
    "bool",
    "condition",
    "gateway",
    "purpose",
    "aim",
    "tristate",
    "jurisdiction",
    "layer",
    "consent",
    "context",
    "subject",
    "necessity",
    "regime",
    "outcome",
    "holder",
    "category",
    "clauses",
]

#: The closed vocabulary of ``when`` predicates and the kind of argument each takes.
PREDICATES: Mapping[str, ArgKind] = MappingProxyType(
    {
        "special-data": "bool",
        "criminal-data": "bool",
        "purpose-within": "condition",
        "purpose-within-one-requiring": "condition",
        "purpose-in": "purpose",
        "purpose-aims-in": "aim",
        "consent-in": "consent",
        "consent-not-in": "consent",
        "context-in": "context",
        "subject-not-in": "subject",
        "necessity-in": "necessity",
        "regime-in": "regime",
        "jurisdiction-in": "jurisdiction",
        "discloser-public-authority-in": "tristate",
        "recipient-competent-authority-in": "tristate",
        "in-force": "condition",
        "a-gateway-applies": "bool",
        "a-duty-applies": "bool",
        "a-verified-duty-applies": "bool",
        "a-public-task-gateway-applies": "bool",
        "gateway-uncertain": "gateway",
        "no-route-yet": "bool",
        "none-found": "layer",
        "article6-rests-only-on-uncertain-gateways": "bool",
        "relies-on": "condition",
        "not-relies-on": "condition",
        "a-condition-relied-on-weighs": "bool",
        "a-condition-relied-on-turns-on-consent": "bool",
        "in-confidence": "bool",
        "outcome-in": "outcome",
        "subject-access": "bool",
        "onward-use": "bool",
        "requester-is-subject": "bool",
        "recipient-private-person": "bool",
        "subject-in": "subject",
        "category-in": "category",
        "discloser-is": "holder",
        "recipient-is": "holder",
        "discloser-competent-authority-in": "tristate",
        "purpose-may-be-within": "condition",
        "new-purpose-outside-use-limit": "bool",
        "original-purpose-known": "bool",
        "any": "clauses",
    }
)

_TRISTATE = frozenset({"true", "false", "depends"})
_AIMS = frozenset(a.value for a in Aim)
_LAYERS = frozenset({"article6", "article9", "article10", "part3"})
_JURISDICTIONS = frozenset({"england", "wales", "scotland", "northern-ireland"})


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    raise ValueError(f"expected a word or id, not {value!r}")


class Clause(BaseModel):
    """One predicate of a row's ``when``: its name and arguments (any one may match)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    predicate: str
    args: tuple[str, ...] = ()
    any_of: tuple[Clause, ...] = ()

    @classmethod
    def parse(cls, raw: Any) -> Clause:
        """A clause from its YAML form, ``{predicate: argument}``."""
        if isinstance(raw, Clause):
            return raw
        if not isinstance(raw, dict) or len(raw) != 1:
            raise ValueError(
                f"each 'when' item must be one 'predicate: argument' pair, not {raw!r}"
            )
        ((name, value),) = raw.items()
        kind = PREDICATES.get(name)
        if kind is None:
            known = ", ".join(sorted(PREDICATES))
            raise ValueError(f"unknown predicate {name!r}; the vocabulary is: {known}")
        if kind == "clauses":
            if not isinstance(value, list) or not value:
                raise ValueError("'any' takes a non-empty list of predicates")
            return cls(predicate=name, any_of=tuple(cls.parse(v) for v in value))
        values = value if isinstance(value, list) else [value]
        args = tuple(_scalar(v) for v in values)
        if not args:
            raise ValueError(f"predicate {name!r} needs an argument")
        if kind == "bool" and args not in (("true",), ("false",)):
            raise ValueError(f"predicate {name!r} takes true or false, not {value!r}")
        bad = {
            "tristate": _TRISTATE,
            "aim": _AIMS,
            "layer": _LAYERS,
            "jurisdiction": _JURISDICTIONS,
        }.get(kind)
        if bad is not None and not set(args) <= bad:
            raise ValueError(f"predicate {name!r} takes {sorted(bad)}, not {list(args)}")
        return cls(predicate=name, args=args)

    @property
    def kind(self) -> ArgKind:
        """The kind of argument the predicate takes."""
        return PREDICATES[self.predicate]

    def describe(self) -> str:
        """The clause as written in the table, for the docs."""
        if self.any_of:
            return "any of (" + "; ".join(c.describe() for c in self.any_of) + ")"
        return f"{self.predicate}: {', '.join(self.args)}"


def _clauses(value: Any) -> tuple[Clause, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ValueError("'when' must be a list of predicates")
    return tuple(Clause.parse(v) for v in value)


def _citations(value: tuple[str, ...]) -> tuple[str, ...]:
    for c in value:
        try:
            LegislationId.parse(c)
        except LawgraphError as exc:
            raise ValueError(
                f"citation {c!r} is not a legislation.gov.uk identifier: {exc}"
            ) from None
    if len(set(value)) != len(value):
        raise ValueError("a citation is listed twice")
    return value


class RouteSpec(BaseModel):
    """What a row offers: a condition, the conditions it goes with, and what supports it.

    ``supported_by`` names where the supporting entries come from (Article 6 only):
    ``duties`` (the applicable duties), ``public-task-gateways`` (the gateways that give
    the discloser a public task), ``recognised-interest`` (the Annex 1 condition the
    purpose falls within), or explicit condition ids.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    condition: str
    with_: tuple[str, ...] = Field(default=(), alias="with")
    #: requirements this row adds that no condition's own ``requires`` carries (listed
    #: as they are, not followed), e.g. para 5 for para 10 except to a competent authority
    also: tuple[str, ...] = ()
    supported_by: tuple[str, ...] = ()


class Part(BaseModel):
    """A part of a step that is added when its ``when`` holds (first match per group)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    when: tuple[Clause, ...] = ()
    group: str | None = None
    citations: tuple[str, ...] = ()
    judgement: str = ""

    _when = field_validator("when", mode="before")(lambda v: _clauses(v))
    _cites = field_validator("citations")(lambda v: _citations(v))


class StepSpec(BaseModel):
    """A step a row adds to the answer, beside or instead of its route's own step."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    layer: str
    text: str
    settled: bool
    citations: tuple[str, ...] = ()
    cite_conditions: tuple[str, ...] = ()
    cite_tests_of: str | None = None
    cite_tests_under: str = ""
    parts: tuple[Part, ...] = ()
    judgement: str | None = None

    _cites = field_validator("citations")(lambda v: _citations(v))


class Suffix(BaseModel):
    """Words added to a route's reason when ``when`` holds."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    when: tuple[Clause, ...]
    text: str

    _when = field_validator("when", mode="before")(lambda v: _clauses(v))


class Row(BaseModel):
    """One row of a decision table (see the module docstring)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    when: tuple[Clause, ...] = ()
    group: str | None = None
    route: RouteSpec | None = None
    why: str | None = None
    why_suffix: tuple[Suffix, ...] = ()
    route_step: bool = True
    step: StepSpec | None = None
    flag: str | None = None
    outcome: str | None = None
    #: the regime a row of the regime table decides (a `RegimeChoice` value)
    regime: str | None = None
    reason: str
    citations: tuple[str, ...] = ()
    judgement: str | None = None
    line: int = 0

    _when = field_validator("when", mode="before")(lambda v: _clauses(v))
    _cites = field_validator("citations")(lambda v: _citations(v))


class RouteStepSpec(BaseModel):
    """How each route a table finds is explained in the answer.

    ``text`` may use ``{title}``, ``{with}`` (" with a, b" or nothing) and ``{why}``;
    ``judgement`` null means the judgement is the text of the condition's tests marked
    ``judgement`` (and the step is settled when there are none).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    layer: str
    text: str
    judgement: str | None = None


class GoldenRuleSpec(BaseModel):
    """One of the seven golden rules, with what it says about this answer."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    number: int
    rule: str
    here: str
    here_when: tuple[Suffix, ...] = ()


class DecisionTable(BaseModel):
    """One ordered table (see the module docstring)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    table: str
    title: str
    summary: str
    when: tuple[Clause, ...] = ()
    citations: tuple[str, ...] = ()
    route_step: RouteStepSpec | None = None
    none_flag: str | None = None
    rows: tuple[Row, ...]
    path: str = ""

    _when = field_validator("when", mode="before")(lambda v: _clauses(v))
    _cites = field_validator("citations")(lambda v: _citations(v))


class DecisionTables(BaseModel):
    """Every table in ``data/rules/``, with the minimisation principles and golden rules."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    tables: Mapping[str, DecisionTable]
    #: for each regime, the conditions stating its data minimisation principle
    minimisation: Mapping[str, tuple[str, ...]]
    #: the basis cited for minimisation when nothing else is
    minimisation_fallback: tuple[str, ...]
    minimisation_reason: str
    golden_rules_source: str
    golden_rules: tuple[GoldenRuleSpec, ...]
    necessity: NecessitySpec

    def __getitem__(self, table_id: str) -> DecisionTable:
        return self.tables[table_id]


def load_decision_tables(
    root: Path,
    *,
    conditions: Iterable[str],
    gateways: Iterable[str],
    purposes: Iterable[str],
    holders: Iterable[str] | None = None,
    categories: Iterable[str] | None = None,
    parsed: ParsedFiles | None = None,
) -> DecisionTables | None:
    """Load and check every table under ``root / "rules"``; None if there is no such folder.

    Raises:
        DataFileNotFoundError: the folder exists but a table file is missing.
        YAMLSyntaxError, DuplicateKeyError: a file is not strict, well-formed YAML.
        SchemaError: a row does not fit the model, or uses an unknown predicate.
        UnknownReferenceError: a row names a condition, gateway or purpose not defined.
    """
    folder = root / RULES_DIR
    if not folder.is_dir():
        return None
    known = {"condition": set(conditions), "gateway": set(gateways), "purpose": set(purposes)}
    if holders is not None:
        known["holder"] = set(holders)
    if categories is not None:
        known["category"] = set(categories)
    tables: dict[str, DecisionTable] = {}
    for table_id, name in TABLE_FILES.items():
        path = folder / name
        doc = _doc(path, parsed)
        if doc.get("table") != table_id:
            raise SchemaError(
                f"'table' must be {table_id!r} in {name}", path=path, line=doc.line_of("table")
            )
        rows = doc.get("rows")
        if isinstance(rows, list):
            for raw in rows:
                if isinstance(raw, LineDict):
                    raw["line"] = raw.line
        table = _validate(DecisionTable, doc, path, "table")
        table = table.model_copy(update={"path": f"{RULES_DIR}/{name}"})
        _check_rows(table, doc, path, known)
        tables[table_id] = table
    path = folder / "principles.yaml"
    doc = _doc(path, parsed)
    principles = _validate(_Principles, doc, path, "principles")
    for ids in (
        *principles.minimisation.values(),
        principles.minimisation_fallback,
        principles.necessity.conditions(),
    ):
        for cid in ids:
            _known(cid, "condition", known, path, doc.line_of("minimisation"), "principles")
    return DecisionTables(
        tables=MappingProxyType(tables),
        minimisation=MappingProxyType(dict(principles.minimisation)),
        minimisation_fallback=principles.minimisation_fallback,
        minimisation_reason=principles.minimisation_reason,
        golden_rules_source=principles.golden_rules_source,
        golden_rules=principles.golden_rules,
        necessity=principles.necessity,
    )


class NecessitySpec(BaseModel):
    """Which bases and tests make an answer turn on necessity (see principles.yaml)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    bases: tuple[str, ...]
    tests_of: tuple[str, ...]
    part3_tests_of: tuple[str, ...]
    without_necessity: tuple[str, ...]
    part3_without_necessity: tuple[str, ...]

    _cites = field_validator("part3_without_necessity")(lambda v: _citations(v))

    def conditions(self) -> tuple[str, ...]:
        """Every condition id named."""
        return (*self.bases, *self.tests_of, *self.part3_tests_of, *self.without_necessity)


class _Principles(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    necessity: NecessitySpec

    minimisation: dict[str, tuple[str, ...]]
    minimisation_fallback: tuple[str, ...]
    minimisation_reason: str
    golden_rules_source: str
    golden_rules: tuple[GoldenRuleSpec, ...]

    @field_validator("minimisation")
    @classmethod
    def _regimes(cls, value: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        if set(value) != {"uk-gdpr", "part3", "either-flag-choice"}:
            raise ValueError(
                "minimisation needs exactly the regimes uk-gdpr, part3, either-flag-choice"
            )
        return value

    @field_validator("golden_rules")
    @classmethod
    def _numbered(cls, value: tuple[GoldenRuleSpec, ...]) -> tuple[GoldenRuleSpec, ...]:
        if [r.number for r in value] != list(range(1, len(value) + 1)):
            raise ValueError("golden rules must be numbered 1, 2, 3 ... in order")
        return value


def _doc(path: Path, parsed: ParsedFiles | None = None) -> LineDict:
    if not path.is_file():
        raise DataFileNotFoundError(f"decision table file missing: {path.name}", path=path)
    doc = load_yaml(path, parsed=parsed)
    if not isinstance(doc, LineDict):
        raise SchemaError("a decision table file must be a mapping", path=path, line=1)
    return doc


def _validate(model: type[Any], doc: LineDict, path: Path, kind: str) -> Any:
    from lawgraph.knowledge.loader import _explain  # the loader's own error wording

    try:
        return model.model_validate(doc)
    except ValidationError as exc:
        line, reason = _explain(exc, doc)
        raise SchemaError(reason, path=path, line=line, entry=path.stem, kind=kind) from None


def _check_rows(
    table: DecisionTable, doc: LineDict, path: Path, known: dict[str, set[str]]
) -> None:
    seen: set[str] = set()
    for row in table.rows:
        if row.id in seen:
            raise SchemaError(f"row id {row.id!r} used twice", path=path, line=row.line)
        seen.add(row.id)
        where = (path, row.line, f"{table.table}/{row.id}")
        for clause in _all_clauses(row):
            for arg in clause.args:
                if clause.kind in known:
                    _known(arg, clause.kind, known, *where)
        if row.route is not None:
            for cid in (row.route.condition, *row.route.with_, *row.route.also):
                _known(cid, "condition", known, *where)
            for sid in row.route.supported_by:
                if sid not in ("duties", "public-task-gateways", "recognised-interest"):
                    _known(sid, "condition", known, *where)
        if row.step is not None:
            for cid in (*row.step.cite_conditions, *filter(None, [row.step.cite_tests_of])):
                _known(cid, "condition", known, *where)
        if table.table in ("outcome", "outcome-limits") and row.outcome is None:
            raise SchemaError("an outcome row needs 'outcome'", path=path, line=row.line)
        if table.table == "regime" and (row.regime is None or row.step is None):
            raise SchemaError("a regime row needs 'regime' and 'step'", path=path, line=row.line)
        if row.route is not None and row.why is None:
            raise SchemaError("a route row needs 'why'", path=path, line=row.line)


def _all_clauses(row: Row) -> Iterable[Clause]:
    stack = [*row.when, *(c for s in row.why_suffix for c in s.when)]
    if row.step is not None:
        stack += [c for p in row.step.parts for c in p.when]
    while stack:
        c = stack.pop()
        stack.extend(c.any_of)
        yield c


def _known(
    value: str, kind: str, known: dict[str, set[str]], path: Path, line: int, entry: str
) -> None:
    if value not in known[kind]:
        raise UnknownReferenceError(
            f"names {value!r}, which is not a defined {kind} id",
            path=path,
            line=line,
            entry=entry,
            kind="decision table row",
        )
