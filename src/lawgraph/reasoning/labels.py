"""The names people know things by, for what the reasoner shows to practitioners.

A `Determination` carries lawgraph's own ids (``maintained-school``, ``dpa-sch1-para18``)
so that a calling tool can match them; an IG lead reads names ("Maintained school",
"Substantial public interest: safeguarding of children ..."). `Labels` maps one to the
other, from the curated knowledge; an id it does not know is shown with its hyphens as
spaces rather than refused, so an answer can always be printed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from lawgraph.knowledge.loader import Knowledge
from lawgraph.reasoning.determination import Outcome
from lawgraph.reasoning.scenario import ConsentStatus, Context, Necessity, Subject

__all__ = ["LAYER_TITLES", "Labels", "enum_label", "layer_title"]

#: Each reasoning layer as a practitioner would name the question it answers.
LAYER_TITLES: Mapping[str, str] = {
    "regime": "Which data protection law applies",
    "gateways": "Duty or power to share",
    "s16h-request": "A request under Children Act 2004, s.16H",
    "article6": "Lawful basis (UK GDPR, Art. 6)",
    "article9": "Special category data (UK GDPR, Art. 9, and DPA 2018)",
    "article10": "Criminal offence data (UK GDPR, Art. 10, and DPA 2018)",
    "part3": "Law enforcement processing (DPA 2018, Part 3)",
    "necessity": "Is sharing necessary",
    "consent": "Consent",
    "confidentiality": "Duty of confidence",
    "human-rights": "Human rights and proportionality (Art. 8)",
    "minimum-necessary": "Share only what is necessary",
    "record": "What to record",
}

_ENUM_LABELS: Mapping[str, str] = {
    Outcome.SHARE_ON_DUTY: "share: a legal duty applies",
    Outcome.MAY_SHARE: "may share",
    Outcome.MAY_SHARE_IF_JUDGEMENT: "may share if the judgements are made in favour",
    Outcome.NO_LAWFUL_BASIS_IDENTIFIED: "no lawful basis identified",
    Outcome.NEEDS_REVIEW: "needs review before deciding",
    Outcome.SUBJECT_ACCESS_REQUEST: "a subject access request, not a disclosure",
    ConsentStatus.GIVEN: "consent given",
    ConsentStatus.REFUSED: "consent refused",
    ConsentStatus.NOT_SOUGHT_RISK: "consent not sought: asking would place the child at risk",
    ConsentStatus.NOT_SOUGHT_NOT_PRACTICABLE: "consent not sought: not practicable",
    ConsentStatus.CANNOT_BE_GIVEN: "consent cannot be given",
    Context.EARLY_HELP: "early help",
    Context.SECTION_17_ASSESSMENT: "Children Act 1989 s.17 assessment",
    Context.SECTION_47_ENQUIRY: "Children Act 1989 s.47 enquiry",
    Context.MASH_REFERRAL: "MASH referral",
    Context.S16H_REQUEST: "Children Act 2004 s.16H request",
    Context.PRACTICE_REVIEW: "practice review",
    Context.EMERGENCY: "emergency",
    Context.POLICE_INVESTIGATION: "police investigation",
    Context.OTHER: "other setting",
    Necessity.NECESSARY: "judged necessary",
    Necessity.NOT_NECESSARY: "judged not necessary",
    Necessity.EXCESSIVE: "partly more than necessary",
    Necessity.UNKNOWN: "necessity not yet assessed",
    Subject.CHILD: "a child",
    Subject.PARENT: "a parent",
    Subject.ADULT_IN_HOUSEHOLD: "an adult in the household",
    Subject.OTHER_ADULT: "another adult",
}

# An id in running text: lower-case words joined by hyphens (at least one hyphen, so an
# ordinary word such as "safeguarding" is never taken for one).
_ID_RE = re.compile(r"(?<![\w/-])[a-z0-9]+(?:-[a-z0-9]+)+(?![\w/-])")


def layer_title(layer: str) -> str:
    """The practitioner's name for a reasoning layer (`LAYER_TITLES`)."""
    return LAYER_TITLES.get(layer) or layer.replace("-", " ").capitalize()


def enum_label(value: StrEnum) -> str:
    """An enumerated scenario or outcome value in words (``refused``: "consent refused")."""
    return _ENUM_LABELS.get(value, value.value.replace("-", " "))


@dataclass(frozen=True)
class Labels:
    """Names for ids, read from the knowledge.

    Attributes:
        names: each holder, category, purpose, gateway and condition id to its name or
            title.
    """

    names: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, knowledge: Knowledge) -> Labels:
        """The names in `knowledge` (holders by name, everything else by title)."""
        names: dict[str, str] = {}
        for g in knowledge.gateways.values():
            names[g.id] = g.title
        for c in knowledge.conditions.values():
            names[c.id] = c.title
        for p in knowledge.purposes.values():
            names[p.id] = p.title
        for cat in knowledge.categories.values():
            names[cat.id] = cat.title
        for h in knowledge.holders.values():
            names[h.id] = h.name
        return cls(names)

    def __call__(self, identifier: str) -> str:
        """The name of `identifier`, or the id with spaces for hyphens if unknown."""
        return self.names.get(identifier) or identifier.replace("-", " ")

    def humanise(self, text: str) -> str:
        """`text` with every known hyphenated id in it replaced by its name."""
        return _ID_RE.sub(lambda m: self.names.get(m.group(0), m.group(0)), text)
