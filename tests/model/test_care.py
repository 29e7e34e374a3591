"""Unit tests for :mod:`jeugdinkoop.model.care`: volumes, assignments and claims."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import attrs
import pytest

from jeugdinkoop.codes import DebitCredit, EndReason, Frequency, ProductCategory, Referrer, Unit
from jeugdinkoop.errors import InvalidValue
from jeugdinkoop.identifiers import BSN, AGBCode, MunicipalityCode, ProductCode
from jeugdinkoop.model import Assignment, Claim, Volume
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period

Y2025 = Period.year(2025)
OPEN_2025 = Period(date(2025, 1, 1))
FOUR_HOURS_A_WEEK = Volume(4, Unit.HOUR, Frequency.PER_WEEK)


def _assignment(**changes: object) -> Assignment:
    values: dict[str, object] = {
        "reference": "T-1",
        "client": "111222333",
        "municipality": "0193",
        "provider": "12345678",
        "category": ProductCategory.AMBULANT,
        "period": Y2025,
        "product": "45A01",
        "volume": FOUR_HOURS_A_WEEK,
    }
    values.update(changes)
    return Assignment(**values)  # type: ignore[arg-type]


def _claim(**changes: object) -> Claim:
    values: dict[str, object] = {
        "reference": "R-1",
        "assignment": "T-1",
        "provider": "12345678",
        "client": "111222333",
        "municipality": "0193",
        "product": "45A01",
        "start": date(2025, 3, 1),
        "end": date(2025, 3, 31),
        "quantity": 10,
        "unit": Unit.HOUR,
        "amount": "780.00",
    }
    values.update(changes)
    return Claim(**values)  # type: ignore[arg-type]


# -- Volume --------------------------------------------------------------------------------


def test_volume_converts_codes() -> None:
    """Quantity from a string (decimal comma allowed), unit '04' and frequency '2' by code."""
    volume = Volume("1,5", "04", "2")
    assert Decimal("1.5") == volume.quantity
    assert Unit.HOUR is volume.unit
    assert Frequency.PER_WEEK is volume.frequency


def test_volume_refuses_negative_quantity() -> None:
    """−4 hours per week is refused, naming field and value."""
    with pytest.raises(InvalidValue) as excinfo:
        Volume(-4, Unit.HOUR, Frequency.PER_WEEK)
    assert str(excinfo.value) == "Volume.quantity: Decimal('-4') is negative; must be >= 0"


def test_volume_refuses_float_quantity() -> None:
    """4.0 as a float is refused."""
    with pytest.raises(TypeError, match=re.escape("float 4.0 is not exact")):
        Volume(4.0, Unit.HOUR, Frequency.PER_WEEK)


def test_volume_refuses_unknown_frequency() -> None:
    """'3' is no WMO757 frequency; the message names it and the valid codes."""
    with pytest.raises(InvalidValue) as excinfo:
        Volume(4, Unit.HOUR, "3")
    assert (
        str(excinfo.value)
        == "Volume.frequency: '3' is not a Frequency code (one of '1', '2', '4', '6')"
    )


@pytest.mark.parametrize("quantity", ["Infinity", Decimal("NaN")])
def test_volume_refuses_non_finite_quantity(quantity: object) -> None:
    """An infinite or NaN quantity is not a volume."""
    with pytest.raises(InvalidValue, match="quantity"):
        Volume(quantity, Unit.HOUR, Frequency.PER_MONTH)


def test_volume_converter_error_names_the_field() -> None:
    """A quantity that is no number is refused, naming Volume.quantity and the value."""
    with pytest.raises(InvalidValue) as excinfo:
        Volume("abc", Unit.HOUR, Frequency.PER_MONTH)
    assert "Volume.quantity" in str(excinfo.value)
    assert "'abc'" in str(excinfo.value)


# -- Assignment ----------------------------------------------------------------------------


def test_effort_assignment() -> None:
    """4 hours a week of 45A01 in 2025; codes converted, referrer defaults to the municipality."""
    assignment = _assignment(referrer="02", end_reason="31")
    assert BSN("111222333") == assignment.client
    assert MunicipalityCode("0193") == assignment.municipality
    assert AGBCode("12345678") == assignment.provider
    assert ProductCode("45A01") == assignment.product
    assert assignment.volume == FOUR_HOURS_A_WEEK
    assert assignment.budget is None
    assert Referrer.GENERAL_PRACTITIONER is assignment.referrer
    assert EndReason.AS_PLANNED is assignment.end_reason
    assert not assignment.is_category_only
    assert Referrer.MUNICIPALITY is _assignment().referrer


def test_volume_and_budget_together_are_refused() -> None:
    """An assignment carries a volume or a budget, never both."""
    with pytest.raises(InvalidValue) as excinfo:
        _assignment(budget="1000.00")
    expected = (
        "Assignment 'T-1'.budget: set together with a volume; an assignment has one or the other"
    )
    assert expected == str(excinfo.value)


def test_volume_without_product_is_refused() -> None:
    """A category-only assignment cannot have a volume."""
    with pytest.raises(InvalidValue) as excinfo:
        _assignment(product=None)
    expected = (
        "Assignment 'T-1'.volume: a volume needs a product code; "
        "a category-only assignment has a budget or nothing"
    )
    assert expected == str(excinfo.value)


def test_budget_without_end_is_refused() -> None:
    """iJw: a budget assignment needs an end date."""
    with pytest.raises(InvalidValue) as excinfo:
        _assignment(volume=None, budget="1000.00", period=OPEN_2025)
    expected = (
        "Assignment 'T-1'.period: open-ended, but a budget assignment requires an end date (iJw)"
    )
    assert expected == str(excinfo.value)


def test_per_week_without_end_is_refused() -> None:
    """iJw: frequency per week (2) needs an end date."""
    with pytest.raises(InvalidValue) as excinfo:
        _assignment(period=OPEN_2025)
    expected = (
        "Assignment 'T-1'.period: open-ended, but frequency 'per week' requires an end date (iJw)"
    )
    assert expected == str(excinfo.value)


@pytest.mark.parametrize("frequency", [Frequency.PER_MONTH, Frequency.PER_DAY, Frequency.TOTAL])
def test_open_ended_effort_assignment_is_allowed(frequency: Frequency) -> None:
    """Open-ended with 16 hours per month (or per day, or in total) is allowed."""
    volume = Volume(16, Unit.HOUR, frequency)
    assignment = _assignment(period=OPEN_2025, volume=volume)
    assert assignment.period.is_open
    assert volume == assignment.volume


def test_budget_assignment() -> None:
    """A category-only assignment with a budget of 1500.00 and an end date."""
    assignment = _assignment(product=None, volume=None, budget="1500.00")
    assert Money("1500.00") == assignment.budget
    assert assignment.is_category_only
    assert assignment.volume is None


def test_category_only_without_budget() -> None:
    """Only a category and nothing else is an allowed iJw shape, open-ended too."""
    assignment = _assignment(product=None, volume=None, period=OPEN_2025)
    assert assignment.is_category_only
    assert assignment.budget is None


def test_budget_with_fractions_of_a_cent_is_refused() -> None:
    """1500.005 is half a cent more than 1500.00: iJw amounts are whole cents."""
    with pytest.raises(InvalidValue) as excinfo:
        _assignment(volume=None, budget="1500.005")
    expected = "Assignment 'T-1'.budget: Money('1500.005') has fractions of a cent"
    assert expected == str(excinfo.value)


def test_negative_budget_is_refused() -> None:
    """A budget of −1.00 is refused, naming the assignment, the field and the value."""
    with pytest.raises(InvalidValue) as excinfo:
        _assignment(volume=None, budget="-1.00")
    expected = "Assignment 'T-1'.budget: Money('-1.00') is negative; must be >= 0"
    assert expected == str(excinfo.value)


def test_assignment_refuses_empty_reference() -> None:
    """An assignment number is required."""
    with pytest.raises(InvalidValue, match=re.escape("Assignment ''.reference: '' is empty")):
        _assignment(reference="")


def test_assignment_refuses_unknown_referrer() -> None:
    """'07' is no COD327 referrer."""
    with pytest.raises(InvalidValue, match=re.escape("'07' is not a Referrer code")):
        _assignment(referrer="07")


# -- Claim ---------------------------------------------------------------------------------


def test_debit_claim() -> None:
    """10 hours in March for 780.00: signed amount and quantity are positive."""
    claim = _claim()
    assert DebitCredit.DEBIT is claim.debit_credit
    assert not claim.is_credit
    assert Period.month(2025, 3) == claim.period
    assert Money("780.00") == claim.signed_amount
    assert Decimal(10) == claim.signed_quantity


def test_credit_claim_signs() -> None:
    """The credit R-2 reversing R-1: −780.00 and −10 hours; debit + credit = 0."""
    debit = _claim()
    credit = attrs.evolve(debit, reference="R-2", debit_credit="C", reverses="R-1")
    assert credit.is_credit
    assert Money("-780.00") == credit.signed_amount
    assert Decimal(-10) == credit.signed_quantity
    assert Money("0") == debit.signed_amount + credit.signed_amount
    assert Decimal(0) == debit.signed_quantity + credit.signed_quantity


def test_credit_without_reverses_is_refused() -> None:
    """A credit must name the debit it reverses."""
    with pytest.raises(InvalidValue) as excinfo:
        _claim(reference="R-2", debit_credit=DebitCredit.CREDIT)
    expected = (
        "Claim 'R-2'.reverses: empty on a credit line; "
        "a credit names the reference of the debit it reverses (iJw)"
    )
    assert expected == str(excinfo.value)


def test_credit_with_empty_reverses_is_refused() -> None:
    """An empty string is no reference either."""
    with pytest.raises(InvalidValue, match=re.escape("Claim 'R-2'.reverses: empty on a credit")):
        _claim(reference="R-2", debit_credit="C", reverses="")


def test_debit_with_reverses_is_refused() -> None:
    """Only a credit reverses a debit; the message names the claim and the value."""
    with pytest.raises(InvalidValue) as excinfo:
        _claim(reverses="R-0")
    expected = "Claim 'R-1'.reverses: 'R-0' on a debit line; only a credit reverses a debit"
    assert expected == str(excinfo.value)


def test_start_after_end_is_constructible_but_period_raises() -> None:
    """A reversed service period is kept, so validation can report it; .period refuses it."""
    claim = _claim(start=date(2025, 3, 31), end=date(2025, 3, 1))
    assert date(2025, 3, 31) == claim.start
    with pytest.raises(InvalidValue) as excinfo:
        _ = claim.period
    assert "Period.end: 2025-03-01 is before start 2025-03-31" in str(excinfo.value)


def test_claim_spanning_two_months_is_constructible() -> None:
    """1 March to 2 April is kept as sent; its period is not a single month."""
    claim = _claim(end=date(2025, 4, 2))
    assert not claim.period.is_single_month()


def test_claim_refuses_negative_amount() -> None:
    """The amount is unsigned; D/C carries the sign."""
    with pytest.raises(InvalidValue) as excinfo:
        _claim(amount="-780.00")
    assert str(excinfo.value) == "Claim 'R-1'.amount: Money('-780.00') is negative; must be >= 0"


def test_claim_refuses_string_dates_other_than_iso() -> None:
    """'1-3-2025' has no one meaning (day-month or month-day); the message names claim, field and value."""
    with pytest.raises(InvalidValue) as excinfo:
        _claim(start="1-3-2025")
    assert str(excinfo.value) == "Claim 'R-1'.start: '1-3-2025' is not a datetime.date"


def test_claim_refuses_unknown_debit_credit() -> None:
    """'X' is neither D nor C."""
    with pytest.raises(InvalidValue, match=re.escape("'X' is not a DebitCredit code")):
        _claim(debit_credit="X")


def test_claim_converts_category_and_quantity() -> None:
    """Category '45' and quantity '2,5' arrive as text from a file."""
    claim = _claim(category="45", quantity="2,5")
    assert ProductCategory.AMBULANT is claim.category
    assert Decimal("2.5") == claim.quantity
