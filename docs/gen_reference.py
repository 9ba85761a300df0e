"""Generate the Reference section of the docs site from ``data/`` and the statutes held.

Run by mkdocs-gen-files at build time (see ``mkdocs.yml``). It writes, under
``reference/``:

- one page per gateway, duty holder and lawful-basis condition;
- index tables an IG lead can scan: gateways by statute, holders A-Z, conditions by
  framework;
- the JSON schemas of a scenario, a determination and a partnership file, under
  ``schemas/`` at the address each schema's ``$id`` names, and a page listing them.

Everything legal on these pages comes from the curated knowledge files (in the curators'
words), from the legislation.gov.uk text held locally (quoted, with its version date), or
from the verbatim reference text (``../shared/statute-text``: quoted, naming the file and
saying whether it is the current text or only the words as inserted or as made). Each
citation says which source proved its anchor. Nothing is written here by hand.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import IO

import mkdocs_gen_files

from lawgraph.disclaimer import NOT_LEGAL_ADVICE
from lawgraph.errors import CorpusNotFoundError, LawgraphError
from lawgraph.knowledge.loader import Knowledge, load_knowledge
from lawgraph.knowledge.models import ANY, Condition, DutyHolder, Gateway, Status
from lawgraph.knowledge.proof import CitationCheck, Outcome, ProofReport, ProofSource, prove
from lawgraph.legislation.citations import format_citation
from lawgraph.legislation.corpus import Corpus
from lawgraph.legislation.pointintime import provision_on
from lawgraph.legislation.reference_text import ReferenceText, load_reference_text
from lawgraph.reasoning.schemas import schema_documents
from lawgraph.settings import data_dir, legislation_dirs, reference_text_dir

LGU = "https://www.legislation.gov.uk/"
TODAY = dt.date.today()

# the one notice every output carries (lawgraph.disclaimer), then what is particular to
# a generated page
NOT_ADVICE = (
    '!!! warning "Not legal advice"\n'
    f"    {NOT_LEGAL_ADVICE} This page is generated from lawgraph's curated data and the "
    "legislation held; check the current text on legislation.gov.uk.\n"
)

_TriFlag = bool | str


def esc(text: str | None) -> str:
    """Text safe inside a Markdown table cell or paragraph."""
    if not text:
        return ""
    return " ".join(text.split()).replace("|", "\\|").replace("<", "&lt;")


def cite(identifier: str) -> str:
    """A citation as practitioners write it, linked to legislation.gov.uk."""
    try:
        label = format_citation(identifier)
    except LawgraphError:
        label = identifier
    return f"[{esc(label)}]({LGU}{identifier})"


def yes_no(value: _TriFlag | None) -> str:
    if value is None:
        return "not stated"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def status_badge(status: Status, reason: str | None) -> str:
    if status is Status.VERIFIED:
        return "**verified** (every citation's wording was read on legislation.gov.uk)"
    return f"**uncertain**: {esc(reason)}"


class Texts:
    """Provision text from the statutes held, looked up once per identifier; where the
    XML is not held, the reference-text copy that proved the citation."""

    def __init__(self, corpus: Corpus | None, reference: ReferenceText | None = None) -> None:
        self.corpus = corpus
        self.reference = reference
        self._cache: dict[str, str | None] = {}

    def block(self, identifier: str, check: CitationCheck | None = None) -> str:
        """The held text and its version as a collapsible note, or a 'not held' line."""
        if identifier not in self._cache:
            self._cache[identifier] = self._lookup(identifier)
        found = self._cache[identifier]
        if found is None and check is not None and check.reference is not None:
            found = self._reference_block(identifier, check)
        return found if found is not None else "    *Text not held locally: follow the link.*\n"

    def _reference_block(self, identifier: str, check: CitationCheck) -> str | None:
        ref = check.reference
        if self.reference is None or ref is None:
            return None
        copies = [c for c in self.reference.copies_for(identifier) if str(c.path) == ref.file]
        found = [p for c in copies for p in c.provisions(identifier) if p.line == ref.line]
        if not found:
            return None
        body = "\n".join(f"        {line}" for line in found[0].render().splitlines())
        name = ref.file.rsplit("/", 1)[-1]
        return (
            f'    ??? quote "Reference text ({esc(name)}, line {ref.line}: {esc(ref.caveat)})"\n'
            f"        ```text\n{body}\n        ```\n"
            "        A verbatim copy, not the official text: check it on legislation.gov.uk.\n"
        )

    def _lookup(self, identifier: str) -> str | None:
        if self.corpus is None:
            return None
        try:
            answer = provision_on(self.corpus, identifier, TODAY)
        except LawgraphError:
            return None
        if answer.provision is None:
            return None
        version = answer.version or "unknown version"
        lines = answer.provision.render().splitlines()
        body = "\n".join(f"        {line}" for line in lines)
        return (
            f'    ??? quote "Text held (version {esc(version)}; on {TODAY.isoformat()}: '
            f'{esc(answer.status.value)})"\n'
            f"        ```text\n{body}\n        ```\n"
            f"        {esc(answer.explanation)}\n"
        )


class Proofs:
    """What `lawgraph check` found for each citation, to say on the pages."""

    def __init__(self, report: ProofReport) -> None:
        self._by: dict[tuple[str, str, str, str | None], CitationCheck] = {
            (c.kind, c.entry, c.identifier, c.anchor): c for c in report.checks
        }

    def get(
        self, kind: str, entry: str, identifier: str, anchor: str | None
    ) -> CitationCheck | None:
        return self._by.get((kind, entry, identifier, anchor))

    def label(self, check: CitationCheck | None) -> str:
        """Which source proved the citation, in a few words."""
        if check is None:
            return "not checked"
        if check.outcome in (Outcome.VERIFIED, Outcome.NO_ANCHOR):
            what = "proved" if check.outcome is Outcome.VERIFIED else "exists (no anchor to prove)"
            if check.source is ProofSource.XML:
                version = f", version {check.version}" if check.version else ""
                return f"{what} against the legislation.gov.uk XML{version}"
            if check.reference is not None:
                name = check.reference.file.rsplit("/", 1)[-1]
                return f"{what} against reference text `{name}` ({esc(check.reference.caveat)})"
        if check.outcome is Outcome.NOT_HELD:
            return "not proved: the text is not held"
        return f"**not proved** ({check.outcome.value})"


def citations_section(
    out: IO[str],
    refs: Iterable[tuple[str, str | None]],
    texts: Texts,
    proofs: Proofs | None = None,
    kind: str = "",
    entry: str = "",
) -> None:
    out.write("## Provisions cited\n\n")
    for identifier, anchor in refs:
        quote = f' — anchor: "{esc(anchor)}"' if anchor else " — no verbatim anchor recorded"
        check = proofs.get(kind, entry, identifier, anchor) if proofs else None
        proved = f" — {proofs.label(check)}" if proofs else ""
        out.write(f"- {cite(identifier)}{quote}{proved}\n\n")
        out.write(texts.block(identifier, check))
        out.write("\n")


def holder_link(k: Knowledge, holder_id: str, prefix: str = "../holders/") -> str:
    if holder_id == ANY:
        return "any person"
    h = k.holders.get(holder_id)
    return f"[{esc(h.name if h else holder_id)}]({prefix}{holder_id}.md)"


def gateway_link(k: Knowledge, gateway_id: str, prefix: str = "../gateways/") -> str:
    return f"[{esc(k.gateways[gateway_id].title)}]({prefix}{gateway_id}.md) (`{gateway_id}`)"


def condition_link(k: Knowledge, condition_id: str, prefix: str = "../conditions/") -> str:
    c = k.conditions.get(condition_id)
    return f"[{esc(c.title if c else condition_id)}]({prefix}{condition_id}.md)"


def bullets(out: IO[str], items: Iterable[str], empty: str = "None recorded.") -> None:
    items = list(items)
    if not items:
        out.write(f"{empty}\n\n")
        return
    for item in items:
        out.write(f"- {item}\n")
    out.write("\n")


# -- gateway pages ----------------------------------------------------------------------


def gateway_page(k: Knowledge, g: Gateway, texts: Texts, proofs: Proofs | None = None) -> None:
    document = k.gateway_documents.get(g.id, "")
    with mkdocs_gen_files.open(f"reference/gateways/{g.id}.md", "w") as out:
        out.write(f"# {esc(g.title)}\n\n")
        out.write(f"`{g.id}` · {cite(document) if document else ''}\n\n")
        out.write(NOT_ADVICE + "\n")
        out.write(f"{esc(g.summary)}\n\n")
        rows = [
            ("Nature", g.nature.value.replace("_", " ")),
            ("Status", status_badge(g.status, g.status_reason)),
            ("Commencement", g.commencement.value.replace("_", " ")),
            ("In force from", g.in_force_from or "not recorded"),
            ("In force to", g.in_force_to or "not recorded"),
            ("Extent (statutory)", g.extent or "not recorded"),
            ("Applies to (curators' judgement)", ", ".join(j.value for j in g.applies_to)),
            (
                "UK GDPR Art 6(1) points it can support",
                ", ".join(f"({a.value})" for a in g.article6) or "none recorded",
            ),
            ("Information", esc(g.information)),
        ]
        out.write("| field | value |\n|---|---|\n")
        for label, value in rows:
            out.write(f"| {label} | {value} |\n")
        out.write("\n## Who holds it\n\n")
        bullets(out, (holder_link(k, h) for h in g.holders))
        out.write("## Who receives\n\n")
        bullets(out, (holder_link(k, h) for h in g.recipients), "No recipient named.")
        out.write("## Purposes\n\n")
        bullets(out, (f"{esc(k.purposes[p].title)} (`{p}`)" for p in g.purposes))
        out.write("## Conditions\n\n")
        bullets(out, (esc(c) for c in g.conditions))
        out.write("## Exceptions\n\n")
        bullets(out, (esc(e) for e in g.exceptions))
        citations_section(
            out, ((c.id, c.anchor) for c in g.citations), texts, proofs, "gateway", g.id
        )
        if g.notes:
            out.write(f"## Curators' notes\n\n{esc(g.notes)}\n")


def gateways_index(k: Knowledge) -> None:
    by_statute: dict[str, list[Gateway]] = defaultdict(list)
    for g in k.gateways.values():
        by_statute[k.gateway_documents.get(g.id, "")].append(g)
    with mkdocs_gen_files.open("reference/gateways.md", "w") as out:
        out.write("# Gateways by statute\n\n")
        out.write(
            f"{len(k.gateways)} information-sharing gateways in {len(by_statute)} statutes. "
            "*Status* is **verified** when every citation's wording was read on "
            "legislation.gov.uk; **uncertain** entries say why on their page.\n\n"
        )
        out.write(NOT_ADVICE + "\n")
        for document in sorted(by_statute, key=lambda d: format_citation(d) if d else ""):
            out.write(f"## {cite(document)}\n\n")
            out.write("| gateway | nature | commencement | status |\n|---|---|---|---|\n")
            for g in by_statute[document]:
                out.write(
                    f"| {gateway_link(k, g.id, 'gateways/')} | "
                    f"{g.nature.value.replace('_', ' ')} | "
                    f"{g.commencement.value.replace('_', ' ')} | {g.status.value} |\n"
                )
            out.write("\n")


# -- holder pages -----------------------------------------------------------------------


def _via(k: Knowledge, h: DutyHolder, listed: Iterable[str]) -> str:
    """'directly' or 'as a kind of X' for how `h` comes to hold or receive."""
    listed = set(listed)
    if h.id in listed:
        return "directly"
    through = [a for a in k.ancestors(h.id) if a in listed]
    return "as " + ", ".join(holder_link(k, a, "") for a in through) if through else ""


def holder_page(
    k: Knowledge, h: DutyHolder, art6: Callable[[str], str], proofs: Proofs | None = None
) -> None:
    with mkdocs_gen_files.open(f"reference/holders/{h.id}.md", "w") as out:
        out.write(f"# {esc(h.name)}\n\n`{h.id}`")
        if h.aliases:
            out.write(" · also called " + ", ".join(f"*{esc(a)}*" for a in h.aliases))
        out.write(f"\n\n{esc(h.summary)}\n\n")
        out.write(NOT_ADVICE + "\n")
        parents = ", ".join(holder_link(k, p, "") for p in h.is_a) or "nothing (top level)"
        kinds = ", ".join(holder_link(k, d, "") for d in k.descendants(h.id)) or "none"
        out.write("| field | value |\n|---|---|\n")
        out.write(f"| A kind of | {parents} |\n| Kinds of it | {kinds} |\n")
        out.write(f"| Public authority (UK GDPR) | {yes_no(h.public_authority)} |\n")
        basis = h.public_authority_basis
        rests = ", ".join(esc(format_citation(c.id)) for c in basis.citations)
        if basis.scope:
            rests += f"; only {esc(basis.scope)}"
        if basis.reason:
            rests += f". {esc(basis.reason)}"
        out.write(f"| Public authority: rests on | {rests} ({basis.status.value}) |\n")
        out.write(f"| Competent authority (DPA 2018 Part 3) | {yes_no(h.competent_authority)} |\n")
        out.write(f"| Status | {status_badge(h.status, h.status_reason)} |\n\n")
        out.write("## What the public authority flag means for Article 6\n\n")
        out.write(art6(yes_no(h.public_authority)) + "\n\n")
        held = k.gateways_held_by(h.id, include_any=False)
        received = k.gateways_received_by(h.id, include_any=False)
        out.write(f"## Gateways it holds ({len(held)})\n\n")
        bullets(
            out,
            (f"{gateway_link(k, g.id)} — {_via(k, h, g.holders)}" for g in held),
            "None recorded (other than those any person holds).",
        )
        out.write(f"## Gateways it receives under ({len(received)})\n\n")
        bullets(
            out,
            (f"{gateway_link(k, g.id)} — {_via(k, h, g.recipients)}" for g in received),
            "None recorded (other than those open to any recipient).",
        )
        anyone = [g.id for g in k.gateways.values() if ANY in g.holders]
        if anyone:
            out.write("Gateways any person holds also apply: ")
            out.write(", ".join(gateway_link(k, g) for g in anyone) + ".\n\n")
        if h.citations:
            out.write("## Where the law names it\n\n")
            named = [
                (f'{cite(c.id)} — "{esc(c.anchor)}"' if c.anchor else cite(c.id))
                + (
                    f" — {proofs.label(proofs.get('holder', h.id, c.id, c.anchor))}"
                    if proofs
                    else ""
                )
                for c in h.citations
            ]
            bullets(out, named)
        if h.notes:
            out.write(f"## Curators' notes\n\n{esc(h.notes)}\n")


def art6_explainer(k: Knowledge) -> Callable[[str], str]:
    """The Art 6(1)(e)/(f) summaries from data/bases, framed by the holder's flag."""
    e = k.conditions.get("uk-gdpr-art6-1-e")
    f = k.conditions.get("uk-gdpr-art6-1-f")

    def text(flag: str) -> str:
        parts = [f"lawgraph records this holder's public authority flag as **{flag}**."]
        if e is not None:
            parts.append(f"{condition_link(k, e.id)}: {esc(e.summary)}")
        if f is not None:
            parts.append(f"{condition_link(k, f.id)}: {esc(f.summary)}")
        parts.append(
            "The flag is the curators' reading of "
            f"{cite('ukpga/2018/12/section/7')} (see the note in `data/holders.yaml`); "
            "`depends` means it turns on the body or the function."
        )
        return "\n\n".join(parts)

    return text


def holders_index(k: Knowledge) -> None:
    with mkdocs_gen_files.open("reference/holders.md", "w") as out:
        out.write("# Duty holders A to Z\n\n")
        out.write(
            f"{len(k.holders)} holders. A holder also holds every gateway of what it is a "
            "kind of (*is a*).\n\n"
        )
        out.write("| holder | a kind of | public authority | holds | receives |\n")
        out.write("|---|---|---|---|---|\n")
        for h in sorted(k.holders.values(), key=lambda h: h.name.lower()):
            parents = ", ".join(holder_link(k, p, "holders/") for p in h.is_a)
            out.write(
                f"| {holder_link(k, h.id, 'holders/')} | {parents} | "
                f"{yes_no(h.public_authority)} | "
                f"{len(k.gateways_held_by(h.id, include_any=False))} | "
                f"{len(k.gateways_received_by(h.id, include_any=False))} |\n"
            )


# -- condition pages --------------------------------------------------------------------


def condition_page(k: Knowledge, c: Condition, texts: Texts, proofs: Proofs | None = None) -> None:
    with mkdocs_gen_files.open(f"reference/conditions/{c.id}.md", "w") as out:
        out.write(f"# {esc(c.title)}\n\n`{c.id}` · framework `{c.framework.value}` · ")
        out.write(f"regime `{c.regime.value}`\n\n{esc(c.summary)}\n\n")
        out.write(NOT_ADVICE + "\n")
        out.write("| field | value |\n|---|---|\n")
        out.write(f"| Consent | {c.consent.value.replace('-', ' ')} |\n")
        out.write(
            f"| Needs an appropriate policy document | {yes_no(c.appropriate_policy_document)} |\n"
        )
        out.write(f"| Public authorities only | {yes_no(c.public_authority_only)} |\n")
        out.write(f"| In force from | {c.in_force_from or 'not recorded'} |\n")
        out.write(f"| Status | {status_badge(c.status, c.status_reason)} |\n\n")
        out.write("## Tests\n\n")
        out.write(
            "*Settled* means the law answers it; *judgement* means the practitioner must "
            "decide it on the facts and record why.\n\n"
        )
        if c.tests:
            out.write("| test | settled or judgement | provision | anchor |\n|---|---|---|---|\n")
            for t in c.tests:
                kind = "judgement" if t.judgement else "settled"
                anchor = f'"{esc(t.anchor)}"' if t.anchor else "no verbatim anchor recorded"
                if proofs is not None:
                    check = proofs.get("condition", c.id, t.citation, t.anchor)
                    anchor += f" — {proofs.label(check)}"
                out.write(f"| {esc(t.text)} | {kind} | {cite(t.citation)} | {anchor} |\n")
            out.write("\n")
        else:
            out.write("None recorded.\n\n")
        out.write("## Also needs\n\n")
        bullets(out, (condition_link(k, r, "") for r in c.requires))
        citations_section(
            out, ((r.id, r.anchor) for r in c.citations), texts, proofs, "condition", c.id
        )
        if c.notes:
            out.write(f"## Curators' notes\n\n{esc(c.notes)}\n")


def conditions_index(k: Knowledge) -> None:
    by_framework: dict[str, list[Condition]] = defaultdict(list)
    for c in k.conditions.values():
        by_framework[c.framework.value].append(c)
    with mkdocs_gen_files.open("reference/conditions.md", "w") as out:
        out.write("# Lawful-basis conditions\n\n")
        out.write(f"{len(k.conditions)} conditions, by framework.\n\n")
        for framework, items in by_framework.items():
            out.write(f"## `{framework}`\n\n| condition | consent | status |\n|---|---|---|\n")
            for c in items:
                out.write(
                    f"| {condition_link(k, c.id, 'conditions/')} | "
                    f"{c.consent.value.replace('-', ' ')} | {c.status.value} |\n"
                )
            out.write("\n")


def reference_index(
    k: Knowledge,
    corpus: Corpus | None,
    report: ProofReport | None = None,
    reference: ReferenceText | None = None,
) -> None:
    held = corpus.document_ids() if corpus is not None else []
    with mkdocs_gen_files.open("reference/index.md", "w") as out:
        out.write("# Reference\n\n")
        out.write(
            "Generated at build time from `data/` and the legislation held "
            f"({len(held)} documents held whole), on {TODAY.isoformat()}.\n\n"
        )
        out.write(f"- [Gateways by statute](gateways.md): {len(k.gateways)} gateways\n")
        out.write(f"- [Duty holders A to Z](holders.md): {len(k.holders)} holders\n")
        out.write(f"- [Lawful-basis conditions](conditions.md): {len(k.conditions)} conditions\n")
        out.write("- [How an answer is decided](decision-tables.md): the decision tables\n")
        out.write(
            "- [JSON schemas](schemas.md): a scenario, a determination and a partnership file\n\n"
        )
        if report is not None:
            by = report.proved_by()
            counts = report.counts()
            copies = f" ({len(reference.copies)} verbatim copies)" if reference else ""
            out.write(
                f"Of {len(report.checks)} citations, {by[ProofSource.XML]} anchors were proved "
                "against the legislation.gov.uk XML held and "
                f"{by[ProofSource.REFERENCE_TEXT]} against the reference text{copies}; "
                f"{len(report.not_current())} of those only against text that is not the "
                "current revised text (as inserted or as made), so the current wording may "
                f"differ; {counts[Outcome.NOT_HELD]} could not be checked and "
                f"{len(report.failures())} failed. Each citation on these pages says which "
                "source proved it.\n\n"
            )
            not_held_section(out, report)
        out.write(NOT_ADVICE)


def not_held_section(out: IO[str], report: ProofReport) -> None:
    """Each citation that could not be checked, by the document to fetch, with the reason."""
    by_document = report.not_held_by_document()
    if not by_document:
        return
    out.write("## Citations not proved\n\n")
    out.write(
        "Neither the XML held nor the reference text has these provisions (or a usable copy "
        "of them), so their anchors are unverified. Fetching the document named lets "
        "`lawgraph check` prove them.\n\n"
    )
    for checks in by_document.values():
        out.write(f"### `{checks[0].fetch_command}` ({len(checks)} citations)\n\n")
        out.write("| entry | provision | why not proved |\n|---|---|---|\n")
        for c in checks:
            out.write(f"| {c.kind} `{c.entry}` | {cite(c.identifier)} | {esc(c.reason)} |\n")
        out.write("\n")


def main() -> None:
    knowledge = load_knowledge(data_dir())
    try:
        corpus: Corpus | None = Corpus(legislation_dirs())
    except CorpusNotFoundError:
        corpus = None
    ref_dir = reference_text_dir()
    reference = load_reference_text(ref_dir) if ref_dir is not None else None
    report = prove(knowledge, corpus, reference=reference)
    proofs = Proofs(report)
    texts = Texts(corpus, reference)
    art6 = art6_explainer(knowledge)
    for g in knowledge.gateways.values():
        gateway_page(knowledge, g, texts, proofs)
    for h in knowledge.holders.values():
        holder_page(knowledge, h, art6, proofs)
    for c in knowledge.conditions.values():
        condition_page(knowledge, c, texts, proofs)
    gateways_index(knowledge)
    holders_index(knowledge)
    conditions_index(knowledge)
    reference_index(knowledge, corpus, report, reference)
    decision_tables_page(knowledge)
    schemas_page()


def decision_tables_page(k: Knowledge) -> None:
    """How an answer is decided: the decision tables of data/rules, as the rules read them."""
    from lawgraph.reasoning.rules.tables_page import render

    with mkdocs_gen_files.open("reference/decision-tables.md", "w") as out:
        out.write(render(k, cite, lambda c: condition_link(k, c, "conditions/"), NOT_ADVICE))


#: What a scenario field with no description of its own takes, as ``lawgraph ask --help``
#: puts it.
_FIELD_HINTS = {
    "discloser": "Who holds the information: a holder id, name or alias (`lawgraph holders`).",
    "recipient": "Who would receive it: a holder id, name or alias (`lawgraph holders`).",
    "categories": "The data categories: ids or titles (`lawgraph categories`), at least one.",
    "purpose": "Why it would be shared: a purpose id or title (`lawgraph purposes`).",
    "in_confidence": "The information was given in confidence (true or false).",
}


def field_value(schema: dict[str, object], field: dict[str, object]) -> str:
    """What a schema property holds, in words: its description, allowed values or type."""
    for key in ("anyOf", "allOf"):
        options = field.get(key)
        if isinstance(options, list):
            parts = [field_value(schema, o) for o in options if o.get("type") != "null"]
            return " or ".join(p for p in parts if p) + ("; may be null" if key == "anyOf" else "")
    ref = field.get("$ref") or (
        field["items"].get("$ref") if isinstance(field.get("items"), dict) else None
    )
    if isinstance(ref, str):
        defs = schema.get("$defs")
        target = defs.get(ref.rsplit("/", 1)[-1], {}) if isinstance(defs, dict) else {}
        enum = target.get("enum")
        words = str(target.get("description", ""))
        if enum:
            words += " One of: " + ", ".join(f"`{v}`" for v in enum) + "."
        return ("a list of: " if "items" in field else "") + words.strip()
    kind = field.get("type", "")
    fmt = f" ({field['format']})" if "format" in field else ""
    return f"{field.get('description', '')} {kind}{fmt}".strip()


def schemas_page() -> None:
    """Publish each JSON schema at the address its ``$id`` names, and list them."""
    documents = schema_documents()
    for filename, text in documents.items():
        with mkdocs_gen_files.open(f"schemas/{filename}", "w") as out:
            out.write(text)
    with mkdocs_gen_files.open("reference/schemas.md", "w") as out:
        out.write("# JSON schemas\n\n")
        out.write(
            "The shapes of what `lawgraph ask` reads (a scenario, from `--file` or the "
            "Python `Scenario`) and what it writes with `--json` (a determination), as "
            "JSON Schema (draft 2020-12), generated from the models lawgraph uses, and the "
            "partnership file `lawgraph protocol` reads. Each "
            "schema's `$id` is the address it is published at here.\n\n"
        )
        out.write("| schema | `$id` | what it describes |\n|---|---|---|\n")
        for filename, text in documents.items():
            schema = json.loads(text)
            summary = esc(str(schema.get("description", "")).split("\n\n")[0])
            out.write(
                f"| [{esc(schema.get('title', filename))}](../schemas/{filename}) | "
                f"`{schema['$id']}` | {summary} |\n"
            )
        scenario = json.loads(documents["scenario.schema.json"])
        required = set(scenario.get("required", ()))
        out.write("\n## The fields of a scenario\n\n| field | required | value |\n|---|---|---|\n")
        for name, field in scenario["properties"].items():
            need = "yes" if name in required else "no"
            value = _FIELD_HINTS.get(name) or field_value(scenario, field)
            out.write(f"| `{name}` | {need} | {esc(value)} |\n")
        out.write("\n" + NOT_ADVICE)


main()
