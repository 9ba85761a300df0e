"""`Period`: the one type for "the days on which something holds" in the knowledge layer.

A gateway's or condition's time in force (``in_force_from`` to ``in_force_to``) and a
holder's existence in law (``exists_from`` to ``exists_until``) are both periods of whole
days with both ends included, as the curated dates are written: the first day it holds,
and the last.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

__all__ = ["Period"]


class _Dated(Protocol):
    @property
    def in_force_from(self) -> str | None: ...

    @property
    def in_force_to(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Period:
    """The days on which something holds: `first` to `last`, both included.

    ``None`` leaves that end open (the date is not recorded, or there is no end).

    Raises:
        ValueError: `last` is before `first`.

    Examples:
        >>> p = Period(dt.date(2018, 6, 29), None)
        >>> dt.date(2018, 6, 28) in p, dt.date(2018, 6, 29) in p
        (False, True)
    """

    first: dt.date | None = None
    last: dt.date | None = None

    def __post_init__(self) -> None:
        if self.first and self.last and self.last < self.first:
            raise ValueError(f"a period cannot end ({self.last}) before it starts ({self.first})")

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, dt.date):
            return False
        return (self.first is None or day >= self.first) and (self.last is None or day <= self.last)

    def boundaries(self) -> tuple[dt.date, ...]:
        """The days on which membership changes: the first day, and the day after the last."""
        out: list[dt.date] = []
        if self.first:
            out.append(self.first)
        if self.last:
            out.append(self.last + dt.timedelta(days=1))
        return tuple(out)

    @classmethod
    def of(cls, entry: _Dated) -> Period:
        """The period an entry's ``in_force_from`` and ``in_force_to`` describe."""
        return cls(_date(entry.in_force_from), _date(entry.in_force_to))


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
