"""Settlement: the append-only ledger and what each provider is owed, per municipality and segment.

Examples:
    >>> from datetime import date
    >>> from jeugdinkoop.io import load_example_region
    >>> from jeugdinkoop.periods import Period
    >>> region = load_example_region()
    >>> january = settle(Ledger(), region, Period.month(2025, 1))
    >>> january.total("payable")  # the lumpsum advances for January, 1/12 of € 1.110.000
    Money('92500.00')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from jeugdinkoop.funding import (
    Entry,
    EntryKind,
    FundingContext,
    FundingModel,
    Ledger,
    LedgerBatch,
    LedgerStore,
    MessageRecord,
    Settlement,
    SettlementLine,
)
from jeugdinkoop.model import Assignment, Region
from jeugdinkoop.money import exact_arithmetic
from jeugdinkoop.periods import Period

__all__ = [
    "Entry",
    "EntryKind",
    "Ledger",
    "LedgerBatch",
    "LedgerStore",
    "MessageRecord",
    "Settlement",
    "SettlementLine",
    "funding_scopes",
    "settle",
]


def funding_scopes(region: Region) -> list[tuple[FundingModel, frozenset[str]]]:
    """Each funding model of a region with the segment codes it pays for.

    A subsegment without a model of its own belongs to its parent's. Two segments that
    name equal models share one scope, so they are settled together.
    """
    scopes: dict[int, tuple[FundingModel, set[str]]] = {}
    for segment in region.all_segments():
        try:
            model = region.funding_of(segment.code)
        except LookupError:
            continue
        if not isinstance(model, FundingModel):
            raise TypeError(
                f"segment {segment.code!r} is funded by {model!r}, which is not a FundingModel"
            )
        scopes.setdefault(id(model), (model, set()))[1].add(segment.code)
    return [(model, frozenset(codes)) for model, codes in scopes.values()]


@exact_arithmetic
def settle(
    ledger: LedgerStore,
    region: Region,
    period: Period,
    assignments: Iterable[Assignment] | Mapping[str, Assignment] = (),
) -> Settlement:
    """Settle a period: every funding model of the region settles its segments.

    Args:
        ledger: the accepted claims, advances and earlier settlements: a
            :class:`Ledger` or any :class:`LedgerStore` (the SQL store reads a period's
            entries by an indexed query).
        region: the region (its segments name the funding models).
        period: the period to settle (a month, a quarter, a year).
        assignments: the assignments, needed by models that release unused budgets.

    Returns:
        One :class:`Settlement` with a line per provider × municipality × segment and the
        postings that carry it out (``ledger.post(settlement.postings)``).
    """
    by_number = (
        dict(assignments)
        if isinstance(assignments, Mapping)
        else {a.reference: a for a in assignments}
    )
    total = Settlement(period, ())
    for model, scope in funding_scopes(region):
        ctx = FundingContext(region, ledger, by_number, scope)
        total = total + model.settle(period, ctx)
    return total
