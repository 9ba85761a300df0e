"""The agreement as a document: Markdown, HTML or Word.

One outline (`outline`) of headings, paragraphs, lists and tables is built from the
`Agreement`, and each format writes the same outline, so the three never say different
things. Every format opens with the not-legal-advice notice and says what the law
settles and what is left to judgement; Markdown and HTML end with the machine-readable
block (`lawgraph.embedded`) that ``lawgraph diff --records`` reads, and the Word
document carries the same block as hidden text at its end.

Word output needs the optional ``python-docx`` package (``pip install 'lawgraph[docx]'``).
"""

from __future__ import annotations

import html
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from lawgraph.embedded import embed
from lawgraph.errors import LawgraphError
from lawgraph.knowledge.loader import Knowledge
from lawgraph.reasoning.agreement import Agreement, Basis, Party, Route, outcome_words
from lawgraph.reasoning.answer import human_citations
from lawgraph.reasoning.claims import ClaimCheck, Verdict
from lawgraph.reasoning.determination import LEGISLATION_ID
from lawgraph.reasoning.labels import Labels, enum_label
from lawgraph.reasoning.scenario import Context

__all__ = ["DocxUnavailableError", "Heading", "outline", "to_docx", "to_html", "to_markdown"]

SETTLED_VS_JUDGEMENT = (
    "What is settled by law: which data protection law governs, whether a statutory duty "
    "or power applies to the flow, and, where a Schedule 1 condition is relied on, the need "
    "for an appropriate policy document. What needs judgement: each sharing decision, case "
    "by case: necessity and proportionality, the lawful basis's own tests, confidentiality, "
    "consent and what to share. This section says where the law allows or requires a flow; "
    "it does not decide any case."
)


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Para:
    text: str
    emphasis: bool = False


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass
class _Outline:
    blocks: list[Heading | Para | Bullets | Table] = field(default_factory=list)

    def h(self, level: int, text: str) -> None:
        self.blocks.append(Heading(level, text))

    def p(self, text: str, *, emphasis: bool = False) -> None:
        self.blocks.append(Para(text, emphasis))

    def ul(self, items: Iterator[str] | list[str] | tuple[str, ...]) -> None:
        listed = tuple(items)
        if listed:
            self.blocks.append(Bullets(listed))

    def table(self, header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> None:
        self.blocks.append(Table(header, tuple(rows)))


def _cited(ids: tuple[str, ...] | list[str]) -> str:
    return "; ".join(human_citations(ids)) or "none"


def _yes(value: object) -> str:
    if value is True:
        return "yes"
    return "no" if value is False else str(value)


def _party_row(p: Party) -> tuple[str, ...]:
    public = _yes(p.public_authority)
    if p.public_authority_status.value == "uncertain":
        public += " (uncertain)"
    if p.public_authority_note:
        public += f": {p.public_authority_note.rstrip('.')}"
    competent = _yes(p.competent_authority)
    return (
        p.label,
        p.name,
        f"{public}. Law: {_cited(p.public_authority_citations)}",
        competent
        + (
            f". Law: {_cited(p.competent_authority_citations)}"
            if p.competent_authority_citations
            else ""
        ),
    )


def _route(r: Route) -> str:
    needs = f", with {', '.join(r.requires)}" if r.requires else ""
    return f"{r.title}{needs}. Law: {_cited(r.citations)}"


def _sentences(parts: tuple[str, ...]) -> str:
    # the data's conditions are written one to an entry, some without a full stop
    return "; ".join(p.strip().rstrip(".") for p in parts) + "."


def _basis(o: _Outline, b: Basis, flows: list[str]) -> None:
    o.h(3, f"{b.key}: {outcome_words(b.outcome)}")
    o.p(f"Applies to: {'; '.join(flows)}.")
    o.p(f"Outcome: {outcome_words(b.outcome)}. {b.outcome_reason}")
    o.p(f"Data protection law: {b.regime_text or enum_label(b.regime)}")
    if b.gateways:
        o.p("Duty or power (settled by law):")
        items = []
        for g in b.gateways:
            text = f"{g.title} ({g.kind}). Law: {_cited(g.citations)}."
            if g.conditions:
                text += " Conditions: " + _sentences(g.conditions)
            if g.exceptions:
                text += " Exceptions: " + _sentences(g.exceptions)
            items.append(text)
        o.ul(items)
    else:
        o.p("Duty or power: none of the discloser's gateways in the data applies to this flow.")
    o.p("Lawful basis, UK GDPR Art. 6(1):")
    o.ul([_route(r) for r in b.article6] or ["none identified"])
    if b.special:
        o.p("Special category, criminal offence or law enforcement processing:")
        o.ul([_route(r) for r in b.special])
    o.p(
        "Appropriate policy document: needed (DPA 2018 Sch. 1 Part 4) for "
        + "; ".join(b.policy_document)
        + "."
        if b.policy_document
        else "Appropriate policy document: not needed by the conditions identified."
    )
    o.p("Settled by law: " + ("; ".join(b.settled) or "nothing on these facts") + ".")
    o.p("Needs judgement for each decision:")
    o.ul(b.judgements or ("nothing left open on these facts",))
    o.p("Record for each decision (golden rule 7):")
    o.ul(b.record)
    if b.flags:
        o.p("Flags:")
        o.ul(b.flags)
    if b.uncertain:
        o.p("Data marked uncertain that this basis relies on:")
        o.ul(b.uncertain)


def _claim(c: ClaimCheck, name: Labels) -> str:
    said = f"{c.claim.label} holds a duty under {c.claim.written}"
    src = f" ({c.claim.source})" if c.claim.source else ""
    if c.verdict is Verdict.CONFIRMED:
        return f"Confirmed: {said}{src}: " + "; ".join(
            f"{g.title}. Law: {_cited(g.citations)}" for g in c.recorded
        )
    if c.verdict is Verdict.NOT_IN_DATA:
        return (
            f"Not checked: {said}{src}: no gateway in lawgraph's data rests on "
            f"{_cited([c.claim.provision])}, so lawgraph cannot confirm or refute it."
        )
    why = "; ".join(
        f"{g.title} ({_cited(g.citations)}): {', '.join(g.reasons)}" for g in c.recorded
    )
    instead = (
        "The provision that applies instead: "
        + "; ".join(f"{g.title}. Law: {_cited(g.citations)}" for g in c.instead)
        if c.instead
        else "The data records no provision of the same kind that applies to it instead."
    )
    word = "Not in force" if c.verdict is Verdict.NOT_IN_FORCE else "Not given by the statute"
    return f"{word}: {said}{src}. {why}. {instead}"


def outline(agreement: Agreement, knowledge: Knowledge) -> list[Heading | Para | Bullets | Table]:
    """The agreement's headings, paragraphs, lists and tables, in order."""
    name = Labels.of(knowledge)
    p = agreement.partnership
    o = _Outline()
    o.h(1, f"Information sharing agreement: lawful basis. {p.name}")
    o.p(agreement.not_legal_advice, emphasis=True)
    o.p(
        f"Area: {p.area} ({p.jurisdiction.value}). Law as at {p.as_at.isoformat()}. "
        f"Each flow is asked about {enum_label(p.subject)}, "
        f"consent: {enum_label(p.consent)}, "
        + (
            "information given in confidence"
            if p.in_confidence
            else "information not given in confidence"
        )
        + ". Generated by lawgraph "
        f"{agreement.lawgraph_version} from data sha256 {agreement.data_fingerprint}."
    )
    o.h(2, "What is settled and what needs judgement")
    o.p(SETTLED_VS_JUDGEMENT)
    o.h(2, "Parties")
    o.table(
        (
            "Party",
            "Kind of body",
            "Public authority (DPA 2018 s.7)",
            "Competent authority (DPA 2018 Part 3)",
        ),
        [_party_row(x) for x in agreement.parties],
    )
    o.h(2, "Flows")
    o.p(
        "Every flow between the parties, for each purpose and data category, as the reasoner "
        "answers it. The basis column names the lawful basis described under Lawful bases."
    )
    by_basis: dict[int, list[str]] = {}
    for member in p.members:
        rows = []
        for f in agreement.flows:
            if f.discloser != member.label:
                continue
            context = Context(f.context)
            purpose = name(f.purpose) + (
                "" if context is Context.OTHER else f" ({enum_label(context)})"
            )
            if f.basis is None:
                rows.append(
                    (f.recipient, purpose, name(f.category), "not asked", "", f.not_asked or "")
                )
                continue
            b = agreement.basis(f.basis)
            by_basis.setdefault(f.basis, []).append(
                f"{f.discloser} to {f.recipient}, {name(f.purpose)}, {name(f.category)}"
            )
            rows.append(
                (
                    f.recipient,
                    purpose,
                    name(f.category),
                    outcome_words(b.outcome),
                    ", ".join(b.kinds) or "none",
                    b.key,
                )
            )
        o.h(3, f"From {member.label}")
        o.table(("To", "Purpose", "Category", "Outcome", "Duty or power", "Basis"), rows)
    o.h(2, "Lawful bases")
    for b in agreement.bases:
        _basis(o, b, by_basis.get(b.number, []))
    if agreement.claims:
        o.h(2, "Claims checked against the statute")
        o.p(
            "Each statement in the partnership file that a party holds a duty under a "
            "provision, checked against the holders the data records for that provision."
        )
        o.ul([_claim(c, name) for c in agreement.claims])
    o.h(2, "When to review this agreement")
    o.p(
        "Review this section when any provision below changes or comes into force: "
        "lawgraph diff OLD NEW --records FOLDER lists this agreement when one of them is "
        "touched by a change (the agreement carries them in a machine-readable block)."
    )
    o.ul(human_citations(agreement.review_provisions))
    o.p(agreement.not_legal_advice, emphasis=True)
    return o.blocks


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def to_markdown(agreement: Agreement, knowledge: Knowledge) -> str:
    """The agreement as Markdown, ending with its machine-readable block."""
    lines: list[str] = []
    for block in outline(agreement, knowledge):
        if isinstance(block, Heading):
            lines += ["#" * block.level + " " + block.text, ""]
        elif isinstance(block, Para):
            lines += [f"_{block.text}_" if block.emphasis else block.text, ""]
        elif isinstance(block, Bullets):
            lines += [f"- {item}" for item in block.items] + [""]
        else:
            lines.append("| " + " | ".join(block.header) + " |")
            lines.append("|" + "---|" * len(block.header))
            lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in block.rows]
            lines.append("")
    lines += [embed(agreement.machine_readable()), ""]
    return "\n".join(lines)


_CSS = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
    "line-height:1.45}table{border-collapse:collapse;margin:0 0 1rem}th,td{border:1px solid "
    "#999;padding:.25rem .5rem;text-align:left;vertical-align:top}th{background:#eee}"
    ".notice{font-style:italic}"
)


def to_html(agreement: Agreement, knowledge: Knowledge) -> str:
    """The agreement as one self-contained HTML page, with its machine-readable block."""
    e = html.escape
    title = e(f"Information sharing agreement: {agreement.partnership.name}")
    out = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        f'<head><meta charset="utf-8"><title>{title}</title><style>{_CSS}</style></head>',
        "<body>",
    ]
    for block in outline(agreement, knowledge):
        if isinstance(block, Heading):
            out.append(f"<h{block.level}>{e(block.text)}</h{block.level}>")
        elif isinstance(block, Para):
            cls = ' class="notice"' if block.emphasis else ""
            out.append(f"<p{cls}>{e(block.text)}</p>")
        elif isinstance(block, Bullets):
            out.append("<ul>" + "".join(f"<li>{e(i)}</li>" for i in block.items) + "</ul>")
        else:
            head = "".join(f"<th>{e(h)}</th>" for h in block.header)
            body = "".join(
                "<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in block.rows
            )
            out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    links = "".join(
        f'<li><a href="{e(LEGISLATION_ID + c)}">{e(c)}</a></li>'
        for c in agreement.review_provisions
    )
    out += [
        "<details><summary>Provisions by identifier</summary>",
        f"<ul>{links}</ul></details>",
        embed(agreement.machine_readable()),
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(out)


class DocxUnavailableError(LawgraphError):
    """Word output was asked for but python-docx is not installed."""


def to_docx(agreement: Agreement, knowledge: Knowledge) -> bytes:
    """The agreement as a Word document (.docx bytes).

    Raises:
        DocxUnavailableError: python-docx is not installed.
    """
    try:
        import docx  # python-docx
    except ImportError:
        raise DocxUnavailableError(
            "Word output needs python-docx: pip install 'lawgraph[docx]'"
        ) from None
    document = docx.Document()
    for block in outline(agreement, knowledge):
        if isinstance(block, Heading):
            document.add_heading(block.text, level=min(block.level, 9))
        elif isinstance(block, Para):
            para = document.add_paragraph()
            run = para.add_run(block.text)
            run.italic = block.emphasis
        elif isinstance(block, Bullets):
            for item in block.items:
                document.add_paragraph(item, style="List Bullet")
        else:
            table = document.add_table(rows=1, cols=len(block.header))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, block.header, strict=True):
                cell.text = text
            for row in block.rows:
                cells = table.add_row().cells
                for cell, text in zip(cells, row, strict=True):
                    cell.text = text
    # the machine-readable block, as hidden text, so lawgraph diff --records finds it
    hidden = document.add_paragraph().add_run(embed(agreement.machine_readable()))
    hidden.font.hidden = True
    document.core_properties.title = f"Information sharing agreement: {agreement.partnership.name}"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
