"""Hypothesis strategies for jeugdinkoop values, shared by our tests and the conformance kit.

Requires the ``test`` extra (``pip install jeugdinkoop[test]``).

Examples:
    >>> from hypothesis import given
    >>> from jeugdinkoop.testing.strategies import money
    >>> @given(money(max_cents=10_000))
    ... def test_non_negative(m):
    ...     assert m.amount >= 0
    >>> test_non_negative()
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import strategies as st

from jeugdinkoop.identifiers import BSN, AGBCode, MunicipalityCode
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period

__all__ = ["agb_codes", "bsns", "dates", "money", "municipality_codes", "periods", "quantities"]

_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2)


def money(min_cents: int = 0, max_cents: int = 10_000_000) -> st.SearchStrategy[Money]:
    """Whole-cent amounts between the bounds (in cents)."""
    return st.integers(min_cents, max_cents).map(Money.from_cents)


def quantities(max_value: int = 100, places: int = 0) -> st.SearchStrategy[Decimal]:
    """Positive quantities with at most ``places`` decimals."""
    return st.decimals(
        min_value=Decimal(1).scaleb(-places),
        max_value=max_value,
        places=places,
        allow_nan=False,
        allow_infinity=False,
    )


def dates(
    min_value: date = date(2024, 1, 1), max_value: date = date(2026, 12, 31)
) -> st.SearchStrategy[date]:
    """Days in a range (leap day 2024-02-29 included by default)."""
    return st.dates(min_value, max_value)


def periods(
    min_value: date = date(2024, 1, 1),
    max_value: date = date(2026, 12, 31),
    open_ended: bool = True,
) -> st.SearchStrategy[Period]:
    """Periods inside a range, optionally open-ended."""

    @st.composite
    def build(draw: st.DrawFn) -> Period:
        start = draw(st.dates(min_value, max_value))
        if open_ended and draw(st.booleans()):
            return Period(start)
        days = draw(st.integers(0, (max_value - start).days))
        return Period(start, start + timedelta(days=days))

    return build()


def _check_digit(first: list[int]) -> int:
    return sum(d * w for d, w in zip(first, _WEIGHTS, strict=True)) % 11


def _usable(first: list[int]) -> bool:
    # the check digit must be one digit, and the weighted sum may not be 0
    total = sum(d * w for d, w in zip(first, _WEIGHTS, strict=True))
    return _check_digit(first) <= 9 and total - _check_digit(first) != 0


def bsns() -> st.SearchStrategy[BSN]:
    """Valid BSNs (eleven-test): eight digits and the check digit that makes the sum divisible by 11."""
    return (
        st.lists(st.integers(0, 9), min_size=8, max_size=8)
        .filter(_usable)
        .map(lambda first: BSN("".join(map(str, first)) + str(_check_digit(first))))
    )


def agb_codes() -> st.SearchStrategy[AGBCode]:
    """AGB codes (8 digits)."""
    return st.from_regex(r"[0-9]{8}", fullmatch=True).map(AGBCode)


def municipality_codes() -> st.SearchStrategy[MunicipalityCode]:
    """CBS municipality codes (4 digits)."""
    return st.from_regex(r"[0-9]{4}", fullmatch=True).map(MunicipalityCode)
