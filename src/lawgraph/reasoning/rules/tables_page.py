"""The "How an answer is decided" reference page, written from the decision tables.

`render` turns ``data/rules/`` into Markdown an IG lead can review: for each table, in
the order an answer is decided, its rows with when each applies, the route it gives
(with every condition the route needs, found by the same formula the rules use), the
provisions it rests on, the reason and the judgement it leaves. Pure: the caller writes
the page (``docs/gen_reference.py``).
"""

from __future__ import annotations

from collections.abc import Callable

from lawgraph.knowledge.decision_tables import Clause, DecisionTable, Row
from lawgraph.knowledge.loader import Knowledge
from lawgraph.reasoning.rules.tables import route_conditions

__all__ = ["render"]

_ORDER = (
    ("regime", "Which regime: UK GDPR or DPA 2018 Part 3"),
    ("subject-access", "A subject access request: the right of access and its exemptions"),
    ("onward-use", "A new use inside the organisation: purpose limitation"),
    ("private-recipient", "Disclosing to a private individual"),
    ("article6", "Which Article 6(1) bases are available"),
    ("article9", "Special category data: which Article 9 route"),
    ("article10", "Criminal offence data: which Article 10 route"),
    ("part3", "Law enforcement processing: which DPA 2018 Part 3 route"),
    ("record", "What must be recorded"),
    ("outcome", "The outcome"),
    ("outcome-limits", "Limits on a sharing outcome"),
)


def _cell(text: str | None) -> str:
    if not text:
        return ""
    return " ".join(text.split()).replace("|", "\\|").replace("<", "&lt;")


def _when(clauses: tuple[Clause, ...]) -> str:
    return "; ".join(f"`{c.describe()}`" for c in clauses) or "always"


def render(
    knowledge: Knowledge,
    cite: Callable[[str], str],
    condition_link: Callable[[str], str],
    not_advice: str,
) -> str:
    """The page's Markdown. `cite` and `condition_link` format a citation and a condition."""
    rules = knowledge.rules
    if rules is None:
        return "# How an answer is decided\n\nNo decision tables are held (no data/rules/).\n"
    out = [
        "# How an answer is decided\n",
        "lawgraph decides an answer by walking the decision tables below, in this order. "
        "They are held as data (`data/rules/*.yaml`) and this page is generated from the "
        "same files the reasoner reads, so what you review here is what decides the answer.\n",
        "How to read a table: the rows are read top to bottom; a row applies when every "
        "test in its *When* column holds. Every row that applies is taken, except that of "
        "rows sharing a *group* only the first that applies is (they are alternatives). "
        "In the outcome tables only the first row that applies counts. A route needs its "
        "own condition's requirements and, for each condition it goes with, that condition "
        "and its requirements (as recorded on each condition's page).\n",
        not_advice,
    ]
    for table_id, heading in _ORDER:
        out.append(_table(rules[table_id], heading, knowledge, cite, condition_link))
    out.append("## What limits every disclosure\n")
    for regime, ids in rules.minimisation.items():
        out.append(f"- Regime `{regime}`: " + ", ".join(condition_link(i) for i in ids))
    out.append(f"\n{_cell(rules.minimisation_reason)}\n")
    out.append("## The golden rules\n")
    out.append(f"{_cell(rules.golden_rules_source)}\n")
    for g in rules.golden_rules:
        out.append(f"{g.number}. {_cell(g.rule)}")
    out.append("")
    return "\n".join(out) + "\n"


def _table(
    table: DecisionTable,
    heading: str,
    knowledge: Knowledge,
    cite: Callable[[str], str],
    condition_link: Callable[[str], str],
) -> str:
    lines = [f"## {heading}\n", f"*{_cell(table.title)}* (`{table.path}`)\n", _cell(table.summary)]
    if table.when:
        lines.append(f"\nThis table is read only when: {_when(table.when)}.")
    if table.citations:
        lines.append("\nRests on: " + ", ".join(cite(c) for c in table.citations) + ".")
    lines.append("")
    lines.append("| # | When | Gives | Rests on | Why | Judgement left |")
    lines.append("|---|---|---|---|---|---|")
    for n, row in enumerate(table.rows, 1):
        group = f" (group `{row.group}`)" if row.group else ""
        gives = _gives(row, knowledge, condition_link)
        lines.append(
            f"| {n}. `{row.id}`{group} | {_when(row.when)} | {gives}"
            f" | {', '.join(cite(c) for c in row.citations)} | {_cell(row.reason)}"
            f" | {_cell(row.judgement)} |"
        )
    if table.none_flag:
        lines.append(f"\nWhen no row gives a route: *{_cell(table.none_flag)}*")
    return "\n".join(lines) + "\n"


def _gives(row: Row, knowledge: Knowledge, condition_link: Callable[[str], str]) -> str:
    parts: list[str] = []
    if row.route is not None:
        needs = route_conditions(knowledge, row)
        route = condition_link(row.route.condition)
        if needs:
            route += " with " + ", ".join(condition_link(c) for c in needs)
        parts.append(route + f": *{_cell(row.why)}*")
        if row.route.supported_by:
            parts.append("supported by: " + ", ".join(row.route.supported_by))
    if row.outcome is not None:
        parts.append(f"**{row.outcome}**")
    if row.step is not None:
        parts.append(f"step: {_cell(row.step.text)}")
    if row.flag is not None:
        parts.append(f"flag: {_cell(row.flag)}")
    return "<br>".join(parts)
