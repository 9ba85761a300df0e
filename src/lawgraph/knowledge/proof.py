"""The proof: check every citation in the knowledge files against the statutes held.

For each citation whose document is held (``statutes/`` or ``../shared/legislation``):

1. the provision must exist in the version in force on the entry's ``in_force_from``
   (or, when that is null, in the latest version held);
2. it must be in force then (unless the entry itself says it is prospective);
3. its anchor must occur in the provision's heading or text, compared after folding
   whitespace, curly and straight quotes, and dashes (`fold_text`).

When the statute is not held as XML but a verbatim copy of the provision is held as
*reference text* (`lawgraph.legislation.reference_text`), the anchor is looked for in
that copy instead, down to the subsection or paragraph cited. Each check says which
source proved it (`CitationCheck.source`) and, for reference text, which file and
whether it is the current revised text or only the words as inserted or as made
(`CitationCheck.reference`). Reference text carries no dates, so in-force status is not
checked against it. Quotations in guidance (secondary sources) and the EU text as
adopted are never used to prove a citation. Where the current copy has the provision
but not the anchor, an older copy that has it does not save it: the words may have been
amended away.

A citation that neither source holds cannot be checked; it is reported as ``not-held``
(unverified) and the documents to fetch are listed. A condition's ``tests`` are proved
like its citations: each test's ``citation`` against its ``anchor``. Citations that give
no anchor (``anchor: null`` on an uncertain entry, or a test without one) are checked for
existence only and reported as ``no-anchor``.
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
from lawgraph.knowledge.models import Commencement, Condition, DutyHolder, Gateway
from lawgraph.legislation.corpus import Corpus
from lawgraph.legislation.identifiers import LegislationId
from lawgraph.legislation.models import Document, Provision, ProvisionStatus
from lawgraph.legislation.pointintime import InForce, provision_on
from lawgraph.legislation.reference_text import (
    Completeness,
    ReferenceCopy,
    ReferenceProvision,
    ReferenceText,
    TextBasis,
)

__all__ = [
    "FAILURES",
    "PROVING_BASES",
    "CitationCheck",
    "Outcome",
    "ProofReport",
    "ProofSource",
    "ReferenceUsed",
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


class ProofSource(StrEnum):
    """The text a check was made against."""

    XML = "xml"
    REFERENCE_TEXT = "reference-text"


#: Reference-text bases an anchor may be proved against, most trusted first. A quotation
#: in guidance, the EU text before UK amendment, or a copy that does not say what it is,
#: proves nothing.
PROVING_BASES = (TextBasis.CURRENT, TextBasis.AS_MADE, TextBasis.AS_INSERTED)


class ReferenceUsed(BaseModel):
    """The reference-text copy a check was made against.

    Attributes:
        file: the copy's file.
        line: the line the provision starts on in that file.
        basis: which text the copy is (current revised text, as inserted, as made).
        completeness: whether the copy is complete or partial.
        caveat: one phrase saying so, for reports.
    """

    model_config = ConfigDict(frozen=True)
    file: str
    line: int
    basis: TextBasis
    completeness: Completeness
    caveat: str

    @property
    def as_inserted(self) -> bool:
        """True when the copy is only the words as an amending Act inserted them."""
        return self.basis is TextBasis.AS_INSERTED

    @property
    def current(self) -> bool:
        """True when the copy is the revised (current) text."""
        return self.basis is TextBasis.CURRENT

    @classmethod
    def of(cls, copy: ReferenceCopy, provision: ReferenceProvision) -> ReferenceUsed:
        """The record of `provision` in `copy`."""
        return cls(
            file=str(copy.path),
            line=provision.line,
            basis=copy.basis,
            completeness=copy.completeness,
            caveat=copy.caveat,
        )


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
        source: the text the check was made against (XML or reference text), if any.
        reference: the reference-text copy used, when that was the source.
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
    source: ProofSource | None = None
    reference: ReferenceUsed | None = None

    @property
    def failed(self) -> bool:
        """True for an outcome in `FAILURES`."""
        return self.outcome in FAILURES

    @property
    def document(self) -> str:
        """The Act or instrument cited."""
        return str(LegislationId.parse(self.identifier).document)

    @property
    def proved(self) -> bool:
        """True when the anchor was found (in XML or in reference text)."""
        return self.outcome is Outcome.VERIFIED

    @property
    def fetch_command(self) -> str:
        """The ``lawgraph fetch`` command that would get the document cited."""
        return f"lawgraph fetch {self.document}"

    @property
    def reason(self) -> str:
        """Why the citation has its outcome, without the fetch advice `fetch_command` gives.

        For a ``not-held`` citation this says what text is missing: that no reference
        copy holds the provision, or which copies were looked at and why they could not
        be used (cut off before it, the EU text as adopted, a quotation).
        """
        reason = _FETCH_ADVICE_RE.sub("", self.detail, count=1)
        if reason == "no reference text holds it either":
            return "the XML is not held and no reference-text copy has the provision"
        return reason

    @property
    def not_current(self) -> bool:
        """True when it was proved (or found) only against reference text that is not the
        current revised text: as inserted or as made."""
        ref = self.reference
        return (
            self.outcome in (Outcome.VERIFIED, Outcome.NO_ANCHOR)
            and ref is not None
            and not ref.current
        )

    @property
    def as_inserted(self) -> bool:
        """True when it was proved only against the words as an amending Act inserted them."""
        return self.not_current and self.reference is not None and self.reference.as_inserted

    @property
    def uncertainty(self) -> str | None:
        """What an answer relying on this citation should list as uncertain, if anything:
        that the words were proved only against text that may since have been amended."""
        if not self.not_current or self.reference is None:
            return None
        name = self.reference.file.replace("\\", "/").rsplit("/", 1)[-1]
        return (
            f"{self.identifier} was checked only against {name} "
            f"({self.reference.caveat}); the current wording may differ"
        )


_FETCH_ADVICE_RE = re.compile(r"^\S+ is not held; fetch it with '[^']*'; ")


class ProofReport(BaseModel):
    """Every citation checked, in the order the entries are loaded."""

    model_config = ConfigDict(frozen=True)
    checks: tuple[CitationCheck, ...]

    def counts(self) -> dict[Outcome, int]:
        """How many citations had each outcome (every outcome listed, zero or not)."""
        tally = Counter(c.outcome for c in self.checks)
        return {o: tally.get(o, 0) for o in Outcome}

    def proved_by(self) -> dict[ProofSource, int]:
        """How many anchors were proved against each source."""
        tally = Counter(c.source for c in self.checks if c.proved)
        return {src: tally.get(src, 0) for src in ProofSource}

    def not_current(self) -> list[CitationCheck]:
        """Checks made only against reference text that is not the current revised text."""
        return [c for c in self.checks if c.not_current]

    def failures(self) -> list[CitationCheck]:
        """Checks whose outcome means the data (or the statute held) is wrong."""
        return [c for c in self.checks if c.failed]

    def not_held(self) -> list[CitationCheck]:
        """Checks that could not be made because the document is not held."""
        return [c for c in self.checks if c.outcome is Outcome.NOT_HELD]

    def not_held_by_document(self) -> dict[str, list[CitationCheck]]:
        """The not-held citations, by the document to fetch (documents in order)."""
        by: dict[str, list[CitationCheck]] = {}
        for c in sorted(self.not_held(), key=lambda c: (c.document, c.file, c.line or 0)):
            by.setdefault(c.document, []).append(c)
        return by

    def documents_to_fetch(self) -> list[str]:
        """The documents to fetch so that every not-held citation can be checked."""
        return sorted({c.document for c in self.not_held()})

    def passed(self, *, strict: bool = False) -> bool:
        """No failures; with `strict`, nothing left unverified for want of a document."""
        if self.failures():
            return False
        return not (strict and self.not_held())


def prove(
    knowledge: Knowledge,
    corpus: Corpus | None,
    *,
    today: dt.date | None = None,
    reference: ReferenceText | None = None,
) -> ProofReport:
    """Check every citation in `knowledge` against the statutes in `corpus`.

    Args:
        knowledge: the loaded knowledge files.
        corpus: the legislation held, or ``None`` when none is (all citations are then
            ``not-held``, unless `reference` holds them).
        today: the date "in force" means for entries with no ``in_force_from``
            (default: today).
        reference: verbatim reference text, tried for every citation the XML held
            cannot check.
    """
    checker = _Checker(corpus, today or dt.date.today(), reference)
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
            cited.extend((t.citation, t.anchor) for t in entry.tests)
        if isinstance(entry, DutyHolder):
            # its public-authority status rests on DPA 2018 s.7 and FOIA 2000 Sch 1
            cited.extend((c.id, c.anchor) for c in entry.public_authority_basis.citations)
        for index, (identifier, anchor) in enumerate(cited):
            outcome, detail, version = checker.check(identifier, anchor, on, prospective_ok)
            source: ProofSource | None = ProofSource.XML
            used: ReferenceUsed | None = None
            if outcome is Outcome.NOT_HELD:
                source = None
                if reference is not None:
                    outcome, detail, used = _against_reference(
                        reference, identifier, anchor, detail
                    )
                    source = ProofSource.REFERENCE_TEXT if used is not None else None
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
                    version=version if source is ProofSource.XML else None,
                    source=source,
                    reference=used,
                )
            )
    return ProofReport(checks=tuple(checks))


_Result = tuple[Outcome, str, str | None]


class _Checker:
    def __init__(
        self, corpus: Corpus | None, today: dt.date, reference: ReferenceText | None = None
    ) -> None:
        self.corpus = corpus
        self.today = today
        self.reference = reference

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


_RefResult = tuple[Outcome, str, ReferenceUsed | None]


def _occurs(anchor: str, provision: ReferenceProvision) -> bool:
    haystack = fold_text(f"{provision.heading or ''}\n{provision.text}")
    return fold_text(anchor) in haystack


def _against_reference(
    reference: ReferenceText, identifier: str, anchor: str | None, xml_detail: str
) -> _RefResult:
    """Prove `anchor` in `identifier` against the reference text, when XML could not."""
    copies = reference.copies_for(identifier)
    usable = sorted(
        (c for c in copies if c.basis in PROVING_BASES),
        key=lambda c: (PROVING_BASES.index(c.basis), c.completeness is Completeness.PARTIAL),
    )
    others = [c for c in copies if c.basis not in PROVING_BASES]
    unused = "".join(f"; {c.name} is not used ({c.caveat})" for c in others)
    if not copies:
        return Outcome.NOT_HELD, f"{xml_detail}; no reference text holds it either", None
    found = [(c, c.provisions(identifier)) for c in usable]
    found = [(c, ps) for c, ps in found if ps]
    if not found:
        whole = [
            c
            for c in usable
            if c.completeness is Completeness.COMPLETE and c.root is not None and not c.also
        ]
        if whole:
            c = whole[0]
            return (
                Outcome.PROVISION_MISSING,
                f"{identifier} is not in reference text {c.name}, a complete copy of "
                f"{c.identifier} ({c.caveat}); check the number, or whether it has been "
                "repealed or renumbered",
                None,
            )
        shown = ", ".join(f"{c.name} ({c.caveat})" for c in usable) or "no usable copy"
        return (
            Outcome.NOT_HELD,
            f"{xml_detail}; the reference text does not show {identifier}: {shown}{unused}",
            None,
        )
    if anchor is None:
        c, ps = found[0]
        return (
            Outcome.NO_ANCHOR,
            f"{identifier} exists in reference text {c.name}:{ps[0].line} ({c.caveat}); "
            "no anchor to check",
            ReferenceUsed.of(c, ps[0]),
        )
    # the most trusted copy that has the provision (and is not cut off inside it) decides
    missed: list[tuple[ReferenceCopy, ReferenceProvision]] = []
    for c, ps in found:
        hit = next((p for p in ps if _occurs(anchor, p)), None)
        if hit is not None:
            if (
                missed
                and missed[0][0].basis is TextBasis.CURRENT
                and c.basis is not TextBasis.CURRENT
            ):
                cur, p = missed[0]
                return (
                    Outcome.ANCHOR_NOT_FOUND,
                    f"anchor {anchor!r} is not in {identifier} in the current text "
                    f"{cur.name}:{p.line}, though {c.name} ({c.caveat}) has it: the words "
                    "may have been amended",
                    ReferenceUsed.of(cur, p),
                )
            where = "" if len(ps) == 1 else f" (one of {len(ps)} provisions numbered so)"
            return (
                Outcome.VERIFIED,
                f"anchor found in {identifier}{where} in reference text {c.name}:{hit.line} "
                f"({c.caveat})",
                ReferenceUsed.of(c, hit),
            )
        missed.extend((c, p) for p in ps if not c.possibly_cut_off(p))
    if not missed:
        c, ps = found[0]
        return (
            Outcome.NOT_HELD,
            f"anchor {anchor!r} is not in the words of {identifier} shown in reference text "
            f"{c.name}, but the copy is cut off inside it ({c.caveat})",
            None,
        )
    c, p = missed[0]
    elsewhere = _find_in_copy(c, anchor)
    hint = f"; it occurs in {elsewhere}" if elsewhere else f"; it occurs nowhere in {c.name}"
    return (
        Outcome.ANCHOR_NOT_FOUND,
        f"anchor {anchor!r} is not in {identifier} in reference text {c.name}:{p.line} "
        f"({c.caveat}){hint}",
        ReferenceUsed.of(c, p),
    )


def _find_in_copy(copy: ReferenceCopy, anchor: str) -> str | None:
    """The deepest provision of `copy` whose words contain `anchor`."""
    if copy.root is None:
        return None
    for p in copy.root.walk():
        if _occurs(anchor, p) and not any(_occurs(anchor, c) for c in p.children):
            return p.id
    return None
