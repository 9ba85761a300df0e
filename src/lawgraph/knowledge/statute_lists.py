"""Read the items of a statutory list (a Schedule of bodies, a lettered subsection).

Many duties are laid on "each of the following" and then a list: the persons in
Children Act 2004 s.11(1), the relevant partners in s.10(4), the competent authorities in
DPA 2018 Schedule 7. `extract_list` turns such a provision, as parsed from
legislation.gov.uk XML or read from a reference-text copy
(`lawgraph.legislation.reference_text`), into `ListItem` records so each item can be
matched to a holder.

The items are the provision's nearest numbered descendants (P1 paragraphs of a Schedule,
P2 paragraphs ``(a)``, ``(b)`` of a subsection, P3 sub-paragraphs below them).
Cross-headings that group a Schedule's paragraphs are looked through, and each item
records the cross-heading it sits under. Items whose text is only an omission mark
(``. . . .``: repealed words) are kept, flagged `ListItem.omitted`.

Examples:
    >>> from lawgraph.legislation.corpus import Corpus
    >>> from lawgraph.settings import reference_corpus_dir
    >>> sch7 = Corpus([reference_corpus_dir()]).provision("ukpga/2018/12/schedule/7")
    >>> items = extract_list(sch7)
    >>> items[0].number, items[0].lead[:40]
    ('1', 'Any United Kingdom government department')
    >>> items[4].group
    'Chief officers of police and other policing bodies'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lawgraph.legislation.models import Provision, ProvisionKind
from lawgraph.legislation.reference_text import ReferenceProvision

__all__ = ["ListItem", "extract_list", "flatten"]

# Kinds that group items without being items themselves.
_GROUPINGS = frozenset(
    {ProvisionKind.CROSSHEADING, ProvisionKind.PART, ProvisionKind.CHAPTER, ProvisionKind.TEXT}
)
_OMITTED_RE = re.compile(r"^[.\s\u2026]*$")


@dataclass(frozen=True, slots=True)
class ListItem:
    """One item of a statutory list.

    Attributes:
        identifier: the item's legislation.gov.uk identifier
            (``ukpga/2018/12/schedule/7/paragraph/16``).
        number: its number or letter as printed, without brackets (``16``, ``ca``).
        text: the item's whole text, sub-items included (one per line).
        group: the cross-heading the item sits under, if any.
        omitted: True when the item's words have been repealed (only an omission mark).
        items: the item's own sub-items (``16(a)``-``(c)``), in order.
    """

    identifier: str
    number: str
    text: str
    group: str | None = None
    omitted: bool = False
    items: tuple[ListItem, ...] = ()

    @property
    def lead(self) -> str:
        """The item's own words, before any sub-item: the first line of `text`."""
        return self.text.split("\n", 1)[0].strip()


def extract_list(provision: Provision | ReferenceProvision) -> list[ListItem]:
    """The items of the list that `provision` sets out, in order.

    Args:
        provision: a parsed provision holding a list, e.g. ``schedule/7`` or
            ``section/11/1``, from the XML or from a reference-text copy (whose
            schedule paragraphs carry their cross-heading as `ReferenceProvision.group`).

    Returns:
        One `ListItem` per numbered child (looking through cross-headings); empty when
        the provision has no numbered children.
    """
    if isinstance(provision, ReferenceProvision):
        return _reference_items(provision.children)
    return list(_items(provision.children, group=None))


def flatten(items: list[ListItem]) -> list[ListItem]:
    """Items and their sub-items, depth first, in document order."""
    out: list[ListItem] = []
    for item in items:
        out.append(item)
        out.extend(flatten(list(item.items)))
    return out


def _items(children: tuple[Provision, ...], group: str | None) -> list[ListItem]:
    out: list[ListItem] = []
    for child in children:
        if child.kind in _GROUPINGS or not child.number:
            # a cross-heading (or an unnumbered wrapper): its items belong to the list
            out.extend(_items(child.children, child.heading or group))
            continue
        out.append(
            ListItem(
                identifier=child.id,
                number=child.number,
                text=child.text.strip(),
                group=group,
                omitted=bool(_OMITTED_RE.match(child.text)) and not child.children,
                items=tuple(_items(child.children, group=None)),
            )
        )
    return out


def _reference_items(children: tuple[ReferenceProvision, ...]) -> list[ListItem]:
    return [
        ListItem(
            identifier=child.id,
            number=child.number or "",
            text=child.text.strip(),
            group=child.group,
            omitted=child.omitted,
            items=tuple(_reference_items(child.children)),
        )
        for child in children
        if child.number
    ]
