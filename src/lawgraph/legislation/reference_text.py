"""Verbatim statute text that is not CLML: a folder of Markdown copies, one provision each.

Some provisions are not held as legislation.gov.uk XML, but a verbatim copy of their
words is at hand (``../shared/statute-text``). Each file there holds one or more
*copies*: a YAML front-matter block between ``---`` lines, naming the identifier and
the source (``source_repo``, ``source_path``, ``source_commit``, ``source_offset``), the
version evidence (``source_version``), how much was copied (``complete``) and
``notes``; then the copied text. The text keeps each source's formatting: Markdown lists
(``- (1) ...``, ``- (a) ...``), quotations of inserted text (``> (16H)``), or
legislation.gov.uk page renderings with run-together numbering (``(1)This``,
``16ELocal arrangements``) and amendment markers (``F2``, ``[F1 ...]``).

`load_reference_text` reads the folder into `ReferenceText`; each `ReferenceCopy`
carries its front matter, two conservative judgements drawn from it (`TextBasis`: is
this the current revised text, or only the words as inserted or as made; and
`Completeness`), and the text parsed into a tree of `ReferenceProvision` down to
sub-paragraphs, so a phrase can be looked for in ``section/11/2`` or
``section/10/4/a`` rather than in the whole section.

These copies are not authoritative. The reader never guesses a number it cannot see;
where the copy's layout does not show a provision, that provision is simply absent.

Examples:
    >>> from lawgraph.settings import reference_text_dir
    >>> ref = load_reference_text(reference_text_dir())
    >>> p, = ref.provisions("ukpga/2004/31/section/11/1/ba")
    >>> p.text
    'NHS England;'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

from lawgraph.errors import IdentifierError, LawgraphError
from lawgraph.files import UnreadableFileError, read_limited
from lawgraph.legislation.identifiers import LegislationId

__all__ = [
    "FRONT_MATTER_KEYS",
    "Completeness",
    "DuplicateCopyError",
    "FrontMatterError",
    "IdentifierMismatchError",
    "ReferenceCopy",
    "ReferenceProvision",
    "ReferenceText",
    "ReferenceTextError",
    "TextBasis",
    "load_reference_text",
    "parse_reference_file",
]

#: The keys every front-matter block must have, and the only ones it may have.
FRONT_MATTER_KEYS = (
    "identifier",
    "source_repo",
    "source_path",
    "source_commit",
    "source_offset",
    "source_version",
    "complete",
    "notes",
)


# -- errors ------------------------------------------------------------------------------


class ReferenceTextError(LawgraphError):
    """A reference-text file cannot be used. Names the file and line, and says why.

    Attributes:
        path: the file.
        line: the line (1-based) the problem is on.
        reason: what is wrong, without the location.
    """

    def __init__(self, path: Path | str, line: int, reason: str) -> None:
        self.path = str(path)
        self.line = line
        self.reason = reason
        super().__init__(f"{self.path}:{line}: {reason}")


class FrontMatterError(ReferenceTextError):
    """The front matter is missing, not closed, not YAML, or has a missing or unknown key."""


class IdentifierMismatchError(ReferenceTextError):
    """The identifier in the front matter is not the provision the file name says."""


class DuplicateCopyError(ReferenceTextError):
    """Two copies give the same identifier with the same version basis."""


# -- the judgements drawn from the front matter ----------------------------------------


class TextBasis(StrEnum):
    """Which text a copy is, as far as its front matter says.

    Only ``current`` is the revised (consolidated) text of the provision itself; every
    other basis may differ from the law as it stands.
    """

    CURRENT = "current"
    """The revised text of the provision, as at the source's date."""
    AS_INSERTED = "as-inserted"
    """The words as an amending Act inserted (or substituted) them; the current
    consolidated text was not obtained."""
    AS_MADE = "as-made"
    """The text as enacted or made; later amendments are not reflected."""
    EU_AS_ADOPTED = "eu-as-adopted"
    """The EU text before any UK amendment: not the UK wording."""
    SECONDARY = "secondary"
    """A quotation in guidance or a third party's reproduction of one, not the legislation."""
    UNSTATED = "unstated"
    """The front matter does not say which text this is."""


class Completeness(StrEnum):
    """How much of the provision the copy holds, as its ``complete`` field says."""

    COMPLETE = "complete"
    AS_SHOWN = "as-shown"
    """Complete so far as the source shows it; not confirmed against the official text."""
    PARTIAL = "partial"


_CAVEATS = {
    TextBasis.CURRENT: "revised text",
    TextBasis.AS_INSERTED: "as inserted by the amending Act, not the current consolidated text",
    TextBasis.AS_MADE: "as enacted or made; later amendments not reflected",
    TextBasis.EU_AS_ADOPTED: "EU text as adopted, before UK amendment",
    TextBasis.SECONDARY: "secondary source (a quotation), not the legislation itself",
    TextBasis.UNSTATED: "the copy does not say which text it is",
}


def _basis(label: str, version: str, complete: str, notes: str) -> TextBasis:
    qualifier = label.lower()
    low_version = version.lower()
    if "eu text as adopted" in qualifier or low_version.startswith("eu text as adopted"):
        return TextBasis.EU_AS_ADOPTED
    if "SECONDARY SOURCE" in notes or "as quoted" in qualifier:
        return TextBasis.SECONDARY
    if (
        re.search(r"\bas (?:inserted|substituted)\b", complete, re.IGNORECASE)
        or re.search(r"\bAS (?:INSERTED|SUBSTITUTED)\b", notes)
        or re.search(r"\b(?:which inserts|the inserting provision)\b", f"{version} {notes}")
    ):
        return TextBasis.AS_INSERTED
    if re.search(
        r"\bas made\b|\benacted text\b|\boriginal version\b|\bas enacted\b",
        f"{complete} {version}",
        re.IGNORECASE,
    ):
        return TextBasis.AS_MADE
    if "revised" in low_version:
        return TextBasis.CURRENT
    return TextBasis.UNSTATED


def _completeness(complete: str) -> Completeness:
    text = complete.strip().lower()
    if not text.startswith("yes"):
        return Completeness.PARTIAL
    if "as shown" in text or text.startswith("yes for "):
        return Completeness.AS_SHOWN
    return Completeness.COMPLETE


# -- the parsed text ---------------------------------------------------------------------


class ReferenceProvision(BaseModel):
    """One provision of a reference copy: a section, subsection, paragraph or below.

    Attributes:
        id: its legislation.gov.uk identifier (``ukpga/2004/31/section/11/1/a``).
        number: its number or letter without brackets (``1``, ``a``, ``ba``), if any.
        heading: the heading printed over it (units only).
        text: its own words and those of every sub-provision, one per line, each
            sub-provision shown with its number in brackets: the same shape as the XML
            model's `Provision.text`, so anchors are compared the same way. Quoted
            (inserted) text is part of the words of the provision that quotes it.
        children: its numbered sub-provisions, in order.
        line: the line of the file it starts on.
        group: the cross-heading it sits under, for a paragraph of a schedule.
        omitted: True when its words are only an omission mark (repealed).
    """

    model_config = ConfigDict(frozen=True)
    id: str
    number: str | None
    heading: str | None = None
    text: str
    children: tuple[ReferenceProvision, ...] = ()
    line: int
    group: str | None = None
    omitted: bool = False

    def walk(self) -> Iterator[ReferenceProvision]:
        """This provision and every sub-provision, depth first, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def render(self) -> str:
        """Number and text as the provision appears inside its parent's text: a unit
        (paragraph 7 of a schedule) shows its bare number, a subdivision ``(1)``, ``(a)``."""
        unit = self.id.rsplit("/", 2)[-2] in _UNIT_WORDS
        label = (self.number if unit else f"({self.number})") if self.number else ""
        return f"{label} {self.text}".strip()


class ReferenceCopy(BaseModel):
    """One copy of a provision: its front matter, what it is, and its parsed text.

    Attributes:
        path: the file.
        line: the line its front matter starts on (its ``---``).
        identifier_line: the line of its ``identifier:`` key.
        label: the ``identifier`` value as written, qualifier included.
        identifier: the legislation.gov.uk identifier it copies (the first, if the label
            names two joined by "and").
        also: further identifiers the label names (``... and schedule/1``).
        qualifier: the words in brackets after the identifier, if any.
        basis: which text this is (`TextBasis`), drawn from the front matter.
        completeness: how much of it was copied (`Completeness`).
        root: the provision the copy holds, parsed; ``None`` for a copy of several.
    """

    model_config = ConfigDict(frozen=True)
    path: Path
    line: int
    identifier_line: int
    label: str
    identifier: str
    also: tuple[str, ...] = ()
    qualifier: str | None = None
    source_repo: str
    source_path: str
    source_commit: str
    source_offset: str
    source_version: str
    complete: str
    notes: str
    basis: TextBasis
    completeness: Completeness
    root: ReferenceProvision | None = None
    body: str

    @property
    def name(self) -> str:
        """The file name (``ukpga-2004-31-section-11.md``)."""
        return self.path.name

    @property
    def is_current(self) -> bool:
        """True only for the revised text of the provision itself."""
        return self.basis is TextBasis.CURRENT

    @property
    def caveat(self) -> str:
        """One phrase saying what this copy is and how much of it there is."""
        text = _CAVEATS[self.basis]
        if self.completeness is Completeness.PARTIAL:
            text += "; partial copy"
        elif self.completeness is Completeness.AS_SHOWN:
            text += "; complete as shown, not confirmed"
        return text

    def provisions(self, identifier: str) -> list[ReferenceProvision]:
        """The provisions of this copy with `identifier` (more than one when the copy
        shows the same letter twice in one provision, as definition lists do)."""
        if self.root is None:
            return []
        return [p for p in self.root.walk() if p.id == identifier]

    def possibly_cut_off(self, provision: ReferenceProvision) -> bool:
        """True when the copy is partial and `provision` holds its last words, so the
        copy may end inside it."""
        if self.completeness is not Completeness.PARTIAL or self.root is None:
            return False
        last = list(self.root.walk())[-1]
        return any(p is last for p in provision.walk())


@dataclass(frozen=True)
class ReferenceText:
    """Every copy in a reference-text folder, looked up by identifier.

    Attributes:
        root: the folder.
        copies: every copy, in file-name order.
    """

    root: Path
    copies: tuple[ReferenceCopy, ...]
    _by_identifier: dict[str, list[ReferenceCopy]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _by_provision: dict[str, list[ReferenceCopy]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        for copy in self.copies:
            for ident in (copy.identifier, *copy.also):
                self._by_identifier.setdefault(ident, []).append(copy)
            for p in copy.root.walk() if copy.root is not None else ():
                holders = self._by_provision.setdefault(p.id, [])
                if copy not in holders:
                    holders.append(copy)

    def copies_for(self, identifier: str) -> list[ReferenceCopy]:
        """The copies that hold `identifier` or a provision enclosing it."""
        ident = LegislationId.parse(identifier)
        out: list[ReferenceCopy] = []
        for node in (ident, *ident.ancestors()):
            out.extend(self._by_identifier.get(str(node), []))
        # a schedule paragraph is not under its Part in the identifier, but a copy of
        # the Part holds it
        out.extend(c for c in self._by_provision.get(str(ident), []) if c not in out)
        return out

    def provisions(self, identifier: str) -> list[ReferenceProvision]:
        """Every provision with `identifier`, in every copy."""
        return [p for c in self.copies_for(identifier) for p in c.provisions(identifier)]

    def holds(self, identifier: str) -> bool:
        """True when some copy holds `identifier` or encloses it."""
        return bool(self.copies_for(identifier))


# -- loading -------------------------------------------------------------------------------


def load_reference_text(folder: Path) -> ReferenceText:
    """Read every ``*.md`` copy in `folder` (``README.md`` aside).

    Raises:
        FrontMatterError: a file's front matter is missing, broken or has a wrong key.
        IdentifierMismatchError: an identifier does not match its file name.
        DuplicateCopyError: two copies give one identifier with one basis.
        ReferenceTextError: the folder cannot be read.
    """
    if not folder.is_dir():
        raise ReferenceTextError(folder, 1, "the reference-text folder does not exist")
    copies: list[ReferenceCopy] = []
    seen: dict[tuple[str, TextBasis], ReferenceCopy] = {}
    for path in sorted(folder.glob("*.md")):
        if path.name.lower() == "readme.md":
            continue
        for copy in parse_reference_file(path):
            key = (copy.label, copy.basis)
            first = seen.get(key)
            if first is not None:
                raise DuplicateCopyError(
                    path,
                    copy.identifier_line,
                    f"identifier {copy.label!r} ({copy.basis.value}) is already given in "
                    f"{first.path}:{first.identifier_line}; two copies of one provision "
                    "must differ in their version basis",
                )
            seen[key] = copy
            copies.append(copy)
    return ReferenceText(folder, tuple(copies))


def parse_reference_file(path: Path) -> list[ReferenceCopy]:
    """The copies in one file, checked against its name.

    Raises:
        FrontMatterError, IdentifierMismatchError: as `load_reference_text`.
    """
    try:
        # a regular file of bounded size only: a FIFO would hang the check
        text = read_limited(path).decode("utf-8")
    except UnreadableFileError as exc:
        raise FrontMatterError(path, 1, exc.reason) from None
    except UnicodeDecodeError as exc:
        raise FrontMatterError(path, 1, f"cannot be read as UTF-8 text: {exc}") from None
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise FrontMatterError(path, 1, "no front matter: the file must begin with a '---' line")
    copies: list[ReferenceCopy] = []
    start: int | None = 0
    while start is not None:
        end = next((i for i in range(start + 1, len(lines)) if lines[i].strip() == "---"), None)
        if end is None:
            raise FrontMatterError(path, start + 1, "front matter is not closed by a '---' line")
        fields, key_lines = _front_matter(path, lines[start + 1 : end], start + 2)
        nxt = _next_block(lines, end + 1)
        body_lines = lines[end + 1 : nxt if nxt is not None else len(lines)]
        copies.append(_copy(path, start + 1, fields, key_lines, body_lines, end + 2))
        start = nxt
    return copies


def _next_block(lines: list[str], begin: int) -> int | None:
    """The index of the ``---`` that opens a further front-matter block, if any."""
    for i in range(begin, len(lines) - 1):
        if lines[i].strip() == "---" and lines[i + 1].startswith("identifier:"):
            return i
    return None


def _front_matter(
    path: Path, block: list[str], first_line: int
) -> tuple[dict[str, str], dict[str, int]]:
    source = "\n".join(block)
    try:
        node = yaml.compose(source, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first_line + (mark.line if mark is not None else 0)
        problem = getattr(exc, "problem", None) or str(exc)
        raise FrontMatterError(path, line, f"front matter is not valid YAML: {problem}") from None
    except RecursionError:
        raise FrontMatterError(
            path, first_line, "front matter is nested too deeply to read"
        ) from None
    if not isinstance(node, yaml.MappingNode):
        raise FrontMatterError(path, first_line, "front matter must be 'key: \"value\"' lines")
    fields: dict[str, str] = {}
    key_lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        line = first_line + key_node.start_mark.line
        key = key_node.value
        if key not in FRONT_MATTER_KEYS:
            raise FrontMatterError(
                path,
                line,
                f"unknown front-matter key {key!r}; expected {', '.join(FRONT_MATTER_KEYS)}",
            )
        if key in fields:
            raise FrontMatterError(path, line, f"front-matter key {key!r} given twice")
        if not isinstance(value_node, yaml.ScalarNode) or value_node.tag != "tag:yaml.org,2002:str":
            raise FrontMatterError(path, line, f"front-matter key {key!r} must be a quoted string")
        fields[key] = str(value_node.value)
        key_lines[key] = line
    missing = [k for k in FRONT_MATTER_KEYS if k not in fields]
    if missing:
        raise FrontMatterError(
            path, first_line - 1, f"front matter lacks {', '.join(repr(k) for k in missing)}"
        )
    return fields, key_lines


_LABEL_RE = re.compile(r"^(?P<ids>[^()]+?)\s*(?:\((?P<qualifier>.*)\))?\s*$")


def _copy(
    path: Path,
    line: int,
    fields: dict[str, str],
    key_lines: dict[str, int],
    body_lines: list[str],
    body_first_line: int,
) -> ReferenceCopy:
    label = fields["identifier"]
    id_line = key_lines["identifier"]
    m = _LABEL_RE.match(label)
    if m is None:
        raise FrontMatterError(path, id_line, f"cannot read identifier {label!r}")
    parts = [p.strip() for p in m.group("ids").split(" and ")]
    try:
        first = LegislationId.parse(parts[0])
    except IdentifierError as exc:
        raise FrontMatterError(path, id_line, str(exc)) from None
    also: list[str] = []
    for extra in parts[1:]:
        try:
            also.append(str(LegislationId.parse(f"{first.document}/{extra}")))
        except IdentifierError as exc:
            raise FrontMatterError(path, id_line, str(exc)) from None
    _check_name(path, id_line, first, also)
    basis = _basis(label, fields["source_version"], fields["complete"], fields["notes"])
    root = None
    if not also:
        root = _Parser(str(first), basis, body_lines, body_first_line).parse()
    return ReferenceCopy(
        path=path,
        line=line,
        identifier_line=id_line,
        label=label,
        identifier=str(first),
        also=tuple(also),
        qualifier=m.group("qualifier"),
        source_repo=fields["source_repo"],
        source_path=fields["source_path"],
        source_commit=fields["source_commit"],
        source_offset=fields["source_offset"],
        source_version=fields["source_version"],
        complete=fields["complete"],
        notes=fields["notes"],
        basis=basis,
        completeness=_completeness(fields["complete"]),
        root=root,
        body="\n".join(body_lines),
    )


# -- file names ----------------------------------------------------------------------------

_KINDS = frozenset(
    {"section", "schedule", "paragraph", "article", "regulation", "part", "chapter", "annex"}
)
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10}  # sub-paragraphs never reach (l)


def _roman_value(text: str) -> int | None:
    text = text.lower()
    if not text or any(ch not in _ROMAN_VALUES for ch in text):
        return None
    total = 0
    for i, ch in enumerate(text):
        value = _ROMAN_VALUES[ch]
        nxt = _ROMAN_VALUES[text[i + 1]] if i + 1 < len(text) else 0
        total += -value if value < nxt else value
    return total


def _slugs(ident: LegislationId) -> set[str]:
    """The file-name stems a copy of `ident` may have (Part numbers as written or arabic)."""
    segments = [ident.type, ident.year.replace("/", "-"), ident.number]
    arabic = list(segments)
    for i, seg in enumerate(ident.path):
        segments.append(seg)
        value = _roman_value(seg) if i and ident.path[i - 1] == "part" else None
        arabic.append(str(value) if value else seg)
    out = {"-".join(segments), "-".join(arabic)}
    if ident.type == "eur":  # the EU text as adopted is filed as eu-...
        out |= {"eu" + s[3:] for s in out}
    return out


def _check_name(path: Path, line: int, ident: LegislationId, also: list[str]) -> None:
    base = path.name.split(".", 1)[0]
    candidates: set[str] = set()
    for node in (ident, *ident.ancestors()):
        if node.path:
            candidates |= _slugs(node)
    if also:  # "article/2 and schedule/1" -> article-2-schedule-1
        tail = "".join("-" + "-".join(LegislationId.parse(a).path) for a in also)
        candidates |= {s + tail for s in _slugs(ident)}
    if base in candidates:
        return
    for stem in candidates:
        rest = base[len(stem) + 1 :] if base.startswith(stem + "-") else None
        # a descriptive suffix may follow (schedule-1-gdpr-arts-5-6), but not a provision
        if rest and rest.split("-", 1)[0] not in _KINDS:
            return
    raise IdentifierMismatchError(
        path,
        line,
        f"identifier {str(ident)!r} does not match the file name {path.name!r} "
        f"(expected a name beginning {'-'.join([ident.type, *str(ident).split('/')[1:]])!r})",
    )


# -- the body ------------------------------------------------------------------------------

_OMITTED_RE = re.compile(r"^[.\s\u2026]*$")
_INTRODUCER_RE = re.compile(r"[\u2014\u2013:]\s*$|\s-\s*$")
_QUOTE_OPEN_RE = re.compile(
    r"\b(?:insert|inserted|substitute|substituted)\s*[\u2014\u2013:-]?\s*$", re.IGNORECASE
)
_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*)$")
_BRACKET_LABEL_RE = re.compile(r"^\((\d+[A-Z]*|[a-z]{1,4}|[A-Z]{1,2})\)\s*(.*)$")
_EU_LABEL_RE = re.compile(r"^(\d+[A-Z]*)\.(?:\s+|(?=[A-Z\u2018\u201c]))(.*)$")
_LETTERS = r"[a-z]|[a-z][a-h]|[ivx]{2,5}"
_BARE_LABEL_RE = re.compile(rf"^(\d+[A-Z]*|{_LETTERS})$")
_OL_LABEL_RE = re.compile(rf"^\d+\.\s+({_LETTERS}|\d+[A-Z]*)$")
_NOT_LABELS = frozenset({"be", "he", "ah", "eh", "ad"})
_QUOTE_UNIT_RE = re.compile(r"^\((\d+[A-Z]*)\)\s*(.*)$")
_FOOTNOTE_REF_RE = re.compile(r"\[\^[^\]]*\]")
_FOOTNOTE_DEF_RE = re.compile(r"^\[\^[^\]]*\]:")
_LINK_RE = re.compile(r"\[([^\]\[]*)\]\([^)]*\)")
_EMPHASIS_RE = re.compile(r"\*{1,3}([^*]*)\*{1,3}")
# a point inserted by an amendment opens inside its bracket: "[F3(ea)words;]"
_INSERTED_POINT_RE = re.compile(r"^\[[FIMCEX]\d+(?=\()")
_NOTE_MARK_RE = re.compile(r"(?<![A-Za-z0-9])\[?[FIMCEX]\d+(?=[A-Za-z(\[\u2018\u201c\"])")
_EXTENT_MARK_RE = re.compile(r"(?<=[\w)])(?:U\.K\.|E\+W(?:\+S)?(?:\+N\.I\.)?)")
_ANNOTATION_HEADERS = frozenset(
    {
        "Annotations:",
        "Amendments (Textual)",
        "Commencement Information",
        "Modifications etc. (not altering text)",
        "Marginal Citations",
        "Extent Information",
        "Prospective",
    }
)
_NOTE_LINE_RE = re.compile(r"^[FIMCEX]\d+$")
_CONTAINERS = frozenset({"schedule", "annex", "part"})
_UNIT_WORDS = frozenset({"section", "paragraph", "regulation", "article", "rule"})


def _clean(text: str) -> str:
    """Markdown and page furniture removed; the statute's words left."""
    text = _FOOTNOTE_REF_RE.sub("", text)
    text = _LINK_RE.sub(r"\1", text)
    text = _EMPHASIS_RE.sub(r"\1", text)
    text = _NOTE_MARK_RE.sub("", text)
    text = _EXTENT_MARK_RE.sub("", text)
    # amendment brackets as pages show them: [F1words] -> words
    text = re.sub(r"(?<![A-Za-z0-9])\[(?=\S)|(?<=\S)\](?![(\[])", "", text)
    text = text.replace("\u201c ", "\u201c").replace(" \u201d", "\u201d")
    return " ".join(text.split())


def _roman(label: str) -> bool:
    return _roman_value(label) is not None and label == label.lower()


def _key(label: str) -> tuple[int, int, str]:
    """Sort key of a label within one level (1 < 1A < 2; a < aa < b; za < a)."""
    m = re.match(r"^(\d+)(.*)$", label)
    if m:
        return (int(m.group(1)), 0, m.group(2))
    value = _roman_value(label)
    if value is not None and len(label) > 1:
        return (value, 1, "")
    if len(label) > 1 and label[0] == "z":
        return (-1, 0, label[1:])
    return (ord(label[0]), 0, label[1:])


@dataclass
class _Node:
    number: str | None
    level: int  # 0 root/unit; 1 (1); 2 (a); 3 (i); 4 (A)
    line: int
    heading: str | None = None
    parts: list[str | _Node] = field(default_factory=list)
    unit: bool = False
    group: str | None = None
    quoted: bool = False  # a quotation (inserted text), not addressable from outside
    bare: bool = False  # a label printed alone on its line (page renderings)
    collecting: bool = False  # its unnumbered lines (definitions) are all its own

    def own_text(self) -> str:
        return " ".join(p for p in self.parts if isinstance(p, str))

    def last_text(self) -> str:
        """Its latest words, or "" when a sub-item came after them."""
        last = self.parts[-1] if self.parts else ""
        return last if isinstance(last, str) else ""

    def children(self) -> list[_Node]:
        return [p for p in self.parts if isinstance(p, _Node) and not p.quoted]


def _level(label: str, stack: list[_Node]) -> int:
    if label[0].isdigit():
        return 1
    if label.isupper():
        return 4
    if _roman(label):
        if label in ("i", "v", "x"):
            # (i) after (h) is a letter unless (h) introduces a list: "(h) ...—"
            prev = {"i": "h", "v": "u", "x": "w"}[label]
            open_letter = next((n for n in reversed(stack) if n.level == 2), None)
            open_roman = next((n for n in reversed(stack) if n.level == 3), None)
            if label != "i" and open_roman is not None:
                return 3
            if open_letter is not None and open_letter.number == prev:
                introduces = _INTRODUCER_RE.search(open_letter.last_text())
                return 3 if introduces and not open_letter.children() else 2
        return 3
    return 2


@dataclass
class _Token:
    kind: str  # "heading", "unit", "item", "text", "quote-start", "quote-end"
    line: int
    text: str = ""
    label: str | None = None
    depth: int = 0
    bare: bool = False


class _Parser:
    """Body lines to a `ReferenceProvision` tree rooted at the copy's identifier."""

    def __init__(self, identifier: str, basis: TextBasis, lines: list[str], first: int) -> None:
        self.identifier = identifier
        self.ident = LegislationId.parse(identifier)
        self.basis = basis
        self.lines = lines
        self.first = first

    # tokens --------------------------------------------------------------------------

    def tokens(self) -> list[_Token]:
        out: list[_Token] = []
        number = self.ident.path[-1] if self.ident.path else ""
        unit_re = re.compile(rf"^{re.escape(number)}(?=[A-Z\u2018\u201c])") if number else None
        in_quote = False
        skipping = False
        after_marker = False
        for index, raw in enumerate(self.lines):
            lineno = self.first + index
            line = raw.rstrip()
            quote = line.lstrip().startswith(">")
            if quote != in_quote:
                out.append(_Token("quote-start" if quote else "quote-end", lineno))
                in_quote = quote
            if quote:
                line = line.lstrip()[1:]
            stripped = line.strip()
            if not stripped or _FOOTNOTE_DEF_RE.match(stripped):
                continue
            if stripped in _ANNOTATION_HEADERS:
                skipping = stripped != "Prospective"
                after_marker = False
                continue
            if skipping:
                if _NOTE_LINE_RE.match(stripped):
                    after_marker = True
                    continue
                if after_marker:
                    after_marker = False
                    continue
                skipping = False
            if stripped.endswith("Show full title"):
                continue
            indent = len(line) - len(line.lstrip())
            heading = _HEADING_RE.match(stripped)
            if heading:
                text = _clean(heading.group(2))
                level = len(heading.group(1))
                if level >= 5 and re.fullmatch(r"\d+[A-Z]*", text):
                    out.append(_Token("unit", lineno, label=text))
                else:
                    out.append(_Token("heading", lineno, text=text, depth=level))
                continue
            body = _INSERTED_POINT_RE.sub("", re.sub(r"^(?:[-*\u2022]\s+)", "", stripped))
            if quote or indent:
                # an indented Markdown ordered list stands for letters the source dropped
                body = (
                    re.sub(r"^\d+\.\s+(?=\D)", "", body) if not _OL_LABEL_RE.match(body) else body
                )
            if quote:
                m = _QUOTE_UNIT_RE.match(body)
                if m and indent <= 1:
                    out.append(_Token("unit", lineno, label=m.group(1)))
                    if m.group(2):
                        out.append(_Token("text", lineno, text=_clean(m.group(2))))
                    continue
            if unit_re is not None and unit_re.match(body) and not quote:
                out.append(_Token("unit", lineno, label=number))
                out.append(_Token("heading", lineno, text=_clean(body[len(number) :]), depth=7))
                continue
            for regex, bare in (
                (_BRACKET_LABEL_RE, False),
                (_OL_LABEL_RE, True),
                (_EU_LABEL_RE, False),
                (_BARE_LABEL_RE, True),
            ):
                if regex is _EU_LABEL_RE and (quote or indent):
                    continue  # an indented "1." is a Markdown list, not a paragraph number
                m = regex.match(body)
                if m and not (bare and m.group(1) in _NOT_LABELS):
                    rest = m.group(2) if m.lastindex and m.lastindex >= 2 else ""
                    out.append(_Token("item", lineno, _clean(rest), m.group(1), bare=bare))
                    break
            else:
                out.append(_Token("text", lineno, text=_clean(body)))
        if in_quote:
            out.append(_Token("quote-end", self.first + len(self.lines)))
        return out

    # tree ----------------------------------------------------------------------------

    def parse(self) -> ReferenceProvision | None:
        tokens = self.tokens()
        top = _Node(None, 0, self.first)
        self._build(top, tokens)
        root = self._select_root(top)
        return self._finish(root, self.identifier, None)

    def _build(self, top: _Node, tokens: list[_Token]) -> None:
        stack: list[_Node] = [top]
        pending_heading: str | None = None
        group: str | None = None
        quote_owner: _Node | None = None  # a node whose text opened a run-together quotation
        quote_tokens: list[_Token] = []
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if tok.kind == "quote-start":
                # a blockquote: the quotation belongs to the node that introduced it
                j = next(k for k in range(i, len(tokens)) if tokens[k].kind == "quote-end")
                owner = stack[-1]
                self._quotation(owner, tokens[i + 1 : j], tok.line)
                i = j + 1
                continue
            if quote_owner is not None:
                if self._ends_quote(tok, stack):
                    if quote_tokens:
                        self._quotation(quote_owner, quote_tokens, quote_tokens[0].line)
                    quote_owner, quote_tokens = None, []
                else:
                    quote_tokens.append(tok)
                    i += 1
                    continue
            if tok.kind == "heading":
                if tok.depth == 7 and stack[-1].unit:
                    stack[-1].heading = tok.text  # run-together: "16ELocal arrangements"
                elif self._container():
                    group = tok.text  # schedule cross-headings group its paragraphs
                else:
                    pending_heading = tok.text
            elif tok.kind == "unit":
                while len(stack) > 1:
                    stack.pop()
                node = _Node(tok.label, 0, tok.line, heading=pending_heading, unit=True)
                node.group = group
                pending_heading = None
                top.parts.append(node)
                stack.append(node)
            elif tok.kind == "item":
                assert tok.label is not None
                level = _level(tok.label, stack)
                while (
                    len(stack) > 1
                    and stack[-1].level >= level
                    and not (stack[-1].unit and level > 0)
                ):
                    stack.pop()
                node = _Node(tok.label, level, tok.line, bare=tok.bare)
                if tok.text:
                    node.parts.append(tok.text)
                stack[-1].parts.append(node)
                stack.append(node)
                if (
                    tok.text
                    and _QUOTE_OPEN_RE.search(tok.text)
                    and not self._next_is_quote(tokens, i)
                ):
                    quote_owner = node
            elif tok.kind == "text":
                node = stack[-1]
                introduced = _INTRODUCER_RE.search(node.last_text()) is not None
                if node.level > 0 and node.own_text() and not (node.collecting or introduced):
                    # words after a closed sub-item belong to the item that holds it
                    stack.pop()
                    node = stack[-1]
                    introduced = _INTRODUCER_RE.search(node.last_text()) is not None
                if node.own_text() and introduced:
                    node.collecting = True  # "In this section—" and its definitions
                node.parts.append(tok.text)
                if _QUOTE_OPEN_RE.search(tok.text) and not self._next_is_quote(tokens, i):
                    quote_owner = node
            i += 1
        if quote_owner is not None and quote_tokens:
            self._quotation(quote_owner, quote_tokens, quote_tokens[0].line)

    @staticmethod
    def _next_is_quote(tokens: list[_Token], i: int) -> bool:
        return i + 1 < len(tokens) and tokens[i + 1].kind == "quote-start"

    def _ends_quote(self, tok: _Token, stack: list[_Node]) -> bool:
        """A run-together quotation ends at a heading, a new unit, or a label that
        continues the numbering of the text that quotes it."""
        if tok.kind in ("heading", "unit"):
            return True
        if tok.kind != "item" or tok.label is None:
            return False
        level = _level(tok.label, stack)
        return any(
            n.number is not None
            and not n.unit
            and n.level == level
            and _key(tok.label) > _key(n.number)
            for n in stack[1:]
        )

    def _quotation(self, owner: _Node, tokens: list[_Token], line: int) -> None:
        quote = _Node(None, 0, line, quoted=True)
        self._build(quote, tokens)
        owner.parts.append(quote)

    def _container(self) -> bool:
        return _is_container(self.ident)

    def _select_root(self, top: _Node) -> _Node:
        number = self.ident.path[-1] if self.ident.path else None

        def nodes(node: _Node) -> Iterator[_Node]:
            for p in node.parts:
                if isinstance(p, _Node):
                    yield p
                    yield from nodes(p)

        if number is not None:
            for node in nodes(top):
                if node.unit and node.number == number:
                    return node
        quotes = [p for p in top.parts if isinstance(p, _Node) and p.quoted]
        if self.basis is TextBasis.AS_INSERTED and len(quotes) == 1:
            return quotes[0]
        if number is not None:
            for node in nodes(top):
                if node.bare and node.number == number and node.level == 1:
                    node.level = 0
                    return node
        return top

    def _finish(self, node: _Node, ident: str, group: str | None) -> ReferenceProvision:
        parts: list[str] = []
        children: list[ReferenceProvision] = []
        container = _is_container(LegislationId.parse(ident))
        for p in node.parts:
            if isinstance(p, str):
                parts.append(p)
                continue
            if p.quoted:
                inner = self._finish(p, ident, None)
                parts.append(inner.text)
                continue
            child_id = self._child_id(ident, p, container)
            child = self._finish(p, child_id, p.group)
            children.append(child)
            parts.append(child.render())
        text = "\n".join(x for x in parts if x)
        own = node.own_text()
        return ReferenceProvision(
            id=ident,
            number=node.number,
            heading=node.heading,
            text=text,
            children=tuple(children),
            line=node.line,
            group=group if group is not None else node.group,
            omitted=bool(own) and bool(_OMITTED_RE.match(own)) and not children,
        )

    def _child_id(self, parent: str, child: _Node, container: bool) -> str:
        assert child.number is not None
        if container and (child.unit or child.level == 1):
            base = LegislationId.parse(parent)
            path = base.path
            if path and path[-1] not in _CONTAINERS and "-" in path[-1]:
                path = path[:-2]  # schedule/1/paragraph/1-10 -> schedule/1
            while len(path) >= 2 and path[-2] == "part":
                path = path[:-2]  # paragraphs are numbered through a schedule, not a Part
            return str(
                LegislationId(base.type, base.year, base.number, (*path, "paragraph", child.number))
            )
        return f"{parent}/{child.number}"


def _is_container(ident: LegislationId) -> bool:
    """True for a schedule, annex or Part (whose units are numbered paragraphs), or a
    range of paragraphs (``paragraph/1-10``)."""
    path = ident.path
    if not path:
        return False
    return (
        path[-1] in _CONTAINERS or (len(path) >= 2 and path[-2] in _CONTAINERS) or ("-" in path[-1])
    )
