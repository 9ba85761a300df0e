"""Frozen models of the curated knowledge: duty holders, purposes, data categories,
lawful-basis conditions and information-sharing gateways.

The YAML formats are described in ``notes/knowledge-spec.md`` and
``notes/gateway-schema.md``. Every model is frozen and forbids unknown keys, so a
misspelt field is an error, never silently ignored. Everything is in the curators' own
words except `CitationRef.anchor`, a short verbatim phrase from the cited provision that
`lawgraph.knowledge.proof` checks against the held statute text.

Validators enforce the rules that keep the data honest:

- an identifier must be a canonical legislation.gov.uk identifier (no host, no version);
- ``anchor: null`` is allowed only on an entry whose ``status`` is ``uncertain``;
- an ``uncertain`` entry must say why (``status_reason``);
- ids are kebab-case; dates are ``'YYYY-MM-DD'`` strings that are real dates.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, field_validator, model_validator

from lawgraph.errors import IdentifierError
from lawgraph.legislation.extent import Extent
from lawgraph.legislation.identifiers import LegislationId

__all__ = [
    "ANY",
    "PUBLIC_AUTHORITY_DEFINITION",
    "Aim",
    "Article6Basis",
    "CitationRef",
    "Commencement",
    "Condition",
    "ConditionTest",
    "Consent",
    "DataCategory",
    "DutyHolder",
    "Entry",
    "Existence",
    "Framework",
    "Gateway",
    "GatewayFile",
    "Jurisdiction",
    "ListGap",
    "Nature",
    "NotAHolder",
    "PublicAuthorityBasis",
    "Purpose",
    "PurposeAim",
    "PurposeCover",
    "Regime",
    "Status",
    "TriState",
    "UseLimit",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")

#: Whose information a scenario is about: the values of the reasoner's ``Subject`` (a
#: test keeps the two equal; the knowledge layer cannot import the reasoner).
SubjectRole = Literal["child", "parent", "adult-in-household", "other-adult"]

#: The wildcard holder/recipient: "any person" (a power or duty not limited to named bodies).
ANY = "any"

_KEBAB_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Gateway and condition ids keep the statute's own capitalisation of section numbers
# (``ca2004-s16E``, ``ea1996-s436A``), so upper-case letters are allowed there.
_ID_RE = re.compile(r"^[a-z0-9][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

#: ``true``, ``false`` or ``depends`` (the answer turns on the body or the function).
TriState = StrictBool | Literal["depends"]


class Status(StrEnum):
    """How sure the entry is: verified against legislation.gov.uk text, or not."""

    VERIFIED = "verified"
    UNCERTAIN = "uncertain"


class Nature(StrEnum):
    """What kind of legal rule a gateway is."""

    DUTY_TO_SHARE = "duty_to_share"
    POWER_TO_SHARE = "power_to_share"
    DUTY_TO_COMPLY_WITH_REQUEST = "duty_to_comply_with_request"
    POWER_TO_REQUEST = "power_to_request"
    DUTY_TO_MAKE_ARRANGEMENTS = "duty_to_make_arrangements"
    DUTY_TO_COOPERATE = "duty_to_cooperate"
    DUTY_TO_NOTIFY = "duty_to_notify"
    DUTY_TO_HAVE_REGARD = "duty_to_have_regard"


class Commencement(StrEnum):
    """Whether the gateway's provisions are in force."""

    IN_FORCE = "in_force"
    PARTLY_IN_FORCE = "partly_in_force"
    PROSPECTIVE = "prospective"
    UNCERTAIN = "uncertain"


class Jurisdiction(StrEnum):
    """Where a duty applies (our judgement, unlike the statutory `extent`)."""

    ENGLAND = "england"
    WALES = "wales"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern-ireland"


class Article6Basis(StrEnum):
    """UK GDPR Article 6(1) points a gateway can support."""

    A = "a"
    B = "b"
    C = "c"
    D = "d"
    E = "e"
    EA = "ea"
    F = "f"


class Framework(StrEnum):
    """The set of lawful-basis conditions a `Condition` belongs to."""

    #: data protection principles every processing must meet besides a lawful basis
    #: (UK GDPR Art 5, DPA 2018 Part 3 ss.35-40), e.g. data minimisation
    PRINCIPLES = "principles"
    ARTICLE6 = "article6"
    ARTICLE9 = "article9"
    ARTICLE10 = "article10"
    DPA_PART2 = "dpa-part2"
    DPA_SCHEDULE_1 = "dpa-schedule-1"
    DPA_SCHEDULE_2 = "dpa-schedule-2"
    DPA_PART3 = "dpa-part3"
    DPA_SCHEDULE_8 = "dpa-schedule-8"
    HUMAN_RIGHTS = "human-rights"


class Regime(StrEnum):
    """General processing (UK GDPR with DPA 2018 Part 2) or law enforcement (Part 3)."""

    UK_GDPR = "uk-gdpr"
    PART3 = "part3"
    #: applies whichever data protection regime governs (e.g. the Human Rights Act)
    ANY = "any"


class Consent(StrEnum):
    """How a condition stands towards the data subject's consent."""

    REQUIRES_CONSENT = "requires-consent"
    WITHOUT_CONSENT = "without-consent"
    IRRELEVANT = "irrelevant"


def _identifier(value: str) -> str:
    """Check `value` is a canonical legislation.gov.uk identifier and return it."""
    try:
        parsed = LegislationId.parse(value)
    except IdentifierError as exc:
        raise ValueError(str(exc)) from None
    canonical = str(parsed)
    if canonical != value:
        raise ValueError(
            f"{value!r} is not in canonical form; write {canonical!r} "
            "(no host, no version, no trailing slash)"
        )
    return value


def _date_string(value: str | None) -> str | None:
    if value is None:
        return None
    if not _DATE_RE.match(value):
        raise ValueError(f"{value!r} is not a date; write it quoted as 'YYYY-MM-DD'")
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a real calendar date") from None
    return value


def _unique(values: tuple[str, ...], what: str) -> tuple[str, ...]:
    seen: set[str] = set()
    for v in values:
        if v in seen:
            raise ValueError(f"{what} lists {v!r} twice")
        seen.add(v)
    return values


class CitationRef(BaseModel):
    """A pointer into legislation with a verbatim phrase that proves it.

    Attributes:
        id: legislation.gov.uk identifier, down to the finest level known
            (``ukpga/2018/12/section/11/2``).
        anchor: a short phrase copied exactly from that provision, or ``None`` when the
            text could not be read (allowed only on an ``uncertain`` entry).

    Examples:
        >>> CitationRef(id="ukpga/2018/12/section/11/2", anchor="alleged commission").document
        'ukpga/2018/12'
    """

    model_config = _FROZEN
    id: str
    anchor: str | None

    @field_validator("id")
    @classmethod
    def _check_id(cls, value: str) -> str:
        return _identifier(value)

    @field_validator("anchor")
    @classmethod
    def _check_anchor(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("anchor is empty; give a verbatim phrase or null (if uncertain)")
        return value

    @property
    def document(self) -> str:
        """The identifier of the whole Act or instrument cited."""
        return str(LegislationId.parse(self.id).document)


class Entry(BaseModel):
    """Fields and rules shared by every kind of knowledge entry."""

    model_config = _FROZEN
    id: str
    citations: tuple[CitationRef, ...] = ()
    status: Status
    status_reason: str | None = None
    notes: str | None = None

    @field_validator("id")
    @classmethod
    def _check_id(cls, value: str) -> str:
        if not _ID_RE.match(value):
            raise ValueError(f"id {value!r} is not kebab-case (letters, digits, single hyphens)")
        return value

    @model_validator(mode="after")
    def _check_status(self) -> Entry:
        if self.status is Status.UNCERTAIN and not (self.status_reason or "").strip():
            raise ValueError("status is uncertain but status_reason is missing: say what is unsure")
        if self.status is Status.VERIFIED:
            unanchored = [c.id for c in self.citations if c.anchor is None]
            if unanchored:
                raise ValueError(
                    f"anchor is null for {', '.join(unanchored)} but status is verified; "
                    "give the verbatim phrase, or mark the entry uncertain with a reason"
                )
        return self


class _VocabularyEntry(Entry):
    """An entry of a controlled vocabulary: its id is strictly lower-case kebab-case."""

    @field_validator("id")
    @classmethod
    def _check_lower_kebab(cls, value: str) -> str:
        if not _KEBAB_RE.match(value):
            raise ValueError(f"id {value!r} must be lower-case kebab-case (a-z, 0-9, hyphens)")
        if value == ANY:
            raise ValueError("'any' is reserved for 'any person' and cannot be defined")
        return value


class Existence(BaseModel):
    """One end of the period in which a holder exists in law.

    A body or role created by statute (an integrated care board, the safeguarding
    partners) cannot hold a duty, or receive information, on a date when the law creating
    it was not in force, or after the law abolishing it took effect. The date is given in
    one of two ways:

    - ``date`` with ``citation``: the date read on legislation.gov.uk, and the identifier of
      the provision that creates (or abolishes) the body. The identifier must also be one
      of the holder's own ``citations``, so that its anchor is proved with the others.
    - ``gateway``: the id of a gateway whose provision defines the holder; the date is that
      gateway's ``in_force_from`` (for ``exists_from``) or ``in_force_to`` (for
      ``exists_until``), and the provision is its first citation. Deriving keeps one date
      in one place.

    Attributes:
        date: ``'YYYY-MM-DD'``; for ``exists_from`` the first day the body exists in law,
            for ``exists_until`` the last day.
        citation: identifier of the provision the date rests on (with ``date``).
        gateway: the gateway to derive the date from (instead of ``date``).
    """

    model_config = _FROZEN
    date: str | None = None
    citation: str | None = None
    gateway: str | None = None

    @field_validator("date")
    @classmethod
    def _check_date(cls, value: str | None) -> str | None:
        return _date_string(value)

    @field_validator("citation")
    @classmethod
    def _check_citation(cls, value: str | None) -> str | None:
        return None if value is None else _identifier(value)

    @model_validator(mode="after")
    def _one_source(self) -> Existence:
        if (self.date is None) == (self.gateway is None):
            raise ValueError(
                "give either a date (with its citation) or a gateway to derive it from"
            )
        if self.date is not None and self.citation is None:
            raise ValueError("a date needs the citation of the provision it rests on")
        if self.gateway is not None and self.citation is not None:
            raise ValueError("a derived date takes its provision from the gateway; drop citation")
        return self


#: The DPA 2018 provision that defines "public authority" for the UK GDPR.
PUBLIC_AUTHORITY_DEFINITION = "ukpga/2018/12/section/7"


class PublicAuthorityBasis(BaseModel):
    """Why a holder is (or is not, or only partly is) a public authority for the UK GDPR.

    DPA 2018 s.7(1) makes the UK GDPR's public authorities those defined by the Freedom
    of Information Act 2000 (s.3(1): the bodies listed in its Schedule 1, designated by
    order, or publicly owned) or the Freedom of Information (Scotland) Act 2002, subject
    to s.7(2) (only when performing a public task) and s.7(3) (parish and community
    councils and some others are excluded).

    Attributes:
        status: ``verified`` when the cited entries were read and settle the value;
            ``uncertain`` otherwise (the Schedule 1 entry is missing from the copy held,
            the body is not listed in what was read, or it is a grouping whose members
            differ).
        citations: DPA 2018 s.7 (always) and the FOIA Schedule 1 entry (or other
            provision) the value rests on, each with a verbatim anchor where read.
        scope: for a body that is a public authority only for some information (FOIA
            Sch 1 para 44: "in respect of information relating to the provision of
            those services"), which, in our words; None when it is not limited.
        reason: why the status is uncertain (required then), or a note on the reading.
    """

    model_config = _FROZEN
    status: Status
    citations: tuple[CitationRef, ...] = Field(min_length=1)
    scope: str | None = None
    reason: str | None = None

    @model_validator(mode="after")
    def _check(self) -> PublicAuthorityBasis:
        if not any(c.id.startswith(PUBLIC_AUTHORITY_DEFINITION) for c in self.citations):
            raise ValueError(
                f"cite DPA 2018 s.7 ({PUBLIC_AUTHORITY_DEFINITION}), which defines a public "
                "authority for the UK GDPR"
            )
        if self.status is Status.UNCERTAIN and not (self.reason or "").strip():
            raise ValueError("an uncertain public_authority_basis needs a reason")
        if self.status is Status.VERIFIED and any(c.anchor is None for c in self.citations):
            raise ValueError("a verified public_authority_basis needs an anchor for each citation")
        return self


class DutyHolder(_VocabularyEntry):
    """A duty holder (or recipient): a body, office-holder or kind of person.

    Attributes:
        name: the name practitioners know it by.
        aliases: other names people use for it (matched case-insensitively).
        is_a: the holder ids it is a kind of (an academy is a school); duties held by an
            ancestor apply to it too.
        public_authority: a public authority for UK GDPR purposes (DPA 2018 s.7), which
            decides Article 6(1)(e) against 6(1)(f); ``depends`` when it turns on the body.
        public_authority_basis: the provisions that status rests on, and how sure it is
            (`PublicAuthorityBasis`); every holder has one.
        competent_authority: a competent authority for DPA 2018 Part 3 (s.30, Sch 7).
        summary: who it is, in our own words.
        practitioner: an individual professional on whom a statute puts a duty (a
            teacher under FGM Act 2003 s.5B), not an organisation: information can come
            from one, but a disclosure is made to an organisation, not to "a teacher".
        private_person: an individual acting in a private capacity (the child, a parent,
            a relative, a representative, a member of the public), not an organisation
            nor a practitioner acting in a professional role. A private person can be a
            recipient; disclosing to one needs a lawful basis like any disclosure, and a
            request by the data subject is a subject access request, not a disclosure.
        is_subject: for a private person who is (or may be) the data subject: the
            scenario ``subject`` value they are (``child``, ``parent``). Information about
            that subject given to this person is the subject's own right of access.
        citations: the statutory list items it comes from, each anchored by the item's words.
        exists_from: when the body first exists in law (see `Existence`); None when no
            date is recorded (the body is then treated as always existing).
        exists_until: the last day the body exists in law, when it has been abolished.
    """

    name: str
    aliases: tuple[str, ...] = ()
    is_a: tuple[str, ...] = ()
    public_authority: TriState
    public_authority_basis: PublicAuthorityBasis
    competent_authority: TriState
    summary: str
    practitioner: StrictBool = False
    private_person: StrictBool = False
    is_subject: SubjectRole | None = None
    exists_from: Existence | None = None
    exists_until: Existence | None = None

    @field_validator("is_a")
    @classmethod
    def _check_is_a(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if ANY in value:
            raise ValueError("is_a cannot be 'any'; leave is_a empty for a top-level holder")
        return _unique(value, "is_a")

    @field_validator("aliases")
    @classmethod
    def _check_aliases(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if any(not a.strip() for a in value):
            raise ValueError("an alias is empty")
        return value

    @model_validator(mode="after")
    def _one_kind_of_individual(self) -> DutyHolder:
        if self.practitioner and self.private_person:
            raise ValueError(
                "a holder is either a practitioner (a professional role) or a private_person "
                "(a private capacity), not both"
            )
        if self.is_subject is not None and not self.private_person:
            raise ValueError("is_subject is given only for a private_person")
        if self.private_person and self.competent_authority is not False:
            raise ValueError("a private person is not a competent authority (DPA 2018 s.30)")
        return self

    @model_validator(mode="after")
    def _not_own_parent(self) -> DutyHolder:
        if self.id in self.is_a:
            raise ValueError("a holder cannot be a kind of itself (is_a names its own id)")
        return self

    @model_validator(mode="after")
    def _check_existence(self) -> DutyHolder:
        own = {c.id for c in self.citations}
        for name in ("exists_from", "exists_until"):
            ex: Existence | None = getattr(self, name)
            if ex is not None and ex.citation is not None and ex.citation not in own:
                raise ValueError(
                    f"{name}.citation {ex.citation!r} is not among the holder's citations; "
                    "cite it there too, with its anchor, so that the proof checks it"
                )
        start, end = self.exists_from, self.exists_until
        if start and end and start.date and end.date and start.date > end.date:
            raise ValueError(f"exists_from {start.date} is after exists_until {end.date}")
        return self


class NotAHolder(BaseModel):
    """A term people use as if it were a holder but which is not one (``MASH``).

    A lookup of the term explains why instead of suggesting near matches.
    """

    model_config = _FROZEN
    term: str
    aliases: tuple[str, ...] = ()
    reason: str


class ListGap(BaseModel):
    """A statutory list of holders that could not be read (fully) from legislation.gov.uk.

    Attributes:
        id: kebab-case id.
        provision: the identifier of the list.
        title: what the list is.
        holders_known: holder ids mapped from whatever part of the list was read.
        status: always ``uncertain``.
        status_reason: what is missing and why.
        notes: where the attempt was made.
    """

    model_config = _FROZEN
    id: str
    provision: str
    title: str
    holders_known: tuple[str, ...] = ()
    status: Literal[Status.UNCERTAIN]
    status_reason: str
    notes: str | None = None

    @field_validator("provision")
    @classmethod
    def _check_provision(cls, value: str) -> str:
        return _identifier(value)


class Aim(StrEnum):
    """What a purpose aims at, in the words the lawful-basis conditions use for theirs."""

    #: protecting a person from neglect or harm, or their well-being (DPA 2018 Sch 1
    #: para 18(1)(a), Sch 8 para 4(1)(a))
    PROTECTING_A_PERSON = "protecting-a-person"
    #: preventing or detecting unlawful acts (DPA 2018 Sch 1 para 10(1)(a))
    PREVENTING_OR_DETECTING_CRIME = "preventing-or-detecting-crime"
    #: the law enforcement purposes of DPA 2018 s.31
    LAW_ENFORCEMENT = "law-enforcement"
    #: establishing, exercising or defending legal claims, or legal proceedings
    LEGAL_CLAIMS = "legal-claims"
    #: the controller's obligations and rights as an employer
    EMPLOYMENT = "employment"
    #: research, statistics and planning rather than action on one person's case
    RESEARCH_AND_STATISTICS = "research-and-statistics"
    #: running the organisation or a service (records, payments, complaints, debts)
    ADMINISTRATION = "administration"
    #: providing a public or care service to the person the information is about
    SERVICE_TO_THE_PERSON = "service-to-the-person"
    #: promoting the organisation, its services or its fundraising (direct marketing)
    MARKETING = "marketing"


class PurposeAim(BaseModel):
    """One thing a purpose aims at, and where that is said.

    Attributes:
        aim: the aim (`Aim`).
        source: the guidance passage or provision that says the purpose aims at it,
            named by title and section, in our own words.
    """

    model_config = _FROZEN
    aim: Aim
    source: str

    @field_validator("source")
    @classmethod
    def _check_source(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("source is empty: name the guidance or provision")
        return value


class PurposeCover(BaseModel):
    """The words by which a gateway serving a broader purpose also serves this one.

    A gateway serves the purposes it lists. It serves a narrower purpose (one that
    ``is_a`` a purpose it lists) only where the words of its own provision cover the
    narrower one; this records those words.

    Attributes:
        gateway: the gateway's id.
        through: the broader purpose the gateway lists (an ``is_a`` ancestor of this one).
        citations: the gateway's provisions whose words cover this purpose (one for each
            kind of holder when the gateway gives each its own subsection): each is in a
            section (or paragraph) the gateway itself cites, and is one of this purpose's
            ``citations``, whose anchor (the covering words) ``lawgraph check`` proves.
        reason: why those words cover this purpose, in our own words.
        judgement: what the practitioner must confirm on the facts for the words to
            reach the case (the person is a pupil of the school), if anything.
    """

    model_config = _FROZEN
    gateway: str
    through: str
    citations: tuple[str, ...]
    reason: str
    judgement: str | None = None

    @field_validator("citations")
    @classmethod
    def _check_citations(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError("citations is empty: cite the covering words")
        return _unique(tuple(_identifier(v) for v in value), "citations")

    @field_validator("reason")
    @classmethod
    def _check_reason(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("reason is empty: say why the words cover the purpose")
        return value


class Purpose(_VocabularyEntry):
    """A purpose for which information may be shared (controlled vocabulary).

    Attributes:
        title, summary: the purpose in our own words.
        is_a: the broader purposes this one is a kind of (a Prevent referral is a kind
            of safeguarding); ``is_a_source`` says where that is said. Being a kind of a
            purpose does not by itself bring in the gateways that serve it: see
            ``served_through``.
        aims: what the purpose aims at (`PurposeAim`), each with its source.
        served_through: the gateways serving a broader purpose whose provision's words
            cover this one (`PurposeCover`).
        within: the lawful-basis conditions whose own statement of purpose this purpose
            falls within (DPA 2018 Sch 1 para 18(1)(a) "protecting an individual from
            neglect or ... harm", s.31 "law enforcement purposes", ...). The rules read a
            condition as reachable for a purpose only through this list; the words are
            proved on the condition's own citations.
        may_be_within: conditions whose purpose this one falls within on some facts
            only (a purpose that is a law enforcement purpose when a competent authority
            pursues it for that end): the answer then leaves the choice to judgement.
        within_reason: why the purpose falls within those conditions, in our own words.
        person_at_risk: who the purpose protects, as an answer names them where it weighs
            the risk ("the adult at risk"); unset, the child the question is about.
    """

    title: str
    summary: str
    person_at_risk: str | None = None
    within: tuple[str, ...] = ()
    may_be_within: tuple[str, ...] = ()
    within_reason: str | None = None
    is_a: tuple[str, ...] = ()
    is_a_source: str | None = None
    aims: tuple[PurposeAim, ...] = ()
    served_through: tuple[PurposeCover, ...] = ()

    @field_validator("within", "may_be_within", "is_a")
    @classmethod
    def _check_within(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _unique(value, "within")

    @model_validator(mode="after")
    def _check_reason(self) -> Purpose:
        if set(self.within) & set(self.may_be_within):
            raise ValueError("a condition cannot be both within and may_be_within")
        if (self.within or self.may_be_within) and not (self.within_reason or "").strip():
            raise ValueError("within_reason must say why the purpose falls within them")
        if self.is_a and not (self.is_a_source or "").strip():
            raise ValueError("is_a_source must name the guidance or provision saying so")
        aims = [a.aim for a in self.aims]
        if len(set(aims)) != len(aims):
            raise ValueError("an aim is listed twice")
        anchored = {c.id for c in self.citations if c.anchor is not None}
        seen: set[str] = set()
        for cover in self.served_through:
            if cover.gateway in seen:
                raise ValueError(f"served_through names gateway {cover.gateway!r} twice")
            seen.add(cover.gateway)
            if cover.through not in self.is_a:
                raise ValueError(
                    f"served_through {cover.gateway!r}: through {cover.through!r} is not "
                    "among this purpose's is_a"
                )
            for cited in cover.citations:
                if cited not in anchored:
                    raise ValueError(
                        f"served_through {cover.gateway!r}: citation {cited} must also be "
                        "among this purpose's citations, with the covering words as its anchor"
                    )
        return self

    def cover_by(self, gateway_id: str) -> PurposeCover | None:
        """The words by which that gateway serves this purpose, if the data records any."""
        return next((c for c in self.served_through if c.gateway == gateway_id), None)

    def anchor_of(self, identifier: str) -> str | None:
        """The anchor this purpose gives for a citation identifier."""
        return next((c.anchor for c in self.citations if c.id == identifier), None)


class DataCategory(_VocabularyEntry):
    """A category of personal data (personal, special category by kind, criminal offence).

    Attributes:
        is_a: broader categories (health data is special category data is personal data).
    """

    title: str
    summary: str
    is_a: tuple[str, ...] = ()

    @field_validator("is_a")
    @classmethod
    def _check_is_a(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _unique(value, "is_a")


class ConditionTest(BaseModel):
    """One test a lawful-basis condition sets.

    Attributes:
        text: the test, in our own words.
        citation: identifier of the provision that sets it.
        judgement: True when the practitioner must judge it; False when the law settles it.
        necessity: True when this is the condition's necessity test (the processing must be
            necessary, or strictly necessary, for its end): the tests cited when the
            practitioner judges the information not necessary.
        anchor: a short phrase copied exactly from the provision `citation` names, so that
            ``lawgraph check`` proves the test is set there; ``None`` leaves the citation
            checked for existence only (reported as ``no-anchor``).
    """

    model_config = _FROZEN
    text: str
    citation: str
    judgement: StrictBool
    necessity: StrictBool = False
    anchor: str | None = None

    @field_validator("citation")
    @classmethod
    def _check_citation(cls, value: str) -> str:
        return _identifier(value)

    @field_validator("anchor")
    @classmethod
    def _check_anchor(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("anchor is empty; give a verbatim phrase or leave it out")
        return value


class Condition(Entry):
    """A lawful-basis condition (UK GDPR Art 6/9/10, DPA 2018 Part 2/3 and Schedules).

    Attributes:
        consent: how the condition stands towards consent. A condition that requires
            consent, or that is available only without it, leaves the practitioner to
            judge the consent question, so an answer relying on one is "may share if
            judgement".
        weighs: relying on the condition needs a weighing or judgement the facts given
            cannot settle (a balancing test, strict necessity, an emergency), so an answer
            resting on it is "may share if judgement" unless a public task also carries it.
        weighs_reason: which test needs the weighing, in our own words (with ``weighs``).
    """

    framework: Framework
    regime: Regime
    title: str
    summary: str
    tests: tuple[ConditionTest, ...] = ()
    requires: tuple[str, ...] = ()
    appropriate_policy_document: StrictBool
    consent: Consent
    public_authority_only: StrictBool | None = None
    in_force_from: str | None = None
    in_force_to: str | None = None
    weighs: StrictBool = False
    weighs_reason: str | None = None

    @field_validator("in_force_from", "in_force_to")
    @classmethod
    def _check_dates(cls, value: str | None) -> str | None:
        return _date_string(value)

    @model_validator(mode="after")
    def _check_weighs(self) -> Condition:
        if self.weighs and not (self.weighs_reason or "").strip():
            raise ValueError("weighs_reason must say which test needs the weighing")
        if self.weighs_reason and not self.weighs:
            raise ValueError("weighs_reason is given but weighs is false")
        return self

    @field_validator("requires")
    @classmethod
    def _check_requires(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _unique(value, "requires")


class UseLimit(BaseModel):
    """What the statute lets a recipient do with information it received under a gateway.

    Attributes:
        summary: the limit, in our own words.
        citation: the provision that sets it (also among the gateway's citations, with
            its anchor, so the proof checks it).
        purposes: the purpose ids the information may be used for; empty means the
            gateway's own ``purposes``.
    """

    model_config = _FROZEN
    summary: str
    citation: str
    purposes: tuple[str, ...] = ()


class Gateway(Entry):
    """An information-sharing gateway: a statutory duty or power, who holds it, for what.

    Attributes:
        holders: holder ids who hold the duty or power (``any`` for anyone).
        recipients: holder ids who receive (``[any]`` if unspecified; ``[]`` if none).
        conditions: conditions of the gateway in our own words (not lawful-basis ids).
        extent: the statutory extent as legislation.gov.uk shows it (``E+W``).
        applies_to: where the duty applies, by our judgement.
        article6: UK GDPR Art 6(1) points the gateway supports.
        only_in_context: the practice context (a scenario ``context`` value, such as
            ``s16h-request``) outside which the gateway is never reached: a duty to comply
            that the statute ties to a request arises only once that request is made.
        use_limit: what the recipient may use information received under the gateway for
            (`UseLimit`), when the statute limits it (CA 2004 s.16H(4)).
        in_force_from, in_force_to: the first and the last day the gateway is in force
            (both included; ``None`` when not recorded or not ended). Read as a
            `lawgraph.knowledge.period.Period` by `lawgraph.knowledge.applicability`.
    """

    title: str
    summary: str
    nature: Nature
    holders: tuple[str, ...]
    recipients: tuple[str, ...]
    information: str
    purposes: tuple[str, ...]
    conditions: tuple[str, ...] = ()
    exceptions: tuple[str, ...] = ()
    in_force_from: str | None
    in_force_to: str | None
    commencement: Commencement
    extent: str | None
    applies_to: tuple[Jurisdiction, ...]
    article6: tuple[Article6Basis, ...]
    only_in_context: str | None = None
    use_limit: UseLimit | None = None

    @model_validator(mode="after")
    def _use_limit_cited(self) -> Gateway:
        if self.use_limit is not None and self.use_limit.citation not in {
            c.id for c in self.citations
        }:
            raise ValueError(
                f"use_limit.citation {self.use_limit.citation!r} is not among the gateway's "
                "citations; cite it there too, with its anchor, so that the proof checks it"
            )
        return self

    def usable_for(self) -> tuple[str, ...]:
        """The purposes information received under this gateway may be used for."""
        if self.use_limit is None:
            return ()
        return self.use_limit.purposes or self.purposes

    @field_validator("in_force_from", "in_force_to")
    @classmethod
    def _check_dates(cls, value: str | None) -> str | None:
        return _date_string(value)

    @field_validator("only_in_context")
    @classmethod
    def _check_context(cls, value: str | None) -> str | None:
        if value is not None and not _KEBAB_RE.match(value):
            raise ValueError(f"only_in_context {value!r} must be a kebab-case context id")
        return value

    @field_validator("extent")
    @classmethod
    def _check_extent(cls, value: str | None) -> str | None:
        if value is not None:
            Extent.parse(value)  # raises ValueError naming the bad token
        return value

    @field_validator("holders", "recipients", "purposes")
    @classmethod
    def _check_lists(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _unique(value, "the list")

    @property
    def in_force_from_date(self) -> dt.date | None:
        """`in_force_from` as a date."""
        return dt.date.fromisoformat(self.in_force_from) if self.in_force_from else None


class GatewayFile(BaseModel):
    """One ``data/gateways/<statute>.yaml`` file."""

    model_config = _FROZEN
    document: str
    title: str
    extent_note: str | None = None
    gateways: tuple[Gateway, ...]

    @field_validator("document")
    @classmethod
    def _check_document(cls, value: str) -> str:
        _identifier(value)
        if not LegislationId.parse(value).is_document:
            raise ValueError(f"document {value!r} names a provision, not a whole Act or SI")
        return value
