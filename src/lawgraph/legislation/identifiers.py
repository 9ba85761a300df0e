"""legislation.gov.uk identifiers as value objects.

An identifier is the path that legislation.gov.uk gives an item, without the host and
without a version: ``ukpga/2004/31/section/16H``, ``ukpga/2018/12/schedule/1/paragraph/18``,
``eur/2016/679/article/9``, ``uksi/2018/789/regulation/3``, ``ukpga/Geo3/49/126``.
Sub-provisions follow the site's own ids: ``section/47/9`` is s.47(9), and
``section/11/2/a`` is s.11(2)(a).

`LegislationId.parse` also takes full URLs (``https://www.legislation.gov.uk/id/...``,
``.../data.xml``, ``.../enacted``, ``.../2023-01-01``) and strips the host, the ``id/``
prefix, the data format and the version, which it keeps in `LegislationId.version`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from lawgraph.errors import IdentifierError

__all__ = ["DOCUMENT_TYPES", "LegislationId", "canonical_id", "check_identifier"]

#: The document types legislation.gov.uk publishes, by their URL short code.
DOCUMENT_TYPES: dict[str, str] = {
    "ukpga": "UK Public General Act",
    "ukla": "UK Local Act",
    "ukppa": "UK Private and Personal Act",
    "ukcm": "Church Measure",
    "asp": "Act of the Scottish Parliament",
    "aosp": "Act of the Old Scottish Parliament",
    "asc": "Act of Senedd Cymru",
    "anaw": "Act of the National Assembly for Wales",
    "mwa": "Measure of the National Assembly for Wales",
    "nia": "Act of the Northern Ireland Assembly",
    "mnia": "Measure of the Northern Ireland Assembly",
    "apni": "Act of the Northern Ireland Parliament",
    "aip": "Act of the Old Irish Parliament",
    "apgb": "Act of the Parliament of Great Britain",
    "aep": "Act of the English Parliament",
    "nisi": "Northern Ireland Order in Council",
    "uksi": "UK Statutory Instrument",
    "ssi": "Scottish Statutory Instrument",
    "wsi": "Wales Statutory Instrument",
    "nisr": "Northern Ireland Statutory Rule",
    "ukmo": "UK Ministerial Order",
    "uksro": "UK Statutory Rule or Order",
    "nisro": "Northern Ireland Statutory Rule or Order",
    "ukdsi": "UK Draft Statutory Instrument",
    "sdsi": "Scottish Draft Statutory Instrument",
    "nidsr": "Northern Ireland Draft Statutory Rule",
    "eur": "Regulation originating from the EU",
    "eudn": "Decision originating from the EU",
    "eudr": "Directive originating from the EU",
    "eut": "EU treaty",
}

# Structural words that legislation.gov.uk uses as path segments before a number.
_KIND_WORDS = frozenset(
    {
        "part",
        "chapter",
        "crossheading",
        "section",
        "schedule",
        "paragraph",
        "article",
        "regulation",
        "rule",
        "order",
        "annex",
        "appendix",
        "division",
        "title",
        "subsection",
        "point",
        "step",
        "group",
    }
)
# Segments that name a whole-document view rather than a provision.
_VIEW_WORDS = frozenset({"contents", "introduction", "body", "schedules", "signature", "note"})

_ID_RE = re.compile(
    r"""
    ^(?P<type>[a-z]{2,6})/                      # document type: ukpga, uksi, eur, ...
    (?P<year>\d{4}                              # a calendar year: 2004
       |[A-Z][A-Za-z]*\d*/\d+(?:-\d+)*)/        # or regnal: Geo3/49, Ann/6, Geo6/12-13-14
    (?P<number>[0-9A-Za-z]+(?:-[0-9A-Za-z]+)*)  # the chapter or SI number: 31, 679, 0
    (?P<path>(?:/[^/\s]+)*)$                    # the provision path, if any
    """,
    re.VERBOSE,
)
_HOST_RE = re.compile(r"^(?:https?://)?(?:www\.)?legislation\.gov\.uk/", re.IGNORECASE)
_VERSION_RE = re.compile(r"^(?:enacted|made|adopted|created|prospective|\d{4}-\d{2}-\d{2})$")
_LANGUAGE_WORDS = frozenset({"welsh", "english"})
_FORMAT_RE = re.compile(r"/data\.(?:xml|akn|html?|xht|rdf|feed|csv|pdf)$")
_SEGMENT_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._\-]*$")
# A URL's query (``?view=plain``) and fragment (``#section-8``) are views of the page.
_QUERY_RE = re.compile(r"[?#].*$", re.DOTALL)
# legislation.gov.uk shows a provision's text for one extent at ``.../england+wales``.
_EXTENT_WORDS = frozenset({"england", "wales", "scotland", "ni"})


@dataclass(frozen=True, slots=True)
class LegislationId:
    """A parsed legislation.gov.uk identifier.

    Attributes:
        type: the document type short code, e.g. ``ukpga``.
        year: the calendar year (``2004``) or regnal year (``Geo3/49``).
        number: the chapter or instrument number, e.g. ``31``.
        path: the provision path segments, e.g. ``("section", "16H", "1")``.
        version: the version named in a URL (``enacted``, ``2023-01-01``), else ``None``.
            It is not part of the identifier's identity.

    Examples:
        >>> i = LegislationId.parse("https://www.legislation.gov.uk/ukpga/2004/31/section/16H/enacted")
        >>> str(i), i.version, str(i.document)
        ('ukpga/2004/31/section/16H', 'enacted', 'ukpga/2004/31')
        >>> str(LegislationId.parse("ukpga/1989/41/section/47/9").parent)
        'ukpga/1989/41/section/47'
    """

    type: str
    year: str
    number: str
    path: tuple[str, ...] = ()
    version: str | None = field(default=None, compare=False, hash=False)

    @classmethod
    def parse(cls, text: str) -> LegislationId:
        """Read an identifier or a legislation.gov.uk URL.

        Raises:
            IdentifierError: the text is not a legislation.gov.uk identifier.
        """
        return _parse(text.strip())

    @property
    def document(self) -> LegislationId:
        """The identifier of the whole document this one belongs to."""
        return LegislationId(self.type, self.year, self.number)

    @property
    def is_document(self) -> bool:
        """True when the identifier names a whole document, not a provision."""
        return not self.path

    @property
    def parent(self) -> LegislationId | None:
        """The enclosing provision: one level up (``section/47/9`` -> ``section/47``)."""
        if not self.path:
            return None
        path = self.path[:-1]
        # "section/47" is one level; drop the kind word together with its number
        if path and path[-1] in _KIND_WORDS:
            path = path[:-1]
        return LegislationId(self.type, self.year, self.number, path)

    def child(self, *segments: str) -> LegislationId:
        """The identifier with further path segments appended."""
        return LegislationId(self.type, self.year, self.number, self.path + segments)

    def ancestors(self) -> list[LegislationId]:
        """Every enclosing identifier, nearest first, ending with the document."""
        out: list[LegislationId] = []
        node = self.parent
        while node is not None:
            out.append(node)
            node = node.parent
        return out

    def url(self, version: str | None = None) -> str:
        """The legislation.gov.uk URL of this item (optionally of one version)."""
        tail = f"/{version}" if version else ""
        return f"https://www.legislation.gov.uk/{self}{tail}"

    def __str__(self) -> str:
        base = f"{self.type}/{self.year}/{self.number}"
        return base + "".join(f"/{s}" for s in self.path)


@lru_cache(maxsize=65536)
def _parse(text: str) -> LegislationId:
    raw = _HOST_RE.sub("", _QUERY_RE.sub("", text))
    raw = _FORMAT_RE.sub("", raw.strip("/")).strip("/")
    if raw.startswith("id/"):
        raw = raw[3:]
    head, sep, rest = raw.partition("/")
    if head.isupper():
        # "UKPGA/2018/12": the type is a code the site writes in lower case
        raw = head.lower() + sep + rest
    tail = raw.rsplit("/", 2)
    if (
        len(tail) == 3
        and set(tail[2].lower().split("+")) <= _EXTENT_WORDS
        and ("+" in tail[2] or tail[1] != "crossheading")
    ):
        # (a cross-heading may be named by one such word: .../crossheading/scotland)
        raw = f"{tail[0]}/{tail[1]}"
    m = _ID_RE.match(raw)
    if m is None or m.group("type") not in DOCUMENT_TYPES:
        raise IdentifierError(
            f"{text!r} is not a legislation.gov.uk identifier; expected a form such as "
            "'ukpga/2004/31/section/16H', 'eur/2016/679/article/9' or a legislation.gov.uk URL"
        )
    segments = [s for s in m.group("path").split("/") if s]
    version: str | None = None
    while segments and (_VERSION_RE.match(segments[-1]) or segments[-1] in _LANGUAGE_WORDS):
        last = segments.pop()
        if version is None and last not in _LANGUAGE_WORDS:
            version = last
    for seg in segments:
        if not _SEGMENT_RE.match(seg):
            raise IdentifierError(f"{text!r}: {seg!r} is not a valid identifier segment")
    return LegislationId(
        m.group("type"), m.group("year"), m.group("number"), tuple(segments), version
    )


# The calendar years in which each type's documents can exist, where the type is bounded
# by the body that makes it: the Scottish Parliament's Acts from 1999, the National
# Assembly for Wales's Measures 2008-2011 and Acts 2012-2020, Senedd Cymru's from 2020.
# A type not listed is bounded by the calendar only (UK Acts, for one, have a few
# calendar-year identifiers before 1963, such as ukpga/1911/34 and ukpga/1949/30).
_YEAR_RANGES: dict[str, tuple[int, int | None]] = {
    "asp": (1999, None),
    "ssi": (1999, None),
    "mwa": (2008, 2011),
    "anaw": (2012, 2020),
    "asc": (2020, None),
}
# Types whose identifiers always carry a calendar year, never a regnal one.
_CALENDAR_ONLY = frozenset(
    {"asp", "ssi", "mwa", "anaw", "asc", "wsi", "nia", "nisr", "eur", "eudn", "eudr", "ukdsi"}
)
# Kinds whose number may be left out: an Act's only schedule is ``schedule``, an EU
# Decision's only annex ``annex`` (eudn/2011/382/annex), an SI's note ``note/a``, and
# an unnumbered Part of a schedule ``schedule/1/part`` (uksi/2004/129 has one).
_BARE_KINDS = frozenset({"schedule", "annex", "appendix", "note", "part"})
# Views that end an identifier: nothing can follow ``contents`` or ``introduction``.
_FINAL_VIEWS = _VIEW_WORDS - {"note"}


def check_identifier(ident: LegislationId, *, today: dt.date | None = None) -> LegislationId:
    """`ident`, if it can name real legislation; else `IdentifierError` saying why.

    `LegislationId.parse` reads the shape of an identifier; this also checks what the
    shape cannot: that a calendar year has happened and falls within the years its
    document type exists, and that the provision path is made of the element kinds
    legislation.gov.uk has, each with its number (``section/8``, not ``section`` or
    ``foo/1``), a whole-document view (``contents``, ``introduction``) only at the end.

    Raises:
        IdentifierError: the identifier cannot name real legislation.
    """
    text = str(ident)
    this_year = (today or dt.date.today()).year
    if ident.year.isdigit():
        year = int(ident.year)
        low, high = _YEAR_RANGES.get(ident.type, (1, None))
        if year > this_year:
            raise IdentifierError(f"{text!r}: {year} is a year still to come")
        if year < low or (high is not None and year > high):
            span = f"{low}-{high}" if high is not None else f"{low} onwards"
            raise IdentifierError(
                f"{text!r}: documents of type {ident.type} ({DOCUMENT_TYPES[ident.type]}) "
                f"date from {span}, not {year}"
            )
    elif ident.type in _CALENDAR_ONLY:
        raise IdentifierError(
            f"{text!r}: documents of type {ident.type} ({DOCUMENT_TYPES[ident.type]}) are "
            f"numbered by calendar year, not by regnal year ({ident.year})"
        )
    _check_path(text, ident.path)
    return ident


def _check_path(text: str, path: tuple[str, ...]) -> None:
    # checked against every provision identifier of the reference corpus and the peer
    # fixtures (tests/test_identifiers.py)
    i = 0
    while i < len(path):
        word = path[i]
        if word in _FINAL_VIEWS:
            if i != len(path) - 1:
                raise IdentifierError(
                    f"{text!r}: {word!r} is a view of the whole document; nothing follows it"
                )
            return
        if word == "crossheading":
            # a cross-heading is named by its words, whatever they are: .../introduction
            if i + 1 == len(path):
                raise IdentifierError(f"{text!r}: 'crossheading' needs its name after it")
            i += 2
            continue
        if word not in _KIND_WORDS and word not in _BARE_KINDS:
            kinds = ", ".join(sorted(_KIND_WORDS))
            raise IdentifierError(
                f"{text!r}: {word!r} is not a kind of provision legislation.gov.uk has "
                f"(one of: {kinds})"
            )
        i += 1
        if i == len(path) or path[i] in _KIND_WORDS or path[i] in _VIEW_WORDS:
            if word not in _BARE_KINDS:
                raise IdentifierError(f"{text!r}: {word!r} needs a number after it")
            continue
        # the number, then subdivisions without a kind word: section/47/9/a, 7.2/7.2.6
        i += 1
        while i < len(path) and path[i] not in _KIND_WORDS and path[i] not in _VIEW_WORDS:
            i += 1


def canonical_id(text: str) -> str:
    """The canonical string form of an identifier or URL (no host, no version).

    Examples:
        >>> canonical_id("http://www.legislation.gov.uk/id/ukpga/2018/12/section/8")
        'ukpga/2018/12/section/8'
    """
    return str(LegislationId.parse(text))


def is_view_segment(segment: str) -> bool:
    """True for path words that name a view of a document (``contents``, ``body``)."""
    return segment in _VIEW_WORDS
