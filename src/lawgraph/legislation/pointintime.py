"""What did a provision say, and was it in force, on a given date?

legislation.gov.uk publishes revised texts *as at* a date; each provision in one records
when that wording came into force (``RestrictStartDate``) and, if it has gone, when it
stopped (``RestrictEndDate``). From the versions held, `provision_on` picks the text that
was law on the date asked and says how sure that answer is:

1. A version dated on or after the date whose text had already started by then is the
   text on that date (it has not changed between its start and that version).
2. Otherwise the latest version dated on or before the date is used, with the caveat
   that changes after that version would not be visible.
3. Before the earliest revised version, the as-enacted text is used if it has the
   provision (a later wording's start date is not the provision's commencement).
4. A provision that appears only with a later start date was not yet in force.
5. Otherwise there is no answer: "no version held for that date".
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from lawgraph.errors import NotHeldError
from lawgraph.legislation.corpus import Corpus
from lawgraph.legislation.identifiers import LegislationId
from lawgraph.legislation.models import Document, Provision, ProvisionStatus

__all__ = ["InForce", "PointInTime", "provision_on"]


class InForce(StrEnum):
    """The answer to "was it in force on that date?"."""

    IN_FORCE = "in force"
    NOT_YET_IN_FORCE = "not yet in force"
    NO_LONGER_IN_FORCE = "no longer in force"
    PROSPECTIVE = "prospective (not yet commenced)"
    AS_ENACTED = "text as enacted; commencement not recorded in that text"
    NO_VERSION_HELD = "no version held for that date"


class PointInTime(BaseModel):
    """A provision's text and in-force status on a date, with the version relied on.

    Attributes:
        identifier: the provision asked for.
        on: the date asked about.
        status: in force, not yet in force, and so on (`InForce`).
        provision: the text relied on, or ``None`` when no text is held for the date.
        version: the document version the text comes from (``2022-12-05``, ``enacted``).
        confirmed: True when a later version proves the text was unchanged on the date;
            False when it comes from an earlier version and later changes may be missing.
        explanation: one or two sentences a practitioner can read.
    """

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)
    identifier: str
    on: dt.date
    status: InForce
    provision: Provision | None
    version: str | None
    confirmed: bool
    explanation: str

    @property
    def in_force(self) -> bool:
        """True only when the text is positively shown to be in force on the date."""
        return self.status is InForce.IN_FORCE


def provision_on(corpus: Corpus, identifier: str, on: dt.date) -> PointInTime:
    """The text of a provision, and whether it was in force, on date `on`.

    Raises:
        NotHeldError: no version of the document is held at all.

    Examples:
        >>> import datetime as dt
        >>> from lawgraph.settings import reference_corpus_dir
        >>> corpus = Corpus([reference_corpus_dir()])
        >>> provision_on(corpus, "ukpga/2018/12/section/8", dt.date(2026, 3, 1)).status.value
        'in force'
    """
    key = str(LegislationId.parse(identifier))
    doc_id = str(LegislationId.parse(key).document)
    # whole documents first; a served fragment (a single section) also answers
    docs = corpus.versions(doc_id) or corpus.fragment_versions(key)
    if not docs:
        raise NotHeldError(f"{doc_id} is not held locally; fetch it with 'lawgraph fetch {doc_id}'")
    revised = [d for d in docs if d.version_date is not None]
    enacted = [d for d in docs if d.version_date is None]

    def answer(
        status: InForce, doc: Document | None, p: Provision | None, confirmed: bool, why: str
    ) -> PointInTime:
        return _answer(key, on, status, doc, p, confirmed, why)

    later = [d for d in revised if d.version_date and d.version_date >= on]
    for doc in later:  # earliest first
        p = doc.provision(key)
        if p is not None and p.start_date is not None and p.start_date <= on:
            return _judge(key, on, doc, p, confirmed=True)

    earlier = [d for d in revised if d.version_date and d.version_date < on]
    if earlier:
        doc = earlier[-1]
        p = doc.provision(key)
        if p is not None:
            return _judge(key, on, doc, p, confirmed=False)
        starts = _later_starts(later, key)
        if starts:
            return answer(
                InForce.NOT_YET_IN_FORCE,
                later[0],
                later[0].provision(key),
                True,
                f"{key} is not in the text as at {doc.version}; it came into force on "
                f"{min(starts).isoformat()}, after {on.isoformat()}.",
            )
        raise NotHeldError(f"{key} is not a provision of {doc.title} as at {doc.version}")

    first_enacted = min((d.enactment_date for d in docs if d.enactment_date), default=None)
    if first_enacted is not None and on < first_enacted:
        return answer(
            InForce.NO_VERSION_HELD,
            None,
            None,
            True,
            f"{docs[0].title} was enacted on {first_enacted.isoformat()}, after {on.isoformat()}.",
        )
    starts = _later_starts(later, key)
    for doc in reversed(enacted):
        p = doc.provision(key)
        if p is not None:
            # a later wording's start date is not the provision's commencement: before
            # it, the earlier wording applied
            later_wording = f" The wording changed on {min(starts).isoformat()}." if starts else ""
            return answer(
                InForce.AS_ENACTED,
                doc,
                p,
                False,
                f"The text that applied is the text as enacted ({doc.enactment_date}); the "
                f"as-enacted text does not record when each provision came into force."
                f"{later_wording}",
            )
    if starts and min(starts) > on:
        return answer(
            InForce.NOT_YET_IN_FORCE,
            later[0],
            later[0].provision(key),
            True,
            f"{key} came into force on {min(starts).isoformat()}, after {on.isoformat()}.",
        )
    earliest = docs[0]
    return answer(
        InForce.NO_VERSION_HELD,
        None,
        None,
        False,
        f"No version of {earliest.title} held covers {on.isoformat()}; the earliest held is "
        f"{earliest.version}.",
    )


def _later_starts(docs: list[Document], key: str) -> list[dt.date]:
    return [
        p.start_date
        for d in docs
        if (p := d.provision(key)) is not None and p.start_date is not None
    ]


def _answer(
    key: str,
    on: dt.date,
    status: InForce,
    doc: Document | None,
    p: Provision | None,
    confirmed: bool,
    why: str,
) -> PointInTime:
    if p is not None and p.date_conflict:
        # the answer rests on dates the XML contradicts: say so, and claim no certainty
        why = f"{why} The XML's dates for this text cannot be reconciled: {p.date_conflict}."
        confirmed = False
    return PointInTime(
        identifier=key,
        on=on,
        status=status,
        provision=p,
        version=doc.version if doc else None,
        confirmed=confirmed,
        explanation=why,
    )


def _judge(key: str, on: dt.date, doc: Document, p: Provision, *, confirmed: bool) -> PointInTime:
    as_at = f"text as at {doc.version}"
    if p.status is ProvisionStatus.PROSPECTIVE:
        why = f"{key} is enacted but not yet commenced ({as_at})."
        return _answer(key, on, InForce.PROSPECTIVE, doc, p, confirmed, why)
    if p.status is ProvisionStatus.REPEALED or (p.end_date is not None and on >= p.end_date):
        why = f"{key} had been repealed or had ceased to have effect ({as_at})."
        return _answer(key, on, InForce.NO_LONGER_IN_FORCE, doc, p, confirmed, why)
    if p.start_date is not None and on < p.start_date:
        why = f"{key} came into force on {p.start_date.isoformat()} ({as_at})."
        return _answer(key, on, InForce.NOT_YET_IN_FORCE, doc, p, confirmed, why)
    caveat = "" if confirmed else " Later changes, if any, are not in the versions held."
    why = f"{key} was in force on {on.isoformat()} ({as_at}).{caveat}"
    return _answer(key, on, InForce.IN_FORCE, doc, p, confirmed, why)
