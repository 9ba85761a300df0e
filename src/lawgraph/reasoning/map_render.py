"""A `SharingMap` as an IG lead reads it (text, Markdown) or a spreadsheet takes it (CSV).

Citations are written as people write them (`format_citation`); the JSON form
(``SharingMap.model_dump_json``) keeps the legislation.gov.uk identifiers. Every form
says what is settled by law, what needs judgement, and that it is not legal advice.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from lawgraph.disclaimer import NOT_LEGAL_ADVICE
from lawgraph.reasoning.answer import human_citations
from lawgraph.reasoning.labels import Labels, enum_label, layer_title
from lawgraph.reasoning.scenario import Context, Subject
from lawgraph.reasoning.sharing_map import Direction, MapBasis, MapCell, MapGateway, SharingMap

__all__ = ["SETTLED", "map_csv", "map_markdown", "map_text"]

#: What the map settles and what it leaves to judgement, printed with every form.
SETTLED = (
    "Settled by law: the gateways, Article 6 bases and Article 9/10 routes cited, as the "
    "data records them. Needs your judgement: every step named under 'judgement' "
    "(necessity, proportionality, a condition's own test), and every fact the map does "
    "not know. Ask about the case itself with lawgraph ask before sharing."
)

_KIND_WORDS = {
    "duty": "duty",
    "power": "power",
    "duty-on-request": "duty to comply with a request",
    "function": "statutory function (grounds a public task; names no recipient)",
    "request": "power to require it",
}


def _facts_line(m: SharingMap) -> str:
    return (
        "Each answer is the one `lawgraph ask` gives for that discloser, recipient, purpose "
        f"and category: about {enum_label(Subject(str(m.facts['subject'])))}, consent not in "
        "question, not given in confidence, necessity not yet assessed, in "
        f"{str(m.facts['jurisdiction']).replace('-', ' ').title()}, law as at {m.as_at}."
    )


def _blocks(
    cells: Iterable[MapCell],
) -> Iterator[tuple[tuple[str, str, str, Context], list[MapCell]]]:
    """Consecutive cells of one direction, counterparty, purpose and setting."""
    key: tuple[str, str, str, Context] | None = None
    run: list[MapCell] = []
    for c in cells:
        k = (c.direction.value, c.counterparty, c.question.purpose, c.question.context)
        if k != key and run:
            assert key is not None
            yield key, run
            run = []
        key = k
        run.append(c)
    if run:
        assert key is not None
        yield key, run


def _gateways(cells: list[MapCell], attr: str) -> list[MapGateway]:
    seen: dict[str, MapGateway] = {}
    for c in cells:
        for g in getattr(c, attr):
            seen.setdefault(g.id, g)
    return list(seen.values())


def _bases(cells: list[MapCell], attr: str) -> list[MapBasis]:
    seen: dict[str, MapBasis] = {}
    for c in cells:
        for b in getattr(c, attr) or ():
            seen.setdefault(b.condition, b)
    return list(seen.values())


def _cite(ids: Iterable[str]) -> str:
    return "; ".join(human_citations(ids))


def _setting(purpose: str, context: Context, labels: Labels) -> str:
    name = labels(purpose)
    return name if context is Context.OTHER else f"{name}, on a {enum_label(context)}"


def _heading(m: SharingMap, labels: Labels) -> list[str]:
    lines = [f"Sharing map: {m.name} ({m.holder}), law as at {m.as_at}", "", _facts_line(m)]
    if m.members:
        lines.append(
            f"{m.name} is a grouping: answers are for it as named, as lawgraph ask gives "
            f"them, and a member may hold duties or powers the grouping does not (so its "
            f"answer can be stronger); its members ({', '.join(m.members)}) each have a "
            "map of their own: map the body you mean."
        )
    return lines


def _footer(m: SharingMap) -> list[str]:
    lines = [""]
    if m.no_basis and not m.no_basis_listed:
        lines.append(
            f"{m.no_basis} answers gave no lawful basis identified and are left out "
            "(--all lists them)."
        )
    for holder, why in m.not_in_existence:
        lines.append(f"Left out: {holder}: {why}.")
    lines += [SETTLED, NOT_LEGAL_ADVICE]
    return lines


def _first(ids: tuple[str, ...]) -> str:
    return _cite(ids[:1])


def map_text(m: SharingMap, labels: Labels) -> str:
    """The map as plain text: per direction, each counterparty and purpose, the answer
    for each category and the gateways and bases it rests on (by their own provision);
    then, once each, every gateway with all its citations and conditions and every
    basis with its citations."""
    lines = _heading(m, labels)
    direction: str | None = None
    counterparty: str | None = None
    gateways: dict[str, MapGateway] = {}
    bases: dict[str, MapBasis] = {}
    for (side, other, purpose, context), run in _blocks(m.cells):
        if side != direction:
            direction, counterparty = side, None
            verb = "gives information to" if side == Direction.OUT.value else "receives from"
            lines += ["", f"{m.name} {verb}:"]
        if other != counterparty:
            counterparty = other
            lines += ["", f"  {labels(other)} ({other})"]
        lines.append(f"    {_setting(purpose, context, labels)}")
        for c in run:
            judge = (
                f" (judgement: {', '.join(layer_title(j) for j in c.judgements)})"
                if c.judgements
                else ""
            )
            lines.append(f"      {labels(c.question.category)}: {enum_label(c.outcome)}{judge}")
        for g in _gateways(run, "gateways"):
            gateways.setdefault(g.id, g)
            lines.append(f"      {_KIND_WORDS[g.kind.value]}: {g.title} ({_first(g.citations)})")
        asker = labels(other) if side == Direction.OUT.value else m.name
        for g in _gateways(run, "requested_under"):
            gateways.setdefault(g.id, g)
            lines.append(f"      {asker} can require it: {g.title} ({_first(g.citations)})")
        for title, attr in (
            ("Art 6", "article6"),
            ("Art 9", "article9"),
            ("Art 10", "article10"),
            ("DPA 2018 Part 3", "part3"),
        ):
            for b in _bases(run, attr):
                bases.setdefault(b.condition, b)
                needs = f", with {', '.join(labels(r) for r in b.requires)}" if b.requires else ""
                lines.append(f"      {title}: {b.title} ({_first(b.citations)}){needs}")
    if not m.cells:
        lines += ["", "No answer in the map identifies a lawful basis."]
    if gateways:
        lines += ["", "Gateways cited, with their conditions:"]
        for g in gateways.values():
            lines.append(f"  {g.title} [{g.id}]: {_cite(g.citations)}")
            lines += [f"    - {condition}" for condition in g.conditions]
    if bases:
        lines += ["", "Bases and conditions cited:"]
        for b in bases.values():
            lines.append(f"  {b.title} [{b.condition}]: {_cite(b.citations)}")
    return "\n".join(lines + _footer(m))


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def map_markdown(m: SharingMap, labels: Labels) -> str:
    """The map as Markdown: a heading, the facts, one table per direction."""
    lines = [f"# Sharing map: {m.name}", "", f"> {NOT_LEGAL_ADVICE}", "", _facts_line(m)]
    if m.members:
        lines += ["", _heading(m, labels)[3]]
    for side in (Direction.OUT, Direction.IN):
        cells = [c for c in m.cells if c.direction is side]
        if not cells:
            continue
        verb = "gives information to" if side is Direction.OUT else "receives from"
        lines += [
            "",
            f"## {m.name} {verb}",
            "",
            "| With | Purpose | Category | Outcome | Gateways | Art 6 | Art 9 / Art 10 "
            "| Judgement |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for c in cells:
            gateways = "; ".join(
                f"{g.title} ({_KIND_WORDS[g.kind.value]}; {_cite(g.citations)})" for g in c.gateways
            )
            a6 = "; ".join(f"{b.title} ({_cite(b.citations)})" for b in c.article6)
            routes = "; ".join(
                f"{b.title} ({_cite(b.citations)})"
                for b in (*(c.article9 or ()), *(c.article10 or ()))
            )
            row = (
                labels(c.counterparty),
                _setting(c.question.purpose, c.question.context, labels),
                labels(c.question.category),
                enum_label(c.outcome),
                gateways or "none",
                a6 or "none",
                routes or "n/a",
                ", ".join(layer_title(j) for j in c.judgements) or "none",
            )
            lines.append("| " + " | ".join(_md(v) for v in row) + " |")
    lines += [_md(x) if x else x for x in _footer(m)]
    return "\n".join(lines) + "\n"


#: The columns of `map_csv`.
CSV_COLUMNS = (
    "direction",
    "discloser",
    "recipient",
    "purpose",
    "category",
    "context",
    "outcome",
    "regime",
    "gateways",
    "gateway_kinds",
    "gateway_citations",
    "requested_under",
    "article6",
    "article9",
    "article10",
    "part3",
    "basis_citations",
    "judgements",
)


def map_csv(m: SharingMap) -> str:
    """The map as CSV, one row per cell: ids, and citations as people write them
    (several values in a field are separated by ``; ``). The notice is the last row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)

    def ids(items: Iterable[MapGateway | MapBasis]) -> str:
        return "; ".join(i.id if isinstance(i, MapGateway) else i.condition for i in items)

    for c in m.cells:
        bases = [*c.article6, *(c.article9 or ()), *(c.article10 or ()), *(c.part3 or ())]
        writer.writerow(
            (
                c.direction.value,
                c.question.discloser,
                c.question.recipient,
                c.question.purpose,
                c.question.category,
                c.question.context.value,
                c.outcome.value,
                c.regime.value,
                ids(c.gateways),
                "; ".join(g.kind.value for g in c.gateways),
                _cite(i for g in c.gateways for i in g.citations),
                ids(c.requested_under),
                ids(c.article6),
                ids(c.article9 or ()),
                ids(c.article10 or ()),
                ids(c.part3 or ()),
                _cite(i for b in bases for i in b.citations),
                "; ".join(c.judgements),
            )
        )
    writer.writerow((f"# {NOT_LEGAL_ADVICE} {SETTLED}",))
    return out.getvalue()
