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

Hits are then adjusted (`_adjust`): up when the modal governs the sharing verb itself;
down for negations and duties to *have regard*, offences, a document as actor (*the
notice must provide information about*), words in brackets, bare passives, amendments
of other Acts and definitions. One hit per provision is reported, its best.

Precision, measured 2026-11-21 on the reference corpus (``../shared/legislation``, 78
files) against hand labels (``tests/changes/discover_labels.yaml``; a hit counts if the
provision confers a duty or power to disclose, supply, share, notify or request
information, or a duty to comply with a request): P@20 0.70, P@40 0.85, P@60 0.90
(before the adjustments: 0.25, 0.225, 0.27). Recall: see `recall`.

Files are scanned in this process for a corpus of that size, where a pool's start-up
costs more than it saves (`auto_jobs`); above `PARALLEL_MIN_FILES` files on 3 or more
CPUs, in parallel, one task per file, with `ProcessPoolExecutor`; workers parse and scan
and send back only the hits, which are small.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from lawgraph.changes.diff import own_text
from lawgraph.errors import LawgraphError, LegislationError
from lawgraph.knowledge.loader import Knowledge
from lawgraph.legislation.corpus import Corpus, HeldFile
from lawgraph.legislation.models import Provision
from lawgraph.legislation.parser import parse_file

__all__ = [
    "PARALLEL_MIN_FILES",
    "DiscoverResult",
    "FileScan",
    "Hit",
    "Recall",
    "auto_jobs",
    "default_files",
    "discover",
    "knowledge_citations",
    "recall",
    "scan_file",
    "scan_provisions",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")
_FLAGS = re.IGNORECASE

# "data" only as a noun of its own: "the data subject", "data protection" are not data
_INFO = (
    r"(?:information|data(?!\s+(?:subject|protection|controller|processor))"
    r"|records?|reports?|details)"
)
_GAP = r"(?:\W+[\w\u2019'-]+){0,8}?\W+"
_PASSIVE_RE = re.compile(
    r"\b" + _INFO + _GAP + r"(?:disclosed|supplied|provided|shared|passed\s+on|given)\b", _FLAGS
)
_BE_RE = re.compile(r"\b(?:be|been|is|are)\b", _FLAGS)
_INFO_WORDS = ("information", "data", "record", "report", "details")
# (pattern name, regex, words needed): each names one way a statute confers a sharing
# duty or power; the regex is tried only if, for every group of words, the text (lower
# case) contains one of them
_PATTERNS: tuple[tuple[str, re.Pattern[str], tuple[tuple[str, ...], ...]], ...] = (
    (
        "comply-with-request",
        re.compile(r"\bmust\s+comply\s+with\s+(?:a|the|any|that)\s+request", _FLAGS),
        (("comply",),),
    ),
    (
        "may-disclose",
        re.compile(r"\bmay\s+(?:\w+\s+){0,2}?disclose\b", _FLAGS),
        (("disclose",),),
    ),
    (
        "share",
        re.compile(
            r"\b(?:disclos\w*|suppl(?:y|ies|ied|ying)|provid(?:e|es|ed|ing)|shar(?:e|es|ed|ing)"
            r"|pass(?:es|ed|ing)?(?:\s+on)?|furnish\w*|giv(?:e|es|en|ing))" + _GAP + _INFO + r"\b",
            _FLAGS,
        ),
        (_INFO_WORDS, ("disclos", "suppl", "provid", "shar", "pass", "furnish", "giv")),
    ),
    (
        "share",
        _PASSIVE_RE,
        (_INFO_WORDS, ("disclosed", "supplied", "provided", "shared", "passed", "given")),
    ),
    (
        "request",
        re.compile(r"\brequest\w*" + _GAP + _INFO + r"\b", _FLAGS),
        (("request",), _INFO_WORDS),
    ),
    (
        "notify",
        re.compile(
            r"\b(?:(?:must|shall)\s+(?:\w+\s+){0,3}?|duty\s+to\s+)(?:notify|inform)\b", _FLAGS
        ),
        (("notify", "inform"),),
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
# ranking signals (see `_adjust`): each was kept because it raised precision on the
# hand-labelled top 60 (tests/changes/discover_labels.yaml)
_VERB = (
    r"(?:disclose|supply|provide|share|pass|furnish|give|notify|inform|comply|request"
    r"|require|send|transmit|make\s+available)"
)
# the modal governs the sharing verb directly: "must supply", "may by notice require"
_DIRECT_RE = re.compile(
    r"\b(?:must|shall|may|(?:is|are)\s+under\s+a\s+duty\s+to|duty\s+to)\s+(?:[\w,]+\s+){0,4}?"
    + _VERB,
    _FLAGS,
)
# a lead-in's item that starts with the verb: "The Commissioner must— (f) co-operate ..."
_STARTS_VERB_RE = re.compile(r"^(?:on\s+request,\s+)?(?:to\s+)?(?:\w+\s+){0,2}?" + _VERB, _FLAGS)
_NEGATED_RE = re.compile(
    r"\b(?:must\s+not|shall\s+not|may\s+not|not\s+required|does\s+not\s+prevent|is\s+not"
    r"\s+to\s+prevent|have\s+regard|has\s+regard|avoid|need\s+to\s+secure|contrary\s+to)\b",
    _FLAGS,
)
# the actor is itself a document: "An information notice must provide information about"
_DOCUMENT_ACTOR_RE = re.compile(
    r"^(?:[\w-]+\s+){0,2}?(?:notice|statement|order|regulations|guidance|code|warrant"
    r"|safeguards|summary|return|report|direction|draft|schedule|application)s?\b",
    _FLAGS,
)
_AMENDMENT_RE = re.compile(
    r"^(?:for\s.{0,200}?\bsubstitute|(?:after|before|in)\s.{0,200}?\binsert"
    r"|.{0,200}?there\s+(?:shall\s+be|is)\s+(?:inserted|substituted)"
    r"|.{0,200}?\bthere\s+were\s+substituted)",
    _FLAGS | re.DOTALL,
)
_OFFENCE_RE = re.compile(r"\b(?:guilty\s+of\s+an\s+offence|false\s+or\s+misleading)\b", _FLAGS)
_DEFINITION_RE = re.compile(
    r"(?:^|—)\s*(?:in\s+this\s+(?:section|schedule|part|chapter|act|paragraph)"
    r"|for\s+the\s+purposes\s+of\s+this)\b|\bmeans\b|\binterpretation\b",
    _FLAGS,
)
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
        new: hits in provisions the knowledge base does not cite, best first (one per
            provision: its best-scoring pattern).
        cited: hits in provisions it cites, best first (likewise one per provision).
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


def _adjust(text: str, context: str, m: re.Match[str], actor: str | None) -> float:
    """Raise or lower a hit's score on what surrounds the match.

    Up for a modal that governs the sharing verb itself (*must supply*, or a lead-in
    *The Commissioner must—* whose item starts with the verb); down for a negation or
    a duty to *have regard* (*must not disclose*, *is not required to provide*), a
    document as actor (*the notice must provide information about*), a bare passive
    (*the information provided to people*), an amendment of another Act (*for
    subsection (4) substitute*), a definition (*"arrangements" means*), an offence
    (*furnishes information which is false*) and words in brackets (*(duty to notify
    ...)*, a cited heading).
    """
    lead = text[max(0, m.start() - 120) : m.end()]
    tail = context[-160:]
    adjust = 0.0
    if _DIRECT_RE.search(lead) or (
        _MODAL_RE.search(tail) is not None and _STARTS_VERB_RE.match(text) is not None
    ):
        adjust += 1.0
    if _NEGATED_RE.search(lead) or (m.start() < 40 and _NEGATED_RE.search(tail)):
        adjust -= 2.0
    if actor is not None and _DOCUMENT_ACTOR_RE.search(actor):
        adjust -= 1.5
    if m.re is _PASSIVE_RE and not _BE_RE.search(m.group(0)):
        adjust -= 1.0
    if _AMENDMENT_RE.match(text) or _AMENDMENT_RE.match(context):
        adjust -= 1.0
    if _DEFINITION_RE.search(text[:200]) or _DEFINITION_RE.search(context[:200]):
        adjust -= 1.0
    if _OFFENCE_RE.search(text) or _OFFENCE_RE.search(context):
        adjust -= 2.0
    # words in brackets describe (a heading cited in an amendment): not operative
    opened = text.rfind("(", 0, m.start())
    if opened >= 0 and ")" not in text[opened : m.start()]:
        adjust -= 1.5
    return adjust


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
        # a provision without words of its own (a part, a heading-only section) costs
        # nothing; the children's words are scanned at the children
        text = own_text(p) if p.text else ""
        stack.extend((c, text) for c in reversed(p.children))
        if not text:
            continue
        lower = text.lower()
        seen: set[str] = set()
        for name, pattern, needs in _PATTERNS:
            # cheap substring tests first: most provisions can match no pattern at all
            if not all(any(w in lower for w in group) for group in needs):
                continue
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
            if name == "comply-with-request" or (
                name == "notify" and _DUTY_RE.match(m.group(0)) is not None
            ):
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
            score += _adjust(text, context, m, actor)
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
    except LegislationError as exc:  # it names the file
        return FileScan(path=path, document=None, provisions=0, hits=(), error=str(exc))
    except (LawgraphError, OSError, ValueError, RecursionError) as exc:
        error = f"{path}: cannot be read: {type(exc).__name__}: {exc}"
        return FileScan(path=path, document=None, provisions=0, hits=(), error=error)
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


# Below this many files a pool costs more than it saves. Measured 2026-11-21 on 2 CPUs
# (benchmarks/README.md, "discover"): serial was faster at 10, 78 and 220 files (1.4 s
# against 1.5-1.8 s for the 78 default files, 5.1-5.6 s against 5.9-6.2 s for 220), so
# the pool is kept for corpora several times the reference one, on 3 or more CPUs.
PARALLEL_MIN_FILES = 400
PARALLEL_MIN_CPUS = 3


def auto_jobs(files: int, cpus: int | None = None) -> int:
    """Worker processes for scanning `files` files: 1 (no pool) for a small corpus or
    a machine of fewer than `PARALLEL_MIN_CPUS` CPUs, else one per CPU (at most 8).

    Examples:
        >>> auto_jobs(78, cpus=2), auto_jobs(78, cpus=8), auto_jobs(2000, cpus=8)
        (1, 1, 8)
    """
    if cpus is None:
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        cpus = cpus or 1
    if files < PARALLEL_MIN_FILES or cpus < PARALLEL_MIN_CPUS:
        return 1
    return min(cpus, 8)


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
        jobs: worker processes; ``1`` scans in this process (no pool), ``None`` chooses
            (`auto_jobs`).
        progress: called with (files done, files in all) after each file.

    Returns:
        The hits, new and already cited, each best first.
    """
    names = [str(p) for p in paths]
    scans: list[FileScan] = []
    if jobs is None:
        jobs = auto_jobs(len(names))
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
        # one hit per provision, its best: several patterns in one provision are one find
        best: dict[str, Hit] = {}
        for hit in scan.hits:
            kept = best.get(hit.provision)
            if kept is None or hit.score > kept.score:
                best[hit.provision] = hit
        for hit in best.values():
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
        errors=tuple(s.error for s in scans if s.error),
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
            if not t.citation.startswith("ukpga/2018/12/"):
                continue
            # a test's words describe the condition it tests, not the provision it cites
            # (a test of Sch 1 para 10(2), disclosure without a policy document, cites
            # para 5(1), the policy-document rule): read the cited words where held
            words = t.text
            if corpus is not None:
                with contextlib.suppress(LawgraphError):
                    words = corpus.provision(t.citation).text
            if _DISCLOSE_RE.search(words):
                out.append(t.citation)
    return sorted(set(out))
