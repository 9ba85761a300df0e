"""A partnership file: the organisations that share, what for, where and when.

A multi-agency partnership (the safeguarding partners for an area and the relevant
agencies they name) writes down who shares with whom in an information sharing
agreement. ``lawgraph protocol PARTNERSHIP.yaml`` reads this file and asks the reasoner
about every flow between its members (`lawgraph.reasoning.agreement`).

The file is read as strictly as a scenario file (`lawgraph.reasoning.scenario_file`): a
key written twice, an anchor or alias, text that is not UTF-8 or a document that is not a
mapping is refused. Then every field is checked against the knowledge: each member must
be an organisation the vocabulary resolves (an unknown name gets the vocabulary's
suggestions), not an individual (a private person or a practitioner); the date must be
one on which every member exists in law and on which the data-protection law lawgraph
applies is in force. Every refusal is a `PartnershipFileError` naming the file, the line
and the reason.

The format::

    name: Anytown Safeguarding Children Partnership
    area: {name: Anytown, jurisdiction: england}
    date: '2026-11-21'
    members:
      - holder: local authority
        label: Anytown Council
      - holder: integrated care board
    purposes: [safeguarding]            # or {purpose: ..., context: section-47-enquiry}
    categories: [personal-data, health-data]
    subject: child                      # optional; whose information (default child)
    consent: not-applicable             # optional; where consent stands (the default)
    in_confidence: true                 # optional (default false)
    claims:                             # optional; what a guidance list says a member holds
      - member: Anytown Primary School
        provision: s.11 CA 2004
        source: Anytown safeguarding arrangements, appendix 2
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from lawgraph.errors import LawgraphError
from lawgraph.files import UnreadableFileError, read_limited
from lawgraph.knowledge.errors import KnowledgeError, UnknownTermError
from lawgraph.knowledge.loader import Knowledge
from lawgraph.knowledge.models import Jurisdiction
from lawgraph.knowledge.yamlio import LineDict, load_yaml_text
from lawgraph.legislation.citations import parse_citation
from lawgraph.reasoning.scenario import (
    ConsentStatus,
    Context,
    Subject,
    law_in_force_from,
)
from lawgraph.reasoning.scenario_file import (
    MAX_SCENARIO_BYTES,
    ScenarioFileError,
    decode_scenario,
)

__all__ = [
    "Claim",
    "Member",
    "Partnership",
    "PartnershipFile",
    "PartnershipFileError",
    "PurposeAsked",
    "load_partnership",
    "read_partnership",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class PartnershipFileError(ScenarioFileError):
    """A partnership file cannot be read, or names something the knowledge refuses.

    Attributes (as `ScenarioFileError`): ``source`` (the file), ``line`` (1-based, when
    known) and ``reason`` (what is wrong, without the location).
    """


class Member(BaseModel):
    """One party to the agreement.

    Attributes:
        holder: the canonical holder id (`lawgraph holders`).
        label: the party's own name ("Anytown Council"); the holder's name when none given.
        written: the holder as the file wrote it.
        line: the line of the member in the file.
    """

    model_config = _FROZEN
    holder: str
    label: str
    written: str
    line: int


class PurposeAsked(BaseModel):
    """A purpose the partnership shares for, and the practice setting it is asked in.

    Attributes:
        purpose: the purpose id.
        context: the practice setting each flow for this purpose is asked in (a duty to
            comply with a request, such as CA 1989 s.47(9), is reached only in its own).
    """

    model_config = _FROZEN
    purpose: str
    context: Context = Context.OTHER


class Claim(BaseModel):
    """A statement, in a guidance list or local procedure, that a member holds a duty
    under a provision; `lawgraph.reasoning.claims` checks it against the data.

    Attributes:
        member: the holder id of the member the claim is about.
        label: that member's label.
        provision: the provision named, as a legislation.gov.uk identifier.
        written: the provision as the file wrote it.
        source: where the claim was read (optional).
        line: the line of the claim in the file.
    """

    model_config = _FROZEN
    member: str
    label: str
    provision: str
    written: str
    source: str | None = None
    line: int


class Partnership(BaseModel):
    """A partnership as its file describes it, checked against the knowledge.

    Attributes:
        name: the partnership's name.
        area: the area it covers, by name.
        jurisdiction: the part of the United Kingdom the area is in, as the data models
            where a gateway applies (`Gateway.applies_to`, read with its ``extent``).
        as_at: the date the law is applied at.
        members: the parties, in the file's order.
        purposes: the purposes shared for.
        categories: the data category ids shared.
        subject: whose information the flows are about.
        consent: where consent stands in every flow asked.
        in_confidence: whether the information is taken to have been given in confidence.
        claims: statements to check against the statute.
        source: the file it was read from.
    """

    model_config = _FROZEN
    name: str
    area: str
    jurisdiction: Jurisdiction
    as_at: dt.date
    members: tuple[Member, ...] = Field(min_length=2)
    purposes: tuple[PurposeAsked, ...] = Field(min_length=1)
    categories: tuple[str, ...] = Field(min_length=1)
    subject: Subject = Subject.CHILD
    consent: ConsentStatus = ConsentStatus.NOT_APPLICABLE
    in_confidence: bool = False
    claims: tuple[Claim, ...] = ()
    source: str = "<partnership>"


class _FileArea(BaseModel):
    """The area: its name and the part of the United Kingdom it is in."""

    model_config = _FROZEN
    name: str = Field(min_length=1)
    jurisdiction: Jurisdiction


class _FileMember(BaseModel):
    """A party: a holder name the vocabulary resolves, and its own name."""

    model_config = _FROZEN
    holder: str = Field(min_length=1, description="a holder id, name or alias")
    label: str | None = Field(default=None, description="the party's own name")


class _FilePurpose(BaseModel):
    """A purpose with the practice setting its flows are asked in."""

    model_config = _FROZEN
    purpose: str = Field(min_length=1)
    context: Context = Context.OTHER


class _FileClaim(BaseModel):
    """A statement that a member holds a duty under a provision."""

    model_config = _FROZEN
    member: str = Field(min_length=1, description="a member's label or holder")
    provision: str = Field(min_length=1, description="a citation, e.g. s.11 CA 2004")
    source: str | None = None


class PartnershipFile(BaseModel):
    """The partnership file format, for its published JSON schema; `read_partnership`
    reads the file itself, with line numbers and the knowledge's checks."""

    model_config = ConfigDict(frozen=True, extra="forbid", title="Partnership")
    name: str = Field(min_length=1)
    area: _FileArea
    date: dt.date = Field(description="the date the law is applied at (YYYY-MM-DD)")
    members: tuple[_FileMember, ...] = Field(min_length=2)
    purposes: tuple[str | _FilePurpose, ...] = Field(min_length=1)
    categories: tuple[str, ...] = Field(min_length=1)
    subject: Subject = Subject.CHILD
    consent: ConsentStatus = ConsentStatus.NOT_APPLICABLE
    in_confidence: bool = False
    claims: tuple[_FileClaim, ...] = ()


_FIELDS = (
    "name",
    "area",
    "date",
    "members",
    "purposes",
    "categories",
    "subject",
    "consent",
    "in_confidence",
    "claims",
)
_REQUIRED = ("name", "area", "date", "members", "purposes", "categories")


class _Reader:
    """Reads one partnership document; every problem names the source and a line."""

    def __init__(self, knowledge: Knowledge, source: str) -> None:
        self.knowledge = knowledge
        self.source = source

    def fail(self, reason: str, line: int | None) -> PartnershipFileError:
        return PartnershipFileError(reason, source=self.source, line=line)

    def mapping(self, value: Any, what: str, line: int) -> LineDict:
        if not isinstance(value, LineDict):
            raise self.fail(f"{what} must be a mapping of fields, not {_kind(value)}", line)
        return value

    def text(self, parent: LineDict, key: str, what: str) -> str:
        value = parent.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{what} must be text, not {_kind(value)}", parent.line_of(key))
        return value.strip()

    def keys(
        self, doc: LineDict, allowed: tuple[str, ...], required: tuple[str, ...], what: str
    ) -> None:
        for key in doc:
            if key not in allowed:
                near = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
                hint = f"did you mean {near[0]!r}? " if near else ""
                raise self.fail(
                    f"{key!r} is not a field of {what} ({hint}the fields are {', '.join(allowed)})",
                    doc.line_of(key),
                )
        for key in required:
            if key not in doc:
                raise self.fail(
                    f"{what} has no {key!r} (the fields are {', '.join(allowed)})", doc.line
                )

    def words(self, doc: LineDict, key: str) -> list[Any]:
        value = doc.get(key)
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value:
            raise self.fail(f"{key} must be a non-empty list, not {_kind(value)}", doc.line_of(key))
        return value

    def choice(self, doc: LineDict, key: str, enum: type[StrEnum], line: int | None = None) -> Any:
        value = doc.get(key)
        try:
            return enum(str(value)) if isinstance(value, str) else enum(_not_text())
        except ValueError:
            allowed = ", ".join(v.value for v in enum)
            raise self.fail(
                f"{key} {value!r} is not allowed (use one of {allowed})",
                line if line is not None else doc.line_of(key),
            ) from None

    def date(self, doc: LineDict) -> dt.date:
        value = doc.get("date")
        try:
            return dt.date.fromisoformat(value) if isinstance(value, str) else _not_date()
        except ValueError:
            raise self.fail(
                f"date {value!r} is not a date (use YYYY-MM-DD, e.g. 2026-11-21)",
                doc.line_of("date"),
            ) from None


def _not_date() -> dt.date:
    raise ValueError


def _not_text() -> str:
    raise ValueError


def read_partnership(text: str, source: str, knowledge: Knowledge) -> Partnership:
    """The partnership described by YAML `text`, checked against `knowledge`.

    Args:
        text: the file's text.
        source: its name, for messages.
        knowledge: the curated data the names and dates are checked against.

    Raises:
        PartnershipFileError: not well-formed; a key written twice; an unknown field; an
            unknown body (with suggestions), or an individual named as a party; a date
            before a member existed in law (or after it was abolished), or before the
            data-protection law applied; an unknown purpose, category or provision.
    """
    reader = _Reader(knowledge, source)
    try:
        doc = load_yaml_text(text, source)
    except KnowledgeError as exc:
        # the strict reader is shared with the knowledge and scenario files
        reason = exc.reason.replace("in knowledge files", "in partnership files")
        raise reader.fail(reason, exc.line) from None
    except RecursionError:
        raise reader.fail("nested too deeply to read", None) from None
    if not isinstance(doc, LineDict):
        raise reader.fail(f"a partnership file must be a mapping of fields, not {_kind(doc)}", 1)
    reader.keys(doc, _FIELDS, _REQUIRED, "a partnership")
    name = reader.text(doc, "name", "name")
    area_doc = reader.mapping(doc["area"], "area", doc.line_of("area"))
    reader.keys(area_doc, ("name", "jurisdiction"), ("name", "jurisdiction"), "area")
    area = reader.text(area_doc, "name", "area name")
    jurisdiction = reader.choice(area_doc, "jurisdiction", Jurisdiction)
    as_at = reader.date(doc)
    start = law_in_force_from(knowledge)
    if as_at < start.date:
        raise reader.fail(
            f"date {as_at} is before the data-protection law lawgraph applies was in force: "
            f"{start.why}; the law before {start.date} is not in the data",
            doc.line_of("date"),
        )
    members = _members(reader, doc, as_at)
    purposes = _purposes(reader, doc)
    categories = _categories(reader, doc)
    extra: dict[str, Any] = {}
    if "subject" in doc:
        extra["subject"] = reader.choice(doc, "subject", Subject)
    if "consent" in doc:
        extra["consent"] = reader.choice(doc, "consent", ConsentStatus)
    if "in_confidence" in doc:
        if not isinstance(doc["in_confidence"], bool):
            raise reader.fail(
                f"in_confidence must be true or false, not {_kind(doc['in_confidence'])}",
                doc.line_of("in_confidence"),
            )
        extra["in_confidence"] = doc["in_confidence"]
    claims = _claims(reader, doc, members) if "claims" in doc else ()
    return Partnership(
        name=name,
        area=area,
        jurisdiction=jurisdiction,
        as_at=as_at,
        members=members,
        purposes=purposes,
        categories=categories,
        claims=claims,
        source=source,
        **extra,
    )


def _members(reader: _Reader, doc: LineDict, as_at: dt.date) -> tuple[Member, ...]:
    knowledge = reader.knowledge
    items = reader.words(doc, "members")
    out: list[Member] = []
    seen: dict[tuple[str, str], int] = {}
    for n, item in enumerate(items, 1):
        entry = reader.mapping(item, f"member {n}", doc.line_of("members"))
        reader.keys(entry, ("holder", "label"), ("holder",), f"member {n}")
        written = reader.text(entry, "holder", f"member {n} holder")
        line = entry.line_of("holder")
        try:
            holder = knowledge.holder(written)
        except UnknownTermError as exc:
            raise reader.fail(f"member {n}: {exc}", line) from None
        if holder.private_person or holder.practitioner:
            kind = (
                "a person acting privately"
                if holder.private_person
                else "an individual practitioner"
            )
            raise reader.fail(
                f"member {n}: {written!r} ({holder.id}) is {kind}, not an organisation; the "
                "parties to an information sharing agreement are organisations",
                line,
            )
        label = (
            reader.text(entry, "label", f"member {n} label") if "label" in entry else holder.name
        )
        key = (holder.id, label.casefold())
        if key in seen:
            raise reader.fail(
                f"member {n} repeats member {seen[key]} ({label}, {holder.id}); list each "
                "party once",
                line,
            )
        seen[key] = n
        _exists(reader, n, written, holder.id, as_at, line)
        out.append(Member(holder=holder.id, label=label, written=written, line=line))
    if len(out) < 2:
        raise reader.fail("a partnership needs at least two members", doc.line_of("members"))
    return tuple(out)


def _exists(reader: _Reader, n: int, written: str, holder: str, as_at: dt.date, line: int) -> None:
    # A body created by statute cannot be a party before the law creating it is in force.
    span = reader.knowledge.lifespan(holder)
    if span.start is not None and as_at < span.start:
        via = f", the in-force date of gateway {span.start_gateway}" if span.start_gateway else ""
        raise reader.fail(
            f"member {n}: {written!r} ({holder}) did not exist on {as_at}, the partnership's "
            f"date: it exists in law from {span.start} ({span.start_provision}{via})",
            line,
        )
    if span.end is not None and as_at > span.end:
        via = f", the end date of gateway {span.end_gateway}" if span.end_gateway else ""
        raise reader.fail(
            f"member {n}: {written!r} ({holder}) no longer existed on {as_at}, the "
            f"partnership's date: it existed in law until {span.end} ({span.end_provision}{via})",
            line,
        )


def _purposes(reader: _Reader, doc: LineDict) -> tuple[PurposeAsked, ...]:
    out: list[PurposeAsked] = []
    for n, item in enumerate(reader.words(doc, "purposes"), 1):
        line = doc.line_of("purposes")
        context = Context.OTHER
        if isinstance(item, LineDict):
            reader.keys(item, ("purpose", "context"), ("purpose",), f"purpose {n}")
            line = item.line
            if "context" in item:
                context = reader.choice(item, "context", Context)
            item = reader.text(item, "purpose", f"purpose {n}")
        if not isinstance(item, str):
            raise reader.fail(f"purpose {n} must be a purpose name, not {_kind(item)}", line)
        try:
            purpose = reader.knowledge.purpose(item).id
        except UnknownTermError as exc:
            raise reader.fail(f"purpose {n}: {exc}", line) from None
        if any(p.purpose == purpose and p.context is context for p in out):
            raise reader.fail(f"purpose {n} ({purpose}) is listed twice", line)
        out.append(PurposeAsked(purpose=purpose, context=context))
    return tuple(out)


def _categories(reader: _Reader, doc: LineDict) -> tuple[str, ...]:
    out: list[str] = []
    line = doc.line_of("categories")
    for n, item in enumerate(reader.words(doc, "categories"), 1):
        if not isinstance(item, str):
            raise reader.fail(f"category {n} must be a category name, not {_kind(item)}", line)
        try:
            category = reader.knowledge.category(item).id
        except UnknownTermError as exc:
            raise reader.fail(f"category {n}: {exc}", line) from None
        if category in out:
            raise reader.fail(f"category {n} ({category}) is listed twice", line)
        out.append(category)
    return tuple(out)


def _claims(reader: _Reader, doc: LineDict, members: tuple[Member, ...]) -> tuple[Claim, ...]:
    out: list[Claim] = []
    for n, item in enumerate(reader.words(doc, "claims"), 1):
        entry = reader.mapping(item, f"claim {n}", doc.line_of("claims"))
        reader.keys(entry, ("member", "provision", "source"), ("member", "provision"), f"claim {n}")
        who = reader.text(entry, "member", f"claim {n} member")
        member = _member_named(reader, who, members, entry.line_of("member"), n)
        written = reader.text(entry, "provision", f"claim {n} provision")
        try:
            provision = parse_citation(written).identifier
        except LawgraphError as exc:
            raise reader.fail(
                f"claim {n}: provision {written!r}: {exc}", entry.line_of("provision")
            ) from None
        source = reader.text(entry, "source", f"claim {n} source") if "source" in entry else None
        out.append(
            Claim(
                member=member.holder,
                label=member.label,
                provision=provision,
                written=written,
                source=source,
                line=entry.line,
            )
        )
    return tuple(out)


def _member_named(
    reader: _Reader, who: str, members: tuple[Member, ...], line: int, n: int
) -> Member:
    # A claim names a member by its label or by the holder, as the members list does.
    folded = who.casefold()
    by_label = [
        m for m in members if m.label.casefold() == folded or m.written.casefold() == folded
    ]
    if len(by_label) == 1:
        return by_label[0]
    try:
        holder = reader.knowledge.holder(who).id
    except UnknownTermError:
        holder = None
    by_holder = [m for m in members if m.holder == holder]
    if len(by_holder) == 1:
        return by_holder[0]
    labels = ", ".join(m.label for m in members)
    if by_label or by_holder:
        raise reader.fail(f"claim {n}: {who!r} names more than one member; use its label", line)
    raise reader.fail(
        f"claim {n}: {who!r} is not a member of the partnership (members: {labels})", line
    )


def _kind(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "a mapping"
    return type(value).__name__


def load_partnership(path: Path | str, knowledge: Knowledge) -> Partnership:
    """The partnership in the file at `path` (see `read_partnership`).

    Raises:
        PartnershipFileError: the file cannot be read (not a regular file, too large,
            not UTF-8), or its content is refused; the message names the file and line.
    """
    p = Path(path)
    try:
        data = read_limited(p, limit=MAX_SCENARIO_BYTES)
    except UnreadableFileError as exc:
        raise PartnershipFileError(exc.reason, source=str(p)) from None
    try:
        text = decode_scenario(data, str(p))
    except ScenarioFileError as exc:
        raise PartnershipFileError(exc.reason, source=str(p), line=exc.line) from None
    return read_partnership(text, str(p), knowledge)
