"""The library's front door: load everything once, then ask questions without I/O.

`load` reads the curated knowledge (``data/``), the legislation held locally and the
cached graph, and returns a `LawGraph`. Its methods answer the three questions the CLI
answers: what a provision says (`LawGraph.provision`), which gateways an organisation
holds (`LawGraph.gateways`), and whether and how it may share (`LawGraph.ask`).

Every command of the command line loads through `load` too, asking only for the parts it
uses (`Part`): ``lawgraph ask`` never builds the graph, ``lawgraph show`` never reads the
knowledge. A part not asked for is read on first use, once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from lawgraph.errors import CorpusNotFoundError

if TYPE_CHECKING:  # imported where used, so `import lawgraph.api` stays cheap
    from lawgraph.graph import GatewayGraph
    from lawgraph.graph.flows import Flow
    from lawgraph.knowledge import Gateway, Knowledge
    from lawgraph.knowledge.models import Jurisdiction
    from lawgraph.legislation.corpus import Corpus
    from lawgraph.legislation.identifiers import LegislationId
    from lawgraph.legislation.pointintime import PointInTime
    from lawgraph.reasoning import Determination, Scenario
    from lawgraph.reasoning.sharing_map import SharingMap
    from lawgraph.reasoning.texts import StatuteTexts

__all__ = ["LawGraph", "Part", "ask", "load"]


class Part(StrEnum):
    """What `load` can read before it returns."""

    #: the curated ``data/`` files, loaded strictly and cross-checked
    KNOWLEDGE = "knowledge"
    #: the legislation XML held locally (listed, not parsed)
    CORPUS = "corpus"
    #: the networkx graph joining the two (from the on-disk cache when warm)
    GRAPH = "graph"
    #: the text of every cited provision that is held, for quoting
    STATUTES = "statutes"


@dataclass(frozen=True, eq=False)
class LawGraph:
    """Legislation, curated knowledge and their graph, each loaded once, on first use.

    `load` reads the parts asked for before it returns (by default all of them, so
    nothing after it does I/O); any other part is read the first time it is used.

    Attributes:
        data_dir: the knowledge folder.
        legislation_dirs: the legislation folders, in priority order.
        use_cache: whether the graph and the quotes are read from (and written to) the
            on-disk cache.
    """

    data_dir: Path
    legislation_dirs: tuple[Path, ...]
    use_cache: bool = True

    @cached_property
    def knowledge(self) -> Knowledge:
        """The curated holders, gateways and lawful-basis conditions.

        Raises:
            KnowledgeError: a data file is malformed or inconsistent.
        """
        from lawgraph.knowledge.loader import load_knowledge

        return load_knowledge(self.data_dir, use_cache=self.use_cache)

    @cached_property
    def _corpus(self) -> Corpus | CorpusNotFoundError:
        from lawgraph.legislation.corpus import Corpus

        try:
            return Corpus(self.legislation_dirs)
        except CorpusNotFoundError as exc:
            return exc

    @property
    def corpus(self) -> Corpus | None:
        """The legislation held locally, or ``None`` when none is."""
        found = self._corpus
        return None if isinstance(found, CorpusNotFoundError) else found

    def held(self) -> Corpus:
        """The legislation held locally.

        Raises:
            CorpusNotFoundError: no legislation folder exists (the message says how to
                fetch some).
        """
        found = self._corpus
        if isinstance(found, CorpusNotFoundError):
            raise found
        return found

    @cached_property
    def graph(self) -> GatewayGraph:
        """The typed networkx graph joining the knowledge to the statutes."""
        from lawgraph.graph.cache import load_graph

        return load_graph(
            self.data_dir,
            self.legislation_dirs,
            use_cache=self.use_cache,
            knowledge=lambda: self.knowledge,
            corpus=lambda: self.corpus,
        )

    @cached_property
    def statutes(self) -> StatuteTexts | None:
        """The text of every cited provision that is held, for quoting (``None`` when no
        legislation is held)."""
        return statute_texts(self.knowledge, self.data_dir, self.corpus, use_cache=self.use_cache)

    def read(self, parts: Iterable[Part]) -> LawGraph:
        """Read `parts` now (each at most once), so later use does no I/O; returns self.

        Raises:
            KnowledgeError: a data file is malformed or inconsistent.
        """
        for part in Part:  # in dependency order, whatever order they were asked in
            if part in set(parts):
                getattr(self, part.value)
        return self

    def ask(self, scenario: Scenario, *, quote: bool = True) -> Determination:
        """Whether and how the scenario's discloser may share, with every step cited.

        Pure once loaded: statute text was read by `load`. With ``quote=False`` no
        statute text is quoted (and none is read).

        Raises:
            ScenarioError: the scenario names something unknown or contradicts itself.
        """
        from lawgraph.reasoning import ask as _ask

        return _ask(self.knowledge, scenario, self.statutes if quote else None)

    def map(
        self,
        holder: str,
        *,
        as_at: dt.date | None = None,
        purposes: Iterable[str] = (),
        categories: Iterable[str] = (),
        direction: str = "both",
        include_no_basis: bool = False,
    ) -> SharingMap:
        """The organisation's sharing map: for each other holder, purpose and category,
        the answer `ask` gives (`lawgraph.reasoning.sharing_map.sharing_map`).

        Raises:
            ScenarioError: the holder is no organisation, did not exist on `as_at`, or
                `as_at` is before the law applied.
            UnknownTermError: a holder, purpose or category is not known.
        """
        from lawgraph.reasoning.sharing_map import Direction, sharing_map

        return sharing_map(
            self.knowledge,
            holder,
            as_at=as_at,
            purposes=purposes,
            categories=categories,
            direction=Direction(direction),
            include_no_basis=include_no_basis,
        )

    def provision(self, citation: str | LegislationId, as_at: dt.date | None = None) -> PointInTime:
        """What a provision said, and whether it was in force, on a date (default today).

        Args:
            citation: what a practitioner writes (``"s.16H CA 2004"``) or an identifier.
            as_at: the date asked about.

        Raises:
            CitationError: the citation cannot be read.
            CorpusNotFoundError: no legislation is held locally.
            NotHeldError: the statute is not held locally.
        """
        from lawgraph.legislation.citations import parse_citation
        from lawgraph.legislation.pointintime import provision_on

        corpus = self.corpus
        if corpus is None:
            raise CorpusNotFoundError(
                "no legislation is held locally; run 'lawgraph fetch --manifest'"
            )
        if isinstance(citation, str):
            identifier = parse_citation(citation).identifier
        else:
            identifier = str(citation)
        return provision_on(corpus, identifier, as_at or dt.date.today())

    def gateways(
        self,
        holder: str,
        *,
        recipient: str | None = None,
        purpose: str | None = None,
        on: dt.date | None = None,
    ) -> list[Gateway]:
        """The gateways `holder` holds (through what it is a kind of, too).

        Raises:
            UnknownHolderError: a holder or recipient name is not known.
            UnknownPurposeError: the purpose is not known (an id or a title).
        """
        from lawgraph.graph import gateways_for

        holder_id = self.knowledge.holder(holder).id
        recipient_id = self.knowledge.holder(recipient).id if recipient else None
        purpose_id = self.knowledge.purpose(purpose).id if purpose else None
        found = gateways_for(
            self.graph, holder_id, recipient=recipient_id, purpose=purpose_id, on=on
        )
        return [self.knowledge.gateways[g] for g in found]

    def member_gateways(
        self,
        holder: str,
        *,
        recipient: str | None = None,
        purpose: str | None = None,
        on: dt.date | None = None,
    ) -> list[tuple[str, str, list[Gateway]]]:
        """When `holder` or `recipient` is a grouping (``police``), the members reached by
        gateways that `gateways` does not list for the grouping: ``(side, member,
        gateways)``, side being ``holder`` or ``recipient``. Empty when no member differs.

        Raises:
            UnknownHolderError: a holder or recipient name is not known.
            UnknownPurposeError: the purpose is not known (an id or a title).
        """
        from lawgraph.graph import member_gateways

        holder_id = self.knowledge.holder(holder).id
        recipient_id = self.knowledge.holder(recipient).id if recipient else None
        purpose_id = self.knowledge.purpose(purpose).id if purpose else None
        found = member_gateways(
            self.graph, holder_id, recipient=recipient_id, purpose=purpose_id, on=on
        )
        return [(side, m, [self.knowledge.gateways[g] for g in ids]) for side, m, ids in found]

    def flows(
        self,
        holders: Sequence[str],
        *,
        purposes: Sequence[str] = (),
        on: dt.date | None = None,
        jurisdiction: Jurisdiction | str | None = "england",
    ) -> list[Flow]:
        """Every gateway from each of `holders` to each other (a partnership's sharing),
        for any of `purposes`, on `on` (default today), as `lawgraph.graph.flows.Flow`
        entries ready for `lawgraph.render_diagram`.

        Decided by the reasoner's own applicability test, so each flow is a gateway
        `ask` lists for the same discloser, recipient, purpose and day.

        Raises:
            UnknownHolderError: a holder name is not known (with suggestions).
            UnknownPurposeError: a purpose is not known.
            FlowError: a holder is named twice or does not exist on `on`.

        Examples:
            >>> import datetime as dt, lawgraph
            >>> lg = lawgraph.load()
            >>> found = lg.flows(["maintained school", "academy"], purposes=["safeguarding"],
            ...                  on=dt.date(2026, 6, 1))
            >>> sorted({(f.gateway, f.kind.value) for f in found if f.recipient == "academy"})
            [('ca2004-s16H', 'request'), ('ea2002-s175', 'function'), ('epi2005-reg9', 'duty')]
        """
        from lawgraph.graph.flows import sharing_flows
        from lawgraph.knowledge.models import Jurisdiction

        place = Jurisdiction(jurisdiction) if jurisdiction is not None else None
        return sharing_flows(self.knowledge, holders, purposes=purposes, on=on, jurisdiction=place)


def load(
    data_dir: Path | str | None = None,
    legislation_dirs: Sequence[Path | str] | None = None,
    *,
    use_cache: bool = True,
    parts: Iterable[Part] = tuple(Part),
) -> LawGraph:
    """Load the knowledge, the legislation held and the graph (from the on-disk cache).

    Args:
        data_dir: the curated ``data/`` folder (default: `lawgraph.settings.data_dir`).
        legislation_dirs: folders of legislation XML (default: ``statutes/`` and the
            reference corpus, see `lawgraph.settings`).
        use_cache: read and write the graph cache.
        parts: what to read now (default: everything, so no later call does I/O); the
            rest is read on first use.

    Raises:
        KnowledgeError: a data file is malformed or inconsistent.

    Examples:
        >>> import lawgraph
        >>> lg = lawgraph.load()
        >>> [g.id for g in lg.gateways("chief constable", purpose="safeguarding")][:2]
        ['ca2004-s11', 'ca2004-s28']
    """
    from lawgraph.settings import data_dir as default_data_dir
    from lawgraph.settings import legislation_dirs as default_legislation_dirs

    root = Path(data_dir) if data_dir is not None else default_data_dir()
    dirs = (
        [Path(d) for d in legislation_dirs]
        if legislation_dirs is not None
        else default_legislation_dirs()
    )
    law = LawGraph(data_dir=root, legislation_dirs=tuple(dirs), use_cache=use_cache)
    return law.read(parts)


def statute_texts(
    knowledge: Knowledge, root: Path, corpus: Corpus | None, *, use_cache: bool = True
) -> StatuteTexts | None:
    """The quotes the answers use, read from the graph's cache when it is warm, so a
    warm `load` (or ``lawgraph ask``) parses no statute file; a cache file that does not
    read back is rebuilt.

    Args:
        knowledge: the curated data (its citations are what is quoted).
        root: the knowledge folder (part of the cache key).
        corpus: the legislation held; ``None`` gives ``None``.
        use_cache: read and write the cache beside the graph.
    """
    from lawgraph.cachefiles import cached_payload
    from lawgraph.reasoning.texts import StatuteTexts, knowledge_citations, load_statute_texts

    if corpus is None:
        return None

    def build() -> dict[str, object]:
        return load_statute_texts(corpus, knowledge_citations(knowledge)).to_data()

    if not use_cache:
        return StatuteTexts.from_data(build())
    texts = StatuteTexts.from_data(cached_payload("quotes", root, corpus, build))
    return texts if texts is not None else StatuteTexts.from_data(build())


@lru_cache(maxsize=1)
def _default() -> LawGraph:
    return load()


def ask(scenario: Scenario) -> Determination:
    """`LawGraph.ask` on the default data and legislation, loaded on first use.

    Examples:
        >>> import lawgraph
        >>> det = lawgraph.ask(lawgraph.Scenario(
        ...     discloser="maintained school", recipient="children's social care",
        ...     subject="child", categories=["health-data"], purpose="safeguarding",
        ...     context="mash-referral", consent="refused", in_confidence=True,
        ...     as_at="2026-05-01"))
        >>> det.outcome.value
        'may-share-if-judgement'
    """
    return _default().ask(scenario)
