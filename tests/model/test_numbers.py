"""The strict number grammar: files and typed numbers are read one way, bounded, never guessed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jeugdinkoop.model.numbers import (
    LINE_BOUND,
    QUANTITY_BOUND,
    TOTAL_BOUND,
    InvalidNumber,
    format_decimal,
    parse_decimal,
    parse_typed_decimal,
)
from jeugdinkoop.model.records import claim_from_record

ROW = {
    "reference": "R-1",
    "assignment": "T-1",
    "provider": "12345678",
    "client": "111222333",
    "municipality": "0193",
    "product": "45A01",
    "start": "2025-03-01",
    "end": "2025-03-31",
    "quantity": "10",
    "unit": "04",
    "amount": "780,00",
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1500", Decimal("1500")),
        ("1500,50", Decimal("1500.50")),
        ("1500.50", Decimal("1500.50")),
        ("-0,5", Decimal("-0.5")),
        ("+7", Decimal("7")),
        ("0.500", Decimal("0.500")),
        ("1234.567", Decimal("1234.567")),
        (" 12 ", Decimal("12")),
    ],
)
def test_the_grammar_reads(text: str, expected: Decimal) -> None:
    """Digits, a sign and one decimal separator; ``0.500`` and ``1234.567`` cannot be groupings."""
    assert expected == parse_decimal(text, field="amount")


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("1,500.00", "without thousands separators"),
        ("1.234,56", "without thousands separators"),
        ("1.500", "ambiguous"),
        ("-12,345", "ambiguous"),
        ("1e5", "exponent"),
        ("1_000", "exponent"),
        ("1 500", "spaces"),
        ("٦٢٤", "ASCII digits"),
        ("NaN", "ASCII digits"),
        ("Infinity", "ASCII digits"),
        ("", "ASCII digits"),
        (".5", "ASCII digits"),
        ("5.", "ASCII digits"),
        ("9" * 41, "longer than 40 characters"),
    ],
)
def test_the_grammar_refuses_naming_field_value_and_rule(text: str, rule: str) -> None:
    """Anything else is an InvalidNumber naming the field, the value and the rule."""
    with pytest.raises(InvalidNumber) as excinfo:
        parse_decimal(text, field="amount")
    assert ("amount", rule) == (excinfo.value.field, rule)
    assert rule in excinfo.value.rule


def test_bounds() -> None:
    """A line amount is below € 10^6 (10^8 cents); a total below € 10^10 (10^12 cents)."""
    assert Decimal("999999.99") == parse_decimal("999999.99", field="amount", bound=LINE_BOUND)
    with pytest.raises(InvalidNumber, match="out of bounds"):
        parse_decimal("1000000", field="amount", bound=LINE_BOUND)
    assert Decimal("9999999999.99") == parse_decimal("9999999999.99", field="budget")
    with pytest.raises(InvalidNumber, match="out of bounds"):
        parse_decimal("-10000000000", field="budget", bound=TOTAL_BOUND)
    with pytest.raises(InvalidNumber, match="out of bounds"):
        parse_decimal("100000000", field="quantity", bound=QUANTITY_BOUND)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("120.000", Decimal("120000")),
        ("1.200.000,00", Decimal("1200000.00")),
        ("1200000", Decimal("1200000")),
        ("2,5", Decimal("2.5")),
        ("-5", Decimal("-5")),
    ],
)
def test_typed_numbers_are_read_the_dutch_way(typed: str, expected: Decimal) -> None:
    """On the command line ``.`` groups thousands: ``120.000`` is 120000, never 120."""
    assert expected == parse_typed_decimal(typed, option="--historic-spend")


@pytest.mark.parametrize("typed", ["1.5", "10.00", "3%", "1e5", "1_000", "٣", "", "1,2,3"])
def test_typed_numbers_refuse_what_is_not_dutch(typed: str) -> None:
    """What Babel's strict nl_NL parser would guess at, or Python would accept, is refused."""
    with pytest.raises(InvalidNumber) as excinfo:
        parse_typed_decimal(typed, option="--indexation")
    assert "--indexation" == excinfo.value.field


def test_both_claim_paths_hold_the_grammar() -> None:
    """The fast path and the careful reader refuse ``1,500.00`` alike, naming ``amount``."""
    for amount in ("1,500.00", "1.500", "1e3"):
        with pytest.raises(ValueError, match="amount = ") as excinfo:
            claim_from_record({**ROW, "amount": amount})
        assert repr(amount) in str(excinfo.value)
    assert Decimal("780.00") == claim_from_record(ROW).amount.amount


decimals = st.decimals(
    min_value=-(TOTAL_BOUND - 1), max_value=TOTAL_BOUND - 1, allow_nan=False, places=4
) | st.integers(min_value=-(10**6), max_value=10**6).map(lambda i: Decimal(i).scaleb(3))


@settings(max_examples=300, deadline=None)
@given(decimals)
def test_format_decimal_round_trips(value: Decimal) -> None:
    """What the library writes it reads back equal, whatever the exponent (``1E+3``, ``1.500``)."""
    text = format_decimal(value)
    assert value == parse_decimal(text, field="x")


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=60))
def test_any_text_is_a_number_or_an_invalid_number(text: str) -> None:
    """No text raises anything but InvalidNumber (no InvalidOperation, no OverflowError)."""
    try:
        value = parse_decimal(text, field="x")
    except InvalidNumber:
        return
    assert value.is_finite()
    assert abs(value) < TOTAL_BOUND


@pytest.mark.parametrize(
    "change",
    [{"amount": "1e999999999"}, {"quantity": Decimal("1e999999999")}, {"quantity": 10**20}],
    ids=["amount", "quantity", "int quantity"],
)
def test_the_model_refuses_numbers_too_large_to_compute_with(change: dict[str, object]) -> None:
    """A euro claim of 1e999999999 would hang in int(); the constructor refuses it at once."""
    from datetime import date

    from jeugdinkoop.errors import InvalidValue
    from jeugdinkoop.model import Claim

    fields: dict[str, object] = {
        "reference": "R-1",
        "assignment": "T-1",
        "provider": "22222222",
        "client": "111222333",
        "municipality": "0001",
        "product": "45A01",
        "start": date(2025, 3, 1),
        "end": date(2025, 3, 31),
        "quantity": 8,
        "unit": "14",
        "amount": "624.00",
    }
    with pytest.raises(InvalidValue, match=r"Claim 'R-1'\.\w+: .*out of bounds"):
        Claim(**{**fields, **change})  # type: ignore[arg-type]
