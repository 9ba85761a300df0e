"""Compare two versions of one document, provision by provision.

Provisions are matched by identifier. A provision's *own* words are compared, not its
whole text: `Provision.text` includes every sub-provision, so comparing it would report
section 8 as changed whenever paragraph 8(c) changed. Reporting at the finest level that
changed keeps the list short and points at the words that moved; `DocumentDiff.changed_ids`
adds the enclosing provisions back for callers who match citations by section.

Inherited attributes (extent, dates, status) are reported where they change first: a
section whose extent changed is reported, its sub-provisions (which inherit it) are not.
An inserted or removed provision is reported once, at the top of the subtree, with the
identifiers it covers.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from lawgraph.legislation.models import Document, Provision, ProvisionKind, ProvisionStatus

__all__ = ["ChangeKind", "DocumentDiff", "ProvisionChange", "WordOp", "diff_documents", "own_text"]

_FROZEN = ConfigDict(frozen=True, extra="forbid")
_SPACE_RE = re.compile(r"\s+")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
_QUOTE_PAIRS = (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"'))
# the site prints a repealed or not-yet-inserted provision's words as dots; a provision
# that is only dots has no words of its own to compare
_DOTS_RE = re.compile(r"^[.\s…]*$")


class ChangeKind(StrEnum):
    """What changed about a provision."""

    INSERTED = "inserted"
    REMOVED = "removed"
    REPEALED = "repealed"
    TEXT = "text"
    HEADING = "heading"
    EXTENT = "extent"
    START_DATE = "start_date"
    END_DATE = "end_date"
    STATUS = "status"


class WordOp(BaseModel):
    """One step of a word-level diff (`difflib.SequenceMatcher` opcodes on words).

    Attributes:
        op: ``equal``, ``insert``, ``delete`` or ``replace``.
        old: the old words ("" for an insertion).
        new: the new words ("" for a deletion).
    """

    model_config = _FROZEN
    op: str
    old: str
    new: str


class ProvisionChange(BaseModel):
    """How one provision differs between the two versions.

    Attributes:
        id: the provision's identifier.
        kinds: what changed, in `ChangeKind` order.
        ancestors: identifiers of the enclosing provisions in the document tree, nearest
            first (from the new version, or the old one for a removed provision).
        covers: for an inserted or removed provision, the identifiers of its
            sub-provisions, which are not reported separately.
        old_text, new_text: the provision's own words (sub-provisions left out).
        words: the word-level diff of the own words, when they changed.
        old_heading, new_heading, old_extent, new_extent, old_start, new_start, old_end,
        new_end, old_status, new_status: the values before and after, where they changed.
        amendments: kinds of the amendment marks in the new version's own words
            (``substitution``, ``addition`` ...), which say how the words were changed.
    """

    model_config = _FROZEN
    id: str
    kinds: tuple[ChangeKind, ...]
    ancestors: tuple[str, ...] = ()
    covers: tuple[str, ...] = ()
    old_text: str | None = None
    new_text: str | None = None
    words: tuple[WordOp, ...] = ()
    old_heading: str | None = None
    new_heading: str | None = None
    old_extent: str | None = None
    new_extent: str | None = None
    old_start: dt.date | None = None
    new_start: dt.date | None = None
    old_end: dt.date | None = None
    new_end: dt.date | None = None
    old_status: ProvisionStatus | None = None
    new_status: ProvisionStatus | None = None
    amendments: tuple[str, ...] = ()

    def word_changes(self) -> list[WordOp]:
        """The steps of `words` that are not ``equal``."""
        return [w for w in self.words if w.op != "equal"]

    def summary(self) -> str:
        """One line for a person: what changed, with the changed words."""
        parts: list[str] = []
        for kind in self.kinds:
            if kind is ChangeKind.TEXT:
                edits = "; ".join(_describe(w) for w in self.word_changes()[:3])
                more = len(self.word_changes()) - 3
                parts.append(f"text: {edits}" + (f" (+{more} more)" if more > 0 else ""))
            elif kind is ChangeKind.HEADING:
                parts.append(f"heading: {self.old_heading!r} -> {self.new_heading!r}")
            elif kind is ChangeKind.EXTENT:
                parts.append(f"extent: {self.old_extent} -> {self.new_extent}")
            elif kind is ChangeKind.START_DATE:
                parts.append(f"start: {self.old_start} -> {self.new_start}")
            elif kind is ChangeKind.END_DATE:
                parts.append(f"end: {self.old_end} -> {self.new_end}")
            elif kind is ChangeKind.STATUS:
                old, new = self.old_status, self.new_status
                parts.append(
                    f"status: {old.value if old else None} -> {new.value if new else None}"
                )
            elif kind in (ChangeKind.INSERTED, ChangeKind.REMOVED):
                n = len(self.covers)
                parts.append(kind.value + (f" (with {n} sub-provisions)" if n else ""))
            else:
                parts.append(kind.value)
        return "; ".join(parts)


def _describe(op: WordOp) -> str:
    if op.op == "insert":
        return f"+{op.new!r}"
    if op.op == "delete":
        return f"-{op.old!r}"
    return f"{op.old!r} -> {op.new!r}"


class DocumentDiff(BaseModel):
    """Every provision-level difference between two versions of a document.

    Attributes:
        document: the document's identifier (``ukpga/2018/12``).
        title: its title, from the new version.
        old_version, new_version: the versions compared (``enacted``, ``2026-04-07``).
        changes: one entry per provision that changed, in document order (the new
            version's order, removed provisions after).
    """

    model_config = _FROZEN
    document: str
    title: str
    old_version: str
    new_version: str
    changes: tuple[ProvisionChange, ...]

    def of_kind(self, kind: ChangeKind) -> list[ProvisionChange]:
        """The changes that include `kind`."""
        return [c for c in self.changes if kind in c.kinds]

    def get(self, identifier: str) -> ProvisionChange | None:
        """The change reported for exactly this provision, if any."""
        return next((c for c in self.changes if c.id == identifier), None)

    def counts(self) -> dict[ChangeKind, int]:
        """How many provisions changed in each way (a provision can count more than once)."""
        return {k: len(self.of_kind(k)) for k in ChangeKind if self.of_kind(k)}

    def changed_ids(self, include_ancestors: bool = False) -> list[str]:
        """Identifiers of the changed provisions, in document order, once each.

        Args:
            include_ancestors: also list every provision enclosing a change (so a change
                to s.8(c) also lists s.8 and its Part), and the sub-provisions an
                inserted or removed provision covers.
        """
        out: dict[str, None] = {}
        for c in self.changes:
            out[c.id] = None
            if include_ancestors:
                out.update(dict.fromkeys(c.covers))
                out.update(dict.fromkeys(c.ancestors))
        return list(out)


def own_text(provision: Provision) -> str:
    """The provision's own words: its text without its sub-provisions', single-spaced,
    with curly quotes straightened.

    Examples:
        >>> from lawgraph.legislation.models import ProvisionKind as K
        >>> child = Provision(id="x/1/a", kind=K.PARAGRAPH, number="a", text="the child,")
        >>> parent = Provision(id="x/1", kind=K.SECTION, text="A person must—\\n(a) the child,",
        ...                    children=(child,))
        >>> own_text(parent)
        'A person must—'
    """
    text = provision.text
    for child in provision.children:
        rendered = child.render()
        # the child's rendering is a line of the parent's text; remove it once, so the
        # parent's words that happen to repeat the child's are kept
        idx = text.find(rendered)
        if idx >= 0:
            text = text[:idx] + "\n" + text[idx + len(rendered) :]
        elif child.text:
            idx = text.find(child.text)
            if idx >= 0:
                text = text[:idx] + "\n" + text[idx + len(child.text) :]
    for heading in dict.fromkeys(c.group_heading for c in provision.children if c.group_heading):
        # a group heading is printed once above its run of children: it is theirs
        idx = text.find(heading)
        if idx >= 0:
            text = text[:idx] + "\n" + text[idx + len(heading) :]
    # straight quotes: revised and as-enacted texts differ in typography only
    # (str.replace and str.split are several times faster than translate and re.sub)
    for curly, straight in _QUOTE_PAIRS:
        if curly in text:
            text = text.replace(curly, straight)
    return " ".join(text.split())


def _word_ops(old: str, new: str) -> tuple[WordOp, ...]:
    a, b = old.split(), new.split()
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return tuple(
        WordOp(op=tag, old=" ".join(a[i1:i2]), new=" ".join(b[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
    )


def _parents(doc: Document) -> dict[str, str | None]:
    parents: dict[str, str | None] = {}
    stack: list[tuple[Provision, str | None]] = [(p, None) for p in reversed(doc.provisions)]
    while stack:
        p, parent = stack.pop()
        parents.setdefault(p.id, parent)
        stack.extend((c, p.id) for c in reversed(p.children))
    return parents


def _chain(parents: dict[str, str | None], identifier: str) -> tuple[str, ...]:
    out: list[str] = []
    node = parents.get(identifier)
    while node is not None and node not in out:
        out.append(node)
        node = parents.get(node)
    return tuple(out)


def _gone(p: Provision) -> bool:
    return p.status is ProvisionStatus.REPEALED


def _heading(p: Provision, doc: Document, parents: dict[str, str | None]) -> str | None:
    # an as-enacted schedule paragraph carries its own heading; the revised text moves it
    # to an enclosing crossheading. Either way it is the heading the reader sees.
    heading = p.heading or p.group_heading
    if heading is None:
        parent_id = parents.get(p.id)
        parent = doc.provision(parent_id) if parent_id else None
        if parent is not None and parent.kind is ProvisionKind.CROSSHEADING:
            heading = parent.heading
    return heading.translate(_QUOTES).strip() if heading else None


def _dotted(text: str) -> bool:
    # legislation.gov.uk prints repealed words as a row of dots ('. . . .'); an ellipsis
    # inside other words ('exercise of ... official authority') is a partial omission
    return bool(text) and _DOTS_RE.match(text) is not None


def diff_documents(old: Document, new: Document) -> DocumentDiff:
    """Compare two versions of a document.

    Args:
        old: the earlier version (e.g. as enacted).
        new: the later version.

    Returns:
        The differences, one `ProvisionChange` per provision, at the finest level.

    Raises:
        ValueError: the two are not versions of the same document.

    Examples:
        >>> from lawgraph.legislation.corpus import Corpus
        >>> from lawgraph.settings import legislation_dirs
        >>> c = Corpus(legislation_dirs())
        >>> d = diff_documents(c.document("ukpga/2018/12", "enacted"),
        ...                    c.document("ukpga/2018/12", "2026-04-07"))
        >>> [w.new for w in d.get("ukpga/2018/12/section/8").word_changes()]
        ['UK', '...']
        >>> "ukpga/2018/12/section/9A" in d.changed_ids(include_ancestors=True)
        True
    """
    if old.id != new.id:
        raise ValueError(f"cannot compare different documents: {old.id} and {new.id}")
    old_parents, new_parents = _parents(old), _parents(new)
    changes: list[ProvisionChange] = []
    reported_subtree: set[str] = set()

    def under_reported(parents: dict[str, str | None], pid: str) -> bool:
        return any(a in reported_subtree for a in _chain(parents, pid))

    pending: set[str] = set()
    for p in new.walk():
        if p.id in reported_subtree:
            continue
        if p.id not in pending and under_reported(new_parents, p.id):
            continue
        before = old.provision(p.id)
        if before is None:
            reported_subtree.add(p.id)
            fresh = [x.id for x in p.walk() if x.id != p.id and x.id not in old]
            # descendants already in the old version (moved under a new crossheading)
            # are compared like any other provision
            pending.update(x.id for x in p.walk() if x.id != p.id and x.id in old)
            changes.append(
                ProvisionChange(
                    id=p.id,
                    kinds=(ChangeKind.INSERTED,),
                    ancestors=_chain(new_parents, p.id),
                    covers=tuple(fresh),
                    new_text=own_text(p),
                    new_heading=p.heading,
                    new_extent=str(p.extent) if p.extent else None,
                    new_start=p.start_date,
                    new_status=p.status,
                    amendments=tuple(dict.fromkeys(a.kind for a in p.amendments)),
                )
            )
            continue
        change = _compare(before, p, old, new, old_parents, new_parents)
        if change is not None:
            changes.append(change)
            if ChangeKind.REPEALED in change.kinds:
                reported_subtree.add(p.id)
                pending.difference_update(x.id for x in p.walk())
    for p in old.walk():
        if p.id in new or under_reported(old_parents, p.id):
            continue
        reported_subtree.add(p.id)
        changes.append(
            ProvisionChange(
                id=p.id,
                kinds=(ChangeKind.REMOVED,),
                ancestors=_chain(old_parents, p.id),
                covers=tuple(x.id for x in p.walk() if x.id != p.id and x.id not in new),
                old_text=own_text(p),
                old_heading=p.heading,
                old_status=p.status,
            )
        )
    return DocumentDiff(
        document=new.id,
        title=new.title,
        old_version=old.version,
        new_version=new.version,
        changes=tuple(changes),
    )


def _compare(
    a: Provision,
    b: Provision,
    old: Document,
    new: Document,
    old_parents: dict[str, str | None],
    new_parents: dict[str, str | None],
) -> ProvisionChange | None:
    kinds: list[ChangeKind] = []
    fields: dict[str, object] = {}
    if (_gone(b) and not _gone(a)) or (_dotted(own_text(b)) and not _dotted(own_text(a))):
        kinds.append(ChangeKind.REPEALED)
        fields.update(old_text=own_text(a), new_text=own_text(b))
    else:
        ta, tb = own_text(a), own_text(b)
        # dots stand for words not printed; they are not a change of wording by themselves
        if ta != tb and not (_DOTS_RE.match(ta) and _DOTS_RE.match(tb)):
            kinds.append(ChangeKind.TEXT)
            fields.update(old_text=ta, new_text=tb, words=_word_ops(ta, tb))
        ha, hb = _heading(a, old, old_parents), _heading(b, new, new_parents)
        if ha != hb:
            kinds.append(ChangeKind.HEADING)
            fields.update(old_heading=ha, new_heading=hb)
    parent_id = new_parents.get(b.id)
    pa = old.provision(parent_id) if parent_id else None
    pb = new.provision(parent_id) if parent_id else None

    def inherited(attr: str) -> bool:
        # the same change at the parent explains this one: report it once, up there
        return (
            pa is not None
            and pb is not None
            and getattr(pa, attr) == getattr(a, attr)
            and getattr(pb, attr) == getattr(b, attr)
        )

    if a.extent != b.extent and a.extent is not None and not inherited("extent"):
        kinds.append(ChangeKind.EXTENT)
        fields.update(old_extent=str(a.extent), new_extent=str(b.extent) if b.extent else None)
    # an as-enacted text records no dates: None -> date is not a change of commencement
    dated = old.version_date is not None
    if dated and a.start_date != b.start_date and not inherited("start_date"):
        kinds.append(ChangeKind.START_DATE)
        fields.update(old_start=a.start_date, new_start=b.start_date)
    if dated and a.end_date != b.end_date and not inherited("end_date"):
        kinds.append(ChangeKind.END_DATE)
        fields.update(old_end=a.end_date, new_end=b.end_date)
    if a.status != b.status and ChangeKind.REPEALED not in kinds and not inherited("status"):
        kinds.append(ChangeKind.STATUS)
    if a.status != b.status:
        fields.update(old_status=a.status, new_status=b.status)
    if not kinds:
        return None
    return ProvisionChange(
        id=b.id,
        kinds=tuple(k for k in ChangeKind if k in kinds),
        ancestors=_chain(new_parents, b.id),
        amendments=tuple(dict.fromkeys(m.kind for m in b.amendments)),
        **fields,
    )


def iter_text_changes(diff: DocumentDiff) -> Iterator[ProvisionChange]:
    """Changes whose own words changed (``TEXT``), in document order."""
    return (c for c in diff.changes if ChangeKind.TEXT in c.kinds)
