"""The question put to the reasoner: who shares what, about whom, with whom, why.

A `Scenario` is validated in two stages. Building it checks the shape (enumerated values,
a non-empty list of categories, no unknown keys). `Scenario.resolve` then checks it against
the curated knowledge: holder names and aliases become canonical holder ids, and category
and purpose ids must exist. Both stages raise `ScenarioError` with a specific message.
"""

from __future__ import annotations

import datetime as dt
import difflib
import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from lawgraph.errors import LawgraphError
from lawgraph.knowledge.errors import UnknownTermError
from lawgraph.knowledge.loader import Knowledge, normalise_name
from lawgraph.knowledge.models import Jurisdiction
from lawgraph.legislation.enactment import enacted_no_earlier_than

__all__ = [
    "ConsentStatus",
    "Context",
    "HolderNotInExistenceError",
    "InvalidScenarioError",
    "LawNotInForceError",
    "LawStart",
    "Necessity",
    "Scenario",
    "ScenarioError",
    "Subject",
    "Use",
    "law_in_force_from",
    "practitioners",
]


def practitioners(knowledge: Knowledge) -> frozenset[str]:
    """Holders that are individual practitioners, not organisations (``practitioner``
    in data/holders.yaml): a disclosure is made to an organisation, never to "a teacher"."""
    return frozenset(h.id for h in knowledge.holders.values() if h.practitioner)


class ScenarioError(LawgraphError):
    """The scenario is malformed, names something unknown, or contradicts itself."""


class InvalidScenarioError(ScenarioError):
    """A scenario's fields are missing, unknown or have values not allowed.

    Attributes:
        problems: each problem as (field, what is wrong), in plain words
            (`lawgraph.reasoning.scenario_errors`).
    """

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = tuple(problems)
        super().__init__(
            "invalid scenario: " + "; ".join(f"{f}: {why}" for f, why in self.problems)
        )


class HolderNotInExistenceError(ScenarioError):
    """The discloser or recipient did not exist in law on the date asked.

    Attributes:
        role: ``discloser`` or ``recipient``.
        holder: the holder id.
        as_at: the date asked about.
        provision: the identifier of the provision that creates (or abolishes) the holder.
    """

    def __init__(self, role: str, holder: str, as_at: dt.date, message: str, provision: str):
        super().__init__(message)
        self.role = role
        self.holder = holder
        self.as_at = as_at
        self.provision = provision


class LawNotInForceError(ScenarioError):
    """The date asked about is before the data-protection law the reasoner applies.

    Attributes:
        as_at: the date asked about.
        start: when that law begins, as far as the data shows (`LawStart`).
    """

    def __init__(self, as_at: dt.date, start: LawStart) -> None:
        super().__init__(
            f"cannot answer for {as_at}: the data-protection law lawgraph applies was not yet "
            f"in force then. {start.why}; the law before {start.date} is not in the data, "
            "so ask about a date on or after it"
        )
        self.as_at = as_at
        self.start = start


#: The statutes every answer applies: the UK GDPR, read with the DPA 2018 (Part 2 and its
#: Schedules), and the DPA 2018's own Part 3.
REGIME_DOCUMENTS = ("ukpga/2018/12", "eur/2016/679")


@dataclass(frozen=True, slots=True)
class LawStart:
    """The first day the law the reasoner applies is in force, and what shows it.

    Attributes:
        date: that day.
        document: the statute whose start it is.
        why: one sentence naming the evidence (a condition's recorded in-force date, or
            the year in the statute's identifier).
    """

    date: dt.date
    document: str
    why: str


def law_in_force_from(knowledge: Knowledge) -> LawStart:
    """When the data-protection law every answer applies begins, read from the data.

    For each of `REGIME_DOCUMENTS`, the start is the earliest day the data shows any of
    its conditions in force: a condition's recorded ``in_force_from``, or, for one with
    none recorded, 1 January of the year in the statute's identifier, before which it
    cannot have existed (`lawgraph.legislation.enactment`). A condition belongs to the
    statute of its own provision (its first citation). Every answer needs all of these
    statutes, so the law applies from the latest of their starts.

    Examples:
        >>> from lawgraph.knowledge import load_knowledge
        >>> start = law_in_force_from(load_knowledge("data"))
        >>> start.date, start.document
        (datetime.date(2018, 5, 25), 'ukpga/2018/12')
    """
    # Knowledge is frozen, so the answer is kept per object: ask() needs it every call.
    key = id(knowledge)
    cached = _LAW_STARTS.get(key)
    if cached is not None and cached[0]() is knowledge:
        return cached[1]
    start = _law_start(knowledge)
    _LAW_STARTS[key] = (weakref.ref(knowledge, lambda _: _LAW_STARTS.pop(key, None)), start)
    return start


_LAW_STARTS: dict[int, tuple[weakref.ref[Knowledge], LawStart]] = {}


def _law_start(knowledge: Knowledge) -> LawStart:
    starts: list[LawStart] = []
    for doc in REGIME_DOCUMENTS:
        floor = enacted_no_earlier_than(doc)
        own = [
            c
            for c in knowledge.conditions.values()
            if c.citations and c.citations[0].id.startswith(doc + "/")
        ]
        recorded = sorted(
            (dt.date.fromisoformat(c.in_force_from), c.id, c.citations[0].id)
            for c in own
            if c.in_force_from
        )
        undated = [c.id for c in own if not c.in_force_from]
        if recorded and (floor is None or not undated or recorded[0][0] <= floor):
            day, cid, provision = recorded[0]
            why = (
                f"The earliest in-force date the data records for a condition in {doc} is "
                f"{day} (condition {cid}, {provision})"
            )
            starts.append(LawStart(day, doc, why))
        elif floor is not None:
            why = f"{doc} dates from {floor.year}, so it did not exist before {floor}"
            starts.append(LawStart(floor, doc, why))
    return max(starts, key=lambda s: s.date)


class Subject(StrEnum):
    """Whose information it is."""

    CHILD = "child"
    PARENT = "parent"
    ADULT_IN_HOUSEHOLD = "adult-in-household"
    OTHER_ADULT = "other-adult"


class Use(StrEnum):
    """What is asked about the information.

    Values:
        disclosure: giving it to another organisation or person (the default).
        onward-use: a new use, by the organisation that already holds it, for a purpose
            other than the one it was collected for (a change of purpose by the same
            controller): purpose limitation, UK GDPR Art 5(1)(b), and a lawful basis for
            the new purpose.
        subject-access: the data subject (or a person acting for them) asks for their own
            information: the right of access, UK GDPR Art 15, not a disclosure.
    """

    DISCLOSURE = "disclosure"
    ONWARD_USE = "onward-use"
    SUBJECT_ACCESS = "subject-access"


class Context(StrEnum):
    """The practice setting the request arises in."""

    EARLY_HELP = "early-help"
    SECTION_17_ASSESSMENT = "section-17-assessment"
    SECTION_47_ENQUIRY = "section-47-enquiry"
    MASH_REFERRAL = "mash-referral"
    S16H_REQUEST = "s16h-request"
    PRACTICE_REVIEW = "practice-review"
    EMERGENCY = "emergency"
    POLICE_INVESTIGATION = "police-investigation"
    OTHER = "other"


class ConsentStatus(StrEnum):
    """Where consent stands.

    ``not-applicable`` is for a disclosure where consent is not in question: it is not the
    lawful basis relied on (another basis applies, as it does for most safeguarding
    sharing), and no one's agreement is being sought for the sharing. The ICO's guidance
    ("When is consent appropriate?", "Do we always need consent?": "In short, no. Consent
    is one lawful basis for processing, but there are five others") and HM Government,
    "Information sharing: advice for practitioners" (2024), "What do we mean by consent?"
    (consent as a data protection basis "is not usually the appropriate legal basis for
    sharing information to safeguard children") say why this is common. It is not the
    same as a reason in DPA 2018 Sch 1 para 18(2) for acting without consent, which para
    18 still needs (``ukpga/2018/12/schedule/1/paragraph/18/1/c``).
    """

    GIVEN = "given"
    REFUSED = "refused"
    NOT_SOUGHT_RISK = "not-sought-would-place-child-at-risk"
    NOT_SOUGHT_NOT_PRACTICABLE = "not-sought-not-practicable"
    CANNOT_BE_GIVEN = "cannot-be-given"
    NOT_APPLICABLE = "not-applicable"


class Necessity(StrEnum):
    """The practitioner's own assessment of whether the sharing is necessary for the purpose.

    Every lawful basis in UK GDPR Art 6(1)(b) to (f) requires the processing to be
    "necessary" for its end (conditions ``uk-gdpr-art6-1-b`` to ``uk-gdpr-art6-1-f`` and
    ``uk-gdpr-art6-1-ea``; for (e), DPA 2018 s.8, ``ukpga/2018/12/section/8``), and so do
    the DPA 2018 Schedule 1 conditions, e.g. ``dpa-sch1-para18``: para 18(1)(a)
    (``ukpga/2018/12/schedule/1/paragraph/18/1/a``) and 18(1)(d)
    (``ukpga/2018/12/schedule/1/paragraph/18/1/d``); Part 3 likewise (``dpa-s35-2``,
    s.35(2)(b); ``dpa-s35-5``, strict necessity). Consent (Art 6(1)(a),
    ``eur/2016/679/article/6/1/a``) is the only Art 6(1) basis without a necessity test.
    Necessity is a judgement on facts lawgraph is not given, so it is the practitioner's.

    Values:
        necessary: the practitioner judges all the information necessary for the purpose;
            the bases are assessed as usual (the minimum-necessary judgement is recorded).
        not-necessary: the information is irrelevant, or the purpose needs none of it: no
            basis with a necessity test is available, so no lawful basis is identified.
        excessive: some of the information is necessary and some is more than the purpose
            needs: at most the necessary part may be shared, on the judgement of which part.
        unknown: not assessed (the default); the answer is as if the question were open and
            the necessity judgement stays with the practitioner.
    """

    NECESSARY = "necessary"
    NOT_NECESSARY = "not-necessary"
    EXCESSIVE = "excessive"
    UNKNOWN = "unknown"


class Scenario(BaseModel):
    """One proposed disclosure.

    Attributes:
        discloser: holder id or alias of the organisation that holds the information.
        recipient: holder id or alias of the organisation or person it would go to (for
            ``use: onward-use`` it may be left out: the holder keeps it).
        subject: whose information it is.
        other_subjects: anyone else the same information is about (the child's parent):
            each person's information needs its own basis, so the answer covers each.
        categories: data category ids (``health-data``, ``criminal-allegation-data``).
        purpose: purpose id (``safeguarding``).
        context: the practice setting.
        consent: where consent stands.
        in_confidence: whether the information was given in confidence.
        necessity: the practitioner's own assessment of necessity (see `Necessity`;
            default ``unknown``).
        as_at: the date the law is applied at (default today).
        jurisdiction: where the disclosure happens (default England).
        use: what is asked (see `Use`; default ``disclosure``).
        received_under: for ``onward-use``, the gateway id the information came in under,
            when known (its use limit, if any, then applies).
        original_purpose: for ``onward-use``, the purpose id it was collected for.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    discloser: str = Field(min_length=1)
    recipient: str = ""
    subject: Subject
    other_subjects: tuple[Subject, ...] = ()
    categories: tuple[str, ...] = Field(min_length=1)
    purpose: str = Field(min_length=1)
    context: Context = Context.OTHER
    consent: ConsentStatus
    in_confidence: bool = False
    necessity: Necessity = Necessity.UNKNOWN
    as_at: dt.date = Field(default_factory=dt.date.today)
    jurisdiction: Jurisdiction = Jurisdiction.ENGLAND
    use: Use = Use.DISCLOSURE
    received_under: str | None = Field(default=None, min_length=1)
    original_purpose: str | None = Field(default=None, min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _holder_keeps_it(cls, data: Any) -> Any:
        # In an onward use the holder keeps the information: it is its own "recipient".
        if (
            isinstance(data, dict)
            and data.get("use") in (Use.ONWARD_USE, Use.ONWARD_USE.value)
            and not data.get("recipient")
            and isinstance(data.get("discloser"), str)
        ):
            return {**data, "recipient": data["discloser"]}
        return data

    @model_validator(mode="after")
    def _no_contradiction(self) -> Scenario:
        # ScenarioError is not a ValueError, so pydantic lets it through unwrapped.
        if self.use is Use.ONWARD_USE:
            if normalise_name(self.discloser) != normalise_name(self.recipient):
                raise ScenarioError(
                    f"use onward-use is a new use inside {self.discloser!r}, but the "
                    f"recipient is {self.recipient!r}: for giving the information to "
                    "another organisation or person use use: disclosure (or leave the "
                    "recipient out)"
                )
        else:
            if not self.recipient:
                raise ScenarioError(
                    "invalid scenario: recipient: Field required (only use: onward-use, "
                    "a new use inside the organisation, has no recipient)"
                )
            for name in ("received_under", "original_purpose"):
                if getattr(self, name) is not None:
                    raise ScenarioError(
                        f"{name} is given only with use: onward-use (information already "
                        f"held, put to a new use), not with use: {self.use.value}"
                    )
            if normalise_name(self.discloser) == normalise_name(self.recipient):
                raise ScenarioError(
                    f"the recipient {self.recipient!r} is the discloser: sharing within one "
                    "organisation is not a disclosure to another (for a new use of "
                    "information it already holds, set use: onward-use)"
                )
        if len(set(self.categories)) != len(self.categories):
            raise ScenarioError("categories lists the same category twice")
        if self.subject in self.other_subjects:
            raise ScenarioError(
                f"other_subjects repeats the subject {self.subject.value!r}; list only the "
                "other people the information is also about"
            )
        if len(set(self.other_subjects)) != len(self.other_subjects):
            raise ScenarioError("other_subjects lists the same data subject twice")
        return self

    @classmethod
    def parse(cls, data: Mapping[str, Any]) -> Scenario:
        """Build a scenario from plain data (YAML or JSON), as `ScenarioError` on failure.

        Raises:
            ScenarioError: a field is missing, unknown or has a value not allowed.
        """
        try:
            return cls.model_validate(dict(data))
        except ValidationError as exc:
            # imported here: only a failed scenario needs the plain-words restatement
            from lawgraph.reasoning.scenario_errors import plain_problems

            problems = plain_problems(exc, fields=cls.model_fields, choices=_CHOICES)
            raise InvalidScenarioError(problems) from None

    def resolve(self, knowledge: Knowledge) -> Scenario:
        """This scenario with canonical holder, category and purpose ids, checked against
        the knowledge. Names resolve as everywhere else (`lawgraph.knowledge.vocabulary`):
        an id, name, title or alias, in any case, spacing, hyphens or apostrophes.

        Raises:
            ScenarioError: an unknown holder, category or purpose (with suggestions by
                meaning and spelling), or a term that names no organisation (``early
                help``); a recipient that is the discloser or is not an organisation.
            HolderNotInExistenceError: the discloser or recipient did not exist in law on
                ``as_at`` (a date before the law creating it was in force, or after its
                abolition), as recorded in the holder's ``exists_from``/``exists_until``.
            LawNotInForceError: ``as_at`` is before the data-protection law every answer
                applies was in force (`law_in_force_from`): answering would apply law that
                did not yet exist.
        """
        try:
            discloser = knowledge.holder(self.discloser).id
            recipient = knowledge.holder(self.recipient).id
            categories = tuple(knowledge.category(c).id for c in self.categories)
            purpose = knowledge.purpose(self.purpose).id
            original = (
                knowledge.purpose(self.original_purpose).id
                if self.original_purpose is not None
                else None
            )
        except UnknownTermError as exc:
            raise ScenarioError(str(exc)) from exc
        if len(set(categories)) != len(categories):
            raise ScenarioError(f"categories {list(self.categories)} name the same category twice")
        if self.use is Use.ONWARD_USE:
            _check_onward(knowledge, self, discloser, recipient, purpose, original)
        elif discloser == recipient:
            raise ScenarioError(
                f"{self.discloser!r} and {self.recipient!r} are the same holder "
                f"({discloser}): sharing within one organisation is not a disclosure"
            )
        # Some duties fall on individual professionals (FGM notification), so only the
        # recipient must be an organisation.
        if knowledge.holders[recipient].practitioner:
            raise ScenarioError(
                f"the recipient {recipient!r} is an individual practitioner, not an "
                "organisation; name the organisation they work for"
            )
        if self.use is Use.SUBJECT_ACCESS and not knowledge.holders[recipient].private_person:
            raise ScenarioError(
                f"use subject-access is a request by the data subject or a person acting "
                f"for them, but the recipient {recipient!r} is an organisation; for a "
                "request from an organisation use use: disclosure"
            )
        for role, holder_id in (("discloser", discloser), ("recipient", recipient)):
            _check_exists(knowledge, role, holder_id, self.as_at)
        start = law_in_force_from(knowledge)
        if self.as_at < start.date:
            raise LawNotInForceError(self.as_at, start)
        return self.model_copy(
            update={
                "discloser": discloser,
                "recipient": recipient,
                "categories": categories,
                "purpose": purpose,
                "original_purpose": original,
            }
        )


def _check_onward(
    knowledge: Knowledge,
    scenario: Scenario,
    discloser: str,
    recipient: str,
    purpose: str,
    original: str | None,
) -> None:
    # An onward use stays inside one organisation; the gateway it came in under must be
    # one that gives information to that organisation.
    if recipient != discloser:
        raise ScenarioError(
            f"use onward-use is a new use inside {discloser!r}, but {scenario.recipient!r} "
            f"is another holder ({recipient}): for giving it to them use use: disclosure"
        )
    if original is not None and original == purpose:
        raise ScenarioError(
            f"original_purpose and purpose are both {purpose!r}: using information for the "
            "purpose it was collected for is not a new use"
        )
    gid = scenario.received_under
    if gid is None:
        return
    gateway = knowledge.gateways.get(gid)
    if gateway is None:
        near = difflib.get_close_matches(gid, list(knowledge.gateways), n=3)
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        raise ScenarioError(f"received_under {gid!r} is not a gateway id{hint}")
    line = {discloser, *knowledge.ancestors(discloser)}
    if "any" not in gateway.recipients and not line.intersection(gateway.recipients):
        raise ScenarioError(
            f"received_under {gid!r}: {discloser!r} is not among that gateway's recipients "
            f"({', '.join(gateway.recipients) or 'none'}), so the information cannot have "
            "come to it under that gateway"
        )


def _check_exists(knowledge: Knowledge, role: str, holder_id: str, as_at: dt.date) -> None:
    # A body created by statute cannot share or receive before the law creating it is in
    # force, nor after its abolition: answering with today's gateways would be wrong law.
    span = knowledge.lifespan(holder_id)
    if span.start is not None and as_at < span.start:
        provision = span.start_provision or ""
        via = f", the in-force date of gateway {span.start_gateway}" if span.start_gateway else ""
        raise HolderNotInExistenceError(
            role,
            holder_id,
            as_at,
            f"the {role} {holder_id!r} did not exist on {as_at}: it exists in law from "
            f"{span.start} ({provision}{via})",
            provision,
        )
    if span.end is not None and as_at > span.end:
        provision = span.end_provision or ""
        via = f", the end date of gateway {span.end_gateway}" if span.end_gateway else ""
        raise HolderNotInExistenceError(
            role,
            holder_id,
            as_at,
            f"the {role} {holder_id!r} no longer existed on {as_at}: it existed in law until "
            f"{span.end} ({provision}{via})",
            provision,
        )


# The enumerated fields of a scenario, for messages naming their allowed values.
_CHOICES: Mapping[str, type[StrEnum]] = {
    "subject": Subject,
    "context": Context,
    "consent": ConsentStatus,
    "necessity": Necessity,
    "jurisdiction": Jurisdiction,
    "use": Use,
    "other_subjects": Subject,
}
