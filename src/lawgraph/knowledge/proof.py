"""The proof: check every citation in the knowledge files against the statutes held.

For each citation whose document is held (``statutes/`` or ``../shared/legislation``):

1. the provision must exist in the version in force on the entry's ``in_force_from``
   (or, when that is null, in the latest version held);
2. it must be in force then (unless the entry itself says it is prospective);
3. its anchor must occur in the provision's heading or text, compared after folding
   whitespace, curly and straight quotes, and dashes (`fold_text`).

A citation into a document that is not held cannot be checked; it is reported as
``not-held`` (unverified) and the documents to fetch are listed. Citations that give no
anchor (``anchor: null`` on an uncertain entry, and the bare identifiers in a condition's
``tests``) are checked for existence only and reported as ``no-anchor``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from lawgraph.errors import NotHeldError
from lawgraph.knowledge.loader import Knowledge
from lawgraph.knowledge.models import Commencement, Condition, Gateway
from lawgraph.legislation.corpus import Corpus
from lawgraph.legislation.identifiers import LegislationId
from lawgraph.legislation.models import Document, Provision, ProvisionStatus
from lawgraph.legislation.pointintime import InForce, provision_on

__all__ = [
    "FAILURES",
    "CitationCheck",
    "Outcome",
    "ProofReport",
    "anchor_occurs",
    "fold_text",
    "prove",
]


class Outcome(StrEnum):
    """What the proof found for one citation."""

    VERIFIED = "verified"
    ANCHOR_NOT_FOUND = "anchor-not-found"
    PROVISION_MISSING = "provision-missing"
    NOT_IN_FORCE = "not-in-force"
    NOT_HELD = "not-held"
    NO_ANCHOR = "no-anchor"


#: Outcomes that mean the data is wrong (or the statute held disagrees with it).
FAILURES = frozenset({Outcome.ANCHOR_NOT_FOUND, Outcome.PROVISION_MISSING, Outcome.NOT_IN_FORCE})

_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
    }
)
_SPACE_RE = re.compile(r"\s+")
_DASH_SPACE_RE = re.compile(r" ?- ?")
_OMITTED_RE = re.compile(r"^[.\s\u2026]*$")


def fold_text(text: str) -> str:
    """Text in the form anchors are compared in.

    Curly quotes become straight, every dash a hyphen, runs of whitespace one space,
    and spaces beside a dash are dropped (``of—\\n(a)`` and ``of - (a)`` both fold to
    ``of-(a)``).

    Examples:
        >>> fold_text("the child\\u2019s  welfare \\u2014\\n(a)")
        "the child's welfare-(a)"
    """
    folded = unicodedata.normalize("NFC", text).translate(_FOLD)
    folded = _SPACE_RE.sub(" ", folded).strip()
    return _DASH_SPACE_RE.sub("-", folded)


def anchor_occurs(anchor: str, provision: Provision) -> bool:
    """True when `anchor` occurs (folded) in the provision's heading or text."""
    haystack = fold_text(f"{provision.heading or ''}\n{provision.text}")
    return fold_text(anchor) in haystack


class CitationCheck(BaseModel):
    """The proof's answer for one citation.

    Attributes:
        kind: ``holder``, ``purpose``, ``category``, ``condition`` or ``gateway``.
        entry: the entry's id.
        file: the knowledge file it is written in.
        line: the line the citation (or condition test) is written on.
        identifier: the provision cited.
        anchor: the verbatim phrase given, if any.
        outcome: what the proof found.
        detail: one sentence saying why.
        version: the version of the statute the check used, when one was.
    """

    model_config = ConfigDict(frozen=True)
    kind: str
    entry: str
    file: str
    line: int | None
    identifier: str
    anchor: str | None
    outcome: Outcome
    detail: str
    version: str | None = None

    @property
    def failed(self) -> bool:
        """True for an outcome in `FAILURES`."""
        return self.outcome in FAILURES

    @property
    def document(self) -> str:
        """The Act or instrument cited."""
        return str(LegislationId.parse(self.identifier).document)


class ProofReport(BaseModel):
    """Every citation checked, in the order the entries are loaded."""

    model_config = ConfigDict(frozen=True)
    checks: tuple[CitationCheck, ...]

    def counts(self) -> dict[Outcome, int]:
        """How many citations had each outcome (every outcome listed, zero or not)."""
        tally = Counter(c.outcome for c in self.checks)
        return {o: tally.get(o, 0) for o in Outcome}

    def failures(self) -> list[CitationCheck]:
        """Checks whose outcome means the data (or the statute held) is wrong."""
        return [c for c in self.checks if c.failed]

    def not_held(self) -> list[CitationCheck]:
        """Checks that could not be made because the document is not held."""
        return [c for c in self.checks if c.outcome is Outcome.NOT_HELD]

    def documents_to_fetch(self) -> list[str]:
        """The documents to fetch so that every not-held citation can be checked."""
        return sorted({c.document for c in self.not_held()})

    def passed(self, *, strict: bool = False) -> bool:
        """No failures; with `strict`, nothing left unverified for want of a document."""
        if self.failures():
            return False
        return not (strict and self.not_held())


def prove(
    knowledge: Knowledge, corpus: Corpus | None, *, today: dt.date | None = None
) -> ProofReport:
    """Check every citation in `knowledge` against the statutes in `corpus`.

    Args:
        knowledge: the loaded knowledge files.
        corpus: the legislation held, or ``None`` when none is (all citations are then
            ``not-held``).
        today: the date "in force" means for entries with no ``in_force_from``
            (default: today).
    """
    checker = _Checker(corpus, today or dt.date.today())
    checks: list[CitationCheck] = []
    for kind, entry in knowledge.entries():
        src = knowledge.source(kind, entry.id)
        on: dt.date | None = None
        prospective_ok = False
        if isinstance(entry, Gateway | Condition) and entry.in_force_from:
            on = dt.date.fromisoformat(entry.in_force_from)
        if isinstance(entry, Gateway):
            # an entry that says it is not (wholly) in force may cite prospective text
            prospective_ok = entry.commencement is not Commencement.IN_FORCE
        lines = [*src.citation_lines, *src.test_lines]
        cited: list[tuple[str, str | None]] = [(c.id, c.anchor) for c in entry.citations]
        if isinstance(entry, Condition):
            cited.extend((t.citation, None) for t in entry.tests)
        for index, (identifier, anchor) in enumerate(cited):
            outcome, detail, version = checker.check(identifier, anchor, on, prospective_ok)
            checks.append(
                CitationCheck(
                    kind=kind,
                    entry=entry.id,
                    file=str(src.path),
                    line=lines[index] if index < len(lines) else src.line,
                    identifier=identifier,
                    anchor=anchor,
                    outcome=outcome,
                    detail=detail,
                    version=version,
                )
            )
    return ProofReport(checks=tuple(checks))


_Result = tuple[Outcome, str, str | None]


class _Checker:
    def __init__(self, corpus: Corpus | None, today: dt.date) -> None:
        self.corpus = corpus
        self.today = today

    def check(
        self, identifier: str, anchor: str | None, on: dt.date | None, prospective_ok: bool
    ) -> _Result:
        doc_id = str(LegislationId.parse(identifier).document)
        corpus = self.corpus
        fetch = f"fetch it with 'lawgraph fetch {doc_id}'"
        if corpus is None:
            return Outcome.NOT_HELD, f"{doc_id} is not held; {fetch}", None
        if not corpus.holds(doc_id):
            # a fragment (one section, say) may still hold the provision
            try:
                fragment = corpus.provision(identifier)
            except NotHeldError:
                return Outcome.NOT_HELD, f"{doc_id} is not held; {fetch}", None
            return self._judge(identifier, fragment, anchor, None, "fragment", prospective_ok)
        if on is None:
            doc = corpus.document(doc_id)
            p = doc.provision(identifier)
            if p is None:
                return Outcome.PROVISION_MISSING, self._missing(doc, identifier), doc.version
            return self._judge(identifier, p, anchor, doc, doc.version, prospective_ok)
        try:
            pit = provision_on(corpus, identifier, on)
        except NotHeldError as exc:
            return Outcome.PROVISION_MISSING, str(exc), None
        if pit.status is InForce.NO_VERSION_HELD:
            return (
                Outcome.NOT_HELD,
                f"no version of {doc_id} held covers {on.isoformat()}: {pit.explanation} "
                f"Fetch it with 'lawgraph fetch --as-at {on.isoformat()} {doc_id}'",
                None,
            )
        if pit.provision is None:
            return Outcome.PROVISION_MISSING, pit.explanation, pit.version
        if pit.status in (InForce.IN_FORCE, InForce.AS_ENACTED) or (
            prospective_ok and pit.status in (InForce.PROSPECTIVE, InForce.NOT_YET_IN_FORCE)
        ):
            held = corpus.document(doc_id, pit.version) if pit.version else None
            return self._anchor(identifier, pit.provision, anchor, held, pit.version, None)
        return Outcome.NOT_IN_FORCE, pit.explanation, pit.version

    def _judge(
        self,
        identifier: str,
        p: Provision,
        anchor: str | None,
        doc: Document | None,
        version: str | None,
        prospective_ok: bool,
    ) -> _Result:
        where = f"(version {version})"
        if _OMITTED_RE.match(p.text) and not p.children:
            return Outcome.NOT_IN_FORCE, f"{identifier} is omitted (repealed) {where}", version
        if p.status is ProvisionStatus.REPEALED or (
            p.end_date is not None and p.end_date <= self.today
        ):
            return Outcome.NOT_IN_FORCE, f"{identifier} has been repealed {where}", version
        note = None
        if p.status is ProvisionStatus.PROSPECTIVE:
            if not prospective_ok:
                return (
                    Outcome.NOT_IN_FORCE,
                    f"{identifier} is prospective (not yet commenced) {where}, but the "
                    "entry says it is in force",
                    version,
                )
            note = "prospective, as the entry says"
        return self._anchor(identifier, p, anchor, doc, version, note)

    def _anchor(
        self,
        identifier: str,
        p: Provision,
        anchor: str | None,
        doc: Document | None,
        version: str | None,
        note: str | None,
    ) -> _Result:
        where = f"version {version}" + (f"; {note}" if note else "")
        if anchor is None:
            return Outcome.NO_ANCHOR, f"{identifier} exists ({where}); no anchor to check", version
        if anchor_occurs(anchor, p):
            return Outcome.VERIFIED, f"anchor found in {identifier} ({where})", version
        elsewhere = _find_anchor(doc, anchor) if doc is not None else None
        hint = f"; it occurs in {elsewhere}" if elsewhere else "; it occurs nowhere in the document"
        if doc is None:
            hint = ""
        return (
            Outcome.ANCHOR_NOT_FOUND,
            f"anchor {anchor!r} is not in {identifier} ({where}){hint}",
            version,
        )

    @staticmethod
    def _missing(doc: Document, identifier: str) -> str:
        return (
            f"{identifier} is not a provision of {doc.title} as held (version {doc.version}); "
            "check the number, or whether it has been repealed or renumbered"
        )


def _find_anchor(doc: Document, anchor: str) -> str | None:
    """The first provision of `doc` containing `anchor` none of whose sub-provisions does."""
    for p in doc.walk():
        if anchor_occurs(anchor, p) and not any(anchor_occurs(anchor, c) for c in p.children):
            return p.id
    return None
