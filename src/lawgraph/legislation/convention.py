"""Convention rights cited as people write them: "Article 8 ECHR", "Art 8 HRA 1998".

The Convention rights are law in the UK as Schedule 1 to the Human Rights Act 1998
sets them out, so a citation of an Article of the Convention (or of a Protocol to it)
is read as the place in that Schedule that holds it. legislation.gov.uk does not number
those places by Article: Schedule 1 Part I holds each Article of the Convention as a
*chapter* numbered in order (Article 2 is ``schedule/1/part/I/chapter/1``, Article 8 is
``chapter/7``, Article 14 is ``chapter/12``), Part II the First Protocol, Part III the
Sixth Protocol (law until 22 June 2004) and Part 3 Article 1 of the Thirteenth Protocol,
which replaced it. The table below is read from the held XML of the Act
(``ukpga/1998/42``); a test checks every entry against it, Article number and Part.

An Article Schedule 1 does not set out (Article 1 or 13 of the Convention, say) is
refused, never mapped to a neighbour. A numbered paragraph, "Art 8(2)", is
``.../paragraph/2``; deeper subdivisions are refused, because legislation.gov.uk's ids
for the sub-paragraphs of Schedule 1 do not follow the Articles (Article 5(1)(a) is
``schedule/1/paragraph/1/a``).
"""

from __future__ import annotations

import re

from lawgraph.errors import CitationError

__all__ = ["HRA", "SCHEDULED_ARTICLES", "convention_path", "format_convention"]

#: The Human Rights Act 1998.
HRA = "ukpga/1998/42"

# Which instrument an Article is of: the Convention itself, or a Protocol by number.
_CONVENTION = 0

#: (instrument, Article) -> the path in the HRA that sets it out, from the held XML.
SCHEDULED_ARTICLES: dict[tuple[int, int], tuple[str, ...]] = {
    **{
        (_CONVENTION, article): ("schedule", "1", "part", "I", "chapter", str(chapter))
        for chapter, article in enumerate((2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 16, 17, 18), 1)
    },
    **{(1, n): ("schedule", "1", "part", "II", "chapter", str(n)) for n in (1, 2, 3)},
    **{(6, n): ("schedule", "1", "part", "III", "chapter", "Article", str(n)) for n in (1, 2)},
    (13, 1): ("schedule", "1", "part", "3"),
}
# Schedule 1's Parts, by the instrument each holds.
_PART_OF = {_CONVENTION: ("1", "I"), 1: ("2", "II"), 6: ("III",), 13: ("3",)}
_INSTRUMENT_NAMES = {
    _CONVENTION: "the Convention",
    1: "the First Protocol",
    6: "the Sixth Protocol",
    13: "the Thirteenth Protocol",
}
_ORDINALS = {"first": 1, "sixth": 6, "thirteenth": 13}

_PIECES = re.compile(
    r"""
      (?P<article>\b(?:articles?|arts?)\b\.?\s*(?P<article_no>\d+)
          (?P<subs>(?:\s?\([0-9a-z]{1,4}\))*))
    | (?P<short>\ba(?P<short_article>\d+)p(?P<short_protocol>\d+)\b)     # A1P1
    | (?P<protocol>\b(?:(?P<ordinal>first|sixth|thirteenth)\s+protocol
          |protocol\s+(?:no\b\.?\s*)?(?P<protocol_no>\d+))\b)
    | (?P<schedule>\b(?:schedule|sched|sch)\b\.?\s*(?P<schedule_no>\d+)\b)
    | (?P<part>\b(?:part|pt)\b\.?\s*(?P<part_no>\d+|[ivx]+)\b)
    | (?P<echr>\b(?:echr
          |(?:the\s+)?convention\s+for\s+the\s+protection\s+of\s+human\s+rights
              (?:\s+and\s+fundamental\s+freedoms)?
          |(?:european\s+)?convention(?:\s+on\s+human\s+rights)?)\b)
    | (?P<hra>\b(?:hra|human\s+rights\s+act)(?:\s+(?P<hra_year>\d{4}))?\b)
    """,
    re.X | re.I,
)
# What may lie between the pieces: punctuation and joining words ("of the", "to the").
_FILLER = re.compile(r"^(?:[\s,;:]|\b(?:of|the|to|in|under)\b)*$", re.I)
_SUBDIVISION = re.compile(r"\(([0-9a-z]+)\)", re.I)
_HRA_YEAR = "1998"


def convention_path(text: str) -> tuple[str, ...] | None:
    """The path in the HRA 1998 a citation of a Convention right means, if it is one.

    ``None`` when `text` is not a citation of an Article of the Convention or a Protocol
    (as "Article 8 ECHR", "Art 8 HRA 1998", "HRA 1998 Sch 1 Art 8", "Art 1 of the First
    Protocol" are): the general reader then takes it.

    Raises:
        CitationError: it cites a Convention Article Schedule 1 does not set out, a Part
            of the Schedule that holds another instrument, a subdivision below a
            numbered paragraph, or another Act's year.

    Examples:
        >>> convention_path("Article 8 ECHR")
        ('schedule', '1', 'part', 'I', 'chapter', '7')
        >>> convention_path("Art 8(2) HRA 1998")
        ('schedule', '1', 'part', 'I', 'chapter', '7', 'paragraph', '2')
        >>> convention_path("s.6 HRA 1998") is None
        True
    """
    found: dict[str, re.Match[str]] = {}
    pos = 0
    for match in _PIECES.finditer(text):
        kind = next(k for k in _KINDS if match[k] is not None)
        if kind in found or not _FILLER.match(text[pos : match.start()]):
            return None
        found[kind] = match
        pos = match.end()
    if not _FILLER.match(text[pos:]):
        return None
    if "short" in found and ("article" in found or "protocol" in found):
        return None
    is_article = "article" in found or "short" in found
    names_convention = bool({"echr", "hra", "protocol", "short"} & found.keys())
    if not (is_article and names_convention):
        return None
    return _resolve(text, found)


_KINDS = ("article", "short", "protocol", "schedule", "part", "echr", "hra")


def _resolve(text: str, found: dict[str, re.Match[str]]) -> tuple[str, ...]:
    hra = found.get("hra")
    if hra is not None and hra["hra_year"] not in (None, _HRA_YEAR):
        raise CitationError(
            f"cannot read citation {text!r}: the Human Rights Act is of {_HRA_YEAR}, "
            f"not {hra['hra_year']}"
        )
    if "short" in found:
        short = found["short"]
        instrument, article, subs = int(short["short_protocol"]), int(short["short_article"]), ""
    else:
        instrument = _instrument(found.get("protocol"))
        article, subs = int(found["article"]["article_no"]), found["article"]["subs"]
    if "schedule" in found and found["schedule"]["schedule_no"] != "1":
        raise CitationError(
            f"cannot read citation {text!r}: the Convention rights are in Schedule 1 to the "
            f"Human Rights Act 1998, not Schedule {found['schedule']['schedule_no']}"
        )
    if "part" in found:
        part = found["part"]["part_no"].upper()
        holder = next((i for i, parts in _PART_OF.items() if part in parts), None)
        if holder is None:
            raise CitationError(
                f"cannot read citation {text!r}: Schedule 1 to the Human Rights Act 1998 "
                f"has no Part {part}"
            )
        if "protocol" not in found and "short" not in found:
            instrument = holder
        elif holder != instrument:
            raise CitationError(
                f"cannot read citation {text!r}: Part {part} of Schedule 1 sets out "
                f"{_INSTRUMENT_NAMES[holder]}, not {_INSTRUMENT_NAMES.get(instrument, 'that')}"
            )
    path = SCHEDULED_ARTICLES.get((instrument, article))
    if path is None:
        raise CitationError(
            f"cannot read citation {text!r}: Article {article} of "
            f"{_INSTRUMENT_NAMES.get(instrument, f'Protocol {instrument}')} is not among the "
            "Convention rights Schedule 1 to the Human Rights Act 1998 sets out (Articles "
            "2 to 12, 14 and 16 to 18 of the Convention, Articles 1 to 3 of the First "
            "Protocol, Article 1 of the Thirteenth Protocol, and until 22 June 2004 "
            "Articles 1 and 2 of the Sixth Protocol)"
        )
    subdivisions = _SUBDIVISION.findall(subs)
    if len(subdivisions) > 1:
        raise CitationError(
            f"cannot read citation {text!r}: legislation.gov.uk's ids for the "
            "sub-paragraphs of Schedule 1 to the Human Rights Act 1998 do not follow the "
            f"Articles; cite the paragraph, Article {article}({subdivisions[0]})"
        )
    if subdivisions and len(path) == len(SCHEDULED_ARTICLES[(13, 1)]):
        raise CitationError(
            f"cannot read citation {text!r}: Article 1 of the Thirteenth Protocol is one "
            "Part of Schedule 1, without numbered paragraphs"
        )
    return path + tuple(s for d in subdivisions for s in ("paragraph", d))


def _instrument(protocol: re.Match[str] | None) -> int:
    if protocol is None:
        return _CONVENTION
    if protocol["ordinal"]:
        return _ORDINALS[protocol["ordinal"].lower()]
    return int(protocol["protocol_no"])


def format_convention(path: tuple[str, ...]) -> str | None:
    """How a path in Schedule 1 to the HRA 1998 is cited, if it holds a Convention right:
    ``Sch. 1, Art. 8(2)``, or ``Sch. 1, First Protocol, Art. 2`` (which `convention_path`
    reads back with the Act's name).

    Examples:
        >>> format_convention(("schedule", "1", "part", "I", "chapter", "7", "paragraph", "2"))
        'Sch. 1, Art. 8(2)'
        >>> format_convention(("section", "6")) is None
        True
    """
    for (instrument, article), prefix in SCHEDULED_ARTICLES.items():
        rest = path[len(prefix) :]
        if path[: len(prefix)] != prefix or rest not in ((), ("paragraph", *rest[1:2])):
            continue
        paragraph = f"({rest[1]})" if rest else ""
        # people cite the Article of the instrument, not the Schedule's Part that holds it
        name = _INSTRUMENT_NAMES[instrument].removeprefix("the ")
        protocol = "" if instrument == _CONVENTION else f"{name[0].upper()}{name[1:]}, "
        return f"Sch. 1, {protocol}Art. {article}{paragraph}"
    return None
