"""Typed, immutable models of legislation as legislation.gov.uk publishes it.

A `Document` is one served file: a whole Act or instrument, a fragment of one (a part,
a section, a schedule paragraph), or a table of contents. Its `Provision` tree runs from
parts and chapters down to sub-paragraphs. Text is clean: the amendment brackets that
the website shows (``[F1 ...]``) are not in it; they are kept apart as `AmendmentMark`
records that point at the `Commentary` explaining them.

Dates follow legislation.gov.uk: a revised document is the law *as at* its
`Document.version_date`; each provision carries the dates between which that text is
(or was) in force (`Provision.start_date`, `Provision.end_date`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, PrivateAttr

from lawgraph.legislation.extent import Extent, Territory

__all__ = [
    "AmendmentMark",
    "Commentary",
    "ContentsEntry",
    "CrossReference",
    "Document",
    "DocumentCategory",
    "Extent",
    "Provision",
    "ProvisionKind",
    "ProvisionStatus",
    "Territory",
    "UnappliedEffect",
    "render_sequence",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class DocumentCategory(StrEnum):
    """Primary, secondary, retained EU law, or a draft."""

    PRIMARY = "primary"
    SECONDARY = "secondary"
    EU_RETAINED = "euretained"
    DRAFT = "draft"
    UNKNOWN = "unknown"


class ProvisionKind(StrEnum):
    """What a provision is, in the words legislation uses."""

    PART = "part"
    CHAPTER = "chapter"
    CROSSHEADING = "crossheading"
    SECTION = "section"
    SUBSECTION = "subsection"
    PARAGRAPH = "paragraph"
    SUBPARAGRAPH = "sub-paragraph"
    SUBSUBPARAGRAPH = "sub-sub-paragraph"
    SCHEDULES = "schedules"
    SCHEDULE = "schedule"
    ARTICLE = "article"
    REGULATION = "regulation"
    RULE = "rule"
    ANNEX = "annex"
    APPENDIX = "appendix"
    DIVISION = "division"
    TITLE = "title"
    INTRODUCTION = "introduction"
    SIGNATURE = "signature"
    EXPLANATORY_NOTE = "explanatory-note"
    TEXT = "text"


class ProvisionStatus(StrEnum):
    """Whether the provision's text is in force, awaiting commencement, or repealed."""

    CURRENT = "current"
    PROSPECTIVE = "prospective"
    REPEALED = "repealed"


@dataclass(frozen=True, slots=True)
class CrossReference:
    """A reference in the text to other legislation (``Citation`` / ``CitationSubRef``).

    Attributes:
        text: the words as they appear, e.g. ``section 17``.
        target: the identifier it points to, when the XML gives one.
        kind: ``citation`` (to a document) or ``subref`` (to a provision of one).
    """

    text: str
    target: str | None = None
    kind: str = "citation"


@dataclass(frozen=True, slots=True)
class Commentary:
    """An editorial note: amendment (``F``), commencement (``I``), modification (``C``),
    extent (``E``), other (``X``), or a marginal citation (``M``).

    Attributes:
        id: the note's id in the XML, which `AmendmentMark.commentary` points to.
        type: the one-letter type above.
        text: the note's text.
        citations: the legislation the note cites (amending and commencing provisions).
    """

    id: str
    type: str
    text: str
    citations: tuple[CrossReference, ...] = ()


@dataclass(frozen=True, slots=True)
class AmendmentMark:
    """Text inserted, substituted or repealed by an amendment.

    The website shows these as ``[F1 ...]``; lawgraph keeps the words in the provision
    text and records the mark here, with the `Commentary` that explains it.
    """

    kind: str
    text: str
    commentary: str | None = None
    change_id: str | None = None


@dataclass(frozen=True, slots=True)
class UnappliedEffect:
    """A change to the document that legislation.gov.uk has recorded but not yet applied.

    Attributes:
        type: the kind of change (``substituted``, ``inserted``, ``repealed`` ...).
        affected_provisions: the provisions of this document it changes, as the site
            words them.
        affecting: the identifier of the legislation making the change.
        affecting_provisions: the provisions of that legislation making it.
        affecting_title: that legislation's title.
        in_force_dates: the dates the change comes into force, where recorded.
        prospective: True where the change awaits commencement.
        requires_applied: the XML's ``RequiresApplied``: False where the editors record
            that the change is not to be applied to the text at all (an amending
            instrument revoked before it took effect, say); None where it is not stated.
        notes: the editors' ``Notes`` on the change, which say why, where they do.
    """

    type: str
    affected_provisions: str
    affecting: str | None
    affecting_provisions: str
    affecting_title: str | None = None
    in_force_dates: tuple[dt.date, ...] = ()
    prospective: bool = False
    requires_applied: bool | None = None
    notes: str | None = None

    @property
    def will_apply(self) -> bool:
        """False where the XML records that this change is never to be applied."""
        return self.requires_applied is not False


@dataclass(frozen=True, slots=True)
class ContentsEntry:
    """One line of a table of contents (``/contents`` documents).

    Like `Provision`, a frozen slotted dataclass: a contents page has thousands of lines.

    Attributes:
        id: the identifier of the part, section or schedule the line leads to.
        kind: ``part``, ``section``, ``schedule`` ... (``title`` for the table's title).
        number: its number as printed, if any.
        title: its title.
        status: whether it is current, prospective or repealed.
        children: the lines below it.
    """

    id: str | None
    kind: str
    number: str | None
    title: str
    status: ProvisionStatus = ProvisionStatus.CURRENT
    children: tuple[ContentsEntry, ...] = ()


@dataclass(frozen=True, slots=True)
class Provision:
    """One provision, from a part down to a sub-paragraph.

    Attributes:
        id: legislation.gov.uk identifier, e.g. ``ukpga/2018/12/section/8``.
        kind: what it is (`ProvisionKind`).
        number: its number (``8``, ``16H``, ``a``, ``2`` for Part 2), without brackets.
        number_text: the number exactly as printed, where that differs (``PART 2``);
            empty when the number comes from the address and nothing is printed.
        heading: its heading, if it has one.
        group_heading: the heading printed over a run of provisions of which this is one
            (legislation.gov.uk groups some schedule paragraphs under one heading).
        text: the whole provision's words, sub-provisions included, each sub-provision
            on its own line with its number in brackets. No amendment brackets.
        extent: where it is law; inherited from the nearest enclosing element that says.
        start_date: the date this text came (or comes) into force, where the XML says.
        end_date: the date this text stopped being law, where the XML says.
        status: current, prospective or repealed.
        version_matches: False where legislation.gov.uk marks the text as not matching
            the version asked for (``Match="false"``).
        commentaries: ids of the notes referenced in this provision's own words (not its
            sub-provisions'; `notes` gathers the whole subtree).
        amendments: amendment marks in this provision's own words.
        references: cross-references in this provision's own words.
        children: the sub-provisions, in order.
        date_conflict: where the XML's dates for this text cannot be reconciled (they
            leave it no time in force), what they are and which were used; else ``None``.
            `start_date` and `end_date` never make an empty or inverted window.

    Provisions are frozen slotted dataclasses rather than pydantic models because a
    large Act has thousands; pydantic validates and serialises them wherever they cross
    a boundary (inside `Document`, or through `pydantic.TypeAdapter(Provision)`).
    """

    id: str
    kind: ProvisionKind
    number: str | None = None
    number_text: str | None = None
    heading: str | None = None
    group_heading: str | None = None
    text: str = ""
    extent: Extent | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    status: ProvisionStatus = ProvisionStatus.CURRENT
    version_matches: bool = True
    commentaries: tuple[str, ...] = ()
    amendments: tuple[AmendmentMark, ...] = ()
    references: tuple[CrossReference, ...] = ()
    children: tuple[Provision, ...] = ()
    date_conflict: str | None = None

    def walk(self) -> Iterator[Provision]:
        """This provision and every sub-provision, depth first, in document order."""
        return _walk((self,))

    def all_commentaries(self) -> list[str]:
        """Ids of the notes referenced anywhere in this provision, in order, once each."""
        return list(dict.fromkeys(c for p in self.walk() for c in p.commentaries))

    def all_amendments(self) -> list[AmendmentMark]:
        """Amendment marks anywhere in this provision, in document order."""
        return [a for p in self.walk() for a in p.amendments]

    def all_references(self) -> list[CrossReference]:
        """Cross-references anywhere in this provision, in document order."""
        return [r for p in self.walk() for r in p.references]

    def in_force_on(self, on: dt.date) -> bool:
        """True when this text is in force on `on`, so far as the XML records it.

        A prospective or repealed provision is not in force; otherwise the provision is in
        force from `start_date` (if known) until the day before `end_date` (if any).
        """
        if self.status is not ProvisionStatus.CURRENT:
            return False
        if self.start_date is not None and on < self.start_date:
            return False
        return not (self.end_date is not None and on >= self.end_date)

    @property
    def label(self) -> str:
        """A short human label, e.g. ``section 8`` or ``paragraph 18``."""
        if self.number:
            return f"{self.kind.value} {self.number}"
        return self.kind.value

    def render(self) -> str:
        """Number, heading and text as one block, as it reads in print.

        This is also how a sub-provision appears inside its parent's `text`: a unit
        (section 8, paragraph 18) shows its bare number, a subdivision its number in
        brackets, ``(2)`` or ``(a)``.
        """
        label = ""
        if self.number_text is not None:
            label = self.number_text
        elif self.number:
            unit = self.kind in _BARE_NUMBERS or self.id.rsplit("/", 2)[-2] in _UNIT_WORDS
            label = self.number if unit else f"({self.number})"
        lead = label
        if self.heading:
            lead = f"{lead} {self.heading}".strip()
            return f"{lead}\n{self.text}".strip()
        return f"{lead} {self.text}".strip()


def _walk(provisions: tuple[Provision, ...]) -> Iterator[Provision]:
    """`provisions` and all their sub-provisions, depth first, in document order."""
    # an explicit stack: nested generators would cost a frame per level per provision
    stack = list(reversed(provisions))
    pop = stack.pop
    extend = stack.extend
    while stack:
        p = pop()
        yield p
        children = p.children
        if children:
            extend(reversed(children))


def render_sequence(provisions: Iterable[Provision]) -> str:
    """Render provisions in order, printing each group heading once, above its run."""
    lines: list[str] = []
    current: str | None = None
    for p in provisions:
        if p.group_heading and p.group_heading != current:
            lines.append(p.group_heading)
        current = p.group_heading
        lines.append(p.render())
    return "\n".join(line for line in lines if line)


_UNIT_WORDS = frozenset({"section", "paragraph", "regulation", "article", "rule", "order"})
_BARE_NUMBERS = frozenset(
    {
        ProvisionKind.SECTION,
        ProvisionKind.REGULATION,
        ProvisionKind.ARTICLE,
        ProvisionKind.RULE,
        ProvisionKind.PART,
        ProvisionKind.CHAPTER,
        ProvisionKind.SCHEDULE,
        ProvisionKind.ANNEX,
        ProvisionKind.APPENDIX,
        ProvisionKind.TITLE,
        ProvisionKind.DIVISION,
    }
)


class Document(BaseModel):
    """One legislation.gov.uk document: a whole item, a fragment, or a contents page.

    Attributes:
        id: identifier of the whole item, e.g. ``ukpga/2018/12``.
        fragment: for a fragment, the identifier of the part served (``ukpga/2018/12/section/8``).
        title: the short title, e.g. ``Data Protection Act 2018``.
        type: the type code (``ukpga``, ``uksi``, ``eur`` ...).
        main_type: the XML's ``DocumentMainType`` (``UnitedKingdomPublicGeneralAct`` ...).
        category: primary, secondary or retained EU law.
        year: the year part of the identifier (``2018`` or a regnal ``Geo3/49``).
        number: the chapter or instrument number.
        enactment_date: date of Royal Assent, or the date made / adopted.
        version_date: the point in time this text represents (``dct:valid``);
            ``None`` for an as-enacted or as-made text.
        version: ``enacted``/``made`` or the version date as text.
        status: the XML's ``DocumentStatus``: ``revised`` or ``final`` (as enacted/made).
        extent: the document's extent.
        language: ``en`` or ``cy``.
        provisions: the top-level provisions (introduction, parts or sections, schedules).
        contents: the table of contents, for ``/contents`` documents.
        commentaries: the editorial notes, by id.
        unapplied_effects: changes recorded but not yet applied to this text.
        unknown_elements: element names lawgraph does not model explicitly; their text is
            still kept in the enclosing provision. Reported, never silently dropped.
        source: the file this was read from.
    """

    model_config = _FROZEN
    id: str
    fragment: str | None = None
    title: str
    type: str
    main_type: str | None = None
    category: DocumentCategory
    year: str
    number: str
    enactment_date: dt.date | None = None
    version_date: dt.date | None = None
    version: str
    status: str
    extent: Extent | None = None
    language: str = "en"
    provisions: tuple[Provision, ...] = ()
    contents: tuple[ContentsEntry, ...] = ()
    commentaries: dict[str, Commentary] = {}
    unapplied_effects: tuple[UnappliedEffect, ...] = ()
    unknown_elements: tuple[str, ...] = ()
    source: str | None = None

    _index: dict[str, Provision] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: Any, /) -> None:
        index: dict[str, Provision] = {}
        for p in _walk(self.provisions):
            # the first occurrence wins: a later duplicate id is an alternative version
            index.setdefault(p.id, p)
        self._index = index

    def walk(self) -> Iterator[Provision]:
        """Every provision in document order."""
        return _walk(self.provisions)

    def provision(self, identifier: str) -> Provision | None:
        """The provision with this identifier, or ``None`` when this document lacks it."""
        return self._index.get(identifier)

    def __contains__(self, identifier: object) -> bool:
        return isinstance(identifier, str) and identifier in self._index

    def full_text(self) -> str:
        """Every word of the document's content, in order: the model's own rendering.

        Commentaries and footnotes are not included; they are in `commentaries`.
        """
        return render_sequence(self.provisions)

    def provision_ids(self) -> list[str]:
        """All provision identifiers, in document order."""
        return list(self._index)

    def notes_for(self, provision: Provision) -> list[Commentary]:
        """The commentaries attached to `provision`, in the order they are referenced."""
        notes = self.commentaries
        return [notes[c] for c in provision.all_commentaries() if c in notes]

    @property
    def is_enacted(self) -> bool:
        """True for the as-enacted (or as-made) text."""
        return self.version_date is None
