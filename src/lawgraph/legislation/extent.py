"""Where a provision is law: its extent over the four jurisdictions of the UK.

Apart from `lawgraph.legislation.models` (which re-exports both names) so that the
knowledge models can read an extent without importing the model of a whole document.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

__all__ = ["Extent", "Territory"]


class Territory(StrEnum):
    """The four jurisdictions a provision can extend to."""

    ENGLAND = "E"
    WALES = "W"
    SCOTLAND = "S"
    NORTHERN_IRELAND = "N.I."


_TERRITORY_ORDER = (
    Territory.ENGLAND,
    Territory.WALES,
    Territory.SCOTLAND,
    Territory.NORTHERN_IRELAND,
)
_TERRITORY_SPELLINGS = {
    "E": Territory.ENGLAND,
    "W": Territory.WALES,
    "S": Territory.SCOTLAND,
    "N.I.": Territory.NORTHERN_IRELAND,
    "N.I": Territory.NORTHERN_IRELAND,
    "NI": Territory.NORTHERN_IRELAND,
}


class Extent(BaseModel):
    """Where a provision is law (its *extent*), e.g. ``E+W`` or ``E+W+S+N.I.``.

    Examples:
        >>> Extent.parse("E+W").includes(Territory.ENGLAND)
        True
        >>> str(Extent.parse("E+W+S+N.I."))
        'E+W+S+N.I.'
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    territories: tuple[Territory, ...]

    @classmethod
    def parse(cls, text: str) -> Extent:
        """Read the site's ``+``-joined form; unknown tokens raise `ValueError`."""
        return _parsed(cls, text)

    @classmethod
    def _read(cls, text: str) -> Extent:
        found: set[Territory] = set()
        for token in text.replace(" ", "").split("+"):
            if not token:
                continue
            try:
                found.add(_TERRITORY_SPELLINGS[token])
            except KeyError:
                raise ValueError(f"unknown extent token {token!r} in {text!r}") from None
        return cls(territories=tuple(t for t in _TERRITORY_ORDER if t in found))

    def includes(self, territory: Territory) -> bool:
        """True when the provision extends to `territory`."""
        return territory in self.territories

    def __str__(self) -> str:
        return "+".join(t.value for t in self.territories)


@lru_cache(maxsize=256)
def _parsed(cls: type[Extent], text: str) -> Extent:
    # the same few extents ("E+W", "E") are read for every gateway of every answer; an
    # Extent is frozen, so one instance serves every reader
    return cls._read(text)
