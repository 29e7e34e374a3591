"""Unit and property tests for :mod:`jeugdinkoop.money`."""

from __future__ import annotations

import functools
import operator
import re
from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from jeugdinkoop.money import CENT, Money, format_eur

PROPERTY = settings(deadline=None, database=None)

# Amounts up to a billion euros with up to four decimals: far inside Decimal's 28 digits,
# so every sum and difference below is exact.
amounts = st.decimals(
    min_value=Decimal("-1000000000"),
    max_value=Decimal("1000000000"),
    places=4,
    allow_nan=False,
    allow_infinity=False,
).map(Money)
whole_cents = st.integers(min_value=-(10**11), max_value=10**11)


# -- construction ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("12.34"), Decimal("12.34")),
        (12, Decimal("12")),
        (-7, Decimal("-7")),
        ("12.34", Decimal("12.34")),
        (" 0.005 ", Decimal("0.005")),
        ("-1234.5", Decimal("-1234.5")),
    ],
)
def test_construction_from_exact_values(value: Decimal | int | str, expected: Decimal) -> None:
    """Decimal, int and decimal strings are held exactly, surrounding spaces stripped."""
    assert expected == Money(value).amount


def test_construction_keeps_the_exponent_in_repr() -> None:
    """Money('1.50') shows the amount as given: nothing is rounded on the way in."""
    assert repr(Money("1.50")) == "Money('1.50')"


def test_float_is_refused_with_advice() -> None:
    """A float is not exact (0.1 is 0.1000000000000000055…), so it is refused with a hint."""
    with pytest.raises(TypeError) as excinfo:
        Money(0.1)
    message = str(excinfo.value)
    assert "Money.amount" in message
    assert "0.1" in message
    assert "use Decimal or a string" in message


@pytest.mark.parametrize("value", [True, False])
def test_bool_is_refused(value: bool) -> None:
    """A bool is an int to Python but never an amount."""
    with pytest.raises(TypeError, match=f"Money.amount: {value!r} is a bool"):
        Money(value)


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity")])
def test_non_finite_decimal_is_refused(value: Decimal) -> None:
    """NaN and infinities are not amounts."""
    with pytest.raises(ValueError, match="is not a finite amount"):
        Money(value)


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-inf", "sNaN"])
def test_non_finite_string_is_refused(value: str) -> None:
    """A string that parses to a non-finite Decimal is refused too, naming the text."""
    with pytest.raises(ValueError, match="is not a finite amount") as excinfo:
        Money(value)
    assert repr(value) in str(excinfo.value)


@pytest.mark.parametrize("value", ["12,34", "twaalf", ""])
def test_junk_string_is_refused(value: str) -> None:
    """A string that is no decimal number names itself and the expected form."""
    with pytest.raises(ValueError, match="is not a decimal number") as excinfo:
        Money(value)
    assert f"Money.amount: {value!r}" in str(excinfo.value)


def test_other_types_are_refused() -> None:
    """A list is not an amount; the message names the type."""
    with pytest.raises(TypeError, match=re.escape("Money.amount: list")):
        Money([1])


# -- arithmetic ------------------------------------------------------------------------


def test_add_and_subtract() -> None:
    """10.10 + 0.05 = 10.15; 10.10 − 0.15 = 9.95."""
    assert Money("10.15") == Money("10.10") + Money("0.05")
    assert Money("9.95") == Money("10.10") - Money("0.15")


def test_neg_and_abs() -> None:
    """−(12.34) = −12.34 and |−12.34| = 12.34."""
    assert Money("-12.34") == -Money("12.34")
    assert Money("12.34") == abs(Money("-12.34"))


def test_adding_a_number_is_refused() -> None:
    """Money + 1 has no meaning: which currency is 1?"""
    with pytest.raises(TypeError):
        Money("1.00") + 1


def test_multiply_by_decimal_and_int() -> None:
    """78.00 × 1.5 = 117.000 (exact, not rounded); 3 × 78.00 = 234.00 either side."""
    assert Money("117.000") == Money("78.00") * Decimal("1.5")
    assert repr(Money("78.00") * Decimal("1.5")) == "Money('117.000')"
    assert Money("234.00") == Money("78.00") * 3
    assert Money("234.00") == 3 * Money("78.00")


def test_multiply_by_float_is_refused() -> None:
    """78.00 × 1.5 with a float 1.5 is refused, advising Decimal or int."""
    with pytest.raises(TypeError, match="use Decimal or int for quantities") as excinfo:
        Money("78.00") * 1.5  # type: ignore[operator]
    assert "1.5" in str(excinfo.value)


@pytest.mark.parametrize("other", [True, Money("2"), "2"])
def test_multiply_by_non_quantity_is_refused(other: object) -> None:
    """Money × bool, Money × Money and Money × str have no meaning."""
    with pytest.raises(TypeError, match="cannot multiply Money by"):
        Money("78.00") * other  # type: ignore[operator]


def test_divide() -> None:
    """10.00 / 4 = 2.50; 10.00 / 0.5 = 20.00."""
    assert Money("2.5") == Money("10.00") / 4
    assert Money("20") == Money("10.00") / Decimal("0.5")


def test_divide_by_zero_and_float() -> None:
    """Dividing by 0 raises ZeroDivisionError; by a float, TypeError."""
    with pytest.raises(ZeroDivisionError, match="Money divided by zero"):
        Money("10.00") / 0
    with pytest.raises(TypeError, match="float"):
        Money("10.00") / 2.0  # type: ignore[operator]


# -- equality, ordering, hashing ---------------------------------------------------------


def test_equality_ignores_trailing_zeros() -> None:
    """1.0 and 1.00 are the same amount, with equal hashes (one set element)."""
    assert Money("1.0") == Money("1.00")
    assert hash(Money("1.0")) == hash(Money("1.00"))
    assert len({Money("1.0"), Money("1.00"), Money(1)}) == 1


def test_inequality_and_ordering() -> None:
    """−1 < 0.99 < 1.00 < 1.01, and sorting follows the amount."""
    assert Money("1.00") != Money("1.01")
    assert Money("0.99") < Money("1.00") < Money("1.01")
    assert Money("1.01") >= Money("1.01")
    expected = [Money("-1"), Money("0.99"), Money("1.01")]
    assert expected == sorted([Money("1.01"), Money("-1"), Money("0.99")])


def test_money_equals_an_exact_number_by_value() -> None:
    """Money compares by value with Decimal and int (euros), never silently False.

    € 1 == Decimal('1.00') == 1; € 1 != 2; the hash is the amount's, so a dict keyed by
    Money finds Decimal('1.0'). A bool is not an amount; a string is not a number.
    """
    one: object = 1
    assert Money("1") == Decimal("1.00")
    assert Money("1") == one
    assert Money("1") != Decimal("2")
    by_amount: dict[object, str] = {Money("1"): "a"}
    assert by_amount[Decimal("1.0")] == "a"
    assert Money(1) != True  # noqa: E712 - a bool is not an amount
    assert Money("1") != "1"


def test_money_compared_with_a_float_raises() -> None:
    """0.1 as a float is 0.1000000000000000055…: comparing would be a silent False."""
    tenth: object = 0.1
    with pytest.raises(TypeError, match=r"cannot compare Money\('0.1'\) with float 0.1"):
        _ = Money("0.1") == tenth


@given(
    st.decimals(
        allow_nan=False, allow_infinity=False, places=2, min_value=-(10**9), max_value=10**9
    )
)
def test_money_equals_its_amount(amount: Decimal) -> None:
    """For every amount, Money(a) == a and hash(Money(a)) == hash(a)."""
    assert Money(amount) == amount
    assert hash(Money(amount)) == hash(amount)


def test_zero_and_truthiness() -> None:
    """€ 0 is falsy and is_zero; € 0.01 is truthy."""
    assert Money("0.00") == Money.zero()
    assert Money("0.00").is_zero()
    assert not Money("0.00")
    assert Money("0.01")
    assert not Money("0.01").is_zero()


# -- sums ---------------------------------------------------------------------------------


def test_builtin_sum() -> None:
    """sum() starts from int 0: 1.10 + 2.20 = 3.30."""
    assert Money("3.30") == sum([Money("1.10"), Money("2.20")])


def test_money_sum_of_nothing_is_zero() -> None:
    """Money.sum([]) is € 0, unlike sum([]) which is the int 0."""
    assert Money("0") == Money.sum([])
    assert Money("3.30") == Money.sum(iter([Money("1.10"), Money("2.20")]))


def test_radd_refuses_other_ints() -> None:
    """Only the int 0 that sum() starts with may be added to Money."""
    with pytest.raises(TypeError):
        1 + Money("1.00")


# -- rounding and cents ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("0.005", "0.01"),
        ("0.0049", "0.00"),
        ("0.015", "0.02"),
        ("0.025", "0.03"),  # half up, not half even (banker's rounding would give 0.02)
        ("81.8298", "81.83"),
        ("-0.005", "-0.01"),  # half away from zero for negatives
        ("-0.0049", "0.00"),
        ("-2.675", "-2.68"),
        ("12", "12.00"),
    ],
)
def test_rounded_half_up(amount: str, expected: str) -> None:
    """Round to cents, halves away from zero (rekenkundig afronden)."""
    rounded = Money(amount).rounded()
    assert Money(expected) == rounded
    assert Decimal(expected).as_tuple().exponent == rounded.amount.as_tuple().exponent


@pytest.mark.parametrize(
    ("cents", "expected"), [(0, "0"), (1, "0.01"), (123456, "1234.56"), (-1999, "-19.99")]
)
def test_from_cents(cents: int, expected: str) -> None:
    """123456 cents = € 1234.56; −1999 cents = −€ 19.99."""
    assert Money(expected) == Money.from_cents(cents)
    assert cents == Money.from_cents(cents).cents


@pytest.mark.parametrize("cents", [True, 1.0, "100", Decimal("100")])
def test_from_cents_refuses_non_ints(cents: object) -> None:
    """Cents are a whole number: bool, float, str and Decimal are refused."""
    with pytest.raises(TypeError, match="is not a whole number of cents"):
        Money.from_cents(cents)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("amount", "expected"), [("12.34", 1234), ("12.340", 1234), ("-0.01", -1), ("1E+3", 100000)]
)
def test_cents(amount: str, expected: int) -> None:
    """12.34 → 1234; 12.340 → 1234 (trailing zero is no fraction); 1E+3 → 100000."""
    assert expected == Money(amount).cents


@pytest.mark.parametrize("amount", ["0.005", "-12.341", "0.0001"])
def test_cents_refuses_fractions_of_a_cent(amount: str) -> None:
    """0.005 is half a cent: round first."""
    with pytest.raises(
        ValueError, match=re.escape("has fractions of a cent; call .rounded()")
    ) as excinfo:
        _ = Money(amount).cents
    assert repr(Money(amount)) in str(excinfo.value)


# -- allocate ---------------------------------------------------------------------------


def test_allocate_thirds() -> None:
    """100.00 over 1:1:1 → 33.33 each with 1 cent left; ties go to the first part."""
    expected = (Money("33.34"), Money("33.33"), Money("33.33"))
    assert expected == Money("100.00").allocate([1, 1, 1])


def test_allocate_twelve_months() -> None:
    """1000.00 / 12 = 83.333…: 83.33 × 12 = 999.96, so the first 4 months get 83.34."""
    parts = Money("1000.00").allocate([1] * 12)
    assert (Money("83.34"),) * 4 + (Money("83.33"),) * 8 == parts
    assert Money("1000.00") == sum(parts)


def test_allocate_largest_remainder_wins() -> None:
    """1.00 over 1:2:3 (6 parts): shares 16.67, 33.33, 50 cents.

    Floors 16 + 33 + 50 = 99, one cent left; remainders .67, .33, 0 → the first part.
    """
    expected = (Money("0.17"), Money("0.33"), Money("0.50"))
    assert expected == Money("1.00").allocate([1, 2, 3])


def test_allocate_remainders_and_ties() -> None:
    """0.10 over 1:3 (4 parts): shares 2.5 and 7.5 cents, tie .5/.5 → first gets the cent.

    0.11 over 1:2: shares 3.667 and 7.333 cents; floors 3 + 7 = 10, the cent goes to the
    larger remainder .667 (the first) → 4 and 7 cents.
    0.05 over 2:1: shares 3.333 and 1.667; floors 3 + 1 = 4, remainder .667 is the second's
    → 3 and 2 cents.
    """
    assert (Money("0.03"), Money("0.07")) == Money("0.10").allocate([1, 3])
    assert (Money("0.04"), Money("0.07")) == Money("0.11").allocate([1, 2])
    assert (Money("0.03"), Money("0.02")) == Money("0.05").allocate([2, 1])


def test_allocate_negative_amount_mirrors_positive() -> None:
    """−100.00 over 1:1:1 → −33.34, −33.33, −33.33 (the same cents, negated)."""
    expected = (Money("-33.34"), Money("-33.33"), Money("-33.33"))
    assert expected == Money("-100.00").allocate([1, 1, 1])


def test_allocate_decimal_and_zero_weights() -> None:
    """10.00 over 0.5:0:1.5 → 2.50, 0.00, 7.50 (a zero weight gets nothing)."""
    expected = (Money("2.50"), Money("0.00"), Money("7.50"))
    assert expected == Money("10.00").allocate([Decimal("0.5"), 0, Decimal("1.5")])


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ([], "weights is empty"),
        ([0, 0], r"weights \[0, 0\] must be >= 0, not all 0"),
        ([1, -1, 2], r"weights \[1, -1, 2\] must be >= 0, not all 0"),
    ],
)
def test_allocate_bad_weights(weights: list[int], message: str) -> None:
    """Empty, all-zero and negative weights are refused, naming the weights."""
    with pytest.raises(ValueError, match=message):
        Money("100.00").allocate(weights)


def test_allocate_needs_whole_cents() -> None:
    """Half a cent cannot be split without creating money: round first."""
    with pytest.raises(ValueError, match="fractions of a cent"):
        Money("0.005").allocate([1, 1])


def test_allocate_refuses_float_weights() -> None:
    """Float weights are as inexact as float amounts and should be refused."""
    with pytest.raises(TypeError):
        Money("100.00").allocate([0.5, 0.5])  # type: ignore[list-item]


# -- formatting --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "locale", "expected"),
    [
        ("1234.56", "nl_NL", "€\xa01.234,56"),
        ("1234.56", "en_GB", "€1,234.56"),
        ("-1234.56", "nl_NL", "€\xa0-1.234,56"),
        ("-1234.56", "en_GB", "-€1,234.56"),
        ("1234.5", "en_GB", "€1,234.50"),
        ("0", "nl_NL", "€\xa00,00"),
        ("1234567.89", "nl_NL", "€\xa01.234.567,89"),
    ],
)
def test_format(amount: str, locale: str, expected: str) -> None:
    """Babel formats Dutch with a no-break space and dot grouping, British without space."""
    assert expected == Money(amount).format(locale)


def test_str_is_dutch_format_and_default_locale_is_nl() -> None:
    """str(Money) and format() without locale both give the nl_NL form."""
    assert str(Money("1234.56")) == "€\xa01.234,56"
    assert Money("1234.56").format() == "€\xa01.234,56"
    assert format_eur(Decimal("-1234.5")) == "€\xa0-1.234,50"


@pytest.mark.parametrize("amount", ["0.125", "0.025", "1234.565"])
def test_format_rounds_half_up_like_rounded(amount: str) -> None:
    """Display must agree with rekenkundig afronden: 0.125 shows as 0,13 (not 0,12)."""
    assert Money(amount).rounded().format() == Money(amount).format()


# -- properties -------------------------------------------------------------------------


@PROPERTY
@given(amounts, amounts)
def test_add_then_subtract_is_exact(a: Money, b: Money) -> None:
    """(a + b) − b == a, exactly, for amounts that fit Decimal's precision."""
    assert a == (a + b) - b


@PROPERTY
@given(amounts)
def test_rounding_is_off_by_at_most_half_a_cent(m: Money) -> None:
    """|round(m) − m| ≤ 0.005 and the result is whole cents."""
    rounded = m.rounded()
    assert abs(rounded.amount - m.amount) <= Decimal("0.005")
    assert rounded.amount == rounded.amount.quantize(CENT)


@PROPERTY
@given(amounts)
def test_rounded_is_idempotent(m: Money) -> None:
    """Rounding a rounded amount changes nothing."""
    assert m.rounded() == m.rounded().rounded()


@PROPERTY
@given(amounts)
def test_rounding_is_symmetric(m: Money) -> None:
    """Half up away from zero: round(−m) == −round(m)."""
    assert -(m.rounded()) == (-m).rounded()


@PROPERTY
@given(st.lists(amounts, max_size=20))
def test_sum_equals_fold(ms: list[Money]) -> None:
    """sum(), Money.sum and a left fold with + from € 0 agree."""
    folded = functools.reduce(operator.add, ms, Money.zero())
    assert folded == Money.sum(ms)
    assert folded == sum(ms, Money.zero())


@PROPERTY
@given(
    whole_cents,
    st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=15),
)
def test_allocate_conserves_and_stays_within_a_cent(cents: int, weights: list[int]) -> None:
    """The parts add up to the amount; each is within one cent of its exact share."""
    assume(sum(weights) > 0)
    amount = Money.from_cents(cents)
    parts = amount.allocate(weights)
    assert len(weights) == len(parts)
    assert amount == Money.sum(parts)
    total = Decimal(sum(weights))
    for part, weight in zip(parts, weights, strict=True):
        share = amount.amount * weight / total
        assert abs(part.amount - share) < CENT
        assert part == part.rounded()


@PROPERTY
@given(whole_cents)
def test_from_cents_round_trip(cents: int) -> None:
    """from_cents(c).cents == c and from_cents(m.cents) == m for whole-cent m."""
    m = Money.from_cents(cents)
    assert cents == m.cents
    assert m == Money.from_cents(m.cents)


@PROPERTY
@given(
    st.decimals(
        min_value=Decimal("-1000000000"),
        max_value=Decimal("1000000000"),
        places=2,
        allow_nan=False,
        allow_infinity=False,
    )
)
def test_whole_cent_money_round_trips_through_cents(amount: Decimal) -> None:
    """Any amount with at most two decimals survives .cents and from_cents."""
    m = Money(amount)
    assert m == Money.from_cents(m.cents)
