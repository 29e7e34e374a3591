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

import warnings
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
    *deprecated: Iterable[Assignment] | Mapping[str, Assignment],
    assignments: Iterable[Assignment] | Mapping[str, Assignment] = (),
) -> Settlement:
    """Settle a period: every funding model of the region settles its segments.

    The arguments follow the library's convention (see the API reference): the thing
    worked on first (the ledger), then the region, then the period; optional context is
    given by keyword.

    Args:
        ledger: the accepted claims, advances and earlier settlements: a
            :class:`Ledger` or any :class:`LedgerStore` (the SQL store reads a period's
            entries by an indexed query).
        region: the region (its segments name the funding models).
        period: the period to settle (a month, a quarter, a year).
        *deprecated: the assignments in the old positional place (deprecated).
        assignments: the assignments, needed by models that release unused budgets
            (keyword; given as the fourth positional argument it still works but warns
            :class:`DeprecationWarning`).

    Returns:
        One :class:`Settlement` with a line per provider × municipality × segment and the
        postings that carry it out (``ledger.post(settlement.postings)``).

    Raises:
        TypeError: when assignments are given both by position and by keyword, or more
            than four positional arguments are given.

    .. deprecated:: 0.4
       ``assignments`` as a positional argument: pass ``assignments=...``.
    """
    if deprecated:
        if len(deprecated) > 1 or assignments != ():
            raise TypeError(
                "settle() takes ledger, region and period by position and assignments "
                "by keyword (assignments=...)"
            )
        warnings.warn(
            "settle(ledger, region, period, assignments) is deprecated; "
            "pass assignments=... by keyword",
            DeprecationWarning,
            stacklevel=3,  # past exact_arithmetic's wrapper, at the caller
        )
        assignments = deprecated[0]
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
