"""An organisation's information-sharing map: every answer `ask` gives about it, at once.

The guidance asks each organisation to "know in advance which agencies or organisations
you can share information with". `sharing_map` answers that for one holder by putting
the same question to the reasoner for every other holder, purpose and data category:

- *out*: the holder is the discloser and each other organisation or person the recipient;
- *in*: each other holder (organisation, practitioner or person) is the discloser and the
  holder the recipient.

Each `MapCell` is built from the `Determination` that `ask` returns for one `Scenario`
(`MapQuestion.scenario` says which), so the map and ``lawgraph ask`` cannot disagree:
nothing here decides whether a gateway applies or which basis is available. The facts a
map does not know are those a plain ``lawgraph ask`` with only a discloser, recipient,
purpose and category would use, with consent not in question (``not-applicable``), since
``ask`` needs consent stated (`MAP_FACTS`).

A duty that arises only on a request (a gateway's ``only_in_context``, such as a request
under Children Act 2004 s.16H or CA 1989 s.47(9)) is asked about in that context too,
where such a duty reaches the pair for the purpose (`lawgraph.knowledge.applicability`
decides it); and each cell names the powers the recipient holds to require the
information from the discloser.

Questions the reasoner cannot tell apart (the other party differs only in what no rule
reads of it: see `_Alike`) share one answer, so a map asks about a fifth as often as it
has cells; the tests ask every cell of four maps again, independently, and compare.

Cells whose answer is ``no-lawful-basis-identified`` are counted, not listed, unless
asked for (``include_no_basis``): a map of what can be shared stays readable.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import ParamSpec, TypeVar

from pydantic import BaseModel, ConfigDict

from lawgraph.disclaimer import NOT_LEGAL_ADVICE
from lawgraph.knowledge.applicability import Role, assess, role_of
from lawgraph.knowledge.loader import Knowledge
from lawgraph.knowledge.models import ANY, DutyHolder, Gateway, Jurisdiction, Nature
from lawgraph.reasoning.determination import (
    ConditionRoute,
    Determination,
    Outcome,
    RegimeChoice,
)
from lawgraph.reasoning.engine import ask
from lawgraph.reasoning.groupings import is_grouping, members_of
from lawgraph.reasoning.rules.gateways import COMPELLING
from lawgraph.reasoning.scenario import (
    ConsentStatus,
    Context,
    HolderNotInExistenceError,
    Scenario,
    ScenarioError,
    Subject,
    Use,
)

_M = TypeVar("_M", bound=BaseModel)
_P = ParamSpec("_P")
_R = TypeVar("_R")

__all__ = [
    "MAP_FACTS",
    "Direction",
    "GatewayKind",
    "MapBasis",
    "MapCell",
    "MapGateway",
    "MapQuestion",
    "NotAnOrganisationError",
    "SharingMap",
    "cell_of",
    "default_categories",
    "sharing_map",
]

#: The facts every cell is asked with, besides its discloser, recipient, purpose,
#: category and context: those of a plain ``lawgraph ask`` (a child's information, no
#: particular practice setting, not given in confidence, necessity not yet assessed,
#: England), with consent not in question, since ``ask`` requires consent to be stated.
MAP_FACTS: dict[str, str | bool] = {
    "subject": Subject.CHILD.value,
    "consent": ConsentStatus.NOT_APPLICABLE.value,
    "in_confidence": False,
    "necessity": "unknown",
    "jurisdiction": "england",
}


_JURISDICTION = Jurisdiction(str(MAP_FACTS["jurisdiction"]))


class Direction(StrEnum):
    """Which way the information goes, seen from the map's holder."""

    #: the holder gives information to another
    OUT = "out"
    #: another gives information to the holder
    IN = "in"
    #: both
    BOTH = "both"


class GatewayKind(StrEnum):
    """What a gateway in a cell is, read from its ``nature`` and role."""

    #: a duty that reaches this disclosure (to share, notify, co-operate ...)
    DUTY = "duty"
    #: a power to share: the discloser may, and decides whether to
    POWER = "power"
    #: a duty to comply with a request: it binds once the request is made
    DUTY_ON_REQUEST = "duty-on-request"
    #: a statutory function of the discloser that names no recipient: it grounds a
    #: public task but neither requires nor authorises the disclosure itself
    FUNCTION = "function"
    #: a power of the recipient to require the information from the discloser
    REQUEST = "request"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class MapGateway(_Frozen):
    """A gateway in a cell.

    Attributes:
        id: the gateway id.
        title: its title.
        nature: its nature (``duty_to_share``, ``power_to_share`` ...).
        kind: duty, power, duty on request, function, or the recipient's power to request.
        citations: the identifiers it cites.
        conditions: the conditions on its use, as the data records them.
    """

    id: str
    title: str
    nature: str
    kind: GatewayKind
    citations: tuple[str, ...]
    conditions: tuple[str, ...] = ()


class MapBasis(_Frozen):
    """An Article 6 basis, or an Article 9, Article 10 or Part 3 condition, in a cell.

    Attributes:
        condition: the condition id.
        title: its title.
        requires: the further conditions it needs (e.g. DPA 2018 s.10 and Sch 1 para 18).
        citations: the identifiers it cites.
    """

    condition: str
    title: str
    requires: tuple[str, ...] = ()
    citations: tuple[str, ...]


class MapQuestion(_Frozen):
    """The question one cell answers: `scenario` is exactly what is put to `ask`."""

    discloser: str
    recipient: str
    purpose: str
    category: str
    context: Context = Context.OTHER

    def scenario(self, as_at: dt.date) -> Scenario:
        """The scenario `ask` answers for this cell (with `MAP_FACTS`)."""
        return Scenario.parse(
            {
                **MAP_FACTS,
                "discloser": self.discloser,
                "recipient": self.recipient,
                "categories": [self.category],
                "purpose": self.purpose,
                "context": self.context.value,
                "as_at": as_at,
            }
        )


class MapCell(_Frozen):
    """One answer of the map: who gives what to whom, why, and on what basis.

    Attributes:
        direction: ``out`` (the holder discloses) or ``in`` (the holder receives).
        counterparty: the other holder.
        question: the scenario asked (discloser, recipient, purpose, category, context).
        outcome: the reasoner's outcome.
        regime: UK GDPR, DPA 2018 Part 3, or the choice flagged.
        gateways: the gateways that reach the disclosure, each with its kind.
        requested_under: the recipient's powers to require the information from the
            discloser (`lawgraph.knowledge.applicability`).
        article6: the Article 6(1) bases available.
        article9: the Article 9 routes (``None`` when no special category data).
        article10: the Article 10 routes (``None`` when no criminal offence data).
        part3: the DPA 2018 Part 3 conditions (``None`` outside Part 3).
        judgements: the layers whose step needs the practitioner's judgement, by title;
            every other step is settled by law.
    """

    direction: Direction
    counterparty: str
    question: MapQuestion
    outcome: Outcome
    regime: RegimeChoice
    gateways: tuple[MapGateway, ...]
    requested_under: tuple[MapGateway, ...] = ()
    article6: tuple[MapBasis, ...]
    article9: tuple[MapBasis, ...] | None = None
    article10: tuple[MapBasis, ...] | None = None
    part3: tuple[MapBasis, ...] | None = None
    judgements: tuple[str, ...] = ()


class SharingMap(_Frozen):
    """Every cell of one holder's map, and what it leaves out.

    Attributes:
        holder: the holder id.
        name: its name.
        as_at: the date the law is applied at.
        direction: out, in or both.
        purposes: the purposes asked about.
        categories: the data categories asked about.
        facts: the facts every cell is asked with besides its own (`MAP_FACTS`).
        cells: the answers, in the order out then in, counterparty, purpose,
            category, context.
        no_basis: how many cells gave ``no-lawful-basis-identified`` (listed in `cells`
            only when asked for).
        no_basis_listed: whether those cells are in `cells`.
        members: when the holder is a grouping (``academy``, ``police``), the holders
            that are a kind of it; the map answers for the grouping as named (as ``ask``
            does), and each member has a map of its own.
        not_in_existence: holders left out because they did not exist in law on
            `as_at`, each with the reason.
        not_legal_advice: the notice every output carries.
    """

    holder: str
    name: str
    as_at: dt.date
    direction: Direction
    purposes: tuple[str, ...]
    categories: tuple[str, ...]
    facts: dict[str, str | bool]
    cells: tuple[MapCell, ...]
    no_basis: int
    no_basis_listed: bool = False
    members: tuple[str, ...] = ()
    not_in_existence: tuple[tuple[str, str], ...] = ()
    not_legal_advice: str = NOT_LEGAL_ADVICE


class NotAnOrganisationError(ScenarioError):
    """The holder named is an individual practitioner or a person acting privately."""


def default_categories(knowledge: Knowledge) -> tuple[str, ...]:
    """The data categories a map asks about when none are named: each category that
    others are a kind of (personal data, special category data, criminal offence data),
    the kinds the law gives different routes (Art 6 alone, Art 9, Art 10)."""
    parents = {p for c in knowledge.categories.values() for p in c.is_a}
    return tuple(c for c in knowledge.categories if c in parents)


def _cycles_paused(build: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run `build` with Python's cyclic garbage collector paused, then restore it.

    A map keeps tens of thousands of answers alive as it builds them, and the collector
    would rescan all of them again and again on the way (about a quarter of the time).
    Reference counting still frees everything that is not a cycle, and collection
    resumes as it was when the map is done.
    """

    @functools.wraps(build)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        was_on = gc.isenabled()
        gc.disable()
        try:
            return build(*args, **kwargs)
        finally:
            if was_on:
                gc.enable()

    return run


@_cycles_paused
def sharing_map(
    knowledge: Knowledge,
    holder: str,
    *,
    as_at: dt.date | None = None,
    purposes: Iterable[str] = (),
    categories: Iterable[str] = (),
    direction: Direction = Direction.BOTH,
    include_no_basis: bool = False,
) -> SharingMap:
    """The map of `holder`: the reasoner's answer for each other holder, purpose and
    category, in the directions asked.

    Args:
        knowledge: the curated data (loaded once; nothing is re-read per cell).
        holder: a holder id, name or alias of one organisation.
        as_at: the date the law is applied at (default today).
        purposes: purpose ids or titles (default: every purpose in the data).
        categories: category ids or titles (default: `default_categories`).
        direction: out, in or both.
        include_no_basis: list the ``no-lawful-basis-identified`` cells too.

    Raises:
        UnknownHolderError: the holder is not known (with suggestions); likewise
            UnknownPurposeError and UnknownCategoryError.
        NotAnOrganisationError: the holder is a practitioner or a private person.
        HolderNotInExistenceError: the holder did not exist in law on `as_at`.
        LawNotInForceError: `as_at` is before the data-protection law applied.
    """
    on = as_at or dt.date.today()
    me = knowledge.holder(holder)
    _check_organisation(knowledge, me)
    # the holder itself must exist, and the law be in force, on the day: ask's own checks
    try:
        _probe(knowledge, me.id, on).resolve(knowledge)
    except HolderNotInExistenceError as exc:
        words = str(exc).replace("the discloser", "the organisation", 1)
        raise HolderNotInExistenceError("holder", me.id, on, words, exc.provision) from None
    purpose_ids = tuple(dict.fromkeys(knowledge.purpose(p).id for p in purposes)) or tuple(
        knowledge.purposes
    )
    category_ids = tuple(
        dict.fromkeys(knowledge.category(c).id for c in categories)
    ) or default_categories(knowledge)
    sides = (Direction.OUT, Direction.IN) if direction is Direction.BOTH else (direction,)
    alike = _Alike.of(knowledge, on)
    # per (side, purpose, the other party as the reasoner sees it): the questions asked
    # and the cell answering each, by (context, category as the reasoner sees it)
    answered: dict[tuple[object, ...], dict[tuple[object, ...], MapCell]] = {}
    settings: dict[tuple[object, ...], list[MapQuestion]] = {}
    cells: list[MapCell] = []
    no_basis = 0
    gone: dict[str, str] = {}
    for side in sides:
        plans = {p: alike.plan(me.id, side, p) for p in purpose_ids}
        for other in _counterparties(knowledge, me, side):
            pair = (me.id, other.id) if side is Direction.OUT else (other.id, me.id)
            missing = _not_existing(knowledge, other, side, on)
            if missing is not None:
                gone.setdefault(other.id, missing)
                continue
            for purpose in purpose_ids:
                seen = (side, purpose, alike.holder(other.id, side, plans[purpose]))
                asked = settings.get(seen)
                if asked is None:
                    asked = settings[seen] = list(_questions(alike, pair, (purpose,), category_ids))
                    own = answered[seen] = {}
                else:
                    own = answered[seen]
                for template in asked:
                    at = (template.context, alike.category(template.category))
                    cell = own.get(at)
                    if cell is None:
                        # A grouping's answer for each member is not expanded: it changes
                        # neither the outcome nor the gateways or bases, and each member
                        # is a row of the map in its own right.
                        question = _for_pair(template, pair)
                        det = ask(knowledge, question.scenario(on), expand=False)
                        powers = alike.requests(*pair, purpose)
                        cell = own[at] = _cell(knowledge, det, side, powers)
                    if cell.outcome is Outcome.NO_LAWFUL_BASIS_IDENTIFIED:
                        no_basis += 1
                        if not include_no_basis:
                            continue
                    if cell.counterparty != other.id or cell.question.category != (
                        template.category
                    ):
                        question = _for_pair(template, pair)
                        cell = _updated(cell, counterparty=other.id, question=question)
                    cells.append(cell)
    return SharingMap(
        holder=me.id,
        name=me.name,
        as_at=on,
        direction=direction,
        purposes=purpose_ids,
        categories=category_ids,
        facts=dict(MAP_FACTS),
        cells=tuple(cells),
        no_basis=no_basis,
        no_basis_listed=include_no_basis,
        members=tuple(members_of(knowledge, me.id)) if is_grouping(knowledge, me.id) else (),
        not_in_existence=tuple(gone.items()),
    )


def cell_of(knowledge: Knowledge, det: Determination, direction: Direction) -> MapCell:
    """The cell that `det` (an answer of `ask`) gives, seen from the map's holder: the
    recipient's side when `direction` is ``out``, the discloser's when ``in``."""
    s = det.scenario
    powers = _request_powers(knowledge, s.discloser, s.recipient, s.purpose, s.as_at)
    return _cell(knowledge, det, direction, powers)


def _cell(
    knowledge: Knowledge, det: Determination, direction: Direction, powers: list[Gateway]
) -> MapCell:
    s = det.scenario
    counterparty = s.recipient if direction is Direction.OUT else s.discloser
    question = MapQuestion(
        discloser=s.discloser,
        recipient=s.recipient,
        purpose=s.purpose,
        category=s.categories[0],
        context=s.context,
    )
    gateways = tuple(
        _map_gateway(knowledge.gateways[g.id], _kind(knowledge.gateways[g.id], g.role))
        for g in det.gateways
    )
    return MapCell(
        direction=direction,
        counterparty=counterparty,
        question=question,
        outcome=det.outcome,
        regime=det.regime,
        gateways=gateways,
        requested_under=tuple(_map_gateway(g, GatewayKind.REQUEST) for g in powers),
        article6=tuple(
            MapBasis(condition=b.condition, title=b.title, citations=b.citations)
            for b in det.article6
        ),
        article9=_routes(det.article9),
        article10=_routes(det.article10),
        part3=_routes(det.part3),
        judgements=tuple(dict.fromkeys(st.layer for st in det.steps if not st.settled_by_law)),
    )


@dataclass(frozen=True)
class _Plan:
    """For one side and purpose of a map: the gateways whose reach depends on the other
    party, and through which of their lists (`_Alike.plan`)."""

    #: gateways that can reach the question whatever the other party is, except for the
    #: other party's own side of them: (gateway, the list of ids to test its line against)
    reach: tuple[tuple[str, frozenset[str]], ...]
    #: holder ids the decision tables name (``discloser-is``, ``recipient-is``)
    tables: frozenset[str]


@dataclass(frozen=True)
class _Alike:
    """Which questions the reasoner cannot tell apart, so one answer serves them all.

    For a map's holder, a side and a purpose, the other party is read by the reasoner
    only through: whether its ``is_a`` line meets its side of each gateway (holders for
    a discloser, recipients for a recipient) that can otherwise reach the question, and
    of each power to request; whether it meets the holders a decision table names; and a
    few fields (public authority, competent authority, private person,
    subject). Gateways open to ``any`` party, and those not serving the purpose or not in
    force, read nothing of it. A data category is read through the categories it is a
    kind of, where a table names one or others are a kind of it. Questions alike in all
    of these get the same gateways, bases and outcome, so the map asks once for them;
    ``tests/reasoning/test_sharing_map.py`` asks every cell of four maps independently
    and compares.
    """

    knowledge: Knowledge
    on: dt.date
    tables: frozenset[str]
    categories_named: frozenset[str]
    fields: dict[tuple[str, Direction], str] = field(default_factory=dict)
    lines: dict[str, frozenset[str]] = field(default_factory=dict)
    kinds: dict[str, frozenset[str]] = field(default_factory=dict)
    powers: dict[tuple[str, str, str], list[Gateway]] = field(default_factory=dict)

    @classmethod
    def of(cls, knowledge: Knowledge, on: dt.date) -> _Alike:
        named: set[str] = set()
        if knowledge.rules is not None:
            _strings(knowledge.rules.model_dump(), named)
        parents = {p for c in knowledge.categories.values() for p in c.is_a}
        return cls(
            knowledge=knowledge,
            on=on,
            tables=frozenset(named & set(knowledge.holders)),
            categories_named=frozenset((named & set(knowledge.categories)) | parents),
        )

    def requests(self, discloser: str, recipient: str, purpose: str) -> list[Gateway]:
        """`_request_powers`, each pair and purpose worked out once per map."""
        key = (discloser, recipient, purpose)
        found = self.powers.get(key)
        if found is None:
            found = self.powers[key] = _request_powers(
                self.knowledge, discloser, recipient, purpose, self.on
            )
        return found

    def line(self, holder_id: str) -> frozenset[str]:
        """The holder and everything it is a kind of."""
        found = self.lines.get(holder_id)
        if found is None:
            found = self.lines[holder_id] = frozenset(
                {holder_id, *self.knowledge.ancestors(holder_id)}
            )
        return found

    def plan(self, me: str, side: Direction, purpose: str) -> _Plan:
        """What of the other party can matter, for `purpose`, on `side`."""
        k = self.knowledge
        p = k.purposes[purpose]
        is_a = frozenset(k.purpose_ancestors(purpose))
        mine = self.line(me)
        reach: list[tuple[str, frozenset[str]]] = []
        for g in k.gateways.values():
            request = role_of(g) is Role.REQUEST
            # the side of the gateway the map's holder is on, and the other party's
            if request:
                # `_request_powers`: the recipient asks the discloser
                own, theirs = (g.recipients, g.holders) if side is Direction.OUT else (
                    g.holders, g.recipients)  # fmt: skip
            else:
                own, theirs = (g.holders, g.recipients) if side is Direction.OUT else (
                    g.recipients, g.holders)  # fmt: skip
            named = frozenset(theirs) - {ANY}
            if not named:
                continue  # open to any party, or to none: reads nothing of the other
            if own and ANY not in own and mine.isdisjoint(own):
                continue  # the map's holder is not on its side
            verdict = assess(
                g, holder_line=g.holders, purpose=purpose, on=self.on,
                jurisdiction=_JURISDICTION, disclosure=False,
                served_through=p.served_through, purpose_is_a=is_a,
            )  # fmt: skip
            if verdict.applies:
                reach.append((g.id, named))
        return _Plan(reach=tuple(reach), tables=self.tables)

    def holder(self, holder_id: str, side: Direction, plan: _Plan) -> tuple[object, ...]:
        """How the reasoner sees `holder_id` as the other party, under `plan`."""
        key = (holder_id, side)
        fields = self.fields.get(key)
        if fields is None:
            h = self.knowledge.holders[holder_id]
            # the fields the rules read of a recipient, or of a discloser
            # (rules/_common.py, rules/tables.py, engine.py); the basis of a discloser's
            # public authority status is read only for its scope, in the words of a
            # basis, which a cell does not carry
            read = (
                (h.competent_authority, h.private_person, h.is_subject)
                if side is Direction.OUT
                else (h.public_authority, h.competent_authority)
            )
            fields = self.fields[key] = repr(read)
        line = self.line(holder_id)
        reached = frozenset(g for g, ids in plan.reach if not line.isdisjoint(ids))
        return fields, line & plan.tables, reached

    def category(self, category_id: str) -> frozenset[str]:
        """How the reasoner sees the category: what it is a kind of, where that counts."""
        found = self.kinds.get(category_id)
        if found is None:
            closure: set[str] = set()
            queue = [category_id]
            while queue:
                c = queue.pop()
                if c not in closure:
                    closure.add(c)
                    queue.extend(self.knowledge.categories[c].is_a)
            found = self.kinds[category_id] = frozenset(closure) & self.categories_named
        return found


def _strings(value: object, into: set[str]) -> None:
    """Every string inside `value` (nested dicts, lists and tuples)."""
    if isinstance(value, str):
        into.add(value)
    elif isinstance(value, dict):
        for v in value.values():
            _strings(v, into)
    elif isinstance(value, list | tuple | set | frozenset):
        for v in value:
            _strings(v, into)


def _for_pair(template: MapQuestion, pair: tuple[str, str]) -> MapQuestion:
    """`template` asked of another pair."""
    if (template.discloser, template.recipient) == pair:
        return template
    return _updated(template, discloser=pair[0], recipient=pair[1])


def _updated(model: _M, **update: object) -> _M:
    """`model` with some fields replaced by values already of their type (a cell or
    question built here from validated ones). ``model_copy`` does the same, but copies
    the instance's dict and private state first, which a map of 25,000 cells feels."""
    return type(model).model_construct(
        _fields_set=model.model_fields_set, **{**model.__dict__, **update}
    )


def _check_organisation(knowledge: Knowledge, holder: DutyHolder) -> None:
    if holder.practitioner or holder.private_person:
        what = "an individual practitioner" if holder.practitioner else "a person acting privately"
        raise NotAnOrganisationError(
            f"{holder.id!r} is {what}, not an organisation: a map is drawn for an "
            "organisation (the map of the body they work for, or share with, includes them)"
        )


def _counterparties(knowledge: Knowledge, me: DutyHolder, side: Direction) -> Iterator[DutyHolder]:
    """Every other holder that can be the other party, groupings and their members
    alike. A practitioner is never a recipient (a disclosure is made to an
    organisation) but can be a discloser."""
    for other in knowledge.holders.values():
        if other.id == me.id:
            continue
        if side is Direction.OUT and other.practitioner:
            continue
        yield other


def _not_existing(
    knowledge: Knowledge, other: DutyHolder, side: Direction, on: dt.date
) -> str | None:
    """Why `other` is left out on `on` (it did not exist in law), from ask's own check."""
    role = "recipient" if side is Direction.OUT else "discloser"
    probe = _probe(knowledge, other.id, on)
    try:
        probe.resolve(knowledge)
    except HolderNotInExistenceError as exc:
        return str(exc).replace("the discloser", f"the {role}", 1)
    except ScenarioError:
        return None  # a practitioner discloser: resolve refuses it as a recipient only
    return None


def _probe(knowledge: Knowledge, holder_id: str, on: dt.date) -> Scenario:
    """A question about the holder alone (a new use of what it holds), whose resolving
    runs the reasoner's checks that it exists and the law is in force on `on`."""
    return Scenario.parse(
        {
            **MAP_FACTS,
            "discloser": holder_id,
            "use": Use.ONWARD_USE.value,
            "categories": [next(iter(knowledge.categories))],
            "purpose": next(iter(knowledge.purposes)),
            "as_at": on,
        }
    )


def _questions(
    alike: _Alike,
    pair: tuple[str, str],
    purposes: Sequence[str],
    categories: Sequence[str],
) -> Iterator[MapQuestion]:
    """The questions for one pair: each purpose and category in no particular setting,
    and again in each request context where a duty arising only on that request reaches
    the pair for the purpose."""
    knowledge, on = alike.knowledge, alike.on
    discloser, recipient = pair
    line, to = alike.line(discloser), alike.line(recipient)
    on_request = [
        g for g in knowledge.gateways_held_by(discloser, include_any=True) if g.only_in_context
    ]
    for purpose in purposes:
        p = knowledge.purposes[purpose]
        is_a = frozenset(knowledge.purpose_ancestors(purpose))
        contexts = [Context.OTHER]
        for g in on_request:
            verdict = assess(
                g,
                holder_line=line,
                recipient_line=to,
                recipient=recipient,
                purpose=purpose,
                on=on,
                jurisdiction=_JURISDICTION,
                context=g.only_in_context,
                served_through=p.served_through,
                purpose_is_a=is_a,
            )
            context = Context(str(g.only_in_context))
            # A duty open to "any" recipient (s.16H) is asked about only where the
            # recipient can itself make the request; one naming the recipient always.
            named = not to.isdisjoint(g.recipients)
            if not verdict.applies or context in contexts:
                continue
            if named or alike.requests(discloser, recipient, purpose):
                contexts.append(context)
        for context in contexts:
            for category in categories:
                yield MapQuestion(
                    discloser=discloser,
                    recipient=recipient,
                    purpose=purpose,
                    category=category,
                    context=context,
                )


def _kind(gateway: Gateway, role: str) -> GatewayKind:
    if role == Role.FUNCTION.value:
        return GatewayKind.FUNCTION
    if gateway.nature is Nature.DUTY_TO_COMPLY_WITH_REQUEST:
        return GatewayKind.DUTY_ON_REQUEST
    if gateway.nature in COMPELLING:
        return GatewayKind.DUTY
    return GatewayKind.POWER


def _map_gateway(gateway: Gateway, kind: GatewayKind) -> MapGateway:
    return MapGateway(
        id=gateway.id,
        title=gateway.title,
        nature=gateway.nature.value,
        kind=kind,
        citations=tuple(dict.fromkeys(c.id for c in gateway.citations)),
        conditions=tuple(gateway.conditions),
    )


def _request_powers(
    knowledge: Knowledge, discloser: str, recipient: str, purpose: str, on: dt.date
) -> list[Gateway]:
    """The recipient's powers to request information from the discloser for the
    purpose, as the applicability engine decides them (holders, recipients, purpose,
    day, place)."""
    asker = frozenset({recipient, *knowledge.ancestors(recipient)})
    asked = frozenset({discloser, *knowledge.ancestors(discloser)})
    p = knowledge.purposes[purpose]
    is_a = frozenset(knowledge.purpose_ancestors(purpose))
    powers = []
    for g in knowledge.gateways.values():
        if role_of(g) is not Role.REQUEST:
            continue
        verdict = assess(
            g,
            holder_line=asker,
            recipient_line=asked,
            recipient=discloser,
            purpose=purpose,
            on=on,
            jurisdiction=_JURISDICTION,
            disclosure=False,
            served_through=p.served_through,
            purpose_is_a=is_a,
        )
        if verdict.applies:
            powers.append(g)
    return powers


def _routes(routes: tuple[ConditionRoute, ...] | None) -> tuple[MapBasis, ...] | None:
    if routes is None:
        return None
    return tuple(
        MapBasis(condition=r.condition, title=r.title, requires=r.requires, citations=r.citations)
        for r in routes
    )
