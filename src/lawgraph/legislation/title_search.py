"""Looking an Act's title up on legislation.gov.uk, and remembering what was found.

A title lawgraph knows nowhere offline (`lawgraph.legislation.titles.TitleTable.held`)
can be resolved, when online, through the site's search feed. The search asks only for
what legislation.gov.uk's own feeds show it accepts: ``/search/data.feed?type=T&year=Y``
(the genuine feeds lawgraph is tested on echo exactly these parameters), then follows
each page's own ``next`` link. The title is matched among the entries exactly, in the
form `lawgraph.legislation.titles.title_key` gives (case, spaces, punctuation and "the"
ignored); a title two documents carry is refused, never guessed.

Only the titles of Acts are searched: a year of statutory instruments runs to thousands
of entries, so an instrument is cited by its number (``SI 2018/789``) instead. The
types searched follow the title: ``ukpga`` always, and a devolved legislature's Acts
when the title names its country and the year is one that legislature passed Acts in.

What is found is remembered in the user's learnt-titles file
(`lawgraph.settings.learnt_titles_file`), written atomically, which
`lawgraph.legislation.titles.TitleTable.held` reads afterwards.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from pydantic import BaseModel, ConfigDict, ValidationError

from lawgraph.errors import CitationError, FetchError, IdentifierError, LegislationError
from lawgraph.files import atomic_write, read_limited, warn_skipped
from lawgraph.legislation.feeds import Feed, parse_feed
from lawgraph.legislation.identifiers import LegislationId
from lawgraph.legislation.reader import xml_from_bytes
from lawgraph.legislation.titles import clean_title, title_key

__all__ = [
    "MAX_PAGES",
    "LearntTitle",
    "TitleMatch",
    "find_title",
    "learn_title",
    "read_learnt_titles",
    "search_types",
    "search_url",
]

#: Pages of one type's year read at most (a year of UK Acts fills four at most).
MAX_PAGES = 10

_FORMAT = 1
_YEAR_WORD_LEN = 4

GetFeed = Callable[[str], bytes]


class TitleMatch(BaseModel):
    """A title found in legislation.gov.uk's search.

    Attributes:
        title: the title as the site gives it (without "(repealed)").
        identifier: the document's identifier, e.g. ``ukpga/2004/33``.
        source: the feed page it was found on.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str
    identifier: str
    source: str


class LearntTitle(TitleMatch):
    """A `TitleMatch` remembered in the learnt-titles file, with the day it was learnt."""

    learnt: dt.date


class _LearntFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    format: int = _FORMAT
    titles: tuple[LearntTitle, ...] = ()


def search_types(title: str) -> tuple[int, tuple[str, ...]]:
    """The year in `title` and the document types to search for it.

    Raises:
        CitationError: `title` is not the short title of an Act with its year, so it
            is not searched (the message says how to cite it instead).

    Examples:
        >>> search_types("Civil Partnership Act 2004")
        (2004, ('ukpga',))
        >>> search_types("Children and Young People (Scotland) Act 2014")
        (2014, ('ukpga', 'asp'))
    """
    words = title_key(title).split()
    year_word = words[-1] if words else ""
    if not (len(year_word) == _YEAR_WORD_LEN and year_word.isdigit() and "act" in words):
        raise CitationError(
            f"{title!r} is not known, and lawgraph looks up on legislation.gov.uk only "
            "the short titles of Acts, with their year (e.g. 'Civil Partnership Act 2004'); "
            "cite an instrument by its number (SI 2018/789) or any document by its "
            "legislation.gov.uk identifier"
        )
    year = int(year_word)
    if year > dt.date.today().year:
        raise CitationError(f"{title!r} names the year {year}, which is still to come")
    text = " ".join(words)
    types = ["ukpga"]
    if "scotland" in words and year >= 1999:
        types.append("asp")
    if "northern ireland" in text and year >= 2000:
        types.append("nia")
    if "wales" in words and 2012 <= year <= 2020:
        types.append("anaw")
    if "wales" in words and year >= 2020:
        types.append("asc")
    return year, tuple(types)


def search_url(base_url: str, doc_type: str, year: int) -> str:
    """The search feed of one type's year, e.g. ``.../search/data.feed?type=ukpga&year=2004``."""
    return f"{base_url.rstrip('/')}/search/data.feed?{urlencode({'type': doc_type, 'year': year})}"


def find_title(title: str, get: GetFeed, *, base_url: str) -> TitleMatch:
    """The one document legislation.gov.uk gives `title` to.

    Args:
        title: the short title, e.g. ``Civil Partnership Act 2004``.
        get: fetches one feed page's body (`lawgraph.legislation.fetch.Fetcher.get_feed`).
        base_url: the site root; each page's ``next`` link is followed on it.

    Raises:
        CitationError: `title` is not an Act's title with a year, no entry has it, or
            more than one document has it (the message lists them).
        FetchError: a page could not be fetched, or was not an Atom feed.
    """
    year, types = search_types(title)
    key = title_key(title)
    found: dict[str, TitleMatch] = {}
    searched: list[str] = []
    for doc_type in types:
        url: str | None = search_url(base_url, doc_type, year)
        pages = 0
        while url is not None and pages < MAX_PAGES:
            searched.append(url)
            feed = _feed(url, get)
            pages += 1
            hits = list(_matches(feed, key, url))
            for hit in hits:
                found.setdefault(hit.identifier, hit)
            # a type's year never gives one short title twice, so its first hit ends it
            url = None if hits else _next_page(feed, base_url)
    if not found:
        raise CitationError(
            f"legislation.gov.uk has no {' or '.join(types)} document of {year} titled "
            f"{clean_title(title)!r} (searched {', '.join(searched)}); check the title "
            "as printed, or cite the document by its identifier"
        )
    if len(found) > 1:
        listed = ", ".join(f"{m.title} ({m.identifier})" for m in found.values())
        raise CitationError(
            f"{clean_title(title)!r} is ambiguous on legislation.gov.uk: it is the title of "
            f"{listed}; cite the one you mean by its identifier"
        )
    return next(iter(found.values()))


def _feed(url: str, get: GetFeed) -> Feed:
    body = get(url)
    try:
        return parse_feed(xml_from_bytes(body, source=url), source=url)
    except LegislationError as exc:
        raise FetchError(f"GET {url} did not return an Atom search feed: {exc}") from exc


def _matches(feed: Feed, key: str, url: str) -> Iterable[TitleMatch]:
    for entry in feed.entries:
        if not entry.title or title_key(entry.title) != key:
            continue
        try:
            ident = LegislationId.parse(entry.id)
        except IdentifierError:
            continue  # an entry naming no document cannot be fetched or cited
        if ident.is_document:
            yield TitleMatch(title=clean_title(entry.title), identifier=str(ident), source=url)


def _next_page(feed: Feed, base_url: str) -> str | None:
    """The feed's ``next`` page, on `base_url` (a link elsewhere is not followed)."""
    href = feed.link("next")
    if href is None:
        return None
    parts = urlsplit(href)
    if not parts.path.endswith("/data.feed"):
        return None
    query = f"?{parts.query}" if parts.query else ""
    return f"{base_url.rstrip('/')}{parts.path}{query}"


# -- the learnt-titles file ------------------------------------------------------------


def read_learnt_titles(path: Path) -> tuple[LearntTitle, ...]:
    """The titles remembered in `path`; none when it does not exist.

    A file that cannot be read or is not a learnt-titles file is reported
    (`lawgraph.files.SkippedFileWarning`, naming the file and what is wrong) and left
    out: it only saves a search, so it never stops a command.
    """
    if not path.exists():
        return ()
    try:
        return _LearntFile.model_validate_json(read_limited(path)).titles
    except OSError as exc:
        warn_skipped(f"{path}: cannot read the learnt titles: {exc}")
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "the file"
        warn_skipped(f"{path}: not a learnt-titles file ({where}: {first['msg']})")
    return ()


def learn_title(match: TitleMatch, path: Path, *, today: dt.date | None = None) -> LearntTitle:
    """Remember `match` in the learnt-titles file at `path` (atomically), and return it.

    An earlier entry for the same title is replaced; the others are kept.

    Raises:
        OSError: the file's folder cannot be created or written.
    """
    learnt = LearntTitle(**match.model_dump(), learnt=today or dt.date.today())
    key = title_key(match.title)
    kept = [t for t in read_learnt_titles(path) if title_key(t.title) != key]
    titles = sorted([*kept, learnt], key=lambda t: title_key(t.title))
    data = _LearntFile(titles=tuple(titles)).model_dump(mode="json")
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, (json.dumps(data, indent=2) + "\n").encode("utf-8"), durable=True)
    return learnt
