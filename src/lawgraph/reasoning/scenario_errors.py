"""What is wrong with a scenario, in the words of the person who wrote it.

Pydantic describes a failed field in its own terms ("Tuple should have at least 1 item
after validation", "Input should be 'given', 'refused' ..."). A practitioner wrote a
scenario file, not a tuple, so each problem is restated here: the field named as it is
written in the file (and the flag that sets it), what is wrong, and what would be right.

Examples:
    >>> from lawgraph.reasoning import Scenario, ScenarioError
    >>> try:
    ...     Scenario.parse({"discloser": "school", "recipient": "police", "subject": "child",
    ...                     "categories": [], "purpose": "safeguarding", "consent": "maybe"})
    ... except ScenarioError as exc:
    ...     print(exc)
    invalid scenario: categories: empty (list at least one data category from lawgraph \
categories); consent: 'maybe' is not allowed (use one of given, refused, \
not-sought-would-place-child-at-risk, not-sought-not-practicable, cannot-be-given, \
not-applicable)
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any

from pydantic import ValidationError

__all__ = ["Problem", "plain_problems"]

#: A problem: the field (as written in a scenario file) and what is wrong with it.
Problem = tuple[str, str]

# What each required field needs, said as a practitioner would be told.
_NEEDS: Mapping[str, str] = {
    "discloser": "name who holds the information, a holder from lawgraph holders",
    "recipient": "name who would receive it, a holder from lawgraph holders",
    "categories": "list at least one data category from lawgraph categories",
    "purpose": "name why it would be shared, a purpose from lawgraph purposes",
    "subject": "say whose information it is",
    "consent": "say where consent stands",
}
_DATE_ERRORS = frozenset(
    {
        "date_type",
        "date_parsing",
        "date_from_datetime_parsing",
        "date_from_datetime_inexact",
        "date_past",
        "date_future",
    }
)


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "empty"
    return f"{type(value).__name__}"


def _where(loc: tuple[int | str, ...]) -> str:
    if not loc:
        return "scenario"
    head, *rest = loc
    where = str(head)
    for part in rest:
        where += f" item {part + 1}" if isinstance(part, int) else f".{part}"
    return where


def plain_problems(
    exc: ValidationError,
    *,
    fields: Iterable[str],
    choices: Mapping[str, type[StrEnum]],
) -> list[Problem]:
    """Each error of `exc`, restated in plain words.

    Args:
        exc: the validation error of a scenario.
        fields: every field a scenario has (to suggest one for a misspelt key).
        choices: the enumerated fields, with their allowed values.
    """
    known = list(fields)
    out: list[Problem] = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        field = str(loc[0]) if loc else "scenario"
        where = _where(loc)
        kind, given = err["type"], err.get("input")
        needs = _NEEDS.get(field)
        if kind == "missing":
            out.append((where, f"missing ({needs})" if needs else "missing"))
        elif kind in ("too_short", "string_too_short"):
            out.append((where, f"empty ({needs})" if needs else "empty"))
        elif kind == "extra_forbidden":
            near = difflib.get_close_matches(field, known, n=1, cutoff=0.6)
            hint = f"did you mean {near[0]!r}? " if near else ""
            out.append((where, f"not a scenario field ({hint}the fields are {', '.join(known)})"))
        elif kind == "enum" and field in choices:
            allowed = ", ".join(v.value for v in choices[field])
            out.append((where, f"{given!r} is not allowed (use one of {allowed})"))
        elif kind in ("bool_parsing", "bool_type"):
            out.append((where, f"{given!r} is not true or false"))
        elif kind in _DATE_ERRORS:
            out.append((where, f"{given!r} is not a date (use YYYY-MM-DD, e.g. 2026-05-01)"))
        elif kind == "string_type":
            out.append((where, f"must be text, not {_kind(given)}"))
        elif kind in ("tuple_type", "list_type"):
            out.append((where, f"must be a list of words, not {_kind(given)}"))
        else:
            # a kind of error not foreseen: pydantic's words, but still naming the field
            out.append((where, str(err["msg"]).rstrip(".")))
    return out
