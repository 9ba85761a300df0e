"""Citations as people write them, read into legislation.gov.uk identifiers.

A citation is a *document reference* with, before or after it, a *pinpoint*: a run of
provision components such as ``Sch. 1, Pt. 2, para. 18(2)(c)``. The document is a short
title or abbreviation (looked up in a `TitleTable`), an SI number (``SI 2018/789``), a
chapter number (``2018 c. 12``), an EU instrument (``Regulation (EU) 2016/679``) or an
identifier. Identifiers and legislation.gov.uk URLs are also accepted whole.

The pinpoint becomes a path the way legislation.gov.uk builds its ids: a section,
article, regulation or rule stands alone (``section/47/9``: the Part it sits in is not
part of its id); a schedule paragraph is ``schedule/1/paragraph/18/2/c`` (the schedule's
Part is left out too); a Part or Chapter on its own is ``part/3`` or ``part/3/chapter/2``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, computed_field, field_validator

from lawgraph.errors import CitationError, IdentifierError
from lawgraph.legislation.convention import HRA, convention_path, format_convention
from lawgraph.legislation.identifiers import LegislationId, check_identifier
from lawgraph.legislation.titles import TitleTable

__all__ = ["ACCEPTED_FORMS", "Citation", "format_citation", "parse_citation"]

#: The forms `parse_citation` reads, each with an example; error messages list them.
ACCEPTED_FORMS: tuple[tuple[str, str], ...] = (
    ("provision, then short title or abbreviation", "s.16H CA 2004"),
    ("provision 'of the' title", "section 115 of the Crime and Disorder Act 1998"),
    ("title, then provision", "Children Act 1989, s.47(9)"),
    ("schedule paragraph", "paragraph 4 of Schedule 8 to the Data Protection Act 2018"),
    ("paragraph in a Part of a schedule", "DPA 2018 Sch. 1, Pt. 2, para. 18(2)(c)"),
    ("Part or Schedule", "Part 3 DPA 2018"),
    ("article of retained EU law", "Art 9(2)(g) UK GDPR"),
    ("Convention right (HRA 1998 Sch. 1)", "Article 8 ECHR, Art 8(2) HRA 1998, A1P1"),
    ("regulation of a statutory instrument", "reg 18 SI 2018/789"),
    ("Wales SI", "S.I. 2002/808 (W. 89)"),
    ("EU instrument", "Regulation (EC) No 1907/2006"),
    ("chapter number (1963 onwards)", "2018 c. 12 s. 8"),
    ("devolved series", "2010 nawm 1, asp 2020/13"),
    ("legislation.gov.uk identifier", "ukpga/2004/31/section/11"),
    ("legislation.gov.uk URL", "https://www.legislation.gov.uk/ukpga/2004/31/section/11"),
)

# -- the grammar ----------------------------------------------------------------

# Each abbreviation, lower-cased and without its dot, to the word legislation.gov.uk uses.
# Full-word plurals ("Regulations", "Rules") are left out: they end titles, followed by a year.
_KIND_OF_WORD: dict[str, str] = {
    **dict.fromkeys(("s", "ss", "sec", "secs", "section"), "section"),
    **dict.fromkeys(("sch", "schs", "sched", "schedule"), "schedule"),
    **dict.fromkeys(("para", "paras", "paragraph"), "paragraph"),
    **dict.fromkeys(("art", "arts", "article"), "article"),
    **dict.fromkeys(("reg", "regs", "regulation"), "regulation"),
    **dict.fromkeys(("r", "rule"), "rule"),
    **dict.fromkeys(("pt", "part"), "part"),
    **dict.fromkeys(("ch", "chapter"), "chapter"),
}
# Components that name one provision; any Part or Chapter cited with them is dropped.
_LEAVES = ("section", "article", "regulation", "rule")
_GROUPINGS = ("part", "chapter")
_TAKES_SUBDIVISIONS = frozenset({*_LEAVES, "paragraph"})

_COMPONENT_RE = re.compile(
    r"""
    (?<![\w'])                                      # starts a word: not the "s" of "People's"
    (?:
        (?P<grouping>(?i:part|pt|chapter|ch))       # a Part or Chapter: Part, Pt., Chapter, Ch.
        (?![A-Za-z])\.?\s*                          # ends the word; an abbreviation's dot
        (?P<group_number>\d+[A-Z]{0,3}|[IVXLC]+)    # its number, arabic or roman: 3, 1A, VI
      |
        (?P<kind>(?i:                               # a provision, longest spelling first:
            section|secs?|ss|s                      #   section, sec, s., ss.
          | schedule|sched|schs?                    #   Schedule, Sch.
          | paragraph|paras?                        #   paragraph, para., paras
          | article|arts?                           #   Article, Art.
          | regulation|regs?                        #   regulation, reg.
          | rule|r                                  #   rule, r.
        ))
        (?![A-Za-z])\.?\s*                          # ends the word; an abbreviation's dot
        (?P<number>\d+[A-Za-z]{0,4}|[A-Z]{1,2}\d+[A-Za-z]{0,3})  # 16H, 4ZA, 18, A1
      |
        (?P<sole_schedule>(?i:schedule))            # "the Schedule" of an Act with only one,
        (?=\s*(?:,|$|(?i:to|of)\b))                 #   which a number never follows
    )
    (?![\w])                                        # the number ends the word: not "s.5x"
    (?P<subdivisions>(?:\s?\([0-9A-Za-z]{1,6}\))*)  # (9), (2)(c), (1)(a)(ii): outermost first
    """,
    re.X,
)
_SUBDIVISION_RE = re.compile(r"\(([0-9A-Za-z]+)\)")

_LINK_RE = re.compile(
    r"""
    [\s,]*                                          # spaces and commas: "Sch. 1, Pt. 2"
    (?:\b(?i:of|to|in)\s+)?                         # a joining word: "paragraph 4 of Schedule 8"
    (?:\b(?i:the)\s+)?                              # its article: "to the Data Protection Act"
    """,
    re.X,
)

_WHOLE_IDENTIFIER_RE = re.compile(
    r"""
    ^(?:(?i:https?://)?(?i:www\.)?(?i:legislation\.gov\.uk)/  # a legislation.gov.uk URL
      |/?(?:[a-z]{2,6}|[A-Z]{2,6})/)                         # or an identifier: ukpga/...
    \S*$                                                     # with no spaces anywhere
    """,
    re.X,
)

_SI_RE = re.compile(
    r"""
    ^(?P<series>(?i:S\.?\s?S\.?\s?I|W\.?\s?S\.?\s?I|S\.?\s?I|S\.?\s?R))\.?  # SI, S.I., SSI, WSI, SR
    \s*(?P<year>\d{4})                                                   # the year it was made
    \s*(?:/|(?i:no)\.?\s*)                                               # "/" or "No."
    (?P<number>\d+)                                                      # its number that year
    (?:\s*\((?:(?P<welsh>(?i:W|Cy))|(?i:C|L|S|N\.?I))\.?\s*\d+\))?        # (W. 89), (C. 12)
    $
    """,
    re.X,
)
_SI_SERIES = {"SI": "uksi", "SSI": "ssi", "WSI": "wsi", "SR": "nisr"}

_CHAPTER_RE = re.compile(
    r"""
    ^(?P<year>\d{4})\s*                             # the calendar year: 2018
    (?P<series>(?i:c|asp|anaw|asc|nawm))\.?\s*      # "c." for a UK Act; asp, anaw ... devolved
    (?P<number>\d+)$                                # the chapter number: 12
    """,
    re.X,
)
# the devolved series written first: "asp 2020/13"
_SERIES_FIRST_RE = re.compile(
    r"^(?P<series>(?i:asp|anaw|asc|nawm))\s*(?P<year>\d{4})\s*/\s*(?P<number>\d+)$"
)
_CHAPTER_SERIES = {"c": "ukpga", "asp": "asp", "anaw": "anaw", "asc": "asc", "nawm": "mwa"}
# UK Acts were numbered by session, not by calendar year, until 1963 (Acts of Parliament
# Numbering and Citation Act 1962): most have regnal identifiers (ukpga/Eliz2/3-4/19 is
# 1955 c. 19, and so is ukpga/Eliz2/4-5/19), so "1955 c. 19" alone names no one Act.
_FIRST_CALENDAR_CHAPTERS = 1963

_EU_RE = re.compile(
    r"""
    ^(?P<kind>(?i:regulation|directive|decision))\s*   # the EU instrument
    (?:\((?:EU|EC|EEC|EU,\s?Euratom)\)\s*)?            # its basis, if given: (EU), (EC)
    (?P<no>(?i:no)\.?\s*)?                             # "No": the older number/year order
    (?P<first>\d+)/(?P<second>\d+)                     # 2016/679 (year first) or 1234/2007
    (?:/(?:EU|EC|EEC))?$                               # a Directive's suffix: 95/46/EC
    """,
    re.X,
)
_EU_SERIES = {"regulation": "eur", "directive": "eudr", "decision": "eudn"}

# When a document reference is not found, does it at least look like a title?
_TITLE_LIKE_RE = re.compile(
    r"\b\d{4}\b|\b[A-Z]{2,}\b|\b(?:Act|Regulations?|Order|Rules|Measure|Directive|Decision)\b"
)


# -- the model -------------------------------------------------------------------


class Citation(BaseModel):
    """A citation read into a legislation.gov.uk identifier.

    Attributes:
        document: the document's identifier, e.g. ``ukpga/2004/31``.
        path: the provision's path segments, e.g. ``("section", "16H")``; empty for a
            whole document.
        text: the citation as written.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    document: str
    path: tuple[str, ...] = ()
    text: str = ""

    @field_validator("document")
    @classmethod
    def _whole_document(cls, value: str) -> str:
        parsed = LegislationId.parse(value)
        if not parsed.is_document:
            raise ValueError(f"{value!r} names a provision, not a document")
        return str(parsed)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def identifier(self) -> str:
        """The full identifier: ``ukpga/2004/31/section/16H``."""
        return "/".join((self.document, *self.path))

    @property
    def legislation_id(self) -> LegislationId:
        """The identifier as a `LegislationId`."""
        return LegislationId.parse(self.identifier)

    def __str__(self) -> str:
        return self.identifier


@dataclass(frozen=True, slots=True)
class _Component:
    kind: str
    number: str | None
    subdivisions: tuple[str, ...]

    def segments(self) -> tuple[str, ...]:
        head = (self.kind,) if self.number is None else (self.kind, self.number)
        return head + self.subdivisions


# -- parsing ---------------------------------------------------------------------


def parse_citation(text: str, titles: TitleTable | None = None) -> Citation:
    """Read a citation into a legislation.gov.uk identifier.

    Args:
        text: the citation, e.g. ``"s.16H CA 2004"`` or a legislation.gov.uk URL.
        titles: the short titles and abbreviations to know; by default
            `TitleTable.curated`. Combine it with `TitleTable.from_corpus_dir` to know
            every title in a legislation folder.

    Returns:
        The `Citation`; ``str()`` of it is the identifier.

    Raises:
        CitationError: the text is not a citation lawgraph reads (the message lists the
            accepted forms), names an unknown title (with close matches), names an
            ambiguous abbreviation (with the candidates), or cites two provisions.

    Examples:
        >>> str(parse_citation("s.16H CA 2004"))
        'ukpga/2004/31/section/16H'
        >>> parse_citation("DPA 2018 Sch. 1, Pt. 2, para. 18(2)(c)").path
        ('schedule', '1', 'paragraph', '18', '2', 'c')
        >>> parse_citation("reg 18 SI 2018/789").document
        'uksi/2018/789'
    """
    table = TitleTable.curated() if titles is None else titles
    cleaned = _normalise(text)
    convention = convention_path(cleaned)
    if convention is not None:
        # a Convention right is cited by its Article; the HRA's Schedule 1 holds it
        return _checked(Citation(document=HRA, path=convention, text=text), text)
    if _WHOLE_IDENTIFIER_RE.match(cleaned):
        return _checked(_from_identifier(cleaned, text), text)
    leading, doc_text, trailing = _split(cleaned)
    document = _resolve_document(doc_text, text, table)
    citation = Citation(document=document, path=_path([*leading, *trailing], text), text=text)
    return _checked(citation, text)


def _checked(citation: Citation, text: str) -> Citation:
    """The citation, if its identifier can name real legislation (`check_identifier`)."""
    try:
        check_identifier(citation.legislation_id)
    except IdentifierError as exc:
        raise CitationError(f"cannot read citation {text!r}: {exc}") from exc
    return citation


def _normalise(text: str) -> str:
    # non-breaking and other odd spaces collapse; a closing full stop is punctuation
    return " ".join(text.replace("\u2019", "'").split()).rstrip(".;, ")


def _from_identifier(cleaned: str, text: str) -> Citation:
    try:
        parsed = LegislationId.parse(cleaned)
    except IdentifierError as exc:
        raise CitationError(f"cannot read citation {text!r}: {exc}") from exc
    return Citation(document=str(parsed.document), path=parsed.path, text=text)


def _split(text: str) -> tuple[list[_Component], str, list[_Component]]:
    """The pinpoint before the document, the document reference, the pinpoint after."""
    leading, lead_end = _chain(text, 0)
    for start in range(lead_end + 1, len(text)):
        if text[start - 1] not in " ,":
            continue
        trailing, end = _chain(text, start)
        if trailing and end == len(text):
            return leading, _strip_links(text[lead_end:start]), trailing
    return leading, _strip_links(text[lead_end:]), []


def _chain(text: str, pos: int) -> tuple[list[_Component], int]:
    """The components that follow one another from `pos`, and where the last one ends."""
    found: list[_Component] = []
    end = pos
    while (match := _COMPONENT_RE.match(text, pos)) is not None:
        found.append(_component(match))
        end = match.end()
        link = _LINK_RE.match(text, end)
        pos = link.end() if link else end
    return found, end


def _component(match: re.Match[str]) -> _Component:
    subdivisions = tuple(_SUBDIVISION_RE.findall(match["subdivisions"]))
    if match["grouping"]:
        kind = _KIND_OF_WORD[match["grouping"].lower()]
        return _Component(kind, match["group_number"], subdivisions)
    if match["sole_schedule"]:
        return _Component("schedule", None, subdivisions)
    return _Component(_KIND_OF_WORD[match["kind"].lower()], match["number"], subdivisions)


def _strip_links(text: str) -> str:
    link = _LINK_RE.match(text)
    return text[link.end() if link else 0 :].rstrip(" ,")


def _path(components: list[_Component], text: str) -> tuple[str, ...]:
    """The identifier path of the components, as legislation.gov.uk builds ids."""
    by_kind = _by_kind(components, text)
    leaves = [by_kind[k] for k in _LEAVES if k in by_kind]
    if len(leaves) > 1 or (leaves and {"schedule", "paragraph"} & by_kind.keys()):
        raise CitationError(f"cannot read citation {text!r}: it cites more than one provision")
    if leaves:
        return leaves[0].segments()
    path = by_kind["schedule"].segments() if "schedule" in by_kind else ()
    if "paragraph" in by_kind:
        return path + by_kind["paragraph"].segments()
    return path + tuple(s for k in _GROUPINGS if k in by_kind for s in by_kind[k].segments())


def _by_kind(components: list[_Component], text: str) -> dict[str, _Component]:
    by_kind: dict[str, _Component] = {}
    for component in components:
        if component.kind in by_kind:
            raise CitationError(
                f"cannot read citation {text!r}: it names more than one {component.kind}"
            )
        if component.subdivisions and component.kind not in _TAKES_SUBDIVISIONS:
            raise CitationError(
                f"cannot read citation {text!r}: a {component.kind} has no subdivisions "
                "like (1); put them on the section, article, regulation or paragraph"
            )
        by_kind[component.kind] = component
    return by_kind


# -- the document reference ------------------------------------------------------


def _resolve_document(doc_text: str, text: str, titles: TitleTable) -> str:
    if not doc_text:
        raise _unparseable(text, "it names no document")
    try:
        found = _numbered_document(doc_text) or titles.get(doc_text) or _eu_document(doc_text)
    except (CitationError, IdentifierError) as exc:
        raise CitationError(f"cannot read citation {text!r}: {exc}") from exc
    if found is not None:
        return found
    if _TITLE_LIKE_RE.search(doc_text) or titles.close_matches(doc_text):
        raise CitationError(f"cannot read citation {text!r}: {titles.unknown_message(doc_text)}")
    raise _unparseable(text, f"{doc_text!r} is neither a provision nor a document")


def _numbered_document(doc_text: str) -> str | None:
    """A document named by number: an identifier, an SI number or a chapter number."""
    if _WHOLE_IDENTIFIER_RE.match(doc_text):
        parsed = LegislationId.parse(doc_text)
        if not parsed.is_document:
            raise CitationError(f"{doc_text!r} is a provision: give the document's identifier")
        return str(parsed)
    if si := _SI_RE.match(doc_text):
        series = _SI_SERIES[re.sub(r"[^A-Z]", "", si["series"].upper())]
        if si["welsh"] and series == "uksi":
            # an SI with a Welsh number, "S.I. 2002/808 (W. 89)", is a Wales SI
            series = "wsi"
        return f"{series}/{si['year']}/{int(si['number'])}"
    chapter = _CHAPTER_RE.match(doc_text) or _SERIES_FIRST_RE.match(doc_text)
    if chapter:
        series = _CHAPTER_SERIES[chapter["series"].lower()]
        if series == "ukpga" and int(chapter["year"]) < _FIRST_CALENDAR_CHAPTERS:
            raise CitationError(
                f"{doc_text!r}: UK Acts before {_FIRST_CALENDAR_CHAPTERS} are numbered "
                "within a parliamentary session, and a year can hold two sessions' "
                "chapters of that number (legislation.gov.uk names most of them by "
                "regnal year, as ukpga/Eliz2/3-4/19); cite the Act by its title or its "
                "legislation.gov.uk identifier"
            )
        return f"{series}/{chapter['year']}/{int(chapter['number'])}"
    return None


# The EU's instruments are numbered from 1952 (the Coal and Steel Community). Since 2015
# every one is cited year first, "(EU) 2016/679"; before that, Regulations (and some
# Decisions) put the number first after "No", "(EC) No 1907/2006", and Directives and
# Decisions the year first, "95/46/EC". Citations often drop the "No".
_FIRST_EU_YEAR = 1952
_YEAR_FIRST_FOR_ALL = 2015


def _eu_year(text: str) -> int:
    """A year as an EU citation writes it: four digits, or two before 2000 (``95``)."""
    value = int(text)
    if len(text) == 2:
        return 1900 + value
    return value if len(text) == 4 else -1


def _eu_document(doc_text: str) -> str | None:
    match = _EU_RE.match(doc_text)
    if match is None:
        return None
    kind = match["kind"].lower()
    first, second = match["first"], match["second"]
    this_year = dt.date.today().year

    def plausible(year: int) -> bool:
        return _FIRST_EU_YEAR <= year <= this_year

    if match["no"]:
        # "No 1907/2006": number, then year
        readings = [(_eu_year(second), first)] if plausible(_eu_year(second)) else []
    else:
        readings = []
        year_first = _eu_year(first)
        if plausible(year_first) and (kind != "regulation" or year_first >= _YEAR_FIRST_FOR_ALL):
            readings.append((year_first, second))
        year_second = _eu_year(second)
        if kind == "regulation" and plausible(year_second) and year_second < _YEAR_FIRST_FOR_ALL:
            readings.append((year_second, first))
    if len(readings) != 1:
        why = "could be either" if readings else "has no year"
        raise CitationError(
            f"{doc_text!r}: {first}/{second} {why} of year/number or number/year for an EU "
            f"{kind}; write it as the EU does, 'Regulation (EU) 2016/679' or "
            "'Regulation (EC) No 1907/2006'"
        )
    year, number = readings[0]
    return f"{_EU_SERIES[kind]}/{year}/{int(number)}"


def _unparseable(text: str, reason: str) -> CitationError:
    forms = "\n".join(f"  - {name}: {example}" for name, example in ACCEPTED_FORMS)
    return CitationError(f"cannot read citation {text!r}: {reason}. Accepted forms:\n{forms}")


# -- formatting ------------------------------------------------------------------

# The short forms of the legislation.gov.uk words, as citations print them ("s.16H", "Sch. 1").
_LABELS = {
    "part": "Pt. ",
    "chapter": "Ch. ",
    "section": "s.",
    "schedule": "Sch. ",
    "paragraph": "para. ",
    "article": "Art. ",
    "regulation": "reg. ",
    "rule": "r. ",
}
_NUMBERED_SERIES = {"uksi": "SI", "ssi": "SSI", "wsi": "WSI", "nisr": "SR"}
_CHAPTER_LABELS = {"ukpga": "c.", "asp": "asp", "anaw": "anaw", "asc": "asc"}


def format_citation(identifier: str | LegislationId, titles: TitleTable | None = None) -> str:
    """The human form of an identifier, which `parse_citation` reads back.

    Examples:
        >>> format_citation("ukpga/2004/31/section/16H/1")
        'Children Act 2004, s.16H(1)'
        >>> format_citation("ukpga/2018/12/schedule/1/paragraph/18/2/c")
        'Data Protection Act 2018, Sch. 1, para. 18(2)(c)'
        >>> format_citation("uksi/2018/789/regulation/3")
        'Child Safeguarding Practice Review and Relevant Agency (England) Regulations 2018, reg. 3'
        >>> format_citation("uksi/2013/1/regulation/3")
        'SI 2013/1, reg. 3'
        >>> format_citation("ukpga/1998/42/schedule/1/part/I/chapter/7/paragraph/2")
        'Human Rights Act 1998, Sch. 1, Art. 8(2)'
    """
    table = TitleTable.curated() if titles is None else titles
    parsed = (
        identifier if isinstance(identifier, LegislationId) else LegislationId.parse(identifier)
    )
    name = table.title_of(str(parsed.document)) or _document_label(parsed.document)
    convention = format_convention(parsed.path) if str(parsed.document) == HRA else None
    if convention is not None:
        return f"{name}, {convention}"
    pinpoint = ", ".join(_format_component(c) for c in _components_of(parsed.path))
    return f"{name}, {pinpoint}" if pinpoint else name


def _document_label(document: LegislationId) -> str:
    if document.type in _NUMBERED_SERIES:
        return f"{_NUMBERED_SERIES[document.type]} {document.year}/{document.number}"
    if document.type in _CHAPTER_LABELS and document.year.isdigit():
        return f"{document.year} {_CHAPTER_LABELS[document.type]} {document.number}"
    return str(document)


def _components_of(path: tuple[str, ...]) -> list[_Component]:
    components: list[_Component] = []
    rest = list(path)
    while rest:
        kind = rest.pop(0)
        number = rest.pop(0) if rest and rest[0] not in _LABELS else None
        subdivisions: list[str] = []
        while rest and rest[0] not in _LABELS:
            subdivisions.append(rest.pop(0))
        components.append(_Component(kind, number, tuple(subdivisions)))
    return components


def _format_component(component: _Component) -> str:
    if component.kind == "schedule" and component.number is None:
        return "Schedule"
    if component.kind == "protocol":
        return component.number or ""
    label = _LABELS.get(component.kind, component.kind + " ")
    subdivisions = "".join(f"({s})" for s in component.subdivisions)
    return f"{label}{component.number or ''}{subdivisions}"
