"""The library's front door: load everything once, then ask questions without I/O.

`load` reads the curated knowledge (``data/``), the legislation held locally and the
cached graph, and returns a `LawGraph`. Its methods answer the three questions the CLI
answers: what a provision says (`LawGraph.provision`), which gateways an organisation
holds (`LawGraph.gateways`), and whether and how it may share (`LawGraph.ask`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lawgraph.errors import CorpusNotFoundError
from lawgraph.graph import GatewayGraph, gateways_for, load_graph, member_gateways
from lawgraph.graph.cache import cached_payload
from lawgraph.knowledge import Gateway, Knowledge, load_knowledge
from lawgraph.legislation.citations import parse_citation
from lawgraph.legislation.corpus import Corpus
from lawgraph.legislation.pointintime import PointInTime, provision_on
from lawgraph.reasoning import Determination, Scenario
from lawgraph.reasoning import ask as _ask
from lawgraph.reasoning.texts import StatuteTexts, knowledge_citations, load_statute_texts
from lawgraph.settings import data_dir as default_data_dir
from lawgraph.settings import legislation_dirs as default_legislation_dirs

__all__ = ["LawGraph", "ask", "load"]


@dataclass(frozen=True)
class LawGraph:
    """Legislation, curated knowledge and their graph, loaded once.

    Attributes:
        knowledge: the curated holders, gateways and lawful-basis conditions.
        graph: the typed networkx graph joining them to the statutes.
        corpus: the legislation held locally, or ``None`` when none is.
        statutes: the text of every cited provision that is held, for quoting.
    """

    knowledge: Knowledge
    graph: GatewayGraph
    corpus: Corpus | None
    statutes: StatuteTexts | None

    def ask(self, scenario: Scenario) -> Determination:
        """Whether and how the scenario's discloser may share, with every step cited.

        Pure: no I/O happens here; statute text was read by `load`.

        Raises:
            ScenarioError: the scenario names something unknown or contradicts itself.
        """
        return _ask(self.knowledge, scenario, self.statutes)

    def provision(self, citation: str, as_at: dt.date | None = None) -> PointInTime:
        """What a provision said, and whether it was in force, on a date (default today).

        Raises:
            CitationError: the citation cannot be read.
            NotHeldError: the statute is not held locally.
        """
        if self.corpus is None:
            raise CorpusNotFoundError(
                "no legislation is held locally; run 'lawgraph fetch --manifest'"
            )
        identifier = parse_citation(citation).identifier
        return provision_on(self.corpus, identifier, as_at or dt.date.today())

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
        holder_id = self.knowledge.holder(holder).id
        recipient_id = self.knowledge.holder(recipient).id if recipient else None
        purpose_id = self.knowledge.purpose(purpose).id if purpose else None
        found = member_gateways(
            self.graph, holder_id, recipient=recipient_id, purpose=purpose_id, on=on
        )
        return [(side, m, [self.knowledge.gateways[g] for g in ids]) for side, m, ids in found]


def load(
    data_dir: Path | str | None = None,
    legislation_dirs: Sequence[Path | str] | None = None,
    *,
    use_cache: bool = True,
) -> LawGraph:
    """Load the knowledge, the legislation held and the graph (from the on-disk cache).

    Args:
        data_dir: the curated ``data/`` folder (default: `lawgraph.settings.data_dir`).
        legislation_dirs: folders of legislation XML (default: ``statutes/`` and the
            reference corpus, see `lawgraph.settings`).
        use_cache: read and write the graph cache.

    Raises:
        KnowledgeError: a data file is malformed or inconsistent.

    Examples:
        >>> import lawgraph
        >>> lg = lawgraph.load()
        >>> [g.id for g in lg.gateways("chief constable", purpose="safeguarding")][:2]
        ['ca2004-s11', 'ca2004-s28']
    """
    root = Path(data_dir) if data_dir is not None else default_data_dir()
    dirs = (
        [Path(d) for d in legislation_dirs]
        if legislation_dirs is not None
        else default_legislation_dirs()
    )
    knowledge = load_knowledge(root)
    graph = load_graph(root, dirs, use_cache=use_cache)
    corpus: Corpus | None
    try:
        corpus = Corpus(dirs)
    except CorpusNotFoundError:
        corpus = None
    statutes = statute_texts(knowledge, root, corpus, use_cache=use_cache)
    return LawGraph(knowledge=knowledge, graph=graph, corpus=corpus, statutes=statutes)


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
