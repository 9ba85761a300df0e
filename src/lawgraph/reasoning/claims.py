"""Myth-busting: does the statute give this body the duty a list says it holds?

Local procedures and guidance lists often put a body under a provision that does not
name it: "schools have a duty under section 11 of the Children Act 2004", when s.11(1)
lists the bodies it applies to and schools are not among them (their duty is the
Education Act 2002 s.175, or for an Academy the independent school standards). A
`Claim` names a member and a provision; `check_claim` reads the answer from the data
alone:

- the gateways recorded for that provision are those with a citation that is the
  provision, lies within it or encloses it;
- whether one is the member's is decided by the one applicability engine
  (`lawgraph.knowledge.applicability.assess`): its ``holders`` include the member or a
  body it is a kind of, and it is in force on the partnership's date, here;
- when none is, the provisions that do apply are the member's own gateways of the same
  nature that serve every purpose the recorded gateway serves (or, failing those, one
  of them), again as `assess` finds them.

Nothing about any statute or body is written here.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from lawgraph.knowledge.applicability import assess
from lawgraph.knowledge.loader import Knowledge
from lawgraph.knowledge.models import Gateway, Jurisdiction
from lawgraph.reasoning.partnership import Claim, Partnership

__all__ = ["ClaimCheck", "ClaimGateway", "Verdict", "check_claim", "check_claims"]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class Verdict(StrEnum):
    """What the data says about a claim."""

    #: the provision gives the member the duty or power, in force on the date, here
    CONFIRMED = "confirmed"
    #: the provision is recorded, but its holders do not include the member
    NOT_GIVEN = "not-given"
    #: the provision is the member's, but not in force on the date or not here
    NOT_IN_FORCE = "not-in-force"
    #: no gateway in the data rests on the provision: lawgraph cannot say either way
    NOT_IN_DATA = "not-in-data"


class ClaimGateway(BaseModel):
    """A gateway a claim check refers to.

    Attributes:
        id: the gateway id.
        title: its title.
        nature: what kind of rule it is (``duty_to_make_arrangements`` ...).
        citations: the provisions it rests on (identifiers).
        reasons: why it is not the member's (empty when it is).
    """

    model_config = _FROZEN
    id: str
    title: str
    nature: str
    citations: tuple[str, ...]
    reasons: tuple[str, ...] = ()


class ClaimCheck(BaseModel):
    """The answer to one claim.

    Attributes:
        claim: the claim as read from the partnership file.
        verdict: what the data says (`Verdict`).
        recorded: the gateways resting on the claimed provision, each with the reasons
            it is not the member's.
        instead: when the claim is wrong, the member's own gateways of the same nature
            and purpose that do apply (what the claim should have said).
        citations: every provision the answer rests on, in order.
    """

    model_config = _FROZEN
    claim: Claim
    verdict: Verdict
    recorded: tuple[ClaimGateway, ...]
    instead: tuple[ClaimGateway, ...] = ()
    citations: tuple[str, ...] = ()

    @property
    def flagged(self) -> bool:
        """The claim says something the statute, as recorded, does not."""
        return self.verdict in (Verdict.NOT_GIVEN, Verdict.NOT_IN_FORCE)


def _rests_on(gateway: Gateway, provision: str) -> bool:
    return any(
        c.id == provision or c.id.startswith(provision + "/") or provision.startswith(c.id + "/")
        for c in gateway.citations
    )


def _entry(gateway: Gateway, reasons: tuple[str, ...] = ()) -> ClaimGateway:
    return ClaimGateway(
        id=gateway.id,
        title=gateway.title,
        nature=gateway.nature.value,
        citations=tuple(c.id for c in gateway.citations),
        reasons=reasons,
    )


def check_claim(knowledge: Knowledge, claim: Claim, *, on: Partnership | None = None) -> ClaimCheck:
    """Check one claim against the data, on the partnership's date and in its area.

    Args:
        knowledge: the curated data.
        claim: the claim.
        on: the partnership (its date and jurisdiction); without it, the claim is
            checked on holders alone, whatever the date and place.
    """
    line = [claim.member, *knowledge.ancestors(claim.member)]
    day = on.as_at if on is not None else None
    where: Jurisdiction | None = on.jurisdiction if on is not None else None
    recorded = [g for g in knowledge.gateways.values() if _rests_on(g, claim.provision)]
    if not recorded:
        return ClaimCheck(
            claim=claim, verdict=Verdict.NOT_IN_DATA, recorded=(), citations=(claim.provision,)
        )
    held = [g for g in recorded if assess(g, holder_line=line).applies]
    here = [g for g in held if assess(g, holder_line=line, on=day, jurisdiction=where).applies]
    if here:
        entries = tuple(_entry(g) for g in here)
        return ClaimCheck(
            claim=claim,
            verdict=Verdict.CONFIRMED,
            recorded=entries,
            citations=tuple(dict.fromkeys(c for g in entries for c in g.citations)),
        )
    entries = tuple(
        _entry(g, assess(g, holder_line=line, on=day, jurisdiction=where).reasons) for g in recorded
    )
    ids = {g.id for g in recorded}
    candidates = [
        g
        for g in knowledge.gateways.values()
        if g.id not in ids
        and any(g.nature is r.nature for r in recorded)
        and assess(g, holder_line=line, on=day, jurisdiction=where).applies
    ]
    # Prefer the member's gateways that serve every purpose a recorded one serves (what
    # the claim meant the member to hold); else any that serve one of them.
    covering = [g for g in candidates if any(set(r.purposes) <= set(g.purposes) for r in recorded)]
    purposes = {p for g in recorded for p in g.purposes}
    instead = tuple(
        _entry(g) for g in covering or [g for g in candidates if purposes & set(g.purposes)]
    )
    cited = [c for g in (*entries, *instead) for c in g.citations]
    return ClaimCheck(
        claim=claim,
        verdict=Verdict.NOT_IN_FORCE if held else Verdict.NOT_GIVEN,
        recorded=entries,
        instead=instead,
        citations=tuple(dict.fromkeys(cited)),
    )


def check_claims(knowledge: Knowledge, partnership: Partnership) -> tuple[ClaimCheck, ...]:
    """Every claim in the partnership file, checked on its date and in its area."""
    return tuple(check_claim(knowledge, c, on=partnership) for c in partnership.claims)
