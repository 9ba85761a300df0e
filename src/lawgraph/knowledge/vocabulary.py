"""The vocabulary people ask in: duty holders, purposes and data categories by name.

One resolver for the three kinds, used by `Knowledge.holder`, `Knowledge.purpose`,
`Knowledge.category`, `Scenario.resolve` and every command, so a name that works in one
place works in all of them.

Names are compared in a normal form (`normalise_name`) that ignores case, runs of spaces,
hyphens and apostrophes, so ``safeguarding partners`` is ``safeguarding-partners`` and
``childrens social care`` is ``children's social care``. A name that matches nothing gets
suggestions ranked by meaning as well as spelling (`suggest`): the words it shares with
each entry's names and aliases (the last word, the head of the phrase, counting most),
then with its summary, then how close the spelling is. A term that names something that
is not an organisation (``MASH``, ``early help``) is explained from ``not_holders`` in
``holders.yaml`` instead.

Examples:
    >>> from lawgraph.knowledge import load_knowledge
    >>> k = load_knowledge("data")
    >>> resolve(k, Kind.HOLDER, "safeguarding partners")
    'safeguarding-partners'
    >>> suggest(k, Kind.HOLDER, "hospital trust")[:2]
    ['nhs-trust', 'nhs-foundation-trust']
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from lawgraph.knowledge.errors import (
    NotAHolderError,
    UnknownCategoryError,
    UnknownHolderError,
    UnknownPurposeError,
    UnknownTermError,
)

if TYPE_CHECKING:
    from lawgraph.knowledge.loader import Knowledge
    from lawgraph.knowledge.models import NotAHolder

__all__ = [
    "Kind",
    "Term",
    "contains_words",
    "normalise_name",
    "not_a_holder",
    "resolve",
    "search",
    "suggest",
    "terms",
]

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
# Apostrophes go (children's = childrens); hyphens, underscores and slashes are word breaks.
_DROP = re.compile(r"['`]")
_BREAK = re.compile(r"[\s\-_/]+")
_WORD = re.compile(r"[^\W_]+")

# Words that carry no meaning when ranking suggestions.
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "any",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "is",
        "its",
        "of",
        "on",
        "or",
        "the",
        "their",
        "to",
        "under",
        "who",
        "with",
    ]
)


# Words that say what kind of post or unit, not which body: a *probation officer* is
# probation's before it is an officer's.
_GENERIC = frozenset(
    ["officer", "worker", "team", "staff", "service", "provider", "body", "person", "unit"]
)


def normalise_name(text: str) -> str:
    """The form names, ids and aliases are compared in: case-folded, straight quotes,
    apostrophes dropped, hyphens, underscores and runs of spaces read as one space.

    Examples:
        >>> normalise_name("  Children\u2019s   Social Care ")
        'childrens social care'
        >>> normalise_name("safeguarding-partners") == normalise_name("Safeguarding partners")
        True
    """
    text = _DROP.sub("", text.translate(_QUOTES))
    return _BREAK.sub(" ", text).strip().casefold()


def contains_words(name: str, text: str) -> bool:
    """Whether `text` appears in `name` from the start of a word, both in normal form
    (``school`` is in *pre-school*; ``csc`` is not in *PCSCA 2022*).

    Examples:
        >>> contains_words("Pre-school", "school"), contains_words("PCSCA 2022", "CSC")
        (True, False)
    """
    key = normalise_name(text)
    return bool(key) and re.search(r"(?:^|\s)" + re.escape(key), normalise_name(name)) is not None


class Kind(StrEnum):
    """The three kinds of vocabulary entry a user names."""

    HOLDER = "holder"
    PURPOSE = "purpose"
    CATEGORY = "category"


@dataclass(frozen=True, slots=True)
class Term:
    """One entry of the vocabulary, as a user meets it.

    Attributes:
        kind: holder, purpose or category.
        id: the canonical id (``nhs-trust``).
        name: its name (a holder's ``name``, a purpose's or category's ``title``).
        aliases: other names it answers to (holders only).
        summary: what it is, in the data's words.
        is_a: the ids it is a kind of (holders and categories).
    """

    kind: Kind
    id: str
    name: str
    aliases: tuple[str, ...]
    summary: str
    is_a: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The id, the name and every alias: all it can be looked up by."""
        return (self.id, self.name, *self.aliases)


def terms(knowledge: Knowledge, kind: Kind) -> tuple[Term, ...]:
    """Every entry of `kind`, in file order.

    Examples:
        >>> from lawgraph.knowledge import load_knowledge
        >>> [t.id for t in terms(load_knowledge("data"), Kind.PURPOSE)][:2]
        ['safeguarding', 'child-protection-enquiry']
    """
    if kind is Kind.HOLDER:
        return tuple(
            Term(kind, h.id, h.name, h.aliases, h.summary, h.is_a)
            for h in knowledge.holders.values()
        )
    if kind is Kind.PURPOSE:
        return tuple(Term(kind, p.id, p.title, (), p.summary) for p in knowledge.purposes.values())
    return tuple(
        Term(kind, c.id, c.title, (), c.summary, c.is_a) for c in knowledge.categories.values()
    )


def _index(knowledge: Knowledge, kind: Kind) -> Mapping[str, str]:
    """Normalised id, name and alias -> id."""
    if kind is Kind.HOLDER:
        return knowledge._names  # built (and checked for ambiguity) when the data loads
    out: dict[str, str] = {}
    for term in terms(knowledge, kind):
        for name in term.names:
            out.setdefault(normalise_name(name), term.id)
    return out


def _table(knowledge: Knowledge, kind: Kind) -> Mapping[str, object]:
    if kind is Kind.HOLDER:
        return knowledge.holders
    return knowledge.purposes if kind is Kind.PURPOSE else knowledge.categories


def not_a_holder(knowledge: Knowledge, name: str) -> NotAHolder | None:
    """The ``not_holders`` entry `name` is a term for (``MASH``, ``early help``), if any."""
    key = normalise_name(name)
    for entry in knowledge.not_holders:
        if key in {normalise_name(t) for t in (entry.term, *entry.aliases)}:
            return entry
    return None


_ERRORS: dict[Kind, type[UnknownTermError]] = {
    Kind.HOLDER: UnknownHolderError,
    Kind.PURPOSE: UnknownPurposeError,
    Kind.CATEGORY: UnknownCategoryError,
}
_WHAT = {Kind.HOLDER: "holder", Kind.PURPOSE: "purpose", Kind.CATEGORY: "data category"}
_BY = {Kind.HOLDER: "id or alias", Kind.PURPOSE: "id or title", Kind.CATEGORY: "id or title"}
_LIST = {Kind.HOLDER: "holders", Kind.PURPOSE: "purposes", Kind.CATEGORY: "categories"}


def resolve(knowledge: Knowledge, kind: Kind, name: str) -> str:
    """The id of the entry of `kind` that `name` (an id, name, title or alias) names.

    Raises:
        NotAHolderError: (holders) `name` is a term for something that is not an
            organisation; the message says what it is.
        UnknownHolderError, UnknownPurposeError, UnknownCategoryError: nothing matches;
            the message suggests the nearest entries (`suggest`), or says none is near.

    Examples:
        >>> from lawgraph.knowledge import load_knowledge
        >>> resolve(load_knowledge("data"), Kind.CATEGORY, "Health data")
        'health-data'
    """
    if name in _table(knowledge, kind):
        return name
    found = _index(knowledge, kind).get(normalise_name(name))
    if found is not None:
        return found
    if kind is Kind.HOLDER:
        entry = not_a_holder(knowledge, name)
        if entry is not None:
            raise NotAHolderError(
                f"{name!r} is not a duty holder: {entry.reason}", term=name, suggestions=()
            )
    close = tuple(suggest(knowledge, kind, name))
    if close:
        hint = f"; did you mean: {', '.join(close)}?"
    else:
        hint = (
            f"; no {_WHAT[kind]} is named or described like it "
            f"(list them with: lawgraph {_LIST[kind]})"
        )
    raise _ERRORS[kind](
        f"no {_WHAT[kind]} has the {_BY[kind]} {name!r}{hint}", term=name, suggestions=close
    )


def search(knowledge: Knowledge, kind: Kind, text: str) -> list[Term]:
    """The entries whose id, name or an alias contains `text` from the start of a word (in
    normal form, `contains_words`), the one it names exactly first; when none does, the
    nearest by meaning and spelling (`suggest`).

    Examples:
        >>> from lawgraph.knowledge import load_knowledge
        >>> [t.id for t in search(load_knowledge("data"), Kind.HOLDER, "ICB")]
        ['integrated-care-board']
    """
    everything = terms(knowledge, kind)
    key = normalise_name(text)
    if not key:
        return list(everything)
    exact = _index(knowledge, kind).get(key)
    found = [t for t in everything if any(contains_words(n, key) for n in t.names)]
    found.sort(key=lambda t: t.id != exact)
    if found:
        return found
    by_id = {t.id: t for t in everything}
    return [by_id[i] for i in suggest(knowledge, kind, text)]


# -- ranking suggestions ------------------------------------------------------------------


def _stem(word: str) -> str:
    """A crude singular, so ``schools`` meets ``school`` and ``agencies`` ``agency``."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _words(text: str) -> list[str]:
    return [_stem(w) for w in _WORD.findall(normalise_name(text)) if w not in _STOP]


def _alike(asked: str, known: str) -> bool:
    """Whether two words are the same word, allowing a typo in a long one."""
    if asked == known:
        return True
    if len(asked) < 5 or len(known) < 5:
        return False
    short, long = sorted((asked, known), key=len)
    if len(short) >= 6 and long.startswith(short) and len(short) >= 0.65 * len(long):
        return True  # safeguard / safeguarding, but not nurse / nursery
    return difflib.SequenceMatcher(None, asked, known).ratio() >= 0.85


def _overlap(asked: list[str], weights: list[float], known: Iterable[str]) -> tuple[float, float]:
    """How much of the asked phrase `known` covers (weighted), and how much of `known`
    the asked phrase accounts for."""
    known = list(dict.fromkeys(known))
    if not known:
        return 0.0, 0.0
    pairs = zip(asked, weights, strict=True)
    covered = sum(w for a, w in pairs if any(_alike(a, k) for k in known))
    used = sum(1 for k in known if any(_alike(a, k) for a in asked))
    return covered / sum(weights), used / len(known)


def _score(asked: list[str], weights: list[float], key: str, term: Term) -> tuple[float, float]:
    """(by name, by summary): how near `term` is through its names (meaning or spelling),
    and how much of the asked phrase its name and summary together contain."""
    meaning = 0.0
    spelling = 0.0
    for name in term.names:
        coverage, precision = _overlap(asked, weights, _words(name))
        meaning = max(meaning, coverage * (0.75 + 0.25 * precision))
        spelling = max(spelling, difflib.SequenceMatcher(None, key, normalise_name(name)).ratio())
    described, _ = _overlap(asked, weights, _words(f"{term.name} {term.summary}"))
    by_name = max(2 * meaning + 0.5 * described if meaning else 0.0, 2 * spelling - 0.5)
    if spelling < 0.75 and not meaning:
        by_name = 0.0
    return (by_name if by_name >= 0.5 else 0.0), described


def _weights(asked: list[str]) -> list[float]:
    """How much each asked word counts: the head of the phrase (its last word that is not
    a generic role word) double, generic role words half."""
    weights = [0.5 if w in _GENERIC else 1.0 for w in asked]
    strong = [i for i, w in enumerate(asked) if w not in _GENERIC]
    if len(asked) > 1 and strong:
        weights[strong[-1]] = 2.0
    return weights


def suggest(knowledge: Knowledge, kind: Kind, name: str, *, limit: int = 5) -> list[str]:
    """The ids of the entries of `kind` nearest to `name`, best first (at most `limit`).

    An entry ranks by the words it shares with `name` in one of its names or aliases:
    the head of `name` (its last word, usually the noun) weighs double, since a *primary
    school* is a school before it is primary, and generic words such as *officer* or
    *team* weigh half. Then come the words its summary shares, and spelling, so a typo
    still finds its entry; only entries scoring close to the best are kept. One or two
    entries whose summary alone holds every word asked follow (an NHS trust is "a
    hospital ... provider"). A name with nothing near gets no suggestions, rather than
    unrelated ones.

    Examples:
        >>> from lawgraph.knowledge import load_knowledge
        >>> suggest(load_knowledge("data"), Kind.HOLDER, "primary school")[0]
        'school'
    """
    key = normalise_name(name)
    asked = _words(name)
    if not asked:
        return []
    weights = _weights(asked)
    scored = [(*_score(asked, weights, key, t), t.id) for t in terms(knowledge, kind)]
    named = sorted((s for s in scored if s[0] > 0), key=lambda s: -s[0])
    best = named[0][0] if named else 0.0
    out = [i for by_name, _, i in named if by_name >= 0.75 * best]
    # An entry whose summary holds every word asked comes next (an NHS trust is "a
    # hospital ... provider") when few do: a word that describes one or two entries tells.
    described = [i for _, d, i in scored if d >= 1.0 and i not in out]
    if len(described) <= 2:
        out += described
    return out[:limit]
