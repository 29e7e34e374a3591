"""The caller's decimal context never changes a result, and is left as it was.

A host program may lower the precision of its :mod:`decimal` context or trap
``Inexact`` and ``Rounded``; the library's arithmetic runs in its own context
(28 digits, ``InvalidOperation``/``DivisionByZero``/``Overflow`` trapped, nothing else),
so the same input gives the same output, and no trap set by the host escapes.
"""

from __future__ import annotations

import decimal
import io
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal, localcontext
from importlib.resources import files
from pathlib import Path
from typing import TypeVar

from hypothesis import given, settings
from hypothesis import strategies as st

from jeugdinkoop.cli import main
from jeugdinkoop.io import load_assignments, load_example_region, read_rows
from jeugdinkoop.money import Money, decimal_context, exact_arithmetic
from jeugdinkoop.periods import Period
from jeugdinkoop.settlement import settle
from jeugdinkoop.validation import validate

T = TypeVar("T")
EXAMPLES = Path(str(files("jeugdinkoop") / "regions"))

_EVERY_TRAP = [
    decimal.Inexact,
    decimal.Rounded,
    decimal.Subnormal,
    decimal.Underflow,
    decimal.Clamped,
    decimal.InvalidOperation,
    decimal.DivisionByZero,
    decimal.Overflow,
]


@contextmanager
def _hostile(prec: int = 6) -> Iterator[decimal.Context]:
    """A host's context: few digits, rounding down, every signal trapped."""
    traps = dict.fromkeys(decimal.Context().traps, False) | dict.fromkeys(_EVERY_TRAP, True)
    with localcontext(prec=prec, rounding=decimal.ROUND_DOWN, traps=traps) as ctx:
        yield ctx


def _state(ctx: decimal.Context) -> tuple[object, ...]:
    return (
        ctx.prec,
        ctx.rounding,
        ctx.Emin,
        ctx.Emax,
        dict(ctx.traps),
        dict(ctx.flags),
    )


def _both(run: Callable[[], T]) -> tuple[T, T]:
    """Run in a fresh default context and under a hostile one; check the host's is untouched."""
    with localcontext(decimal.Context()):
        plain = run()
    with _hostile() as ctx:
        before = _state(ctx)
        hostile = run()
        assert before == _state(decimal.getcontext())
    return plain, hostile


def _demo() -> str:
    out = io.StringIO()
    assert 0 == main(["demo"], out=out)
    return re.sub(r"\d+[.,]\d+ s\b", "… s", out.getvalue())  # wall-clock times differ


def test_the_demo_prints_the_same_at_six_digits_with_every_trap_set() -> None:
    """The demo prints the same text at six digits with every trap set.

    The whole demo (validation, settlement of March, scenarios, start budget) prints the
    same text under prec=6, ROUND_DOWN and every trap as in a default context; the host's
    context (precision, rounding, traps, flags) is unchanged afterwards.
    """
    plain, hostile = _both(_demo)
    assert "€\xa01.239.955,20" in plain  # the start budget, 9 significant digits
    assert plain == hostile


def test_validation_and_settlement_are_the_same_at_six_digits() -> None:
    """validate() and settle() of the example batch give equal reports and settlements.

    The example region's year settlement pays € 1,110,000.00 of lumpsum advances alone: 9
    significant digits, which a 6-digit context would round to € 1,110,000 only by luck and
    a 6-digit quantize to cents would refuse (InvalidOperation).
    """
    region = load_example_region()
    assignments = load_assignments(EXAMPLES / "voorbeeld-assignments.csv")
    claims = [row for _, row in read_rows(EXAMPLES / "voorbeeld-claims-2025-03.csv")]

    def run() -> tuple[object, ...]:
        report = validate(claims, assignments, region)
        year = settle(report.ledger, region, Period.year(2025), assignments=assignments)
        return (
            [(a.claim.reference, a.amount) for a in report.accepted],
            [str(f) for f in report.findings],
            report.ledger.entries,
            year.lines,
            year.postings,
        )

    plain, hostile = _both(run)
    assert plain == hostile


def test_money_arithmetic_ignores_the_callers_precision() -> None:
    """Money arithmetic ignores the caller's precision.

    At prec=6, raw Decimal gives 1234567.89 + 0.01 = 1.23457E+6 (Inexact trapped: raises);
    Money gives € 1,234,567.90 exactly. 1,234,567.89 × 3 = 3,703,703.67; / 3 back gives
    1,234,567.89 after rounding to cents; -x and abs(x) keep all digits; the sum of 12
    advances of 8,333.34/8,333.33 is 100,000.00.
    """
    x = Money("1234567.89")
    with _hostile():
        assert Money("1234567.90") == x + Money("0.01")
        assert Money("3703703.67") == x * 3
        assert x == (x * 3 / 3).rounded()
        assert Money("-1234567.89") == -x
        assert x == abs(-x)
        assert Money("100000.00") == Money.sum(Money("100000.00").allocate([1] * 12))
        assert 123456789 == x.cents
        assert Money("1234567.89") == Money.from_cents(123456789)
        assert "€\xa01.234.567,89" == x.format()


def test_decimal_context_is_the_librarys_and_restores_the_callers() -> None:
    """decimal_context() is the library's and restores the caller's.

    Inside it, 1/3 has 28 digits and Inexact is not trapped; after it, the host's prec=6
    and its traps are back.
    """
    with _hostile() as ctx:
        with decimal_context() as inner:
            third = Decimal(1) / Decimal(3)
            assert (28, False, True) == (
                inner.prec,
                inner.traps[decimal.Inexact],
                inner.traps[decimal.InvalidOperation],
            )
        assert 28 == len(third.as_tuple().digits)
        assert (6, True) == (decimal.getcontext().prec, decimal.getcontext().traps[decimal.Inexact])
        assert ctx is decimal.getcontext()


amounts = st.decimals(
    min_value=Decimal("-1e15"), max_value=Decimal("1e15"), places=2, allow_nan=False
)


@settings(max_examples=200, deadline=None, database=None)
@given(amounts, amounts, st.integers(1, 1000), st.integers(1, 27))
def test_money_results_do_not_depend_on_the_callers_context(
    a: Decimal, b: Decimal, factor: int, prec: int
) -> None:
    """Money results do not depend on the caller's context.

    For any amounts, factor and host precision 1–27 (every trap set), +, −, ×, /,
    rounding and cents give what they give in a default context.
    """

    def run() -> tuple[object, ...]:
        x, y = Money(a), Money(b)
        return (x + y, x - y, x * factor, (x / factor).rounded(), (x * factor).cents, -x)

    with localcontext(decimal.Context()):
        plain = run()
    with _hostile(prec):
        assert plain == run()


def test_a_context_swapped_inside_the_library_is_not_trusted() -> None:
    """A nested entry point reuses the library's context only while it is still current.

    Code called by the library (a region's own funding model, say) that switches to a
    3-digit context and calls a library entry point gets 28 digits again: 1/3 has 28.
    """

    @exact_arithmetic
    def third() -> Decimal:
        return Decimal(1) / Decimal(3)

    @exact_arithmetic
    def host_code_inside() -> Decimal:
        with localcontext(prec=3):
            return third()

    assert 28 == len(host_code_inside().as_tuple().digits)
    with _hostile():
        assert 28 == len(third().as_tuple().digits)
