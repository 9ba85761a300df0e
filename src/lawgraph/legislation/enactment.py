"""The earliest day a piece of legislation can have existed, read from its identifier.

A legislation.gov.uk identifier with a calendar year names the year the document was
made: an Act's chapter number counts the Acts of that year, an instrument's number the
instruments made that year, an EU instrument's the instruments adopted that year. So no
such document existed before 1 January of that year, and nothing it contains was in
force before then. This is a lower bound only: the enactment (or commencement) date
itself is later, and where the data or the held XML records it, that date governs.
Identifiers with a regnal year (``ukpga/Geo3/41/90``) give no bound.

Examples:
    >>> enacted_no_earlier_than("ukpga/2022/32/section/8/1")
    datetime.date(2022, 1, 1)
    >>> enacted_no_earlier_than("ukpga/Geo3/41/90") is None
    True
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from lawgraph.legislation.identifiers import LegislationId

__all__ = ["enacted_no_earlier_than"]


@lru_cache(maxsize=4096)  # asked for each candidate gateway on every ask()
def enacted_no_earlier_than(identifier: str) -> dt.date | None:
    """1 January of the calendar year in `identifier`, or None for a regnal year.

    Raises:
        IdentifierError: `identifier` is not a legislation.gov.uk identifier.
    """
    year = LegislationId.parse(identifier).year
    return dt.date(int(year), 1, 1) if year.isdigit() else None
