"""Converting assignments from old to new product codes, and the friction it causes.

IJsselland (seed 000:L333): a new product book means "dat de huidige toewijzingen per
2021 omgezet moeten naar de nieuwe productcodes" — one-off administrative work at every
change of funding — and (L334) products of Ambulante Jeugdhulp and Wonen "afzonderlijk
toegewezen en gedeclareerd moeten gaan worden, wat voorheen onder één productcode viel":
one old code becomes two assignments.

:func:`convert_assignments` ends each running assignment on an old code the day before
the change (JZ002 ``10``, overgang naar nieuwe bekostigingssystematiek; JZ588 ``36``) and
starts one follow-up per new code (``follows`` the old one). A one-to-one mapping keeps
volume, budget and tier; a split cannot divide them, so its new assignments carry none
and are listed to be reassessed. The :class:`Conversion` counts the friction: messages to
send, splits, assignments to reassess.

Examples:
    >>> from datetime import date
    >>> from jeugdinkoop.io import load_embedded_region
    >>> from jeugdinkoop.model import Assignment
    >>> from jeugdinkoop.periods import Period
    >>> region = load_embedded_region("ijsselland")
    >>> old = Assignment(reference="T-1", client="100000253", municipality="0193",
    ...                  provider="99100003", category="43",
    ...                  period=Period(date(2025, 6, 1), date(2026, 5, 31)), product="43X99")
    >>> split = CodeMapping(old="43X99", new=["44W01", "45W09"])
    >>> c = convert_assignments([old], [split], date(2026, 1, 1), region.catalog)
    >>> [(a.reference, a.product.value, a.category.value) for a in c.created]
    [('T-1/1', '44W01', '44'), ('T-1/2', '45W09', '45')]
    >>> c.ended[0].period.end, c.ended[0].change_reason.label
    (datetime.date(2025, 12, 31), 'overgang naar nieuwe bekostigingssystematiek')
    >>> c.messages, c.splits, len(c.to_reassess)
    (3, 1, 2)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

import attrs

from jeugdinkoop.codes import ChangeReason, EndReason
from jeugdinkoop.errors import InvalidValue
from jeugdinkoop.identifiers import ProductCode
from jeugdinkoop.model import Assignment, ProductCatalog
from jeugdinkoop.model.fields import freeze, non_empty, to_product, to_products
from jeugdinkoop.periods import Period

__all__ = ["CodeMapping", "Conversion", "convert_assignments"]


@attrs.frozen(kw_only=True)
class CodeMapping:
    """CodeMapping [conversietabel]: an old product code and the new code(s) it becomes.

    Args:
        old: the old product code.
        new: the new code, or several when one old product is split (000:L334).
        reference: where the mapping comes from.

    Examples:
        >>> CodeMapping(old="43X99", new=["44W01", "45W09"]).is_split
        True

    .. versionadded:: 0.3
    """

    old: ProductCode = attrs.field(converter=to_product)
    new: tuple[ProductCode, ...] = attrs.field(converter=to_products, validator=non_empty)
    reference: str = ""

    @property
    def is_split(self) -> bool:
        """Whether the old product becomes more than one new one."""
        return len(self.new) > 1


@attrs.frozen
class Conversion:
    """The outcome of converting assignments on a day, with the friction it causes.

    Attributes:
        on: the first day of the new codes.
        ended: the old assignments, ended the day before ``on``.
        created: their follow-ups on the new codes, from ``on``.
        kept: assignments the conversion leaves alone (other codes, or ended before).
        to_reassess: new assignments from a split, whose volume or budget the access
            team must set anew.
    """

    on: date
    ended: tuple[Assignment, ...] = attrs.field(converter=freeze)
    created: tuple[Assignment, ...] = attrs.field(converter=freeze)
    kept: tuple[Assignment, ...] = attrs.field(converter=freeze)
    to_reassess: tuple[Assignment, ...] = attrs.field(converter=freeze)

    @property
    def messages(self) -> int:
        """Assignment messages to send: a change (end) per old one, one per new one."""
        return len(self.ended) + len(self.created)

    @property
    def splits(self) -> int:
        """Old assignments that became more than one new assignment."""
        return sum(
            1 for a in self.ended if sum(1 for n in self.created if n.follows == a.reference) > 1
        )

    @property
    def assignments(self) -> tuple[Assignment, ...]:
        """Every assignment after the conversion: kept, ended and created."""
        return (*self.kept, *self.ended, *self.created)


def convert_assignments(
    assignments: Iterable[Assignment],
    mappings: Iterable[CodeMapping],
    on: date,
    catalog: ProductCatalog,
) -> Conversion:
    """Convert the assignments running on ``on`` from old to new product codes.

    An assignment on an old code that still runs on ``on`` and started before it is
    ended the day before and followed by one assignment per new code (reference
    ``"<old>/<n>"``, category from ``catalog``); one starting on or after ``on`` is
    recoded in place. Others are kept.

    Raises:
        InvalidValue: when an old code is mapped twice, or a new code is not in
            ``catalog``, naming the mapping.
    """
    table: dict[ProductCode, CodeMapping] = {}
    for entry in mappings:
        where = f"CodeMapping {entry.old.value!r}"
        if entry.old in table:
            raise InvalidValue(f"{where}.old: mapped twice; an old code has one mapping")
        for code in entry.new:
            if code not in catalog:
                raise InvalidValue(f"{where}.new: {code.value!r} is not in the catalog")
        table[entry.old] = entry
    ended: list[Assignment] = []
    created: list[Assignment] = []
    kept: list[Assignment] = []
    reassess: list[Assignment] = []
    for assignment in assignments:
        mapping = table.get(assignment.product) if assignment.product is not None else None
        end = assignment.period.end
        if mapping is None or (end is not None and end < on):
            kept.append(assignment)
            continue
        start = max(on, assignment.period.start)
        if assignment.period.start < on:
            ended.append(
                attrs.evolve(
                    assignment,
                    period=Period(assignment.period.start, on - timedelta(days=1)),
                    end_reason=EndReason.BY_MUNICIPALITY,
                    change_reason=ChangeReason.NEW_FUNDING,
                )
            )
            follows: str | None = assignment.reference
        else:
            follows = assignment.follows
        for n, code in enumerate(mapping.new, start=1):
            whole = not mapping.is_split
            new = attrs.evolve(
                assignment,
                reference=f"{assignment.reference}/{n}",
                category=catalog[code].category,
                product=code,
                period=Period(start, end),
                volume=assignment.volume if whole else None,
                budget=assignment.budget if whole else None,
                tier=assignment.tier if whole else None,
                follows=follows,
                end_reason=None,
                change_reason=None,
            )
            created.append(new)
            if not whole:
                reassess.append(new)
    return Conversion(on, ended, created, kept, reassess)
