"""Find information-sharing language in held legislation that the knowledge base may lack.

Every provision of every held file is scanned with a few compiled regular expressions
for the ways statutes give a duty or power to share: *disclose / supply / provide /
share / pass (on) / give ... information*, *request ... information*, *must comply with a
request*, a duty to *notify* or *inform*, and *may disclose*. Each provision's own words
are scanned (`lawgraph.changes.diff.own_text`), so a hit is reported at the smallest
provision that contains it; the enclosing provision's words are read as well to find
the modal verb and actor of a lead-in (``The Secretary of State may—(a) disclose ...``).

Hits are ranked: a duty (*must*, *shall*, *is under a duty*) above a power (*may*);
*information* close to the verb above a distant mention; a mention of children,
safeguarding or welfare nearby raises the score. Hits in provisions the knowledge base
already cites are reported apart, as a measure of recall.

Files are scanned in parallel, one task per file, with `ProcessPoolExecutor`; workers
parse and scan and send back only the hits, which are small.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from lawgraph.changes.diff import own_text
from lawgraph.errors import LawgraphError
from lawgraph.knowledge.loader import Knowledge
from lawgraph.legislation.corpus import Corpus, HeldFile
from lawgraph.legislation.models import Provision
from lawgraph.legislation.parser import parse_file

__all__ = [
    "DiscoverResult",
    "FileScan",
    "Hit",
    "Recall",
    "default_files",
    "discover",
    "knowledge_citations",
    "recall",
    "scan_file",
    "scan_provisions",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")
_FLAGS = re.IGNORECASE

_INFO = r"(?:information|data|records?|reports?|details)"
_GAP = r"(?:\W+[\w\u2019'-]+){0,8}?\W+"
# (pattern name, regex): each names one way a statute confers a sharing duty or power
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "comply-with-request",
        re.compile(r"\bmust\s+comply\s+with\s+(?:a|the|any|that)\s+request", _FLAGS),
    ),
    ("may-disclose", re.compile(r"\bmay\s+(?:\w+\s+){0,2}?disclose\b", _FLAGS)),
    (
        "share",
        re.compile(
            r"\b(?:disclos\w*|suppl(?:y|ies|ied|ying)|provid(?:e|es|ed|ing)|shar(?:e|es|ed|ing)"
            r"|pass(?:es|ed|ing)?(?:\s+on)?|furnish\w*|giv(?:e|es|en|ing))" + _GAP + _INFO + r"\b",
            _FLAGS,
        ),
    ),
    (
        "share",
        re.compile(
            r"\b" + _INFO + _GAP + r"(?:disclosed|supplied|provided|shared|passed\s+on|given)\b",
            _FLAGS,
        ),
    ),
    ("request", re.compile(r"\brequest\w*" + _GAP + _INFO + r"\b", _FLAGS)),
    (
        "notify",
        re.compile(
            r"\b(?:(?:must|shall)\s+(?:\w+\s+){0,3}?|duty\s+to\s+)(?:notify|inform)\b", _FLAGS
        ),
    ),
)
_DUTY_RE = re.compile(r"\b(must|shall|(?:is|are)\s+under\s+a\s+duty|duty\s+to)\b", _FLAGS)
_POWER_RE = re.compile(r"\bmay\b", _FLAGS)
_MODAL_RE = re.compile(r"\b(must|may|shall|(?:is|are)\s+under\s+a\s+duty)\b", _FLAGS)
_CLAUSE_BREAK_RE = re.compile(r"[,;:()\[\]—.]|\b(?:and|or|if|where|that|unless|then)\b", _FLAGS)
_BOOST_RE = re.compile(
    r"\b(child\w*|safeguard\w*|welfare|vulnerable|at\s+risk|abuse|neglect)\b", _FLAGS
)
_LEADING_RE = re.compile(r"^(?:the|a|an|any|each|every)\s+", _FLAGS)
_BASE_SCORE = {"duty": 3.0, "power": 2.0, "other": 1.0}
_KIND_BONUS = {
    "comply-with-request": 1.0,
    "may-disclose": 0.5,
    "share": 0.5,
    "request": 0.0,
    "notify": 0.0,
}


class Hit(BaseModel):
    """One passage of information-sharing language.

    Attributes:
        provision: the smallest provision containing it.
        document: identifier of its document; title: the document's title.
        pattern: which pattern matched (``share``, ``request``, ``comply-with-request``,
            ``notify``, ``may-disclose``).
        phrase: the words matched.
        actor: the noun phrase before the modal verb (``the Secretary of State``), when found.
        modality: ``duty`` (must, shall, is under a duty), ``power`` (may) or ``other``.
        score: rank; higher first.
        cited: True when the knowledge base already cites this provision (or one
            enclosing or within it).
    """

    model_config = _FROZEN
    provision: str
    document: str
    title: str
    pattern: str
    phrase: str
    actor: str | None
    modality: str
    score: float
    cited: bool = False


class FileScan(BaseModel):
    """What one worker sends back for one file."""

    model_config = _FROZEN
    path: str
    document: str | None
    provisions: int
    hits: tuple[Hit, ...]
    error: str | None = None


class Recall(BaseModel):
    """How many curated citations `discover` finds again.

    Attributes:
        name: what the set is (``gateway citations``).
        expected: citations in the set whose document was scanned.
        found: of those, the ones a hit falls on, within or around.
        missed: the identifiers not found.
    """

    model_config = _FROZEN
    name: str
    expected: int
    found: int
    missed: tuple[str, ...]

    @property
    def rate(self) -> float:
        """found / expected (1.0 when nothing was expected)."""
        return self.found / self.expected if self.expected else 1.0


class DiscoverResult(BaseModel):
    """Everything one run found.

    Attributes:
        files: files scanned; provisions: provisions scanned.
        new: hits in provisions the knowledge base does not cite, best first.
        cited: hits in provisions it cites, best first.
        errors: files that could not be read, with why.
    """

    model_config = _FROZEN
    files: int
    provisions: int
    new: tuple[Hit, ...]
    cited: tuple[Hit, ...]
    errors: tuple[str, ...] = ()

    def documents(self) -> set[str]:
        """Documents with at least one hit."""
        return {h.document for h in (*self.new, *self.cited)}


def _actor(before: str) -> str | None:
    """The noun phrase immediately before the modal verb at the end of `before`."""
    parts = _CLAUSE_BREAK_RE.split(before)
    tail = parts[-1].strip() if parts else ""
    words = tail.split()
    if not words or len(words) > 10:
        return None
    phrase = _LEADING_RE.sub("", " ".join(words)).strip()
    return phrase or None


def scan_provisions(
    provisions: Iterable[Provision], document: str, title: str
) -> tuple[int, list[Hit]]:
    """Scan provisions (each with its sub-provisions) for sharing language.

    Args:
        provisions: the top-level provisions of a document.
        document: the document's identifier; title: its title.

    Returns:
        How many provisions were scanned, and the hits, one per provision and pattern.

    Examples:
        >>> from lawgraph.legislation.models import ProvisionKind
        >>> p = Provision(id="x/section/1", kind=ProvisionKind.SECTION,
        ...     text="The local authority must disclose information about the child to the board.")
        >>> n, hits = scan_provisions([p], "x", "X Act")
        >>> (hits[0].modality, hits[0].actor, hits[0].pattern)
        ('duty', 'local authority', 'share')
    """
    hits: list[Hit] = []
    count = 0
    stack: list[tuple[Provision, str]] = [(p, "") for p in reversed(list(provisions))]
    while stack:
        p, context = stack.pop()
        count += 1
        text = own_text(p)
        stack.extend((c, text) for c in reversed(p.children))
        if not text:
            continue
        seen: set[str] = set()
        for name, pattern in _PATTERNS:
            m = pattern.search(text)
            if m is None or name in seen:
                continue
            seen.add(name)
            # the modal may be in this provision before the match, or end the lead-in of
            # the enclosing provision ("The Secretary of State may—")
            before = text[: m.start()]
            modal = None
            for source in (before, context):
                found = list(_MODAL_RE.finditer(source))
                if found:
                    modal = found[-1]
                    before = source[: modal.start()]
                    break
            if name == "comply-with-request" or (name == "notify" and "duty" in m.group(0)):
                modality = "duty"
            elif name == "may-disclose":
                modality = "power"
            elif modal is not None and _DUTY_RE.match(modal.group(0)):
                modality = "duty"
            elif modal is not None and _POWER_RE.match(modal.group(0)):
                modality = "power"
            else:
                modality = "other"
            actor = _actor(before) if modal is not None else None
            if name in ("comply-with-request", "may-disclose", "notify") and actor is None:
                actor = _actor(text[: m.start()])
            score = _BASE_SCORE[modality] + _KIND_BONUS[name]
            # 'information' right by the verb is a sharing provision, not a passing mention
            if len(m.group(0).split()) <= 4:
                score += 1.0
            window = text[max(0, m.start() - 200) : m.end() + 200]
            score += min(1.5, 0.5 * len(_BOOST_RE.findall(window)))
            hits.append(
                Hit(
                    provision=p.id,
                    document=document,
                    title=title,
                    pattern=name,
                    phrase=m.group(0),
                    actor=actor,
                    modality=modality,
                    score=round(score, 2),
                )
            )
    return count, hits


def scan_file(path: str) -> FileScan:
    """Parse one file and scan it (the worker task; module level so it pickles)."""
    try:
        doc = parse_file(path)
    except (LawgraphError, OSError, ValueError) as exc:
        return FileScan(path=path, document=None, provisions=0, hits=(), error=str(exc))
    count, hits = scan_provisions(doc.provisions, doc.id, doc.title)
    return FileScan(path=path, document=doc.id, provisions=count, hits=tuple(hits))


def default_files(roots: Sequence[Path]) -> list[Path]:
    """The files to scan in `roots`: one version of each document, English only.

    The latest held version of each whole document is scanned; a fragment only when
    its document is not held whole (else its provisions would be counted twice).
    Older versions are left out for the same reason.
    """
    corpus = Corpus(roots)
    files = [f for f in corpus.files() if not f.welsh]
    whole = {f.document for f in files if f.fragment is None}
    best: dict[tuple[str, str | None], HeldFile] = {}
    for f in files:
        if f.fragment is not None and (f.document in whole or f.fragment.endswith("/contents")):
            continue
        key = (f.document, f.fragment)
        current = best.get(key)
        if current is None or _newer(f, current):
            best[key] = f
    return [f.path for f in best.values()]


def _newer(a: HeldFile, b: HeldFile) -> bool:
    # the file without a version is the current revised text, the newest there is
    def rank(f: HeldFile) -> tuple[int, str]:
        if f.version is None:
            return (3, "")
        if f.version[:1].isdigit():
            return (2, f.version)
        return (1, f.version)

    return rank(a) > rank(b)


def knowledge_citations(knowledge: Knowledge) -> dict[str, set[str]]:
    """Every identifier the knowledge base cites, with the entries citing it."""
    out: dict[str, set[str]] = {}
    for cond in knowledge.conditions.values():
        for ident in [c.id for c in cond.citations] + [t.citation for t in cond.tests]:
            out.setdefault(ident, set()).add(f"condition:{cond.id}")
    for gw in knowledge.gateways.values():
        for c in gw.citations:
            out.setdefault(c.id, set()).add(f"gateway:{gw.id}")
    return out


def _related(a: str, b: str) -> bool:
    return a == b or a.startswith(b + "/") or b.startswith(a + "/")


def discover(
    paths: Sequence[Path],
    *,
    knowledge: Knowledge | None = None,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DiscoverResult:
    """Scan files for information-sharing language, in parallel.

    Args:
        paths: the files to scan (see `default_files`).
        knowledge: the curated knowledge; hits in provisions it cites are reported apart.
        jobs: worker processes; ``1`` scans in this process (no pool), ``None`` uses
            every core.
        progress: called with (files done, files in all) after each file.

    Returns:
        The hits, new and already cited, each best first.
    """
    names = [str(p) for p in paths]
    scans: list[FileScan] = []
    if jobs == 1 or len(names) <= 1:
        for i, name in enumerate(names, 1):
            scans.append(scan_file(name))
            if progress is not None:
                progress(i, len(names))
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = [pool.submit(scan_file, name) for name in names]
            for i, fut in enumerate(as_completed(futures), 1):
                scans.append(fut.result())
                if progress is not None:
                    progress(i, len(names))
    scans.sort(key=lambda s: s.path)
    cited_ids = sorted(knowledge_citations(knowledge)) if knowledge is not None else []
    by_doc: dict[str, list[str]] = {}
    for ident in cited_ids:
        by_doc.setdefault("/".join(ident.split("/")[:3]), []).append(ident)
    new: list[Hit] = []
    cited: list[Hit] = []
    for scan in scans:
        for hit in scan.hits:
            candidates = by_doc.get(hit.document, [])
            if any(_related(hit.provision, c) for c in candidates):
                cited.append(hit.model_copy(update={"cited": True}))
            else:
                new.append(hit)
    order = lambda h: (-h.score, h.document, h.provision)  # noqa: E731
    return DiscoverResult(
        files=len(scans),
        provisions=sum(s.provisions for s in scans),
        new=tuple(sorted(new, key=order)),
        cited=tuple(sorted(cited, key=order)),
        errors=tuple(f"{s.path}: {s.error}" for s in scans if s.error),
    )


def recall(
    knowledge: Knowledge,
    result: DiscoverResult,
    scanned_documents: Iterable[str],
    corpus: Corpus | None = None,
) -> list[Recall]:
    """How many curated citations `discover` finds again.

    "Recall" here is deliberately narrow, because few gateway statutes are held: of the
    curated citations *into documents that were scanned*, the share on which some hit
    falls, where a hit counts if its provision is the cited one, lies within it or
    encloses it. Two sets are measured:

    - ``gateway citations``: every citation of every gateway;
    - ``DPA disclosure conditions``: citations of conditions in the Data Protection Act
      2018 (``ukpga/2018/12``) whose cited provision's text (with `corpus`; else the
      curated anchor and tests) uses *disclose* or *disclosure*: the conditions that
      are themselves about sharing.

    It says nothing of precision: a hit on a provision nobody has curated may be a
    gateway not yet in the data, or a false alarm; only a reader can tell.

    Args:
        knowledge: the curated knowledge.
        result: a `discover` result.
        scanned_documents: identifiers of the documents that were scanned.
        corpus: the legislation held, to read the cited provisions' words.
    """
    docs = set(scanned_documents)
    hits = [h.provision for h in (*result.new, *result.cited)]

    def measure(name: str, idents: Iterable[str]) -> Recall:
        expected = sorted({i for i in idents if "/".join(i.split("/")[:3]) in docs})
        missed = [i for i in expected if not any(_related(h, i) for h in hits)]
        return Recall(
            name=name,
            expected=len(expected),
            found=len(expected) - len(missed),
            missed=tuple(missed),
        )

    gateway_ids = [c.id for g in knowledge.gateways.values() for c in g.citations]
    return [
        measure("gateway citations", gateway_ids),
        measure("DPA disclosure conditions", _dpa_disclosure(knowledge, corpus)),
    ]


_DISCLOSE_RE = re.compile(r"\bdisclos(?:e|ed|ing|ure|ures)\b", _FLAGS)


def _dpa_disclosure(knowledge: Knowledge, corpus: Corpus | None) -> list[str]:
    """Citations of DPA 2018 conditions whose cited words mention disclosure."""
    out: list[str] = []
    for cond in knowledge.conditions.values():
        for c in cond.citations:
            if not c.id.startswith("ukpga/2018/12/"):
                continue
            words = c.anchor or ""
            if corpus is not None:
                # not held as cited: fall back on the curated anchor
                with contextlib.suppress(LawgraphError):
                    words = corpus.provision(c.id).text
            if _DISCLOSE_RE.search(words):
                out.append(c.id)
        for t in cond.tests:
            if t.citation.startswith("ukpga/2018/12/") and _DISCLOSE_RE.search(t.text):
                out.append(t.citation)
    return out
