"""A `Determination` as an IG lead reads it: the text ``lawgraph ask`` prints.

It opens with the outcome in one plain sentence, then takes each layer of the reasoning
in turn in plain English with citations as people write them (`format_citation`), then
lists what the law settles and, as a checklist, what the practitioner must judge, then the
seven golden rules, and ends with the not-legal-advice notice. Identifiers, statute quotes
and the gateways considered and rejected are shown only when asked for (``verbose``);
the JSON output has them all. Nothing here reads the curators' notes: an answer is made
only from the determination's own fields.

Colour is optional and is only ever added (ANSI bold and colour codes); without it the
text is plain.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable

from lawgraph.errors import LawgraphError
from lawgraph.knowledge.applicability import Role
from lawgraph.legislation.citations import format_citation
from lawgraph.legislation.identifiers import LegislationId
from lawgraph.reasoning.determination import Determination, Outcome, Step
from lawgraph.reasoning.labels import Labels, enum_label, layer_title
from lawgraph.reasoning.scenario import Use
from lawgraph.reasoning.texts import StatuteTexts, document_of

__all__ = ["WIDTH", "human_citations", "outcome_sentence", "render_answer"]

#: Lines are wrapped to this many characters.
WIDTH = 88

_NBSP = "\u00a0"
_SPACES = re.compile(r"[ \t\r\n]+")
_BOLD, _DIM, _RED, _GREEN, _YELLOW, _CYAN = "1", "2", "31", "32", "33", "36"
_OUTCOME_COLOUR = {
    Outcome.SHARE_ON_DUTY: _GREEN,
    Outcome.MAY_SHARE: _GREEN,
    Outcome.MAY_SHARE_IF_JUDGEMENT: _YELLOW,
    Outcome.NO_LAWFUL_BASIS_IDENTIFIED: _RED,
    Outcome.NEEDS_REVIEW: _RED,
    Outcome.SUBJECT_ACCESS_REQUEST: _YELLOW,
}


def outcome_sentence(d: Determination, labels: Labels) -> str:
    """The answer in one plain sentence, naming who shares with whom (or, for an onward
    use, who would use the information and for what)."""
    who, to = labels(d.scenario.discloser), _in_sentence(labels(d.scenario.recipient))
    onward = d.scenario.use is Use.ONWARD_USE
    act = (
        f"use this information it already holds for {_in_sentence(labels(d.scenario.purpose))}"
        if onward
        else f"share this information with {to}"
    )
    if conditional := _by_member(d, labels, who, to):
        return conditional
    duties = [g.title for g in d.gateways if g.role is Role.DISCLOSURE and "duty" in g.nature]
    if d.outcome is Outcome.SHARE_ON_DUTY:
        because = f" ({duties[0]})" if len(duties) == 1 else ""
        return f"{who} must {act}: a legal duty requires it{because}."
    if d.outcome is Outcome.MAY_SHARE:
        return f"{who} may {act}: a lawful basis is available."
    if d.outcome is Outcome.MAY_SHARE_IF_JUDGEMENT:
        return (
            f"{who} may {act}, but only if the judgements listed below are made in favour"
            f"{' of it' if onward else ' of sharing'}."
        )
    if d.outcome is Outcome.NO_LAWFUL_BASIS_IDENTIFIED:
        return (
            f"lawgraph found no lawful basis for {_in_sentence(who)} to {act}: "
            f"{'do not use it for this' if onward else 'do not share'} on what is known, "
            "or take advice."
        )
    if d.outcome is Outcome.SUBJECT_ACCESS_REQUEST:
        return (
            # the request may be the subject's own or made for them (a parent for a child)
            f"{labels(d.scenario.recipient)} is asking {_in_sentence(who)} for this "
            "information under the right of access: answer it as a subject access request, "
            "giving all of it except what an exemption covers."
        )
    return f"Take advice before {_in_sentence(who)} goes on to {act}: the answer is not settled."


def _by_member(d: Determination, labels: Labels, who: str, to: str) -> str | None:
    """For a grouping named (``NHS body``) whose members' answers differ from its own:
    say so first, so the first line never states the grouping's weaker (or stronger)
    answer as if it held for the body the practitioner means. The answer for each member
    follows (the outcome reason, and the grouping step)."""
    answered = [m for m in d.members if m.outcome is not None]
    if all(m.outcome is d.outcome for m in answered):
        return None
    grouping = who if answered[0].side == "discloser" else labels(d.scenario.recipient)
    return (
        f"Whether {who} may share this information with {to} depends on which body is "
        f"meant: the answer for each is below. Named only as {_in_sentence(grouping)}: "
        f"{enum_label(d.outcome)}."
    )


def _in_sentence(name: str) -> str:
    # "Local authority children's services" reads as a common noun mid-sentence; a name
    # with other capitals ("Police Service of Scotland", "NHS England") is kept as it is.
    words = name.split()
    lower_rest = not any(w[:1].isupper() for w in words[1:])
    if len(words) > 1 and name[:1].isupper() and name[1:2].islower() and lower_rest:
        return name[:1].lower() + name[1:]
    return name


def human_citations(identifiers: Iterable[str], *, keep_together: bool = False) -> list[str]:
    """The citations, one string per statute, in the order first cited:
    ``Data Protection Act 2018, s.8; Sch. 1, para. 18(2)(b)``.

    With `keep_together`, the spaces inside each pinpoint are no-break spaces, so
    wrapping never splits "Sch. 7, para. 5".
    """
    by_document: dict[str, list[str]] = {}
    for identifier in dict.fromkeys(identifiers):
        try:
            shown = format_citation(identifier)
            document = format_citation(LegislationId.parse(identifier).document)
        except LawgraphError:
            by_document.setdefault(identifier, [])
            continue
        pins = by_document.setdefault(document, [])
        if shown.startswith(document + ", "):
            pin = shown[len(document) + 2 :]
            pins.append(pin.replace(" ", _NBSP) if keep_together else pin)
    return [f"{doc}, {'; '.join(pins)}" if pins else doc for doc, pins in by_document.items()]


# A legislation.gov.uk identifier written into the data's prose ("inserted by wsi/2016/413")
_IDENTIFIER_RE = re.compile(r"\b(?:ukpga|uksi|wsi|ssi|nisr|asp|anaw|eur)/\d{4}/[\w/]*\w")


def _cited_in_words(text: str) -> str:
    def human(match: re.Match[str]) -> str:
        try:
            return format_citation(match.group(0))
        except LawgraphError:
            return match.group(0)

    return _IDENTIFIER_RE.sub(human, text)


class _Writer:
    def __init__(self, colour: bool) -> None:
        self.colour = colour
        self.lines: list[str] = []

    def paint(self, text: str, *codes: str) -> str:
        if not self.colour or not codes or not text:
            return text
        return f"\x1b[{';'.join(codes)}m{text}\x1b[0m"

    def heading(self, text: str) -> None:
        if self.lines:
            self.lines.append("")
        self.lines.append(self.paint(text.upper(), _BOLD))

    def para(self, text: str, indent: int = 0, *codes: str, first: str = "") -> None:
        pad = " " * indent
        lead = pad + first
        wrapped = textwrap.wrap(
            _SPACES.sub(" ", text).strip(),
            WIDTH,
            initial_indent=lead,
            subsequent_indent=pad + " " * len(first),
            break_on_hyphens=False,
            break_long_words=False,
        ) or [lead.rstrip()]
        self.lines += [self.paint(w.replace(_NBSP, " "), *codes) for w in wrapped]

    def text(self) -> str:
        return "\n".join(self.lines)


def render_answer(
    d: Determination,
    labels: Labels | None = None,
    *,
    statutes: StatuteTexts | None = None,
    verbose: bool = False,
    colour: bool = False,
) -> str:
    """The determination as text for a practitioner.

    Args:
        d: the answer.
        labels: names for the ids in it (`Labels.of(knowledge)`); without them ids are
            shown with spaces for hyphens.
        statutes: the statute texts `ask` quoted from, to say which documents are not
            held (``verbose`` only).
        verbose: also show identifiers, statute quotes and rejected gateways.
        colour: add ANSI colour (for a terminal).
    """
    names = labels or Labels()
    w = _Writer(colour)
    s = d.scenario
    w.para(outcome_sentence(d, names), 0, _BOLD, _OUTCOME_COLOUR[d.outcome])
    w.para(names.humanise(d.outcome_reason), 0)
    w.lines.append("")
    about = (
        f"About {enum_label(s.subject)}: {', '.join(names(c) for c in s.categories)}. "
        f"Purpose: {names(s.purpose)}. Setting: {enum_label(s.context)}; "
        f"{enum_label(s.consent)}"
        f"{'; given in confidence' if s.in_confidence else ''}; "
        f"{enum_label(s.necessity)}. Law as at {s.as_at.isoformat()} "
        f"({s.jurisdiction.value.capitalize()})."
    )
    w.para(about, 0, _DIM)

    w.heading("Step by step")
    for number, st in enumerate(d.steps, 1):
        mark = "settled by law" if st.settled_by_law else "needs your judgement"
        tone = _GREEN if st.settled_by_law else _YELLOW
        w.lines.append(
            f"{number:>2}. {w.paint(layer_title(st.layer), _BOLD)} ({w.paint(mark, tone)})"
        )
        w.para(_cited_in_words(st.text), 4)
        for k, cited in enumerate(human_citations(st.citations, keep_together=True)):
            w.para(cited, 4, _CYAN, first="Law: " if k == 0 else "     ")
        if verbose:
            _verbose_step(w, st, statutes)

    w.heading("What the law settles")
    settled = [(n, st) for n, st in enumerate(d.steps, 1) if st.settled_by_law]
    for n, st in settled:
        w.para(f"{layer_title(st.layer)} (step {n})", 2, first="- ")
    if not settled:
        w.para("Nothing in this answer is settled by law alone: every step needs judgement.", 2)

    w.heading("What you must judge")
    w.para("Record your answer and your reasons for each.", 2)
    judged = [(n, st.judgement) for n, st in enumerate(d.steps, 1) if st.judgement]
    for n, question in judged:
        w.para(f"{_cited_in_words(question)} (step {n})", 2, first="[ ] ")
    if not judged:
        w.para("No judgement is left open on the facts given.", 2)

    w.heading("The seven golden rules of information sharing")
    for rule in d.golden_rules:
        w.para(rule.rule, 2, first=f"{rule.number}. ")
        w.para(rule.here, 5, _DIM, first="Here: ")

    notes = [_cited_in_words(names.humanise(f)) for f in d.flags]
    if d.uncertain:
        titles = ", ".join(names(u.id) for u in d.uncertain)
        notes.append(
            f"lawgraph's data is marked uncertain for: {titles}. Check these with your "
            "adviser before relying on them."
        )
    if d.rejected_gateways and not verbose:
        notes.append(
            f"{len(d.rejected_gateways)} other gateway(s) held by {names(s.discloser)} do "
            "not apply here (--verbose lists them and why)."
        )
    if notes:
        w.heading("Also note")
        for note in notes:
            w.para(note, 2, first="- ")
    if verbose:
        _verbose_tail(w, d, names)

    w.lines.append("")
    w.para(d.not_legal_advice, 0, _BOLD)
    return w.text()


def _verbose_step(w: _Writer, st: Step, statutes: StatuteTexts | None) -> None:
    w.para(", ".join(st.citations), 4, _DIM, first="Identifiers: ")
    for q in st.quotes:
        w.para(
            f"Text of {format_citation(q.citation)} (version {q.version}): “{q.text}”",
            4,
            _DIM,
        )
    quoted = {q.citation for q in st.quotes}
    missing = dict.fromkeys(
        document_of(c)
        for c in st.citations
        if c not in quoted and (statutes is None or not statutes.holds(c))
    )
    for doc in missing:
        w.para(f"Text not held locally: lawgraph fetch {doc}", 4, _DIM)


def _verbose_tail(w: _Writer, d: Determination, names: Labels) -> None:
    if d.rejected_gateways:
        w.heading("Gateways considered that do not apply")
        for r in d.rejected_gateways:
            w.para(f"{names(r.id)} ({r.id}): {r.reason}", 2, first="- ")
    if d.uncertain:
        w.heading("Data marked uncertain")
        for u in d.uncertain:
            # the reason is a curator's note on what was read: it stays in the JSON
            w.para(f"{names(u.id)} ({u.kind} {u.id})", 2, first="- ")
    p = d.provenance
    w.heading("Answered by")
    versions = ", ".join(p.statute_versions) or "none quoted"
    w.para(
        f"lawgraph {p.lawgraph_version}; data sha256 {p.data_fingerprint}; statute texts "
        f"{versions}.",
        2,
    )
